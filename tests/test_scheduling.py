"""Scheduled runs: incremental, one at a time, resumable after kill -9, honest exit statuses."""

import re
import shutil
import signal
import subprocess
import sys
import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from conftest import ONE_AT_A_TIME, SLOW, query, ROOT, SAMPLE_SITE, LocalSite, run_crawl, sample_sources_file, start_crawl, wait_for
from newscrawl.runlock import EXIT_LOCKED

ARTICLE_COUNT = 15


def archived(db):
    return set(query(db, "select url, content_hash from articles"))


@pytest.fixture
def site_copy(tmp_path):
    folder = tmp_path / "site"
    shutil.copytree(SAMPLE_SITE, folder)
    return folder


def test_second_run_while_one_runs_exits_at_once(tmp_path):
    with LocalSite(SAMPLE_SITE, slow=SLOW) as site:
        sources = sample_sources_file(tmp_path, site.url)
        db = tmp_path / "news.db"
        first = start_crawl(sources, db, settings=ONE_AT_A_TIME)
        try:
            wait_for(lambda: query(db, "select id from crawls"))
            started = time.monotonic()
            second = run_crawl(sources, db)
            assert second.returncode == EXIT_LOCKED
            assert "Not starting: another crawl of sample into this archive is running" in second.stderr
            assert time.monotonic() - started < 30
        finally:
            first.send_signal(signal.SIGINT)
            first.communicate(timeout=60)


def test_kill_9_loses_nothing_and_the_next_run_completes_the_work(tmp_path, crawled_sample):
    with LocalSite(SAMPLE_SITE, slow=SLOW) as site:
        sources = sample_sources_file(tmp_path, site.url)
        db = tmp_path / "news.db"
        crawl = start_crawl(sources, db, settings=ONE_AT_A_TIME)
        wait_for(lambda: len(archived(db)) >= 3)
        crawl.send_signal(signal.SIGKILL)
        crawl.communicate(timeout=30)
        partial = archived(db)
        assert 3 <= len(partial) < ARTICLE_COUNT
        assert query(db, "pragma integrity_check") == [("ok",)]
        assert query(db, "select status, finished_at from crawls") == [("running", None)]

        rerun = run_crawl(sources, db)  # the killed run's lock is gone with its process
        assert rerun.returncode == 0, rerun.stderr[-2000:]

    uninterrupted = {(url.replace(crawled_sample["url"], ""), h) for url, h in archived(crawled_sample["db"])}
    assert {(url.replace(site.url, ""), h) for url, h in archived(db)} == uninterrupted
    assert query(db, "select count(*), count(distinct canonical_url) from articles") == [
        (ARTICLE_COUNT, ARTICLE_COUNT)]


def test_recent_articles_are_revisited_with_conditional_requests(tmp_path, crawled_sample):
    db = tmp_path / "news.db"
    shutil.copy(crawled_sample["db"], db)
    result = run_crawl(crawled_sample["sources"], db, settings={"NEWSCRAWL_REVISIT_DAYS": "100000"})
    assert result.returncode == 0, result.stderr[-2000:]
    (not_modified, skipped, status), = query(
        db, "select not_modified, skipped_known, status from crawls order by id desc limit 1")
    assert not_modified == ARTICLE_COUNT and skipped == 1 and status == "ok"


def test_edited_page_relisted_in_the_feed_gets_a_new_version(tmp_path, site_copy):
    with LocalSite(site_copy) as site:
        sources = sample_sources_file(tmp_path, site.url)
        db = tmp_path / "news.db"
        assert run_crawl(sources, db).returncode == 0
        page = site_copy / "articles" / "lottery-sales-report.html"
        page.write_text(page.read_text(encoding="utf-8").replace("一百八十六亿元", "一百八十七亿元"),
                        encoding="utf-8")
        feed = site_copy / "feed.xml"
        # The publisher re-lists the page, dated after our fetch (one minute on: no same-second tie).
        now = format_datetime(datetime.now(timezone.utc).replace(microsecond=0) + timedelta(minutes=1))
        feed.write_text(re.sub(r"(lottery-sales-report\.html</link>\s*(?:<[^>]+>[^<]*</[^>]+>\s*)*?"
                               r"<pubDate>)[^<]+", lambda m: m.group(1) + now,
                               feed.read_text(encoding="utf-8")), encoding="utf-8")
        result = run_crawl(sources, db)
        assert result.returncode == 0, result.stderr[-2000:]
    (updated, new), = query(db, "select articles_updated, articles_new from crawls where id = 2")
    assert (updated, new) == (1, 0)
    versions = query(db, "select v.version, v.body like '%一百八十七亿元%' from article_versions v "
                     "join articles a on a.id = v.article_id where a.url like '%lottery-sales%' "
                     "order by v.version")
    assert versions == [(1, 0), (2, 1)]


def test_a_run_where_every_request_fails_exits_non_zero(tmp_path):
    with LocalSite(SAMPLE_SITE) as site:
        url = site.url
    sources = sample_sources_file(tmp_path, url)  # the server is gone: connections are refused
    db = tmp_path / "news.db"
    result = run_crawl(sources, db, settings={"RETRY_TIMES": "0"})
    assert result.returncode == 1
    assert query(db, "select status from crawls") == [("failed",)]


def test_reprocess_reruns_extraction_on_stored_pages(tmp_path, crawled_sample):
    db = tmp_path / "news.db"
    shutil.copy(crawled_sample["db"], db)
    result = subprocess.run([sys.executable, "-m", "newscrawl.cli", "reprocess", "--db", str(db)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        f"reprocessed {ARTICLE_COUNT + 1} stored pages: 0 new, 0 updated, {ARTICLE_COUNT} unchanged, "
        "1 dropped")
    (raw_pages,), = query(db, "select count(*) from pages where raw_gzip is not null")
    assert raw_pages == ARTICLE_COUNT + 1


def test_site_health_is_recorded_per_run(crawled_sample):
    rows = query(crawled_sample["db"], "select site, pages, articles, title_fill, date_fill, "
                 "median_body_chars from site_health")
    assert rows and sum(r[2] for r in rows) == ARTICLE_COUNT
    assert all(r[3] == 1.0 for r in rows if r[2] == r[1])


def test_raw_pages_can_be_turned_off(tmp_path, crawled_sample):
    db = tmp_path / "news.db"
    result = run_crawl(crawled_sample["sources"], db, settings={"NEWSCRAWL_KEEP_RAW": "False"})
    assert result.returncode == 0
    assert query(db, "select count(*), count(raw_gzip) from pages") == [(ARTICLE_COUNT + 1, 0)]
