"""Properties of the cleaner on generated text: clean paragraphs come through unchanged, and any
text at all gives a well-formed result (one entry per non-empty line, roles from the fixed set)."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.clean import SiteProfile, clean_article, clean_text_page
from newscrawl.clean.lexicon import to_traditional
from newscrawl.clean.mojibake import _han_ranks, repair_line

ROLES = {"title", "meta", "body", "spam", "boilerplate"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMMON = sorted(_han_ranks(), key=_han_ranks().get)[:800]

clause = st.lists(st.sampled_from(COMMON), min_size=3, max_size=14).map("".join)
chinese_paragraph = st.lists(clause, min_size=1, max_size=6).map(lambda cs: "，".join(cs) + "。")
english_word = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=9)
english_paragraph = st.lists(english_word, min_size=4, max_size=30).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@FAST
@given(chinese_paragraph)
def test_clean_chinese_is_not_repaired_simplified(text):
    assert repair_line(text, 0) == (text, [])


@FAST
@given(chinese_paragraph)
def test_clean_chinese_is_not_repaired_traditional(text):
    trad = to_traditional(text)
    assert repair_line(trad, 0) == (trad, [])


@FAST
@given(english_paragraph)
def test_clean_english_is_not_repaired(text):
    assert repair_line(text, 0) == (text, [])


@FAST
@given(st.lists(st.one_of(chinese_paragraph, english_paragraph), min_size=1, max_size=5))
def test_kept_lines_keep_their_text(paras):
    pred = clean_text_page("\n".join(["标题"] + paras))
    for out, src in zip(pred["lines"][1:], paras):
        assert out["text"] in ("", src)  # dropped, or archived exactly as written


@FAST
@given(st.text(max_size=300))
def test_text_page_never_raises_and_is_aligned(text):
    pred = clean_text_page(text)
    expected = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert len(pred["lines"]) == len(expected)
    assert all(x["role"] in ROLES and isinstance(x["text"], str) for x in pred["lines"])
    assert 0.0 <= pred["hijack_score"] <= 1.0


@FAST
@given(st.text(max_size=60), st.lists(st.text(max_size=120), max_size=6))
def test_clean_article_never_raises(title, paragraphs):
    profile = SiteProfile.from_pages([paragraphs] * 25)
    result = clean_article(
        title=title, title_tag=title, paragraphs=paragraphs, site_profile=profile
    )
    assert all(isinstance(p, str) and p for p in result.paragraphs)
    assert len(result.paragraphs) <= sum(1 for p in paragraphs if p.strip())
    assert 0.0 <= result.hijack_score <= 1.0
    assert all(r.rule and r.reason for r in result.removals)
