"""The archive: migrations recorded once, upserts keyed by canonical URL, search, crawl rows."""

import json
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from newscrawl.archive import MIGRATIONS, Archive, ArchiveError
from newscrawl.items import CleanedArticle, FoundDate, Removal
from newscrawl.records import ArticleRecord
from newscrawl.schema import TABLES

CHINA = timezone(timedelta(hours=8))


def record(url="https://news.example/a.html", title="硅谷觀察：人才爭奪戰", body="第一段。\n\n第二段。",
           removals=()):
    paragraphs = body.split("\n\n")
    return ArticleRecord(
        url=url, canonical_url=url, site="news.example", source="test", title=title,
        paragraphs=paragraphs,
        published=FoundDate(datetime(2025, 7, 14, 8, 20, 28, tzinfo=CHINA), "2025-07-14 08:20:28",
                            "text"),
        authors=["王小明"], lang="zh", removals=list(removals),
        cleaning=CleanedArticle(title=title, paragraphs=paragraphs, removals=list(removals),
                                lines_removed=len(removals)),
    )


@pytest.fixture
def archive(tmp_path):
    with Archive(tmp_path / "news.db") as archive:
        yield archive


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "news.db"
    Archive(path).close()
    with Archive(path) as again:
        names = [r["name"] for r in again.db["migrations"].rows]
    assert names == [name for name, _ in MIGRATIONS]
    assert sqlite3.connect(path).execute("pragma journal_mode").fetchone()[0] == "wal"


def test_every_column_is_documented(archive):
    for table, spec in TABLES.items():
        assert set(archive.db[table].columns_dict) == set(spec["columns"]), table
        assert all(desc.strip() for _, desc in spec["columns"].values())


def test_save_new_unchanged_updated(archive):
    removal = Removal(0, "亚洲无码在线观看,成人视频", "porn keyword list", "spam-line.keyword-list")
    assert archive.save_article(record(removals=[removal]), crawl_id=1) == "new"
    assert archive.save_article(record(removals=[removal]), crawl_id=2) == "unchanged"
    assert archive.save_article(record(body="第一段。\n\n改過的第二段。"), crawl_id=3) == "updated"
    rows = list(archive.db["articles"].rows)
    assert len(rows) == 1
    row = rows[0]
    assert row["published_at"] == "2025-07-14T08:20:28+08:00"
    assert row["published_utc"] == "2025-07-14T00:20:28+00:00"
    assert row["published_day"] == "2025-07-14"
    assert row["body"] == "第一段。\n\n改過的第二段。"
    assert row["script"] == "Hant" and json.loads(row["authors"]) == ["王小明"]
    assert row["crawl_id"] == 3 and row["first_seen"] <= row["last_seen"]
    assert list(archive.db["removed_lines"].rows) == []  # the update had no removals


def test_removed_lines_are_stored_with_reason_and_rule(archive):
    removal = Removal(0, "亚洲无码在线观看,成人视频", "porn keyword list", "spam-line.keyword-list")
    archive.save_article(record(removals=[removal]))
    rows = list(archive.db["removed_lines"].rows)
    assert [(r["text"], r["reason"], r["rule"], r["position"]) for r in rows] == [
        ("亚洲无码在线观看,成人视频", "porn keyword list", "spam-line.keyword-list", 0)]
    assert archive.db["articles"].get(1)["hijacked"] == 1


def test_search_in_either_script(archive):
    archive.save_article(record())
    archive.save_article(record(url="https://news.example/b.html", title="网络赌博案告破",
                                body="警方破获跨境网络赌博案。"))
    assert [r["title"] for r in archive.search("人才")] == ["硅谷觀察：人才爭奪戰"]
    assert [r["title"] for r in archive.search("爭奪")] == ["硅谷觀察：人才爭奪戰"]
    assert [r["title"] for r in archive.search("賭博")] == ["网络赌博案告破"]
    assert archive.search("") == []


def test_drops_are_remembered_until_the_page_becomes_an_article(archive):
    url = "https://news.example/a.html"
    archive.record_drop(url=url, source="test", reason="all-spam", detail="only keyword lists")
    assert archive.db["dropped_pages"].get(url)["reason"] == "all-spam"
    archive.save_article(record(url=url))
    assert archive.db["dropped_pages"].count == 0


def test_crawl_rows(archive):
    crawl_id = archive.start_crawl(["b", "a"])
    archive.finish_crawl(crawl_id, finish_reason="finished",
                         counts={"articles_new": 3, "dropped": {"all-spam": 1}})
    row = archive.db["crawls"].get(crawl_id)
    assert row["sources"] == '["a", "b"]' and row["finish_reason"] == "finished"
    assert row["articles_new"] == 3 and json.loads(row["dropped"]) == {"all-spam": 1}


def test_unreadable_archive_is_a_clear_error(tmp_path):
    path = tmp_path / "news.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError, match="cannot open archive"):
        Archive(path)


