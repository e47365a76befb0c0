"""A real crawl of the bundled sample site, served on 127.0.0.1, into a real archive."""

import json
import shutil
import sqlite3

import pytest

from conftest import SAMPLE_SITE, run_crawl

EXPECTED = json.loads((SAMPLE_SITE / "expected.json").read_text(encoding="utf-8"))
ARTICLES = {path: facts for path, facts in EXPECTED.items() if facts["kind"] == "article"}


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def article(crawled, path):
    found = rows(crawled["db"], "select * from articles where url = ?", [crawled["url"] + path])
    assert found, f"{path} was not archived"
    return found[0]


def test_every_article_is_archived_and_nothing_else(crawled_sample):
    urls = {r["url"] for r in rows(crawled_sample["db"], "select url from articles")}
    assert urls == {crawled_sample["url"] + path for path in ARTICLES}


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_article_title_date_and_body(crawled_sample, path):
    facts = ARTICLES[path]
    row = article(crawled_sample, path)
    assert row["title"] == facts["title"]
    assert row["published_at"] == facts["published"]
    for text in facts.get("must_contain", []):
        assert text in row["body"] or text in row["title"], f"{path}: lost {text!r}"
    for text in facts.get("must_not_contain", []):
        assert text not in row["body"] and text not in row["title"], f"{path}: kept {text!r}"


def test_no_spam_page_becomes_an_article(crawled_sample):
    spam = [p for p, f in EXPECTED.items() if f["kind"] == "spam"]
    assert spam
    dropped = {r["url"]: r["reason"] for r in rows(crawled_sample["db"], "select * from dropped_pages")}
    for path in spam:
        assert dropped.get(crawled_sample["url"] + path) == "all-spam"


def test_hijacked_page_has_its_removals_recorded(crawled_sample):
    hijacked = rows(crawled_sample["db"], "select a.url, r.rule, r.reason, r.text from removed_lines r "
                    "join articles a on a.id = r.article_id")
    rules = {r["rule"].split(".")[0] for r in hijacked}
    assert len(hijacked) >= 5
    assert {"spam-line", "pinyin"} <= rules or len(rules) >= 3, rules
    assert all(r["reason"] and r["text"] for r in hijacked)


def test_crawl_row_says_what_the_run_did(crawled_sample):
    crawl = rows(crawled_sample["db"], "select * from crawls")[-1]
    assert crawl["finish_reason"] == "finished" and crawl["finished_at"]
    assert crawl["articles_new"] == len(ARTICLES)
    assert json.loads(crawl["dropped"]).get("all-spam", 0) >= 1
    assert crawl["pages_fetched"] >= len(ARTICLES)
    assert "Crawl 1 finished" in crawled_sample["result"].stderr


def test_second_run_keeps_the_same_articles_and_adds_a_crawl(crawled_sample, tmp_path):
    db = tmp_path / "news.db"
    shutil.copy(crawled_sample["db"], db)
    before = rows(db, "select id, url, content_hash from articles order by id")
    result = run_crawl(crawled_sample["sources"], db)
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "select id, url, content_hash from articles order by id") == before
    crawls = rows(db, "select * from crawls order by id")
    assert len(crawls) == 2
    assert crawls[1]["articles_new"] == 0
    # Archived and dropped pages are known: none is fetched again.
    assert crawls[1]["skipped_known"] == len(ARTICLES) + 1
    assert crawls[1]["requests"] < crawls[0]["requests"]
    assert crawls[1]["status"] == "ok"


def test_full_recrawl_finds_every_article_unchanged(crawled_sample, tmp_path):
    db = tmp_path / "news.db"
    shutil.copy(crawled_sample["db"], db)
    result = run_crawl(crawled_sample["sources"], db, settings={"NEWSCRAWL_INCREMENTAL": "False"})
    assert result.returncode == 0, result.stderr[-3000:]
    crawl = rows(db, "select * from crawls order by id desc limit 1")[0]
    assert crawl["articles_unchanged"] == len(ARTICLES) and crawl["articles_new"] == 0
    versions = rows(db, "select article_id, count(*) as n from article_versions group by article_id")
    assert len(versions) == len(ARTICLES) and {v["n"] for v in versions} == {1}


def test_one_source_by_name_and_a_bad_config_stops_before_any_request(crawled_sample, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(crawled_sample["sources"].read_text().replace('"Asia/Shanghai"', '"Mars/Base"'))
    result = run_crawl(bad, tmp_path / "news.db")
    assert result.returncode != 0
    assert "source 'sample', field 'timezone'" in result.stderr
    assert "Crawled (200)" not in result.stderr
    result = run_crawl(crawled_sample["sources"], tmp_path / "news.db", "-a", "source=nope")
    assert result.returncode != 0 and "no source named 'nope'" in result.stderr
