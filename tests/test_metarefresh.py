"""Meta-refresh redirects are followed as Scrapy follows them, read from the page's first bytes,
without decoding the page's whole text (which the response would keep while its item waits for a
worker)."""

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.response import get_meta_refresh

from conftest import LocalSite, query, run_crawl
from newscrawl.metarefresh import head_encoding, refresh_target

REFRESH = '<meta http-equiv="refresh" content="{delay}; url={url}">'


def page(head: str, body: str = "<p>text</p>", charset: str = "utf-8") -> str:
    return (f'<!doctype html><html><head><meta charset="{charset}">{head}<title>t</title></head>'
            f"<body>{body}</body></html>")


def response(text: str, *, encoding: str = "utf-8", content_type: str = "text/html",
             url: str = "http://news.example/a/old.html") -> HtmlResponse:
    return HtmlResponse(url=url, body=text.encode(encoding), headers={"Content-Type": content_type},
                        request=Request(url))


def test_a_refresh_tag_gives_its_delay_and_absolute_target():
    resp = response(page(REFRESH.format(delay=0, url="/a/new.html")))
    assert refresh_target(resp, ["script", "noscript"]) == (0.0, "http://news.example/a/new.html")


def test_a_base_tag_resolves_the_target_as_a_browser_would():
    head = '<base href="http://other.example/x/">' + REFRESH.format(delay=2, url="new.html")
    assert refresh_target(response(page(head)), []) == (2.0, "http://other.example/x/new.html")


def test_a_page_without_a_refresh_tag_has_no_target():
    assert refresh_target(response(page("")), ["script", "noscript"]) == (None, None)


def test_a_refresh_tag_inside_noscript_is_ignored_as_configured():
    head = "<noscript>" + REFRESH.format(delay=0, url="/a/js-off.html") + "</noscript>"
    assert refresh_target(response(page(head)), ["script", "noscript"]) == (None, None)


def test_the_whole_text_of_the_page_is_not_decoded():
    resp = response(page(REFRESH.format(delay=0, url="/a/new.html"), "<p>正文</p>" * 5000))
    refresh_target(resp, [])
    assert getattr(resp, "_cached_ubody", None) is None


@pytest.mark.parametrize("target", ["/a/新聞.html", "/a/x.html?q=新聞", "../b/y.html"])
@pytest.mark.parametrize("charset", ["gbk", "big5", "utf-8"])
def test_the_target_is_the_one_scrapy_finds(target, charset):
    text = page(REFRESH.format(delay=0, url=target), "<p>新聞正文</p>" * 50, charset=charset)
    assert refresh_target(response(text, encoding=charset), ["script", "noscript"]) == \
        get_meta_refresh(response(text, encoding=charset), ["script", "noscript"])


@pytest.mark.parametrize("content_type, body_charset, expected", [
    ("text/html; charset=big5", "utf-8", "big5hkscs"),  # the header wins; Big5 as its superset
    ("text/html", "windows-1252", "cp1252"),
    ("text/html", "no-such-charset", "utf-8"),
])
def test_the_head_is_decoded_with_the_declared_encoding(content_type, body_charset, expected):
    resp = response(page("", charset=body_charset), content_type=content_type)
    assert head_encoding(resp) == expected


def test_a_crawl_follows_a_refresh_to_the_article(tmp_path: Path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "old.html").write_text(page(REFRESH.format(delay=0, url="/a/new.html")),
                                         encoding="utf-8")
    paragraphs = "".join(f"<p>The harbor council met on Tuesday to discuss item {n} of the "
                         "budget, and residents spoke for an hour.</p>" for n in range(6))
    (site / "a" / "new.html").write_text(
        page('<meta property="article:published_time" content="2025-06-14T08:00:00+00:00">',
             f"<article><h1>Council weighs budget</h1>{paragraphs}</article>"), encoding="utf-8")
    with LocalSite(site) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(f'[[source]]\nname = "refresh"\nbase_url = "{server.url}"\n'
                           'urls = ["a/old.html"]\narticle_patterns = ["/a/"]\n', encoding="utf-8")
        db = tmp_path / "news.db"
        result = run_crawl(sources, db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert query(db, "select url, title from articles") == [
        (f"{server.url}a/new.html", "Council weighs budget")]