LONG_BODY = ("警方近日破获一起跨境网络赌博案，抓获犯罪嫌疑人二十余名，涉案资金逾三亿元。"
             "据介绍，该团伙在境外架设赌博网站，通过社交软件招揽境内人员参赌。"
             "办案民警历时三个月，梳理出资金流向，最终在多地同时收网。"
             "警方提醒，网络赌博输赢皆由后台操控，切勿心存侥幸。")


def test_duplicates_across_urls_sites_and_scripts_share_a_cluster(archive):
    from newscrawl.dedupe import signature as sig
    from newscrawl.normalize import to_traditional

    def saved(url, title, body):
        r = record(url=url, title=title, body=body)
        r.signature = sig(title, body)
        archive.save_article(r)
        return archive.db["articles"].get(r.article_id)

    first = saved("https://a.example/1.html", "跨境网络赌博案告破", LONG_BODY)
    mirror = saved("https://mirror.example/x.html", "跨境网络赌博案告破",
                   "亚洲无码在线观看,成人视频\n\n" + LONG_BODY)
    traditional = saved("https://tw.example/y.html", to_traditional("跨境网络赌博案告破"),
                        to_traditional(LONG_BODY))
    other = saved("https://a.example/2.html", "台风过境", "强台风今晨在沿海登陆，多地停课停工。"
                  "气象部门预计，风雨将持续到明天傍晚，请市民减少外出，注意防范山洪和城市内涝。")
    assert first["cluster_id"] == mirror["cluster_id"] == traditional["cluster_id"] == first["id"]
    assert other["cluster_id"] == other["id"]
    clusters = {r["cluster_id"]: r for r in archive.db.query("select * from article_clusters")}
    assert clusters[first["id"]]["size"] == 3 and clusters[first["id"]]["sites"] == 1


def test_a_batch_commits_once_and_a_caught_failure_undoes_only_itself(archive, tmp_path):
    with archive.batch():
        archive.save_article(record(url="https://news.example/1.html"))
        try:
            with archive.db.atomic():
                archive.save_article(record(url="https://news.example/2.html", title="第二篇"))
                raise sqlite3.OperationalError("disk I/O error")
        except sqlite3.OperationalError:
            pass
        archive.save_article(record(url="https://news.example/3.html", title="第三篇"))
        # Nothing is visible to another connection before the batch commits.
        assert sqlite3.connect(tmp_path / "news.db").execute(
            "select count(*) from articles").fetchone() == (0,)
    urls = [r["url"] for r in archive.db.query("select url from articles order by id")]
    assert urls == ["https://news.example/1.html", "https://news.example/3.html"]
    assert [r["title"] for r in archive.search("第三篇")] == ["第三篇"]
    assert archive.search("第二篇") == []  # its search index rows were undone with it


def test_index_tokens_computed_by_the_worker_are_the_ones_the_archive_would_compute(archive):
    from newscrawl.search import index_tokens

    frozen = record(url="https://news.example/f.html", title="工人進程", body="已經算好的索引。").freeze()
    assert frozen.search_tokens == index_tokens(frozen.to_row()["search_text"])
    frozen.title = "改過的標題"  # a field the row depends on: both are recomputed later
    assert frozen.search_tokens is None
    frozen.freeze()
    archive.save_article(frozen)
    assert [r["title"] for r in archive.search("改过")] == ["改過的標題"]
    assert archive.search("工人") == []


def test_raw_pages_compressed_elsewhere_are_stored_as_given(archive):
    from newscrawl.archive import compress_raw
    from newscrawl.items import FetchedPage

    page = FetchedPage(url="https://news.example/raw.html", body=b"<html>" + b"x" * 1000)
    archive.save_page(page, outcome="new", raw_gzip=compress_raw(page.body))
    archive.save_page(FetchedPage(url="https://news.example/b.html", body=b"<p>b</p>"),
                      outcome="new")
    stored = {p.url: p.body for p in archive.stored_pages()}
    assert stored == {page.url: page.body, "https://news.example/b.html": b"<p>b</p>"}


def test_a_page_whose_bytes_were_let_go_is_stored_with_its_size_and_compressed_bytes(archive):
    from newscrawl.archive import compress_raw
    from newscrawl.items import FetchedPage

    page = FetchedPage(url="https://news.example/light.html", body=b"<html>" + b"y" * 5000)
    light = page.without_body()
    assert (light.body, light.size, light.url) == (b"", len(page.body), page.url)
    archive.save_page(light, outcome="new", raw_gzip=compress_raw(page.body))
    conn = archive.db.conn
    assert conn.execute("select raw_size from pages where url = ?", [page.url]).fetchone() == (
        len(page.body),)
    assert [p.body for p in archive.stored_pages()] == [page.body]


def test_a_page_whose_bytes_were_let_go_cannot_be_stored_without_them(archive):
    from newscrawl.items import FetchedPage

    light = FetchedPage(url="https://news.example/lost.html", body=b"<p>z</p>").without_body()
    with pytest.raises(ValueError, match="let go"):
        archive.save_page(light, outcome="new")
    archive.save_page(light, outcome="new", keep_raw=False)  # nothing to store: fine
