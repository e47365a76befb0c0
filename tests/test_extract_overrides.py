"""Per-site selectors: XPath if starting with "/" or "(", CSS otherwise; bad ones match nothing."""

from __future__ import annotations

from newscrawl.extract.overrides import is_xpath, select_date_text, select_paragraphs, select_text
from newscrawl.extract.tree import parse_html

ROOT = parse_html("""<html><body><div id="hd"><span class="h">Headline</span></div>
<time class="t" datetime="2024-01-02T03:04:05Z">Jan 2</time>
<div id="story"><p>One.</p><p>Two.</p></div>tail text</body></html>""")


def test_xpath_and_css_are_told_apart():
    assert is_xpath("//h1") and is_xpath("(//time)[1]") and not is_xpath("div.story p")


def test_select_text_with_either_syntax():
    assert select_text(ROOT, "//div[@id='hd']/span") == "Headline"
    assert select_text(ROOT, "#hd .h") == "Headline"
    assert select_text(ROOT, "//span/@class") == "h"


def test_date_attribute_beats_element_text():
    assert select_date_text(ROOT, "time.t") == "2024-01-02T03:04:05Z"


def test_body_paragraphs_stop_at_the_container():
    assert select_paragraphs(ROOT, "#story") == ["One.", "Two."]


def test_invalid_selectors_match_nothing():
    assert select_text(ROOT, "//div[") is None
    assert select_text(ROOT, "div[[[") is None
