"""Downloader middleware: the incremental filter against the archive (see :mod:`newscrawl.incremental`)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from .incremental import REVISIT, SKIP, KnownPages, conditional_headers, decide
from .paths import archive_path

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    """Skip archived article pages; re-visit recent or re-listed ones with conditional requests.

    Settings: ``NEWSCRAWL_INCREMENTAL`` (default True) and ``NEWSCRAWL_REVISIT_DAYS`` (default 2).
    Only requests the spider marks as articles (``meta["article"]``) are filtered.

    Article requests bypass Scrapy's duplicate filter (the spider sets ``dont_filter``) and are
    de-duplicated here instead: a page listed by both the sitemap and the feed must be judged on the
    newest date any listing gives, not on whichever listing came first. Each URL is fetched at most
    once per run.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.enabled = crawler.settings.getbool("NEWSCRAWL_INCREMENTAL", True)
        self.revisit = timedelta(days=crawler.settings.getfloat("NEWSCRAWL_REVISIT_DAYS", 2))
        self.path = archive_path(crawler.settings)
        self.known: KnownPages | None = None
        self.fetched: set[str] = set()
        self.skipped: set[str] = set()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        if not request.meta.get("article"):
            return None
        if request.url in self.fetched:
            raise IgnoreRequest(f"already fetched in this run: {request.url}")
        known = self._known().lookup(request.url) if self.enabled else None
        source = self._source_tz(request)
        decision = decide(known, listing_dates=request.meta.get("listing_dates") or {},
                          now=datetime.now(timezone.utc), revisit=self.revisit, tz=source)
        if decision == SKIP:
            if request.url not in self.skipped:
                self.skipped.add(request.url)
                self.stats.inc_value("newscrawl/skipped/known")
            raise IgnoreRequest(f"already archived: {request.url}")
        self.fetched.add(request.url)
        if request.url in self.skipped:  # a later listing gave a newer date
            self.skipped.discard(request.url)
            self.stats.inc_value("newscrawl/skipped/known", -1)
        if decision == REVISIT:
            self.stats.inc_value("newscrawl/revisited")
            for name, value in conditional_headers(known).items():
                request.headers.setdefault(name, value)
            request.meta["handle_httpstatus_list"] = [304]
        return None

    def process_response(self, request, response, spider=None):
        if response.status == 304 and request.meta.get("article"):
            self.stats.inc_value("newscrawl/not_modified")
            self._known().mark_checked(request.url, datetime.now(timezone.utc))
            raise IgnoreRequest(f"not modified: {request.url}")
        return response

    def _known(self) -> KnownPages:
        if self.known is None:
            self.known = KnownPages(self.path)
        return self.known

    def _source_tz(self, request) -> str:
        for source in getattr(self.crawler.spider, "sources", []):
            if source.name == request.meta.get("source"):
                return source.timezone
        return "UTC"

    def spider_closed(self, spider, reason):
        if self.known is not None:
            self.known.close()
