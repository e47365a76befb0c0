"""Project word lists and the text normalization they are matched under.

Lists live in ``newscrawl/lexicons/*.txt`` (one term per line, ``#`` comments, Simplified script).
Pages come in both scripts, so every match runs on :func:`normalize` output: Traditional folded to
Simplified with OpenCC, NFKC (full-width Latin and digits to ASCII) and lower case. Keeping the
lists
in Simplified only halves their size and means a Traditional page needs no list of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import opencc

LEXICON_PACKAGE = "newscrawl"
LEXICON_DIR = "lexicons"


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional -> Simplified, leaving everything else alone (length-preserving in practice)."""
    return _t2s().convert(text)


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Simplified -> Traditional; used only to tell which script a line is written in."""
    return _s2t().convert(text)


#: Lines kept by the normalization caches: a page's lines are normalized by several rules in turn,
#: so a cache a few pages deep turns all but the first call into a lookup.
NORMALIZE_CACHE_LINES = 4096


@lru_cache(maxsize=NORMALIZE_CACHE_LINES)
def normalize(text: str) -> str:
    """The form every lexicon match runs on: NFKC, Simplified script, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@cache
def load_terms(name: str) -> tuple[str, ...]:
    """Terms of ``lexicons/<name>.txt``, normalized, longest first (so alternations prefer them)."""
    path = resources.files(LEXICON_PACKAGE).joinpath(LEXICON_DIR, f"{name}.txt")
    terms: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        terms.add(normalize(line))
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


@dataclass(frozen=True)
class Lexicon:
    """A compiled word list: counts non-overlapping hits in normalized text."""

    name: str
    pattern: re.Pattern[str]

    def hits(self, normalized: str) -> list[str]:
        """Every term occurrence, leftmost-longest, in text already passed through
        :func:`normalize`."""
        return [m.group(0) for m in self.pattern.finditer(normalized)]


def _term_regex(term: str) -> str:
    # Latin terms must match whole words ("av" must not fire inside "java"); CJK terms cannot.
    body = re.escape(term)
    if term[:1].isascii() and term[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if term[-1:].isascii() and term[-1:].isalnum():
        body = body + r"(?![a-z])"
    return body


#: Key of a trie node that marks the end of a term.
_TERM_END = ""
#: ``(?<![a-z0-9])`` before a term's first character, written to be checked after it.
_LATIN_BEFORE_FIRST = r"(?<![a-z0-9]{})"
_LATIN_AFTER = r"(?![a-z])"


def _is_latin_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _trie_regex(terms: tuple[str, ...]) -> str:
    """One regex for many terms, factored as a trie: the same matches as the flat alternation
    ``"|".join(_term_regex(t) for t in terms)`` with terms longest first, at a fraction of the cost.

    The flat alternation makes the engine try every term at every position of a line; the trie tries
    only the branch of the character at hand. Both take, at the leftmost position where any term
    matches, the longest term whose word-boundary guards hold: in the trie a node tries its longer
    continuations before ending the term there (a node's children begin with distinct literal
    characters, so at most one of them can match), and the guards of :func:`_term_regex` depend
    only on a term's first character (shared by its whole top-level branch) and its last one (the
    node where it ends). ``tests/test_clean_lexicon.py`` checks the two forms give the same
    matches.
    """
    root: dict = {}
    for term in terms:
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[_TERM_END] = True

    def tail(node: dict, last: str) -> str:
        alts = [re.escape(ch) + tail(child, ch) for ch, child in node.items() if ch != _TERM_END]
        if _TERM_END in node:
            alts.append(_LATIN_AFTER if _is_latin_alnum(last) else "")
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    # Each branch starts with its literal first character (the guard before a Latin term is
    # checked just after it, over two characters), so the compiled pattern knows the set of
    # characters a match can start with and skips every other position without trying a branch.
    branches = [
        re.escape(ch)
        + (_LATIN_BEFORE_FIRST.format(re.escape(ch)) if _is_latin_alnum(ch) else "")
        + tail(child, ch)
        for ch, child in root.items()
    ]
    return "|".join(branches)


@cache
def lexicon(name: str, *, prefix: str | None = None) -> Lexicon:
    """Compile list ``name``; with ``prefix``, only the lines starting with it (prefix stripped)."""
    terms = load_terms(name)
    if prefix is not None:
        terms = tuple(t[len(prefix) :] for t in terms if t.startswith(prefix))
    else:
        terms = tuple(t for t in terms if not t.startswith("+"))
    if not terms:
        return Lexicon(name, re.compile(r"(?!x)x"))
    if "" in terms:  # an empty term matches everywhere; keep the plain alternation's behaviour
        return Lexicon(name, re.compile("|".join(_term_regex(t) for t in terms)))
    return Lexicon(name, re.compile(_trie_regex(terms)))


@cache
def any_term(*names: str) -> re.Pattern[str]:
    """A pattern that finds a place where a term of any of the lists ``names`` (as :func:`lexicon`
    compiles them, without prefix) matches: one scan tells whether any of them has a hit at all.

    Each term keeps its word-boundary guards, which depend on the term alone, so the pattern
    matches at exactly the positions where one of the lists' patterns would.
    """
    terms: set[str] = set()
    for name in names:
        terms.update(t for t in load_terms(name) if not t.startswith("+"))
    if not terms:
        return re.compile(r"(?!x)x")
    if "" in terms:
        return re.compile("")  # an empty term matches everywhere
    return re.compile(_trie_regex(tuple(sorted(terms, key=lambda t: (-len(t), t)))))


class _CharFold(dict):
    """Character -> its one-character NFKC + lower-case form (itself, lower-cased when possible,
    when that form is longer), filled on first use; a ``str.translate`` table."""

    def __missing__(self, key: int) -> str:
        ch = chr(key)
        n = unicodedata.normalize("NFKC", ch).lower()
        folded = n if len(n) == 1 else ch.lower() if len(ch.lower()) == 1 else ch
        self[key] = folded
        return folded


_CHAR_FOLD = _CharFold()


def normalize_aligned(text: str) -> str:
    """Like :func:`normalize` but guaranteed the same length as ``text``, so that a match's offsets
    in the normalized form cut the same span out of the original (needed for inline removal)."""
    # character by character (a whole-string NFKC may merge or split characters); ASCII folds to
    # its lower case, anything else through a per-character table computed once
    folded = text.lower() if text.isascii() else text.translate(_CHAR_FOLD)
    simp = to_simplified(folded)
    if len(simp) == len(folded):
        return simp
    return "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in folded)
