"""The SQLite archive: schema migrations, article upserts, the search index, crawl records.

Built on sqlite-utils. The database runs in WAL mode so that datasette and analysts can read while a
crawl writes. Every schema change is a named migration recorded in the ``migrations`` table, applied
once, in order, when an archive is opened.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gzip
import json
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any



def _import_sqlite_utils():
    """sqlite-utils, imported without the pandas and numpy it loads whenever they are installed.

    sqlite-utils imports them (pandas and numpy: 60 MB resident in each process that imports the
    archive) only to map their value types (``pandas.Timestamp``, ``numpy.int64``...) to column
    types; the archive never writes such a value. When either is already imported (an analyst's
    session), sqlite-utils is imported as usual and keeps those mappings.
    """
    optional = ("pandas", "numpy")
    if "sqlite_utils" in sys.modules or any(name in sys.modules for name in optional):
        import sqlite_utils
        return sqlite_utils
    for name in optional:
        sys.modules[name] = None  # an import of it raises ImportError, for this import only
    try:
        import sqlite_utils
    finally:
        for name in optional:
            del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()

from .clean.site_profile import SiteProfile
from .dedupe import same_article, stored_band_keys
from .items import FetchedPage
from .rawpages import compress_raw
from .records import ArticleRecord
from .schema import column_types
from .site_lines import site_profile
from .search import SEARCH_TABLE, articles_filter, fts_query, is_exact, matches as search_matches
from .search import create as create_search_index, rebuild as rebuild_search_index
from .search import recreate as recreate_search_index, size_pending_buffer
from .search import sync as sync_search_index
from .normalize import register_script_functions, search_text, to_simplified

#: Articles compared with a new one for duplicate clusters: the newest of those sharing a band
#: key. Bounds the work per article when a story has hundreds of copies (all share its keys); a
#: copy is compared with the story's recent copies, enough to find its cluster. A new article
#: that would bridge two clusters is only seen to when both are among these.
CLUSTER_CANDIDATES = 32
#: Seconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_S = 60
#: Page cache per connection, KiB: a batch of articles (bodies, search text, raw pages) fits, so
#: SQLite does not spill pages to the WAL in the middle of a batch. Used only as far as needed.
CACHE_KIB = 8192
#: WAL pages between automatic checkpoints (SQLite: 1,000). The crawl commits a batch at a time;
#: checkpointing less often copies the pages that every batch rewrites (indexes, the search
#: index) into the database once instead of many times.
CHECKPOINT_PAGES = 10000


class ArchiveError(RuntimeError):
    """The archive cannot be opened or written (corrupt, read-only, locked, disk full)."""


def utc_now() -> str:
    """The current time, UTC, ISO-8601 with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions for queries on the archive (also registered by the datasette plugin)."""
    conn.create_function("newscrawl_fts_query", 1, fts_query, deterministic=True)
    conn.create_function("newscrawl_fts_exact", 1, is_exact, deterministic=True)
    conn.create_function("newscrawl_search_match", 2, search_matches, deterministic=True)
    conn.create_function("newscrawl_search_text", 1, lambda s: search_text(s) if s else s,
                         deterministic=True)
    conn.create_function("newscrawl_simplified", 1, lambda s: to_simplified(s) if s else s,
                         deterministic=True)


def _add_missing_columns(db: sqlite_utils.Database, table: str) -> None:
    existing = db[table].columns_dict
    for name, sql_type in column_types(table).items():
        if name not in existing:
            db[table].add_column(name, sql_type)


def _create_tables(db: sqlite_utils.Database) -> None:
    db["articles"].create(column_types("articles"), pk="id", not_null={"url", "canonical_url"})
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["published_utc"])
    db["articles"].create_index(["site", "published_day"])
    db["removed_lines"].create(column_types("removed_lines"), pk="id",
                               foreign_keys=[("article_id", "articles", "id")])
    db["removed_lines"].create_index(["article_id"])
    db["dropped_pages"].create(column_types("dropped_pages"), pk="url")
    db["crawls"].create(column_types("crawls"), pk="id")


def _create_search_index(db: sqlite_utils.Database) -> None:
    # Not an external-content table: it holds the tokenized text (see newscrawl.search), keyed by
    # articles.id as its rowid.
    db.execute(f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(title, body, "
               "tokenize = 'unicode61 remove_diacritics 0')")


def _rebuild_search_index(db: sqlite_utils.Database) -> None:
    # Replaces 0002's table with the substring index of newscrawl.search (bigrams and characters of
    # articles.search_text, contentless, kept current by triggers on articles), built from articles.
    db.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    unfilled = db.execute("SELECT id, title, body FROM articles WHERE search_text IS NULL").fetchall()
    db.conn.executemany("UPDATE articles SET search_text = ? WHERE id = ?",
                        [(search_text(title, body), id_) for id_, title, body in unfilled])
    create_search_index(db.conn)
    rebuild_search_index(db.conn)


def _add_search_trigrams(db: sqlite_utils.Database) -> None:
    # 0005 first made the search table without the trigram column (newscrawl.search); archives
    # migrated then get the current table now. A no-op where 0005 already made it.
    recreate_search_index(db.conn)


def _index_distinct_tokens(db: sqlite_utils.Database) -> None:
    # Until this migration the search table held positional bigrams, characters and trigrams in
    # three columns; it now holds each article's distinct tokens in one (newscrawl.search). A
    # no-op where an earlier migration made the current table.
    recreate_search_index(db.conn)


def _size_search_buffer(db: sqlite_utils.Database) -> None:
    # Kept in the search table's configuration (newscrawl.search.size_pending_buffer).
    size_pending_buffer(db.conn)


def _create_history_tables(db: sqlite_utils.Database) -> None:
    # Archives made before this migration lack the newer articles/crawls columns; add them.
    for table in ("articles", "crawls"):
        _add_missing_columns(db, table)
    db["article_versions"].create(column_types("article_versions"), pk="id",
                                  foreign_keys=[("article_id", "articles", "id")])
    db["article_versions"].create_index(["article_id", "version"], unique=True)
    db["pages"].create(column_types("pages"), pk="url")
    db["pages"].create_index(["source", "fetched_at"])
    db["site_health"].create(column_types("site_health"), pk="id")
    db["site_health"].create_index(["site", "crawl_id"])


def _create_site_lines(db: sqlite_utils.Database) -> None:
    db["site_profiles"].create(column_types("site_profiles"), pk="site")
    db["site_lines"].create(column_types("site_lines"), pk=("site", "line_key"))


def _create_clusters(db: sqlite_utils.Database) -> None:
    _add_missing_columns(db, "articles")
    db["articles"].create_index(["cluster_id"], if_not_exists=True)
    db["article_signatures"].create(column_types("article_signatures"), pk="article_id")
    db.execute("CREATE TABLE cluster_keys (key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
               "PRIMARY KEY (key, article_id)) WITHOUT ROWID")
    db.execute("CREATE INDEX cluster_keys_article ON cluster_keys (article_id)")
    db.execute("UPDATE articles SET cluster_id = id WHERE cluster_id IS NULL")
    db.execute(CLUSTERS_VIEW)


CLUSTERS_VIEW = """
CREATE VIEW article_clusters AS
SELECT cluster_id,
       count(*) AS size,
       count(DISTINCT site) AS sites,
       group_concat(DISTINCT site) AS site_list,
       min(published_utc) AS earliest_published_utc,
       (SELECT title FROM articles first WHERE first.id = a.cluster_id) AS title
