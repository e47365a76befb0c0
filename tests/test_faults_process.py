"""Process and storage faults, with the real crawl command and real SQLite files: SIGTERM mid-crawl,
a full disk, a corrupt or read-only archive, and two crawls of different sources sharing one archive."""

import os
import re
import shutil
import signal
import subprocess
import textwrap

import pytest

from conftest import ONE_AT_A_TIME, SLOW, query, CRAWL_ENV, ROOT, crawl_command, LocalSite, SAMPLE_SITE, run_crawl, sample_sources_file, start_crawl, wait_for
from faulty_server import FaultyServer, article_html
from newscrawl.archive import Archive



def test_sigterm_stops_gracefully_and_keeps_what_was_committed(tmp_path):
    with LocalSite(SAMPLE_SITE, slow=SLOW) as site:
        sources = sample_sources_file(tmp_path, site.url)
        db = tmp_path / "news.db"
        crawl = start_crawl(sources, db, settings=ONE_AT_A_TIME)
        wait_for(lambda: len(query(db, "select id from articles")) >= 3)
        crawl.send_signal(signal.SIGTERM)
        _, stderr = crawl.communicate(timeout=90)
    assert "Received SIGTERM, shutting down gracefully" in stderr
    assert crawl.returncode == 0, stderr[-3000:]
    (status, reason, finished, new), = query(
        db, "select status, finish_reason, finished_at, articles_new from crawls")
    assert (status, reason) == ("interrupted", "shutdown") and finished
    articles = query(db, "select title, body from articles")
    assert 3 <= len(articles) == new < 15
    assert all(title and len(body) >= 40 for title, body in articles)
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert "Crawl 1 shutdown (interrupted)" in stderr


# -- a full disk: PRAGMA max_page_count on every connection the crawl opens to the archive ----------
SITECUSTOMIZE = textwrap.dedent('''
    """Test hook: cap the archive at NEWSCRAWL_TEST_MAX_PAGES pages, as a full disk would."""
    import os
    import sqlite3

    _connect = sqlite3.connect

    def connect(database, *args, **kwargs):
        conn = _connect(database, *args, **kwargs)
        if os.path.abspath(str(database)) == os.environ.get("NEWSCRAWL_TEST_DB"):
            conn.execute("PRAGMA max_page_count = %d" % int(os.environ["NEWSCRAWL_TEST_MAX_PAGES"]))
        return conn

    sqlite3.connect = connect
''')


def crawl_with_full_disk(tmp_path, settings: dict | None = None):
    """Crawl the sample site into a fresh archive that can grow by 12 pages only (a full disk, as
    SQLite sees one). Returns the archive's path and the finished crawl process."""
    db = tmp_path / "news.db"
    Archive(db).close()  # migrated, empty
    (pages,), = query(db, "pragma page_count")
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {"PYTHONPATH": str(hook), "NEWSCRAWL_TEST_DB": str(db),
           "NEWSCRAWL_TEST_MAX_PAGES": str(pages + 12)}
    with LocalSite(SAMPLE_SITE) as site:
        sources = sample_sources_file(tmp_path, site.url)
        result = subprocess.run(crawl_command(sources, db, settings=settings), cwd=ROOT,
                                capture_output=True, text=True, timeout=180,
                                env={**CRAWL_ENV, **env})
    return db, result


def test_full_disk_stops_the_run_with_a_clear_error_and_a_sound_archive(tmp_path):
    # One article per archive transaction, so that the disk fills up mid-run, not at the final flush.
    db, result = crawl_with_full_disk(tmp_path, {**ONE_AT_A_TIME, "NEWSCRAWL_ARCHIVE_BATCH": "1"})
    stderr = result.stderr
    assert result.returncode == 1, stderr[-3000:]
    assert "database or disk is full" in stderr
    assert "Archive write failed" in stderr  # the clear message, once, then the run stops
    assert stderr.count("Archive write failed") == 1
    archived = query(db, "select count(*) from articles")[0][0]
    assert archived < 15
    assert query(db, "pragma integrity_check") == [("ok",)]
    # Whatever was archived is whole: every article has its version and its raw page.
    assert query(db, "select count(*) from articles a where not exists (select 1 from "
                 "article_versions v where v.article_id = a.id)") == [(0,)]
    crawl = query(db, "select status, finish_reason from crawls")
    assert crawl in ([("failed", "archive-error")], [("running", None)])


