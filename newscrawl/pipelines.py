"""Item pipelines: thin glue between the spider, the pure processing code and the archive.

``ProcessPipeline`` turns a fetched page into an article record (decode, extract, clean) or drops it
with a reason; ``ArchivePipeline`` writes records and raw pages, remembers dropped pages, tallies
per-site health, and keeps the ``crawls`` row of the run. Every outcome is counted in the crawler
stats under ``newscrawl/``.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem
from twisted.internet import task

from .archive import Archive
from .dropped import PageDropped
from .health import SiteTally, drift, page_site
from .items import FetchedPage
from .paths import archive_path
from .records import ArticleRecord
from .summary import crawl_counts, crawl_status, summary_lines
from .workers import default_workers, process_in_worker, start_pool

logger = logging.getLogger(__name__)


class ArticleDropped(DropItem):
    """A page that yields no article; carries the reason for the archive's ``dropped_pages``."""

    def __init__(self, page: FetchedPage, reason: str, detail: str, title_tag: str | None = None,
                 log_level: str = "INFO", profile_keys: list[str] | None = None,
                 raw_gzip: bytes | None = None):
        # An expected outcome (spam, listing page) is logged at INFO; failures at ERROR.
        super().__init__(f"{reason}: {detail} <{page.url}>", log_level=log_level)
        self.page = page
        self.reason = reason
        self.detail = detail
        self.title_tag = title_tag
        self.profile_keys = profile_keys or []
        self.raw_gzip = raw_gzip


