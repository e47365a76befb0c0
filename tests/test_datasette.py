"""Real datasette, started on a crawled archive: described tables, Chinese search, canned queries."""

import json
import sqlite3
import time
import shutil
import urllib.parse
import urllib.request

import pytest

from conftest import serve_datasette


@pytest.fixture(scope="module")
def datasette(crawled_sample, tmp_path_factory):
    db = tmp_path_factory.mktemp("datasette") / "news.db"
    shutil.copy(crawled_sample["db"], db)
    with serve_datasette(db) as base:
        yield base


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def search(base: str, query: str) -> list[str]:
    q = urllib.parse.quote(query)
    rows = get_json(f"{base}/news/articles.json?_search={q}&_shape=array&_size=max")
    return sorted(r["url"] for r in rows)


def like(base: str, query: str) -> list[str]:
    sql = "select url from articles where search_text like '%' || newscrawl_simplified(:q) || '%'"
    rows = get_json(f"{base}/news.json?sql={urllib.parse.quote(sql)}&q={urllib.parse.quote(query)}"
                    "&_shape=array")
    return sorted(r["url"] for r in rows)


def test_plugin_is_loaded(datasette):
    plugins = {p["name"] for p in get_json(datasette + "/-/plugins.json")}
    assert "newscrawl" in plugins


@pytest.mark.parametrize("simplified, traditional", [("网络", "網絡"), ("人才", "人才"), ("赌博", "賭博"),
                                                      ("发布", "發布")])
def test_two_character_search_in_both_scripts(datasette, simplified, traditional):
    found = search(datasette, simplified)
    assert found == search(datasette, traditional) == like(datasette, simplified)
    if simplified in ("赌博", "人才"):
        assert found, f"{simplified} should find sample articles"


def terms_the_index_alone_overfinds(db, wanted=3) -> list[str]:
    """Three-character Han terms of which some article holds both bigrams but not the term."""
    rows = [text for (text,) in sqlite3.connect(db).execute("select search_text from articles")]
    found = []
    for text in rows:
        by_first = {}
        for a, b in zip(text, text[1:]):
            if "\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff":
                by_first.setdefault(a, set()).add(b)
        for a, seconds in by_first.items():
            for b in seconds:
                for c in by_first.get(b, ()):
                    term = a + b + c
                    if term not in text and term not in found:
                        found.append(term)
                        if len(found) == wanted:
                            return found
    return found


def test_search_confirms_what_the_index_narrowed(datasette, crawled_sample):
    """The index holds each article's bigrams without positions; the page and the canned query
    must still find exactly what LIKE finds for terms an article has the bigrams but not the text of."""
    terms = terms_the_index_alone_overfinds(crawled_sample["db"])
    assert len(terms) == 3
    for term in terms:
        truth = like(datasette, term)
        assert search(datasette, term) == truth, term
        canned = get_json(f"{datasette}/news/search.json?q={urllib.parse.quote(term)}&_shape=array")
        assert sorted(r["url"] for r in canned) == truth, term


def test_search_box_is_shown_on_the_articles_page(datasette):
    with urllib.request.urlopen(datasette + "/news/articles?_search=%E8%B5%8C%E5%8D%9A") as response:
        html = response.read().decode()
    assert 'name="_search"' in html and 'value="赌博"' in html


def test_tables_are_described(datasette):
    tables = get_json(datasette + "/-/metadata.json")["databases"]["news"]["tables"]
    assert "canonical URL" in tables["articles"]["description"]
    assert tables["articles"]["columns"]["published_at"].startswith("Publication date-time")


@pytest.mark.parametrize("query", ["articles_per_day_per_site", "removals_by_reason",
                                   "hijacked_pages", "dropped_by_reason", "recent_crawls",
                                   "most_hijacked_sites", "last_crawl"])
def test_canned_queries_return_rows(datasette, query):
    rows = get_json(f"{datasette}/news/{query}.json?_shape=array")
    assert rows, f"canned query {query} returned nothing"


def test_canned_search_query(datasette):
    rows = get_json(f"{datasette}/news/search.json?q={urllib.parse.quote('賭博')}&_shape=array")
    assert rows and all("url" in r for r in rows)


def test_facets_by_site_language_and_day(datasette):
    data = get_json(datasette + "/news/articles.json?_facet=site&_facet=lang&_facet=published_day")
    facets = data["facet_results"]
    assert {"site", "lang", "published_day"} <= set(facets)


@pytest.mark.parametrize("query", ["recently_edited", "site_drift"])
def test_canned_queries_that_may_be_empty_run(datasette, query):
    data = get_json(f"{datasette}/news/{query}.json")
    assert data["ok"] is not False and "rows" in data


def test_datasette_reads_a_live_archive_while_a_crawl_writes(tmp_path):
    from conftest import SAMPLE_SITE, LocalSite, sample_sources_file, start_crawl
    from newscrawl.archive import Archive

    db = tmp_path / "news.db"
    Archive(db).close()  # an empty, migrated archive for datasette to open
    with LocalSite(SAMPLE_SITE, slow=(r"/articles/", 0.4)) as site, serve_datasette(db) as base:
        sources = sample_sources_file(tmp_path, site.url)
        # Writes are batched (NEWSCRAWL_ARCHIVE_FLUSH_S): flushed every half second here, so that
        # the articles arrive in several commits for datasette to see.
        crawl = start_crawl(sources, db, settings={"CONCURRENT_REQUESTS": "1",
                                                   "NEWSCRAWL_ARCHIVE_FLUSH_S": "0.5"})

        def count():
            return get_json(f"{base}/news.json?sql=select+count(*)+as+n+from+articles&_shape=array")[0]["n"]

        seen = [count()]
        while crawl.poll() is None:
            seen.append(count())
            time.sleep(0.3)
        out, err = crawl.communicate()
        seen.append(count())
    assert crawl.returncode == 0, err[-2000:]
    assert "locked" not in err
    assert seen[0] == 0 and seen[-1] == 15
    assert len(set(seen)) > 3, f"datasette should see rows arrive while the crawl runs: {seen}"


def test_recently_edited_links_to_the_versions(tmp_path):
    from newscrawl.archive import Archive
    from test_archive import record

    db = tmp_path / "news.db"
    with Archive(db) as archive:
        archive.save_article(record(body="第一段。"))
        archive.save_article(record(body="第一段，改過了。"))
    with serve_datasette(db) as base:
        with urllib.request.urlopen(base + "/news/recently_edited") as response:
            html = response.read().decode()
        assert 'href="/news/article_versions?article_id=1&amp;_sort=version"' in html
        versions = get_json(base + "/news/article_versions.json?article_id=1&_sort=version&_shape=array")
    assert [v["version"] for v in versions] == [1, 2]
