"""choose_title: the visible headline, without site affixes, whatever the metadata says."""

from __future__ import annotations

import pytest

from newscrawl.extract.metadata import read_metadata
from newscrawl.extract.title import choose_title, segment_variants, strip_site_affixes, title_tag
from newscrawl.extract.tree import parse_html, visible_lines

BODY = (
    "<p>"
    + "The first paragraph of the story runs long enough to be the article text itself. " * 3
    + "</p>"
)


def title_of(html: str, url: str = "https://site.example.com/a") -> str | None:
    root = parse_html(html)
    first = "The first paragraph of the story runs long enough"
    return choose_title(
        root, read_metadata(root, url), url, lines=visible_lines(root), first_paragraph=first
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<title>Rates rise again | The Verge</title><h1>Rates rise again</h1>" + BODY,
            "Rates rise again",
        ),
        ("<title>油价再次上调_财经频道_新浪网</title><h1>油价再次上调</h1>" + BODY, "油价再次上调"),
        # the <h1> is the site's logo; the headline is a piece of <title> shown in a bold cell
        (
            "<title>大桥今日通车 - 晨光新闻网</title><h1><a href='/'>晨光新闻网</a></h1>"
            "<table><tr><td><b>大桥今日通车</b></td></tr></table>" + BODY,
            "大桥今日通车",
        ),
        # SEO title differs from the visible headline: the article's <h1> wins
        (
            "<title>Why rates rose: what you need to know</title>"
            "<meta property='og:title' content='Why rates rose: what you need to know'>"
            "<h1>Central bank surprises markets with a half-point rise</h1>" + BODY,
            "Central bank surprises markets with a half-point rise",
        ),
        # no usable <title>: the emphasized line right above the text
        (
            "<title>欢迎访问本站</title><div><font size=4>县城新建图书馆开放</font></div>"
            "<p>The first paragraph of the story runs long enough to be text.</p>",
            "县城新建图书馆开放",
        ),
        # a field label before the headline is not part of it
        (
            "<title>论坛</title><table><tr><td class='title'>主题：周末去哪里爬山</td></tr></table>"
            "<p>The first paragraph of the story runs long enough to be text.</p>",
            "周末去哪里爬山",
        ),
    ],
)
def test_choose_title(html: str, expected: str):
    assert title_of(html) == expected


def test_og_site_name_is_stripped_when_nothing_is_visible():
    html = (
        "<title>Quiet streets | Morning Post</title>"
        "<meta property='og:site_name' content='Morning Post'><p>x</p>"
    )
    assert title_of(html) == "Quiet streets"


def test_segment_variants_keep_whole_and_pieces():
    variants = segment_variants("A headline - Section | Site")
    assert variants[0] == "A headline - Section | Site"
    assert {"A headline", "A headline - Section", "Site"} <= set(variants)


def test_strip_site_affixes_without_known_site_keeps_longest_piece():
    assert strip_site_affixes("短 - 这是一条比较长的新闻标题", []) == "这是一条比较长的新闻标题"


def test_title_tag_ignores_svg_titles():
    root = parse_html(
        "<html><head><title> Real  title </title></head>"
        "<body><svg><title>icon</title></svg></body></html>"
    )
    assert title_tag(root) == "Real title"


def test_body_start_skips_a_short_first_paragraph_that_is_also_in_the_menu():
    from newscrawl.extract.title import locate_body

    lead = "The first paragraph of the story runs long enough to be the article text itself."
    page = (
        "<title>Library hours extended | Town News</title><ul><li>Categories</li><li>Sports</li>"
        "<li>Weather</li></ul><h2>Town hall</h2><div>Library hours extended</div>"
        f"<p>Categories</p><p>{lead}</p>"
    )
    root = parse_html(page)
    lines = visible_lines(root)
    start = locate_body(lines, ["Categories", lead])
    assert lines[start] == "Categories" and start == lines.index(lead) - 1
    url = "https://news.example.com/a"
    found = choose_title(root, read_metadata(root, url), url, lines=lines, body_start=start)
    assert found == "Library hours extended"


def test_body_start_moves_up_over_the_kicker_shown_right_above_the_text():
    from newscrawl.extract.title import locate_body

    lead = "The first paragraph of the story runs long enough to be the article text itself."
    lines = ["Menu", "Analysis", lead, "More."]
    assert locate_body(lines, ["Analysis", lead]) == 1


def test_headline_found_in_any_marked_block_and_in_content_beside_the_root():
    # the second <html> puts what follows beside the root element, where XPath's // still looks
    page = (
        "<html><head><title>大桥今日通车 - 晨光新闻网</title></head><body><p>x</p></body></html>"
        "<html><div class='news-title'>大桥今日通车</div></html>"
    )
    assert title_of(page) == "大桥今日通车"
