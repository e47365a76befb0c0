"""A real crawl against a misbehaving server (tests/faulty_server.py): it finishes, archives every good
page whole, counts every failure by kind in the ``crawls`` row, logs each once with its URL, writes
nothing half-downloaded, and stays within bounded memory (the gzip bombs are cut off)."""

import json
import re
import sqlite3
import subprocess
import sys
import zlib

import pytest

from conftest import CRAWL_ENV, ROOT, crawl_command
from faulty_server import (FAULTS, GOOD_PAGES, FaultyServer, article_html, bomb,
                           expected_chinese_text, nested_bomb_body)
from newscrawl.middlewares import inflate_completes

#: The crawl process tree (crawl and its worker processes) must stay under this resident size.
#: The bombs unpack to 2000 MiB and 8 GiB; a normal crawl peaks near 200 MB.
MAX_RSS_MB = 700
#: A short timeout, so that the 1 byte/s page fails in seconds (3 attempts).
SETTINGS = {"DOWNLOAD_TIMEOUT": "3"}

MEASURE = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
           "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
           "file=sys.stderr); sys.exit(rc)")


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faulty")
    with FaultyServer() as server:
        sources = folder / "sources.toml"
        sources.write_text(server.sources_toml(), encoding="utf-8")
        db = folder / "news.db"
        command = [sys.executable, "-c", MEASURE,
                   *crawl_command(sources, db, settings=SETTINGS)]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                                env=CRAWL_ENV)
        hits = dict(server.hits)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    crawl = dict(conn.execute("select * from crawls").fetchone())
    articles = {r["url"].replace(server.url, ""): dict(r) for r in conn.execute("select * from articles")}
    dropped = {r["url"].replace(server.url, ""): r["reason"]
               for r in conn.execute("select url, reason from dropped_pages")}
    pages = {r["url"].replace(server.url, "") for r in conn.execute("select url from pages")}
    integrity = [tuple(r) for r in conn.execute("pragma integrity_check")]
    conn.close()
    rss_kb = int(re.search(r"MAXRSS_KB (\d+)", result.stderr).group(1))
    return {"result": result, "crawl": crawl, "articles": articles, "dropped": dropped,
            "pages": pages, "hits": hits, "url": server.url, "rss_mb": rss_kb / 1024,
            "integrity": integrity}


def test_the_crawl_finishes(faulty_crawl):
    result, crawl = faulty_crawl["result"], faulty_crawl["crawl"]
    assert result.returncode == 0, result.stderr[-3000:]
    assert crawl["finish_reason"] == "finished" and crawl["status"] == "partial"
    assert "Traceback" not in result.stderr
    assert " ERROR: " not in result.stderr, [l for l in result.stderr.splitlines() if " ERROR: " in l]


def test_every_good_page_is_archived_whole(faulty_crawl):
    articles = faulty_crawl["articles"]
    for name in GOOD_PAGES:
        row = articles.get(f"a/{name}.html")
        assert row is not None, f"good page {name} lost"
        if name.startswith(("good-", "burst-")):
            html = article_html(name)
            for para in re.findall(r"<p>(.*?)</p>", html):
                assert para in row["body"], f"{name}: paragraph missing: {para[:40]}"
    for name in ("gbk-as-utf8", "utf8-as-gbk"):
        assert expected_chinese_text() in articles[f"a/{name}.html"]["body"]
    assert "story invalid-utf8" in articles["a/invalid-utf8.html"]["title"]


def test_retried_pages_were_retried_and_loops_stopped(faulty_crawl):
    hits = faulty_crawl["hits"]
    assert hits["/a/burst-500.html"] == 3 and hits["/a/burst-503.html"] == 3
    assert hits["/a/slow-drip.html"] == 3  # RETRY_TIMES = 2
    assert 2 <= hits["/a/loop-1.html"] + hits["/a/loop-2.html"] <= 12  # REDIRECT_MAX_TIMES = 10