class ProcessPipeline:
    """FetchedPage -> ArticleRecord, through :func:`newscrawl.process.process_page`.

    The work runs in a pool of worker processes (``NEWSCRAWL_WORKERS``, default one per core;
    0 runs it in the reactor thread). The cleaner reads each site's line counts from the archive, so
    that lines a site repeats on many pages are removed.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = archive_path(crawler.settings)
        workers = crawler.settings.get("NEWSCRAWL_WORKERS")
        self.workers = default_workers() if workers in (None, "") else int(workers)
        self.keep_raw = crawler.settings.getbool("NEWSCRAWL_KEEP_RAW", True)
        self.pool = None
        self.archive: Archive | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        if self.workers > 0:
            self.pool = start_pool(self.workers, self.path)
        else:
            self.archive = Archive(self.path)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        source = next((s for s in getattr(self.crawler.spider, "sources", [])
                       if s.name == item.source), None)
        try:
            record = await self._process(item, source)
        except PageDropped as exc:
            self.stats.inc_value(f"newscrawl/dropped/{exc.reason}")
            raise ArticleDropped(item, exc.reason, exc.detail, exc.title_tag,
                                 profile_keys=exc.profile_keys, raw_gzip=exc.raw_gzip) from None
        except Exception as exc:  # a bug or a pathological page must not stop the crawl
            self.stats.inc_value("newscrawl/errors/processing")
            logger.error("Processing failed for %s: %s: %s", item.url, type(exc).__name__, exc)
            raise ArticleDropped(item, "processing-error", f"{type(exc).__name__}: {exc}",
                                 log_level="ERROR") from None
        record.page = item
        self.stats.inc_value("newscrawl/articles/extracted")
        return record

    async def _process(self, page: FetchedPage, source) -> ArticleRecord:
        if self.pool is None:
            from .process import process_page  # only here: the workers import it otherwise

            profile = self.archive.site_profile(page_site(page.url, page.source))
            return process_page(page, source, site_profile=profile)
        future = self.pool.submit(process_in_worker, page, source, keep_raw=self.keep_raw)
        return await asyncio.wrap_future(future)

    def spider_closed(self, spider, reason) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.archive is not None:
            self.archive.close()


#: A pending archive write: does its writes, returns the stats keys to count once committed.
Write = Callable[[], list[str]]


class ArchivePipeline:
    """Write records and raw pages; record drops; keep the run's ``crawls`` and ``site_health`` rows.

    The archive is opened when the pipeline is built, so an unusable archive (corrupt, read-only,
    unreachable) stops the run before any request. ``NEWSCRAWL_KEEP_RAW`` (default True) keeps
    each article page's raw bytes, gzip-compressed, for ``newscrawl reprocess``.

    Writes are batched: articles and drops queue up and are written in one transaction when
    ``NEWSCRAWL_ARCHIVE_BATCH`` of them are waiting, when the oldest has waited
    ``NEWSCRAWL_ARCHIVE_FLUSH_S`` seconds, and when the spider closes (so a graceful stop loses
    nothing). One commit per batch instead of several per article is most of the writer's cost.
    Each write is a savepoint inside the batch, so one failed write does not undo the others.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.keep_raw = settings.getbool("NEWSCRAWL_KEEP_RAW", True)
        self.batch_size = max(1, settings.getint("NEWSCRAWL_ARCHIVE_BATCH", 100))
        self.flush_after = settings.getfloat("NEWSCRAWL_ARCHIVE_FLUSH_S", 2.0)
        self.archive = Archive(archive_path(settings))
        self.crawl_id: int | None = None
        self.sites: dict[str, SiteTally] = defaultdict(SiteTally)
        #: Writes waiting for the next batch, as (url, write), and when the oldest was queued.
        self.pending: list[tuple[str, Write]] = []
        self.pending_since = 0.0
        self.flusher: task.LoopingCall | None = None
        #: Set when a write failed (disk full, I/O error): the run stops, its status is "failed".
        self.write_error: str | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        names = [s.name for s in getattr(self.crawler.spider, "sources", [])]
        self.crawl_id = self.archive.start_crawl(names)
        logger.info("Archiving into %s as crawl %d", self.archive.path, self.crawl_id)
        if self.flush_after > 0:
            self.flusher = task.LoopingCall(self._flush_if_old)
            self.flusher.start(min(self.flush_after, 1.0), now=False)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleRecord):
            return item
        if self.write_error:
            raise DropItem(f"not archived: the archive is unusable ({self.write_error})")
        if item.page is not None and self._bytes_done(item.raw_gzip):
            item.page = item.page.without_body()
        self._queue(item.url, lambda: self._archive_item(item))
        return item

    def _bytes_done(self, raw_gzip: bytes | None) -> bool:
        """Whether a page's bytes are no longer needed for its writes (compressed already, or not
        kept): the pending batch then holds the page without them."""
        return raw_gzip is not None or not self.keep_raw

    # -- the write buffer -----------------------------------------------------------------------
    def _queue(self, url: str, write: Write) -> None:
        if not self.pending:
            self.pending_since = time.monotonic()
        self.pending.append((url, write))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def _flush_if_old(self) -> None:
        if self.pending and time.monotonic() - self.pending_since >= self.flush_after:
            self.flush()

    def flush(self) -> None:
        """Write every pending item in one transaction; count them once it is committed."""
        pending, self.pending = self.pending, []
        if not pending or self.write_error:
            return
        counted: list[str] = []
        url = pending[0][0]
        try:
            with self.archive.batch():
                for url, write in pending:
                    counted += write()
        except sqlite3.DatabaseError as exc:
            # The batch rolled back whole: a write error (disk full, I/O) stops the run anyway.
            self._stop_on_write_error(exc, url)
            return
        for key in counted:
            self.stats.inc_value(key)

    def _stop_on_write_error(self, exc: Exception, url: str) -> None:
        """A failed write (database or disk is full, I/O error): the transaction rolled back, so
        nothing is half-written; say so once, clearly, and stop the run."""
        if self.write_error is not None:
            return
        self.write_error = f"{type(exc).__name__}: {exc}"
        self.stats.inc_value("newscrawl/errors/archive-write")
        logger.error("Archive write failed (%s) while saving %s: stopping the crawl; the archive "
                     "keeps everything committed before", exc, url)
        engine = getattr(self.crawler, "engine", None)
        if engine is not None and engine.spider is not None:
            asyncio.ensure_future(engine.close_spider_async(reason="archive-error"))

    # -- the writes -----------------------------------------------------------------------------
    def _archive_item(self, item: ArticleRecord) -> list[str]:
        outcome = self.archive.save_article(item, crawl_id=self.crawl_id)
        if item.page is not None:
            self.archive.save_page(item.page, outcome=outcome, article_id=item.article_id,
                                   keep_raw=self.keep_raw, raw_gzip=item.raw_gzip)
        row = item.to_row()
        self.archive.count_site_lines(row["site"], item.profile_keys)
        self.sites[row["site"] or "unknown"].add_article(
            has_title=bool(row["title"]), has_date=bool(row["published_at"]),
            body_chars=row["char_count"], method=row["extraction_method"],
            hijacked=bool(row["hijacked"]))
        item.raw_gzip = None  # written; the item may live on in other pipelines or exports
        return [f"newscrawl/articles/{outcome}"]

    def item_dropped(self, item, response, exception, spider=None) -> None:
        if not isinstance(exception, ArticleDropped) or self.write_error:
            return
        if self._bytes_done(exception.raw_gzip):
            exception.page = exception.page.without_body()
        self._queue(exception.page.url, lambda: self._record_dropped(exception))

    def _record_dropped(self, exception: ArticleDropped) -> list[str]:
        page = exception.page
        self.archive.record_drop(url=page.url, source=page.source, reason=exception.reason,
                                 detail=exception.detail, title_tag=exception.title_tag,
                                 crawl_id=self.crawl_id)
        self.archive.save_page(page, outcome=f"dropped:{exception.reason}", keep_raw=self.keep_raw,
                               raw_gzip=exception.raw_gzip)
        site = page_site(page.url, page.source)
        if exception.profile_keys:
            self.archive.count_site_lines(site, exception.profile_keys)
        self.sites[site].add_drop()
        return []

    def spider_closed(self, spider, reason: str) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        self.flush()
        stats = self.stats.get_stats()
        counts = crawl_counts(stats)
        status = "failed" if self.write_error else crawl_status(stats, reason)
        self.crawler.newscrawl_status = status
        try:
            self.archive.finish_crawl(self.crawl_id, finish_reason=reason,
                                      counts={**counts, "status": status})
            drifts = self._write_site_health()
            raw = self.archive.raw_size()
        except sqlite3.DatabaseError as exc:
            self.crawler.newscrawl_status = "failed"
            logger.error("Could not close crawl %s in the archive: %s", self.crawl_id, exc)
            self.archive.close()
            return
        self.archive.close()
        for line in summary_lines(self.crawl_id, reason, status, counts, drifts, raw):
            logger.info(line)

    def _write_site_health(self) -> dict[str, str]:
        drifts = {}
        for site, tally in sorted(self.sites.items()):
            row = tally.row(site)
            alarm = drift(row, self.archive.site_history(site, before_crawl=self.crawl_id))
            if alarm:
                drifts[site] = alarm
                logger.warning("Drift alarm for %s: %s", site, alarm)
            self.archive.save_site_health(self.crawl_id, {**row, "drift": alarm})
        return drifts
