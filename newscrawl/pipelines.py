"""Item pipelines: thin glue between the spider, the pure processing code and the archive.

``ProcessPipeline`` turns a fetched page into an article record (decode, extract, clean) or drops it
with a reason; ``ArchivePipeline`` writes records, remembers dropped pages, and keeps the ``crawls``
row of the run. Every outcome is counted in the crawler stats under ``newscrawl/``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem

from .archive import Archive
from .items import FetchedPage
from .paths import archive_path
from .process import PageDropped, process_page
from .records import ArticleRecord

logger = logging.getLogger(__name__)


class ArticleDropped(DropItem):
    """A page that yields no article; carries the reason for the archive's ``dropped_pages``."""

    def __init__(self, page: FetchedPage, reason: str, detail: str, title_tag: str | None = None,
                 log_level: str = "INFO"):
        # An expected outcome (spam, listing page) is logged at INFO; failures at ERROR.
        super().__init__(f"{reason}: {detail} <{page.url}>", log_level=log_level)
        self.page = page
        self.reason = reason
        self.detail = detail
        self.title_tag = title_tag


class ProcessPipeline:
    """FetchedPage -> ArticleRecord, through :func:`newscrawl.process.process_page`."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        sources = {s.name: s for s in getattr(self.crawler.spider, "sources", [])}
        try:
            record = process_page(item, sources.get(item.source))
        except PageDropped as exc:
            self.stats.inc_value(f"newscrawl/dropped/{exc.reason}")
            raise ArticleDropped(item, exc.reason, exc.detail, exc.title_tag) from None
        except Exception as exc:  # a bug or a pathological page must not stop the crawl
            self.stats.inc_value("newscrawl/errors/processing")
            logger.exception("Processing failed for %s", item.url)
            raise ArticleDropped(item, "processing-error", f"{type(exc).__name__}: {exc}",
                                 log_level="ERROR") from None
        self.stats.inc_value("newscrawl/articles/extracted")
        return record


class ArchivePipeline:
    """Write records to the archive; record drops; open and close the run's ``crawls`` row."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.path = archive_path(crawler.settings)
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.archive = Archive(self.path)
        names = [s.name for s in getattr(self.crawler.spider, "sources", [])]
        self.crawl_id = self.archive.start_crawl(names)
        logger.info("Archiving into %s as crawl %d", self.path, self.crawl_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleRecord):
            outcome = self.archive.save_article(item, crawl_id=self.crawl_id)
            self.stats.inc_value(f"newscrawl/articles/{outcome}")
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        if isinstance(exception, ArticleDropped) and self.archive is not None:
            self.archive.record_drop(url=exception.page.url, source=exception.page.source,
                                     reason=exception.reason, detail=exception.detail,
                                     title_tag=exception.title_tag, crawl_id=self.crawl_id)

    def spider_closed(self, spider, reason: str) -> None:
        if self.archive is None:
            return
        counts = crawl_counts(self.stats.get_stats())
        self.archive.finish_crawl(self.crawl_id, finish_reason=reason, counts=counts)
        self.archive.close()
        logger.info("Crawl %d %s: %d pages fetched, %d new, %d updated, %d unchanged, "
                    "dropped %s, errors %s", self.crawl_id, reason, counts["pages_fetched"],
                    counts["articles_new"], counts["articles_updated"],
                    counts["articles_unchanged"], counts["dropped"] or "none",
                    counts["errors"] or "none")


#: Stats prefixes counted as errors in the ``crawls`` row, with the name used there.
ERROR_STAT_PREFIXES = {
    "downloader/exception_type_count/": "download:",
    "httperror/response_ignored_status_count/": "http:",
    "spider_exceptions/": "spider:",
    "newscrawl/errors/": "",
}


def crawl_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """The ``crawls`` columns, read from Scrapy's stats of the run."""
    dropped = {k.removeprefix("newscrawl/dropped/"): v for k, v in stats.items()
               if k.startswith("newscrawl/dropped/")}
    errors = {}
    for key, value in stats.items():
        for prefix, label in ERROR_STAT_PREFIXES.items():
            if key.startswith(prefix):
                errors[label + key.removeprefix(prefix).rsplit(".", 1)[-1]] = value
    return {
        "requests": stats.get("downloader/request_count", 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_new": stats.get("newscrawl/articles/new", 0),
        "articles_updated": stats.get("newscrawl/articles/updated", 0),
        "articles_unchanged": stats.get("newscrawl/articles/unchanged", 0),
        "dropped": dropped,
        "errors": errors,
    }
