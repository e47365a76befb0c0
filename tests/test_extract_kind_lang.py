"""is_article and language detection."""

from __future__ import annotations

from newscrawl.extract.kind import is_article, text_units, units_up_to
from newscrawl.extract.lang import detect_lang, normalize_lang
from newscrawl.extract.metadata import read_metadata
from newscrawl.extract.tree import parse_html


def test_text_units_count_cjk_half():
    assert text_units("two words 四个汉字") == 4


def test_units_are_exact_below_the_cap_and_stop_at_it():
    paragraphs = ["one two three", "四个汉字", "five six"]
    assert units_up_to(paragraphs, 100) == 7 == sum(map(text_units, paragraphs))
    assert units_up_to(paragraphs, 3) == 3  # the second paragraph is never counted
    assert units_up_to(paragraphs, 4) == 5
    assert units_up_to([], 10) == 0


def test_listing_of_teaser_links_is_not_an_article():
    links = "".join(
        f"<li><a href='/{i}'>Teaser headline number {i} for the list</a></li>" for i in range(50)
    )
    root = parse_html(f"<html><body><ul>{links}</ul></body></html>")
    paragraphs = [f"Teaser headline number {i} for the list" for i in range(50)]
    assert not is_article(root, read_metadata(root, ""), paragraphs, has_date=False)


def test_short_text_is_not_an_article():
    root = parse_html("<html><body><p>Page not found.</p></body></html>")
    assert not is_article(root, read_metadata(root, ""), ["Page not found."], has_date=False)


def test_languages():
    assert normalize_lang("zh-Hant-TW") == "zh" and normalize_lang("en_US") == "en"
    assert detect_lang(None, "这是一个中文句子，没有声明语言。") == "zh"
    assert detect_lang(None, "これは日本語の文です。漢字もあります。") == "ja"
    assert detect_lang(None, "The cat sat on the mat and it was happy with the day.") == "en"
    assert detect_lang(None, "12345", hint="de-DE") == "de"


def test_text_units_count_words_of_every_alphabetic_script():
    """An Arabic, Hindi or Greek article is running text too (it was once counted as 0 words,
    and such pages were dropped as "not an article")."""
    from newscrawl.extract.kind import text_units

    assert text_units("مرحبا بكم في الموقع") == 4
    assert text_units("यह एक समाचार लेख है") == 5
    assert text_units("Αυτό είναι ένα άρθρο") == 4
    assert text_units("我们今天去 ABC 公司") == 4.5


def test_short_dated_page_marked_as_an_article_is_one():
    """A news brief of one short paragraph: og:type article and a date make it an article."""
    root = parse_html(
        '<html><head><meta property="og:type" content="article"></head><body>'
        "<p>The council approved the new budget for the coming year on Monday.</p></body></html>"
    )
    paragraphs = ["The council approved the new budget for the coming year on Monday."]
    meta = read_metadata(root, "")
    assert is_article(root, meta, paragraphs, has_date=True)
    assert not is_article(root, meta, paragraphs, has_date=False)
    assert not is_article(root, meta, ["Page not found."], has_date=True)
