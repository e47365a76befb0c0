"""Word lists load from the package and match after Traditional->Simplified normalization."""

import random
import re
import unicodedata

import pytest

from newscrawl.clean.lexicon import (
    _term_regex,
    _trie_regex,
    lexicon,
    load_terms,
    normalize,
    normalize_aligned,
    to_simplified,
)

LISTS = [
    "porn",
    "gambling",
    "lottery_spam",
    "pharma_spam",
    "hijack_patterns",
    "boilerplate",
    "brands",
    "spam_common",
    "inline_spam",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_load_and_are_normalized(name):
    terms = load_terms(name)
    assert terms, name
    assert all(t == normalize(t) for t in terms)
    assert all(not t.startswith("#") for t in terms)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("網絡賭博", "网络赌博"),
        ("ＡＢＣ１２３", "abc123"),
        ("無碼", "无码"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_aligned_normalization_keeps_length():
    for text in ["張純信:凯捷體育娛樂", "ＡＢ１…x", "Straße"]:
        assert len(normalize_aligned(text)) == len(text)


@pytest.mark.parametrize(
    "text, hits",
    [
        ("java web course", 0),  # "av" must not match inside a Latin word
        ("成人av在线", 1),
        ("亞洲無碼", 1),  # Traditional input matches the Simplified list
    ],
)
def test_porn_hits(text, hits):
    assert len(lexicon("porn").hits(normalize(text))) == hits


def _flat_pattern(terms):
    """The plain alternation the trie regex replaces: terms longest first, each with its guards."""
    return re.compile("|".join(_term_regex(t) for t in terms))


def _samples(terms, seed=7, n=3000):
    """Lines stitched from terms, their fragments and Latin / CJK glue around them."""
    rnd = random.Random(seed)
    glue = ["", " ", "a", "x", "0", "9", "z", "，", "的", "-", "ab", "s", "_", "Java "]
    out = list(terms)
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            t = rnd.choice(terms)
            if rnd.random() < 0.3:
                t = t[: rnd.randint(0, len(t))]
            if rnd.random() < 0.3:
                t = t[rnd.randint(0, len(t)) :]
            parts += [t, rnd.choice(glue)]
        out.append("".join(parts))
    return out


@pytest.mark.parametrize("name, prefix", [(n, None) for n in LISTS] + [("pharma_spam", "+")])
def test_trie_regex_matches_like_the_plain_alternation(name, prefix):
    terms = load_terms(name)
    if prefix is None:
        terms = tuple(t for t in terms if not t.startswith("+"))
    else:
        terms = tuple(t[len(prefix) :] for t in terms if t.startswith(prefix))
    flat, trie = _flat_pattern(terms), lexicon(name, prefix=prefix).pattern
    for text in _samples(terms):
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]
        assert bool(trie.fullmatch(text)) == bool(flat.fullmatch(text))


def test_trie_regex_prefers_the_longest_guarded_term():
    pattern = re.compile(_trie_regex(("abcd", "abc", "ab", "b", "网站", "网")))
    # longest first; a Latin term needs a word boundary on both sides ("abcx", "xab" hold none)
    assert pattern.findall("abc abcd ab- abcx xab") == ["abc", "abcd", "ab"]
    assert pattern.findall("x网站网b") == ["网站", "网", "b"]  # Han is no part of a Latin word


def _aligned_reference(text):
    chars = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        chars.append(n if len(n) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    folded = "".join(chars)
    simp = to_simplified(folded)
    if len(simp) == len(folded):
        return simp
    return "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in folded)


@pytest.mark.parametrize(
    "text", ["張純信:凯捷體育娛樂", "ＡＢ１…x", "Straße", "İstanbul ﬁle ½", "ABC def", "", "㍿株式"]
)
def test_aligned_normalization_matches_the_character_by_character_form(text):
    assert normalize_aligned(text) == _aligned_reference(text)
