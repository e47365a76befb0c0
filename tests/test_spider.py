"""The news spider's routing, on real responses built from the sample site's files."""

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from conftest import SAMPLE_SITE
from newscrawl.items import FetchedPage
from newscrawl.spiders.news import LOCAL_SLOT, NewsSpider, declared_charset, sitemap_dates

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def spider():
    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_SOURCES": str(ROOT / "data" / "sources.toml")})
    return NewsSpider.from_crawler(crawler)


def response_for(spider, cls, path: str, callback):
    url = spider.sources[0].local_root + path
    request = Request(url, meta={"source": "sample"}, callback=callback)
    return cls(url=url, body=(SAMPLE_SITE / path).read_bytes(), request=request)


def test_entry_requests_cover_every_declared_entry_point(spider):
    requests = list(spider.entry_requests(spider.sources[0]))
    assert [r.url.rsplit("/", 1)[-1] for r in requests] == ["sitemap.xml", "feed.xml", "index.html"]
    assert all(r.meta["download_slot"] == LOCAL_SLOT for r in requests)


def test_sitemap_index_then_news_sitemap(spider):
    index = response_for(spider, XmlResponse, "sitemap.xml", spider.parse_sitemap)
    children = [r.url.rsplit("/", 1)[-1] for r in spider.parse_sitemap(index)]
    assert children == ["sitemap-news.xml", "sitemap-pages.xml"]
    news = response_for(spider, XmlResponse, "sitemap-news.xml", spider.parse_sitemap)
    articles = list(spider.parse_sitemap(news))
    assert articles and all("/articles/" in r.url for r in articles)
    assert all(r.callback == spider.parse_article for r in articles)


def test_feed_links_are_resolved_against_the_feed(spider):
    feed = response_for(spider, XmlResponse, "feed.xml", spider.parse_feed)
    requests = list(spider.parse_feed(feed))
    assert requests and all(r.url.startswith(spider.sources[0].local_root + "articles/")
                            for r in requests)
    assert all(r.meta["via"] == "feed" and r.meta["listing_dates"] for r in requests)


def test_listing_pages_yield_articles_and_more_listings(spider):
    home = response_for(spider, HtmlResponse, "index.html", spider.parse_listing)
    requests = list(spider.parse_listing(home))
    callbacks = {r.callback for r in requests}
    assert spider.parse_article in callbacks and spider.parse_listing in callbacks


def test_broken_sitemap_is_counted_not_raised(spider):
    url = spider.sources[0].local_root + "broken.xml"
    response = XmlResponse(url=url, body=b"<html><body>not a sitemap", request=Request(
        url, meta={"source": "sample"}))
    assert list(spider.parse_sitemap(response)) == []
    assert spider.crawler.stats.get_value("newscrawl/errors/bad-sitemap") == 1


def test_article_page_becomes_a_fetched_page(spider):
    response = response_for(spider, HtmlResponse, "articles/gbk-city-news.html", spider.parse_article)
    (page,) = list(spider.parse_article(response))
    assert isinstance(page, FetchedPage) and page.source == "sample" and page.body


@pytest.mark.parametrize("content_type, charset", [
    (b"text/html; charset=GBK", "GBK"),
    (b'text/html; charset="utf-8"', "utf-8"),
    (b"text/html", None),
])
def test_declared_charset(content_type, charset):
    response = TextResponse("http://a.example/", headers={"Content-Type": content_type}, body=b"x",
                            encoding="utf-8")
    assert declared_charset(response) == charset


def test_sitemap_dates():
    assert sitemap_dates({"loc": "x", "lastmod": "2024-03-05"}) == {"lastmod": "2024-03-05"}
    assert sitemap_dates({"loc": "x"}) == {}
