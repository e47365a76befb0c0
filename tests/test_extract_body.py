"""Body extraction: trafilatura, table-layout rescue by text density, furniture trimming."""

from __future__ import annotations

from newscrawl.extract.body import extract_body, split_table_row, table_share, trim_edges
from newscrawl.extract.density import densest_container
from newscrawl.extract.tree import collapse, parse_html

POST = "今天我们去了海边，天气很好，海水很蓝，孩子们在沙滩上玩了整整一个下午，晚上还吃了烧烤。"


def test_table_rows_become_cells():
    assert split_table_row("| 首页 | | 正文内容 |") == ["首页", "正文内容"]
    assert split_table_row("An ordinary | paragraph") == ["An ordinary | paragraph"]
    assert table_share(["| a | b |", "plain"]) > 0.5


def test_trim_edges_drops_date_line_reading_time_and_credits():
    paragraphs = [
        "November 20, 2019 - 11:28 AM",
        "Reading time: 2 minutes",
        "In 2019 the council met twice.",
        "Additional reporting by A. Writer",
        "Follow us on Twitter @example",
    ]
    assert trim_edges(paragraphs, None) == ["In 2019 the council met twice."]


def test_trim_edges_drops_repeated_headline_and_editor_line():
    assert trim_edges(["Headline", "Text.", "责任编辑：王明"], "Headline") == ["Text."]


def test_densest_container_prefers_the_first_post_over_a_longer_later_one():
    html = (
        f"<table><tr><td class='nav'><a href='/'>首页</a></td></tr>"
        f"<tr><td id='first'>{POST * 4}</td></tr><tr><td id='second'>{POST * 16}</td></tr></table>"
    )
    assert densest_container(parse_html(html)).get("id") == "first"


def test_jsonld_article_body_used_when_much_fuller():
    root = parse_html("<html><body><p>Short teaser only.</p></body></html>")
    article_body = "A full paragraph of the article. " * 20 + "\nA second paragraph follows here."
    paragraphs, method = extract_body(root, "https://x.example.com/a", jsonld_body=article_body)
    assert method == "jsonld"
    assert paragraphs[-1] == "A second paragraph follows here."


SENTENCE = "The council voted on Tuesday to extend the library's opening hours through the winter. "
LEAD = SENTENCE.strip()


def test_trafilatura_leaves_the_callers_tree_untouched():
    from lxml import etree

    from newscrawl.extract.body import trafilatura_paragraphs

    root = parse_html(
        f"<html><body><nav><a href='/'>Home</a></nav><article><p>{SENTENCE * 4}</p></article>"
        "<footer>Footer text</footer></body></html>"
    )
    before = etree.tostring(root)
    assert trafilatura_paragraphs(root, "https://x.example.com/a")
    assert etree.tostring(root) == before


def test_short_fast_result_is_retried_with_the_full_comparison(monkeypatch):
    from newscrawl.extract import body

    calls = []

    def fake(root, url, *, recall=False, fast=None):
        calls.append((recall, fast))
        return ["Caption only."] if fast is None else [SENTENCE * 30]

    monkeypatch.setattr(body, "trafilatura_paragraphs", fake)
    paragraphs, method = extract_body(parse_html("<p>x</p>"), "https://x.example.com/a")
    assert calls == [(False, None), (False, False)]
    assert method == "trafilatura" and paragraphs == [SENTENCE * 30]


def test_short_table_layout_goes_to_density_without_retry(monkeypatch):
    from newscrawl.extract import body

    calls = []
    monkeypatch.setattr(
        body,
        "trafilatura_paragraphs",
        lambda root, url, recall=False, fast=None: calls.append(fast) or ["| 首页 | 新闻 |"],
    )
    extract_body(parse_html(f"<table><tr><td>{POST * 3}</td></tr></table>"), "https://x.cn/a")
    assert calls == [None]


def test_reads_as_prose():
    from newscrawl.extract.body import reads_as_prose

    assert reads_as_prose(LEAD)
    assert reads_as_prose("The council met on Tuesday.")  # a short sentence
    assert not reads_as_prose("Top stories")
    assert not reads_as_prose("Library hours extended for the winter season")  # a headline


def test_trim_edges_drops_a_headline_broken_over_two_lines():
    paragraphs = ["为现代化建设凝聚力量", "——热烈祝贺会议开幕", "正文第一段。"]
    assert trim_edges(paragraphs, "为现代化建设凝聚力量——热烈祝贺会议开幕") == ["正文第一段。"]