def test_full_disk_at_the_last_batch_marks_the_run_failed(tmp_path):
    """With the default batching the whole sample site is written at the end of the run; a full
    disk then still fails the run, with the same single clear message, and rolls the batch back."""
    db, result = crawl_with_full_disk(tmp_path)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.count("Archive write failed") == 1
    assert query(db, "pragma integrity_check") == [("ok",)]
    assert query(db, "select count(*) from articles") == [(0,)]
    assert query(db, "select status from crawls") in ([("failed",)], [("running",)])


# -- unusable archive files -----------------------------------------------------------------------
def make_read_only(path):
    """Read-only even for root: the immutable attribute (root ignores file modes)."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return lambda: path.chmod(0o644)
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode:
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    return lambda: subprocess.run(["chattr", "-i", str(path)])


@pytest.mark.parametrize("fault", ["corrupt", "read-only", "not-a-file"])
def test_unusable_archive_fails_before_any_request(tmp_path, fault):
    db = tmp_path / "news.db"
    undo = lambda: None  # noqa: E731
    if fault == "corrupt":
        Archive(db).close()
        with open(db, "r+b") as handle:  # keep the header, wreck the schema pages
            handle.seek(100)
            handle.write(os.urandom(8000))
    elif fault == "read-only":
        Archive(db).close()
        undo = make_read_only(db)
    else:
        db.mkdir()
    try:
        with FaultyServer() as server:
            sources = tmp_path / "sources.toml"
            sources.write_text(server.sources_toml(), encoding="utf-8")
            result = run_crawl(sources, db)
            hits = dict(server.hits)
    finally:
        undo()
    assert result.returncode == 1, result.stderr[-3000:]
    assert re.search(rf"Not starting: cannot (open|write) archive {re.escape(str(db))}: "
                     r"(file is not a database|database disk image is malformed|"
                     r"attempt to write a readonly database|unable to open database file)",
                     result.stderr), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert hits == {}  # not even robots.txt


# -- two crawls of different sources into one archive ---------------------------------------------
PAGES_EACH = 40


def site_folder(root, name):
    folder = root / name
    (folder / "a").mkdir(parents=True)
    for i in range(PAGES_EACH):
        (folder / "a" / f"{name}-{i}.html").write_text(article_html(f"{name}-{i}"), encoding="utf-8")
    (folder / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    return folder


def test_two_crawls_of_different_sources_share_one_archive(tmp_path):
    db = tmp_path / "news.db"
    with LocalSite(site_folder(tmp_path, "east"), slow=(r"/a/", 0.05)) as east, \
            LocalSite(site_folder(tmp_path, "west"), slow=(r"/a/", 0.05)) as west:
        sources = tmp_path / "sources.toml"
        sources.write_text("".join(
            f'[[source]]\nname = "{name}"\nbase_url = "{site.url}"\n'
            f"urls = [{', '.join(repr(f'a/{name}-{i}.html') for i in range(PAGES_EACH))}]\n"
            for name, site in (("east", east), ("west", west))), encoding="utf-8")
        crawls = [start_crawl(sources, db, "-a", f"source={name}", settings={
            "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "NEWSCRAWL_WORKERS": "1"})
            for name in ("east", "west")]
        outputs = [c.communicate(timeout=180)[1] for c in crawls]
    for crawl, stderr in zip(crawls, outputs):
        assert crawl.returncode == 0, stderr[-3000:]
        assert "locked" not in stderr.lower() and " ERROR: " not in stderr
    rows = query(db, "select source, count(*) from articles group by source order by source")
    assert rows == [("east", PAGES_EACH), ("west", PAGES_EACH)]
    crawl_rows = query(db, "select sources, status, articles_new, started_at, finished_at "
                       "from crawls order by id")
    assert sorted((r[0], r[1], r[2]) for r in crawl_rows) == [
        ('["east"]', "ok", PAGES_EACH), ('["west"]', "ok", PAGES_EACH)]
    (first, second) = crawl_rows
    assert second[3] < first[4], "the two runs did not overlap"
    assert query(db, "pragma integrity_check") == [("ok",)]
