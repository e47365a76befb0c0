"""Body extraction: trafilatura, table-layout rescue by text density, furniture trimming."""

from __future__ import annotations

from newscrawl.extract.body import extract_body, split_table_row, table_share, trim_edges
from newscrawl.extract.density import densest_container
from newscrawl.extract.tree import parse_html

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