def test_trim_edges_drops_debris_above_the_headline_but_keeps_a_lead_above_it():
    title = "Library hours extended"
    assert trim_edges(["Top stories", "- Library hours extended", LEAD], title) == [LEAD]
    assert trim_edges([LEAD, title, "More text."], title) == [LEAD, "More text."]


def test_trailing_link_list_is_dropped_but_a_single_link_line_stays():
    from newscrawl.extract.body import drop_trailing_links

    root = parse_html(
        "<html><body><a href='/1'>Five parks to visit this autumn</a>"
        "<a href='/2'>The city budget in charts</a><a href='/3'>Read the report</a></body></html>"
    )
    text = [LEAD, "Five parks to visit this autumn", "The city budget in charts"]
    assert drop_trailing_links(root, [*text, "Copyright 2019 Example News"]) == [LEAD]
    assert drop_trailing_links(root, [LEAD, "Read the report"]) == [LEAD, "Read the report"]


def _chunked_page(second_chunk: str) -> str:
    return (
        "<html><body><article><div class='chunks'>"
        f"<div class='body chunk'><p>{SENTENCE * 3}</p><p>{SENTENCE * 2}</p></div>"
        "<div class='ad'>Advertisement</div>"
        f"<div class='body chunk'>{second_chunk}</div>"
        "</div></article></body></html>"
    )


def test_body_split_into_sibling_chunks_is_joined(monkeypatch):
    from newscrawl.extract import body

    later = "A later paragraph of the same article, after the advertisement, keeps going here."
    related = (
        "<h3>More stories</h3><ul><li>Parks <a href='/p'>to visit this autumn</a></li>"
        "<li>Budget <a href='/b'>in charts for everyone</a></li></ul>"
    )
    page = parse_html(_chunked_page(f"<p>{later}</p>{related}"))
    first = [collapse(SENTENCE * 3), collapse(SENTENCE * 2)]
    monkeypatch.setattr(body, "trafilatura_paragraphs", lambda *a, **k: list(first))
    paragraphs, _ = extract_body(page, "https://x.example.com/a")
    assert paragraphs == [*first, later]


def test_sibling_blocks_that_are_not_prose_are_not_joined(monkeypatch):
    from newscrawl.extract import body

    page = parse_html(_chunked_page("<p>About the author</p><p>By Jane Doe</p>"))
    first = [collapse(SENTENCE * 3), collapse(SENTENCE * 2)]
    monkeypatch.setattr(body, "trafilatura_paragraphs", lambda *a, **k: list(first))
    assert extract_body(page, "https://x.example.com/a")[0] == first


def test_sibling_chunks_found_from_the_page_text_index_as_from_the_tree(monkeypatch):
    from newscrawl.extract import body
    from newscrawl.extract.tree import page_text

    later = "A later paragraph of the same article, after the advertisement, keeps going here."
    page = parse_html(_chunked_page(f"<p>{later}</p>"))
    first = [collapse(SENTENCE * 3), collapse(SENTENCE * 2)]
    monkeypatch.setattr(body, "trafilatura_paragraphs", lambda *a, **k: list(first))
    from_tree = extract_body(page, "https://x.example.com/a")
    from_index = extract_body(page, "https://x.example.com/a", texts=page_text(page).texts)
    assert from_index == from_tree and from_index[0] == [*first, later]


def test_locate_starts_matches_xpath_normalize_space():
    from lxml import etree

    from newscrawl.extract.density import locate_starts
    from newscrawl.extract.tree import page_text

    root = parse_html(
        "<html><head><title>Headline words of the story here</title></head><body>"
        "<div>\n\t  Headline   words of\nthe story here and more</div>"
        "<p><b>bold</b> Tail text that starts\u00a0with a no-break space</p>"
        "<p>Tail text that starts with a no-break space</p>"
        "<script>  var padding = 1;</script></body></html>"
    )
    keys = [
        "Headline words of the story he",
        "Tail text that starts with a n",
        "var padding = 1;",
        "nowhere on this page at all...",
    ]
    xpath = etree.XPath("//*[starts-with(normalize-space(text()), $key)]")
    found = locate_starts(page_text(root).texts, keys)
    for key in keys:
        expected = xpath(root, key=key)
        assert found.get(key) is (expected[0] if expected else None)
    assert found[keys[0]].tag == "title" and found[keys[1]].tag == "p"
    assert found[keys[1]].text == "Tail text that starts with a no-break space"