def test_every_failure_is_counted_by_kind(faulty_crawl):
    crawl = faulty_crawl["crawl"]
    errors, dropped = json.loads(crawl["errors"]), json.loads(crawl["dropped"])
    expected_errors = {"bad-sitemap": 1, "bad-feed": 1}
    expected_dropped: dict[str, int] = {}
    for outcome in FAULTS.values():
        if outcome is not None:
            counts = expected_errors if outcome[0] == "errors" else expected_dropped
            counts[outcome[1]] = counts.get(outcome[1], 0) + 1
    deep = faulty_crawl["dropped"].get("a/deep.html")
    if deep is not None:  # 20,000 nested elements: an article or a counted drop, either is fine
        expected_dropped[deep] = expected_dropped.get(deep, 0) + 1
    assert errors == expected_errors
    assert dropped == expected_dropped
    assert crawl["articles_new"] == len(faulty_crawl["articles"])


def test_every_failure_is_logged_once_with_its_url(faulty_crawl):
    url, lines = faulty_crawl["url"], faulty_crawl["result"].stderr.splitlines()
    loud = [l for l in lines if re.search(r"\] (WARNING|ERROR|CRITICAL): ", l)]
    failing = [f"a/{n}.html" for n, o in FAULTS.items() if o and o[0] == "errors"]
    for path in [*failing, "broken-sitemap.xml", "bad-feed.xml"]:
        named = [l for l in loud if re.search(re.escape(url + path) + r"\b", l)]
        assert len(named) == 1, (path, named)
    for outcome, kind in [o for o in FAULTS.values() if o and o[0] == "errors"]:
        assert any(f"({kind})" in l for l in loud), kind
    # Drops are expected outcomes, logged at INFO with their reason and URL.
    for path, reason in faulty_crawl["dropped"].items():
        assert any(url + path in l and reason in l for l in lines), path


def test_nothing_half_written(faulty_crawl):
    half = {f"a/{n}.html" for n in ("reset", "truncated-gzip", "huge", "gzip-bomb",
                                    "gzip-bomb-nested", "slow-drip", "missing", "gone")}
    assert not half & set(faulty_crawl["articles"])
    assert not half & set(faulty_crawl["pages"])
    assert not half & set(faulty_crawl["dropped"])
    assert faulty_crawl["integrity"] == [("ok",)]
    assert all(r["title"] and len(r["body"]) >= 40 for r in faulty_crawl["articles"].values())


def test_bombs_are_cut_off_by_scrapys_decompression_limit_and_memory_stays_bounded(faulty_crawl):
    lines = faulty_crawl["result"].stderr.splitlines()
    for name in ("gzip-bomb", "gzip-bomb-nested"):
        line = next(l for l in lines if f"a/{name}.html (download:too-large)" in l)
        # HttpCompressionMiddleware's own message: it stopped inflating past DOWNLOAD_MAXSIZE.
        assert "exceeded DOWNLOAD_MAXSIZE (10485760 B) during decompression" in line
    assert faulty_crawl["rss_mb"] < MAX_RSS_MB, faulty_crawl["rss_mb"]


def test_the_bombs_are_what_they_claim():
    """Small on the wire, gigabytes unpacked: check the first 64 MiB, and the sizes."""
    assert bomb().wire_size(2000) < 2.1e6
    nested = nested_bomb_body()
    assert len(nested) < 100_000
    inner = zlib.decompress(nested, 16 + zlib.MAX_WBITS)
    assert len(inner) < 9e6 and inflate_completes(inner, 31, 64 << 20) is None  # > 64 MiB unpacked


def test_truncation_check_accepts_whole_streams_and_refuses_cut_ones():
    data = article_html("x").encode() * 50
    whole = zlib.compress(data, 9, 31)
    assert inflate_completes(whole, 31, 10 << 20) is True
    assert inflate_completes(whole[: len(whole) // 2], 31, 10 << 20) is False
    assert inflate_completes(b"not gzip at all", 31, 10 << 20) is False
    assert inflate_completes(zlib.compress(data), 15, 10 << 20) is True