FROM articles a
GROUP BY cluster_id
"""


#: Applied in order, each once; append new ones, never edit or reorder applied ones.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("0001_initial_tables", _create_tables),
    ("0002_search_index", _create_search_index),
    ("0003_versions_pages_site_health", _create_history_tables),
    ("0004_site_lines", _create_site_lines),
    ("0005_search_index_v2", _rebuild_search_index),
    ("0006_duplicate_clusters", _create_clusters),
    ("0007_search_trigrams", _add_search_trigrams),
    ("0008_search_pending_buffer", _size_search_buffer),
    ("0009_search_distinct_tokens", _index_distinct_tokens),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations; returns the names applied now."""
    if "migrations" not in db.table_names():
        db["migrations"].create(column_types("migrations"), pk="name")
    done = {row["name"] for row in db["migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        with db.conn:
            step(db)
            db["migrations"].insert({"name": name, "applied_at": utc_now()})
        applied.append(name)
    return applied


@contextlib.contextmanager
def _setup_lock(path: Path) -> Iterator[None]:
    """Serialize setting WAL mode and migrating across processes opening one archive at once.

    Changing the journal mode fails at once ("database is locked") while another connection is
    open, and two processes must not both apply a migration; an advisory lock on a file beside the
    archive makes the second opener wait until the first is done.
    """
    with open(f"{path}.setup.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@functools.lru_cache(maxsize=64)
def _statement(kind: str, table: str, columns: tuple[str, ...], key: str = "") -> str:
    """The SQL of one insert, upsert or update with these columns (names from our own schema)."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" * len(columns))
    if kind == "insert":
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    if kind == "upsert":
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != key)
        return (f'INSERT INTO "{table}" ({names}) VALUES ({marks}) '
                f'ON CONFLICT("{key}") DO UPDATE SET {updates}')
    sets = ", ".join(f'"{c}" = ?' for c in columns)
    return f'UPDATE "{table}" SET {sets} WHERE "{key}" = ?'


class Archive:
    """An open archive. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S)
            self.db = sqlite_utils.Database(conn)
            with _setup_lock(self.path):
                if self.db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    self.db.execute("PRAGMA journal_mode=WAL")
                migrate(self.db)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self.db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
        except (sqlite3.DatabaseError, OSError) as exc:
            raise ArchiveError(f"cannot open archive {self.path}: {exc}") from exc
        register_functions(conn)
        register_script_functions(conn)
        self._batch_depth = 0
        #: Search index columns of the batch's articles, indexed when the batch ends.
        self._search_ready: dict[int, str | None] = {}

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.conn.close()

    @contextlib.contextmanager
    def batch(self) -> Iterator[Archive]:
        """One transaction around many writes: committed once at the end, rolled back whole on
        an error.

        Every write method is atomic on its own (its own transaction); inside a batch they are
        plain statements of the batch's transaction, without savepoints of their own (a
        savepoint copies each page it changes to a sub-journal). Committing once per batch
        instead of once per article is what keeps the crawl's archive writes cheap. A caller
        that wants one write undone alone wraps it in ``archive.db.atomic()`` (a savepoint).
        """
        if self._batch_depth:
            self._batch_depth += 1
            try:
                yield self
            finally:
                self._batch_depth -= 1
            return
        with self._transaction():
            self._batch_depth = 1
            try:
                yield self
                self._sync_search()
            finally:
                self._batch_depth = 0
                self._search_ready.clear()

    @contextlib.contextmanager
    def _atomic(self) -> Iterator[None]:
        """A write method's transaction; nothing of its own inside a batch (see :meth:`batch`)."""
        if self._batch_depth:
            yield
        else:
            with self._transaction():
                yield

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

        A deferred ``BEGIN`` reads first and asks for the write lock later; when another crawl
        wrote in between, SQLite refuses at once ("database is locked") instead of waiting for
        the busy timeout. Inside an open transaction this is a savepoint.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    # -- plain SQL for the per-article writes ------------------------------------------------------
    # sqlite-utils' insert/upsert/update look up the table's columns and build the statement on
    # every call; for the few statements written for every article that was most of the writer's
    # time, so these build each statement once per column set.
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """INSERT one row; returns its rowid."""
        sql = _statement("insert", table, tuple(row))
        return int(self.db.conn.execute(sql, list(row.values())).lastrowid)

    def _insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.db.conn.executemany(_statement("insert", table, tuple(rows[0])),
                                     [list(r.values()) for r in rows])

    def _upsert(self, table: str, row: dict[str, Any], key: str) -> None:
        """INSERT one row, or update every given column of the row with the same ``key``."""
        sql = _statement("upsert", table, tuple(row), key)
        self.db.conn.execute(sql, list(row.values()))

    def _update(self, table: str, key: str, value: Any, changes: dict[str, Any]) -> None:
        sql = _statement("update", table, tuple(changes), key)
        self.db.conn.execute(sql, [*changes.values(), value])

    # -- crawls ---------------------------------------------------------------------------------
    def start_crawl(self, sources: Iterable[str]) -> int:
        """Open a ``crawls`` row for a run; returns its id."""
        with self._atomic():
            table = self.db["crawls"].insert({"started_at": utc_now(), "status": "running",
                                              "sources": json.dumps(sorted(sources))})
        return int(table.last_pk)

    def finish_crawl(self, crawl_id: int, *, finish_reason: str, counts: dict[str, Any]) -> None:
        """Close a ``crawls`` row with the run's outcome."""
        row = {"finished_at": utc_now(), "finish_reason": finish_reason}
        for key, value in counts.items():
            row[key] = json.dumps(value, sort_keys=True) if isinstance(value, dict) else value
        with self._atomic():
            self.db["crawls"].update(crawl_id, row)

    # -- articles -------------------------------------------------------------------------------
    def save_article(self, record: ArticleRecord, *, crawl_id: int | None = None) -> str:
        """Insert or update one article; returns "new", "updated" or "unchanged".

        A changed article keeps its earlier versions in ``article_versions``.
        """
        row = record.to_row()
        now = utc_now()
        with self._atomic():
            outcome, article_id = self._upsert_article(row, now, crawl_id)
            if outcome != "unchanged":
                self._write_removals(article_id, record)
                self._write_search(article_id, record)
                self._assign_cluster(article_id, record.signature, record.band_keys())
            self._write_version(article_id, row, outcome, now, crawl_id)
            self.db.conn.execute("DELETE FROM dropped_pages WHERE url = ?", [row["url"]])
        record.article_id = article_id
        return outcome

    def _upsert_article(self, row: dict, now: str, crawl_id: int | None) -> tuple[str, int]:
        existing = self._find(row["canonical_url"])
        seen = {"last_seen": now, "crawl_id": crawl_id}
        if existing is None:
            # A new article is first its own cluster: the row is written with its cluster, not
            # rewritten (body, search text and all) to set it.
            article_id = self.db.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            return "new", self._insert("articles", {"id": article_id, **row, **seen,
                                                    "first_seen": now, "version": 1,
                                                    "cluster_id": article_id})
        article_id = existing["id"]
        if existing["content_hash"] == row["content_hash"]:
            self._update("articles", "id", article_id, {**seen, "url": row["url"]})
            return "unchanged", article_id
        self._update("articles", "id", article_id,
                     {**row, **seen, "version": existing["version"] + 1})
        return "updated", article_id

    def _assign_cluster(self, article_id: int, signature: bytes | None,
                        keys: list[int] | None = None) -> None:
        """Put the article in the cluster of its near-duplicates (merging clusters it bridges).

        ``keys``: :func:`~newscrawl.dedupe.stored_band_keys` of ``signature``, when known."""
        self.db.execute("DELETE FROM cluster_keys WHERE article_id = ?", [article_id])
        if not signature:
            self.db.execute("UPDATE articles SET cluster_id = id WHERE id = ? "
                            "AND cluster_id IS NOT id", [article_id])
            return
        keys = stored_band_keys(signature) if keys is None else keys
        clusters = {article_id}
        for other, other_sig, other_cluster in self._cluster_candidates(article_id, keys):
            if other_cluster not in clusters and same_article(signature, other_sig):
                clusters.add(other_cluster)
        target = min(clusters)
        # Only rows whose cluster changes are written: a copy joining a cluster of hundreds
        # rewrites its own row, not theirs.
        self.db.execute(f"UPDATE articles SET cluster_id = ? WHERE (id = ? OR cluster_id IN "
                        f"({','.join('?' * len(clusters))})) AND cluster_id IS NOT ?",
                        [target, article_id, *clusters, target])
        self.db.execute("INSERT OR REPLACE INTO article_signatures (article_id, signature) "
                        "VALUES (?, ?)", [article_id, signature])
        self.db.conn.executemany("INSERT OR IGNORE INTO cluster_keys (key, article_id) "
                                 "VALUES (?, ?)", [(k, article_id) for k in keys])

    def _cluster_candidates(self, article_id: int, keys: list[int]):
        """The newest :data:`CLUSTER_CANDIDATES` articles sharing a band key with this one."""
        if not keys:
            return []
        sql = ("SELECT c.article_id, s.signature, a.cluster_id FROM "
               "(SELECT DISTINCT article_id FROM cluster_keys "
               f"WHERE key IN ({','.join('?' * len(keys))}) AND article_id != ? "
               "ORDER BY article_id DESC LIMIT ?) c "
               "JOIN article_signatures s ON s.article_id = c.article_id "
               "JOIN articles a ON a.id = c.article_id")
        return self.db.execute(sql, [*keys, article_id, CLUSTER_CANDIDATES]).fetchall()

    def _write_version(self, article_id: int, row: dict, outcome: str, now: str,
                       crawl_id: int | None) -> None:
        if outcome == "unchanged":
            self.db.execute("UPDATE article_versions SET last_seen = ? WHERE article_id = ? AND "
                            "version = (SELECT max(version) FROM article_versions WHERE "
                            "article_id = ?)", [now, article_id, article_id])
            return
        number = self.db.execute("SELECT coalesce(max(version), 0) + 1 FROM article_versions "
                                 "WHERE article_id = ?", [article_id]).fetchone()[0]
        self._insert("article_versions", {"article_id": article_id, "version": number,
                         "content_hash": row["content_hash"], "title": row["title"],
                         "body": row["body"], "published_at": row["published_at"],
                         "modified_at": row["modified_at"], "first_seen": now, "last_seen": now,
                         "crawl_id": crawl_id})

    def record_drop(self, *, url: str, source: str, reason: str, detail: str,
                    title_tag: str | None = None, crawl_id: int | None = None) -> None:
        """Remember why a page yielded no article (latest outcome per URL)."""
        with self._atomic():
            self._upsert("dropped_pages",
                         {"url": url, "source": source, "reason": reason, "detail": detail,
                          "title_tag": title_tag, "crawl_id": crawl_id, "seen_at": utc_now()}, "url")

    def _find(self, canonical_url: str) -> dict | None:
        row = self.db.conn.execute("SELECT id, content_hash, version FROM articles "
                                   "WHERE canonical_url = ?", [canonical_url]).fetchone()
        return dict(zip(("id", "content_hash", "version"), row)) if row else None

    def _write_removals(self, article_id: int, record: ArticleRecord) -> None:
        self.db.conn.execute("DELETE FROM removed_lines WHERE article_id = ?", [article_id])
        self._insert_many("removed_lines", [
            {"article_id": article_id, "position": r.position, "text": r.text, "reason": r.reason,
             "rule": r.rule} for r in record.removals])

    def _write_search(self, article_id: int, record: ArticleRecord) -> None:
        # Triggers on articles queued this article (and any other changed row); index them with
        # the index columns the worker process already computed for this article's text: now, or
        # at the end of the batch, all at once (FTS5 then merges one set of terms, not a hundred).
        self._search_ready[article_id] = record.search_tokens
        if not self._batch_depth:
            self._sync_search()

    def _sync_search(self) -> None:
        ready = {key: tokens for key, tokens in self._search_ready.items() if tokens is not None}
        self._search_ready.clear()
        sync_search_index(self.db.conn, ready=ready)

    # -- raw pages ------------------------------------------------------------------------------
    def save_page(self, page: FetchedPage, *, outcome: str, article_id: int | None = None,
                  keep_raw: bool = True, raw_gzip: bytes | None = None) -> None:
        """Remember a fetched page: validators for conditional requests, and its raw bytes.

        ``raw_gzip`` is the body already compressed (by the worker process that handled the page);
        without it the body is compressed here.
        """
        now = utc_now()
        if keep_raw and raw_gzip is None:
            if page.released_size is not None:
                raise ValueError(f"the bytes of {page.url} were let go before being compressed")
            raw_gzip = compress_raw(page.body)
        row = {
            "url": page.url, "source": page.source, "article_id": article_id, "outcome": outcome,
            "status": page.status, "fetched_at": now, "checked_at": now,
            "etag": page.headers.get("ETag"), "last_modified": page.headers.get("Last-Modified"),
            "headers": json.dumps(page.headers, sort_keys=True), "charset": page.declared_charset,
            "raw_size": page.size,
            "raw_gzip": raw_gzip if keep_raw else None,
        }
        with self._atomic():
            self._upsert("pages", row, "url")

    def set_page_outcome(self, url: str, outcome: str, article_id: int | None = None) -> None:
        """Record a new processing outcome for a stored page (after reprocessing)."""
        with self._atomic():
            self.db["pages"].update(url, {"outcome": outcome, "article_id": article_id})

    def stored_pages(self, *, source: str | None = None,
                     since: str | None = None) -> Iterator[FetchedPage]:
        """Fetched pages with their raw bytes, oldest first, for reprocessing."""
        where, params = ["raw_gzip IS NOT NULL"], []
        if source:
            where.append("source = ?")
            params.append(source)
        if since:
            where.append("fetched_at >= ?")
            params.append(since)
        sql = ("SELECT url, source, status, headers, charset, fetched_at, raw_gzip FROM pages "
               f"WHERE {' AND '.join(where)} ORDER BY fetched_at, url")
        for row in self.db.query(sql, params):
            yield FetchedPage(url=row["url"], body=gzip.decompress(row["raw_gzip"]),
                              source=row["source"], status=row["status"] or 200,
                              headers=json.loads(row["headers"] or "{}"),
                              declared_charset=row["charset"],
                              fetched_at=datetime.fromisoformat(row["fetched_at"]), via="stored")

    def raw_size(self) -> dict[str, int]:
        """Bytes of raw pages kept: as fetched, and as stored (compressed)."""
        row = self.db.execute("SELECT coalesce(sum(raw_size), 0), "
                              "coalesce(sum(length(raw_gzip)), 0), count(raw_gzip) FROM pages"
                              ).fetchone()
        return {"raw_bytes": row[0], "stored_bytes": row[1], "pages": row[2]}

    # -- per-site learning ----------------------------------------------------------------------
    def count_site_lines(self, site: str, keys: list[str]) -> None:
        """Count one more page of ``site`` and the line keys it showed."""
        with self._atomic():
            self.db.execute("INSERT INTO site_profiles (site, pages) VALUES (?, 1) "
                            "ON CONFLICT(site) DO UPDATE SET pages = pages + 1", [site])
            self.db.conn.executemany(
                "INSERT INTO site_lines (site, line_key, pages) VALUES (?, ?, 1) "
                "ON CONFLICT(site, line_key) DO UPDATE SET pages = pages + 1",
                [(site, key) for key in keys])

    def site_profile(self, site: str) -> SiteProfile:
        """The site's line counts, looked up in the archive on demand."""
        return site_profile(self.db.conn, site)

    # -- site health ----------------------------------------------------------------------------
    def save_site_health(self, crawl_id: int | None, row: dict) -> None:
        with self._atomic():
            self.db["site_health"].insert({**row, "crawl_id": crawl_id})

    def site_history(self, site: str, *, before_crawl: int | None, runs: int = 5) -> list[dict]:
        """The site's health rows of its last ``runs`` crawls before ``before_crawl``."""
        sql = ("SELECT * FROM site_health WHERE site = ? AND crawl_id < ? "
               "ORDER BY crawl_id DESC LIMIT ?")
        return [dict(r) for r in self.db.query(sql, [site, before_crawl or 1 << 62, runs])]

    # -- queries --------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 50) -> list[dict]:
        """Articles whose title or body contains ``query`` (either script), newest first."""
        # Newest first through the published_utc index: confirming a candidate reads its text, so
        # candidates are taken in that order until the limit is reached, not all confirmed and sorted.
        sql = (f"SELECT * FROM articles INDEXED BY idx_articles_published_utc "
               f"WHERE {articles_filter(':q')} ORDER BY published_utc DESC LIMIT :limit")
        return [dict(r) for r in self.db.query(sql, {"q": query, "limit": limit})]

