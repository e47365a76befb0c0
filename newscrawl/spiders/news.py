"""The ``news`` spider: routing only.

It reads the source registry, starts from each source's sitemaps, feeds, start pages and URL lists,
and yields a :class:`~newscrawl.items.FetchedPage` for every article page. Parsing of sitemaps is
Scrapy's own (``scrapy.utils.sitemap``), feeds are read with feedparser, links are found with
Scrapy's ``LinkExtractor``. Everything that turns a page into an article happens in the pipelines.

Links are resolved against the document that holds them, so a sitemap or feed with relative
``<loc>``/``<link>`` values works too (the bundled sample site relies on it, so that it can be crawled
from disk or from any local server).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any

import feedparser
import scrapy
from lxml import etree
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.error import (ConnectionDone, ConnectionLost, ConnectionRefusedError,
                                    DNSLookupError, TCPTimedOutError, TimeoutError)
from twisted.web._newclient import ResponseFailed

from ..middlewares import TruncatedBody, UnsafeURL

from ..items import FetchedPage
from ..paths import sources_path
from ..sources import Source, load_sources, select_sources

logger = logging.getLogger(__name__)

#: Response headers kept with a fetched page (for provenance and conditional requests).
KEPT_HEADERS = ("Content-Type", "Last-Modified", "ETag", "Content-Language")
#: The download slot of files read from a local source (no network, so no delay).
LOCAL_SLOT = "newscrawl-local-files"


class NewsSpider(scrapy.Spider):
    """Crawl every configured source, or one: ``scrapy crawl news -a source=NAME``."""

    name = "news"

    def __init__(self, *args: Any, source: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.source_name = source
        self.sources: list[Source] = []

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Fails before any request, with the source and field named, on a bad config.
        spider.sources = select_sources(load_sources(sources_path(crawler.settings)),
                                        spider.source_name)
        spider._max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        install_log_filter()
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for source in self.sources:
            for request in self.entry_requests(source):
                yield request

    def entry_requests(self, source: Source) -> Iterator[Request]:
        """The first requests of a source, one per declared entry point."""
        for url in source.sitemaps:
            yield self.make_request(source, url, self.parse_sitemap, dont_filter=True)
        for url in source.feeds:
            yield self.make_request(source, url, self.parse_feed, dont_filter=True)
        for url in source.start_pages:
            yield self.make_request(source, url, self.parse_listing, dont_filter=True)
        for url in source.urls:
            yield self.article_request(source, url, via="url-list")

    # -- routing --------------------------------------------------------------------------------
    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """robots.txt, sitemap indexes and urlsets (news sitemaps included), gzipped or not."""
        source = self.source_of(response)
        if response.url.endswith("/robots.txt"):
            for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                yield from self.follow_sitemap(source, url)
            return
        sitemap = self.read_sitemap(response)
        if sitemap is None:
            return
        for entry in sitemap:
            loc = response.urljoin(entry.get("loc", "").strip())
            if sitemap.type == "sitemapindex":
                yield from self.follow_sitemap(source, loc)
            elif source.is_article_url(loc):
                yield from self.maybe_article(source, loc, via="sitemap",
                                              listing_dates=sitemap_dates(entry))

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS and Atom feeds; entries link to articles."""
        source = self.source_of(response)
        # No base URL is given to feedparser (it mangles file:// URLs); links are joined here.
        feed = feedparser.parse(response.body, resolve_relative_uris=False,
                                sanitize_html=False)
        if feed.bozo and not feed.entries:
            self.count_skip("bad-feed", response.url, feed.get("bozo_exception"))
            return
        if feed.bozo and is_xml_error(feed.get("bozo_exception")):
            # Malformed (an undefined entity, a stray "&"): feedparser's loose parser salvaged
            # the entries; follow them, and count the broken feed.
            self.count_skip("bad-feed", response.url,
                            f"{feed.get('bozo_exception')} ({len(feed.entries)} entries salvaged)")
        for entry in feed.entries:
            link = entry.get("link")
            if link:
                yield from self.maybe_article(source, response.urljoin(link), via="feed",
                                              listing_dates=feed_dates(entry))

    def parse_listing(self, response: Response) -> Iterator[Request]:
        """Start and section pages: follow article links, and listing links within the source."""
        source = self.source_of(response)
        if not isinstance(response, TextResponse):
            self.count_skip("listing-not-html", response.url, response.headers.get("Content-Type"))
            return
        for link in LinkExtractor(unique=True).extract_links(response):
            if source.is_article_url(link.url):
                yield from self.maybe_article(source, link.url, via="link")
            elif source.is_listing_url(link.url) and source.owns(link.url):
                yield self.make_request(source, link.url, self.parse_listing)

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """Hand the page to the pipelines."""
        yield FetchedPage(
            url=response.url,
            body=response.body,
            source=response.meta["source"],
            status=response.status,
            headers={h: response.headers.get(h).decode("latin-1") for h in KEPT_HEADERS
                     if response.headers.get(h)},
            declared_charset=declared_charset(response),
            fetched_at=datetime.now(timezone.utc),
            via=response.meta.get("via", ""),
            listing_dates=response.meta.get("listing_dates", {}),
        )

    # -- small helpers, overridable -------------------------------------------------------------
    def maybe_article(self, source: Source, url: str, *, via: str,
                      listing_dates: dict[str, str] | None = None) -> Iterator[Request]:
        """A request for an article URL, unless it lies outside the source."""
        if source.owns(url):
            yield self.article_request(source, url, via=via, listing_dates=listing_dates)
        else:
            self.crawler.stats.inc_value("newscrawl/skipped/offsite")
            logger.debug("Not following %s: outside source %s", url, source.name)

    def article_request(self, source: Source, url: str, *, via: str,
                        listing_dates: dict[str, str] | None = None) -> Request:
        # dont_filter: article requests are de-duplicated by the incremental middleware, which
        # weighs every listing's date for a URL (see newscrawl.middlewares).
        return self.make_request(source, url, self.parse_article, via=via, article=True,
                                 listing_dates=listing_dates or {}, dont_filter=True)

    def make_request(self, source: Source, url: str, callback, *, dont_filter: bool = False,
                     **meta: Any) -> Request:
        """Every request of the spider. Files of a local source share one download slot that no
        politeness delay applies to (see ``DOWNLOAD_SLOTS`` in the settings)."""
        meta["source"] = source.name
        if source.local_root is not None:
            meta.update(download_slot=LOCAL_SLOT, autothrottle_dont_adjust_delay=True)
        return Request(url, callback=callback, errback=self.on_error, meta=meta,
                       dont_filter=dont_filter)

    def on_error(self, failure) -> None:
        """A request that failed for good (after retries): counted by kind, logged once, with its
        URL. Requests the incremental filter chose not to send are not failures."""
        request = getattr(failure, "request", None)
        kind = failure_kind(failure.value)
        if kind is None or request is None:
            return
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        redirected = request.meta.get("redirect_urls")
        via = f" (redirected from {redirected[0]})" if redirected else ""
        logger.warning("Failed %s (%s)%s: %s", request.url, kind, via,
                       failure_detail(failure.value))

    def follow_sitemap(self, source: Source, url: str) -> Iterator[Request]:
        if source.owns(url):
            yield self.make_request(source, url, self.parse_sitemap)
        else:
            self.crawler.stats.inc_value("newscrawl/skipped/offsite")

    def read_sitemap(self, response: Response) -> Sitemap | None:
        """Parse a sitemap body with Scrapy's parser, gunzipping within DOWNLOAD_MAXSIZE."""
        body = response.body
        if gzip_magic_number(response):
            try:
                body = gunzip(body, max_size=self._max_size)
            except Exception as exc:  # too large once unpacked, or corrupt
                self.count_skip("bad-sitemap", response.url, exc)
                return None
        try:
            sitemap = Sitemap(body)
        except Exception as exc:
            self.count_skip("bad-sitemap", response.url, exc)
            return None
        if sitemap.type not in ("sitemapindex", "urlset"):
            self.count_skip("bad-sitemap", response.url, f"root element {sitemap.type!r}")
            return None
        broken = xml_error(body)
        if broken:
            # Scrapy's parser recovers what it can from malformed XML; use that, and count it.
            self.count_skip("bad-sitemap", response.url, f"malformed XML, entries salvaged: {broken}")
        return sitemap

    def source_of(self, response: Response) -> Source:
        name = response.meta["source"]
        return next(s for s in self.sources if s.name == name)

    def count_skip(self, kind: str, url: str, why: object) -> None:
        self.crawler.stats.inc_value(f"newscrawl/errors/{kind}")
        logger.warning("Skipping %s (%s): %s", url, kind, why)


def xml_error(body: bytes) -> str | None:
    """The first well-formedness error of an XML document, or None. Entities are not resolved and
    nothing is loaded from the network (the same safety as Scrapy's sitemap parser)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    try:
        etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        return str(exc)
    except Exception:  # noqa: BLE001 - not a well-formedness question (e.g. bad encoding label)
        return None
    return None


def is_xml_error(exc: object) -> bool:
    """True for feedparser's ``bozo_exception`` of a malformed document (not for a mere charset
    override or a non-XML content type)."""
    from xml.sax import SAXException

    return isinstance(exc, SAXException)


def failure_kind(exc: BaseException) -> str | None:
    """A stable name for why a request failed, as counted in ``crawls.errors``; None for requests
    that were deliberately not sent (the incremental filter)."""
    if isinstance(exc, HttpError):
        if _redirect_target(exc.response):  # Scrapy does not follow it: non-http(s) scheme
            return "blocked:unsafe-url"
        return f"http:{exc.response.status}"
    if isinstance(exc, UnsafeURL):
        return "blocked:unsafe-url"
    if isinstance(exc, TruncatedBody):
        return "download:truncated-body"
    if isinstance(exc, DownloadCancelledError) or (
            isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc)):
        return "download:too-large"
    if isinstance(exc, IgnoreRequest):
        return "download:redirect-loop" if "max redirections" in str(exc) else None
    if isinstance(exc, DNSLookupError) and str(exc).find("blocked:") >= 0:
        return "blocked:unsafe-url"
    names = {cls.__name__ for cls in type(exc).__mro__}
    if isinstance(exc, (TimeoutError, TCPTimedOutError)) or "DownloadTimeoutError" in names:
        return "download:timeout"
    if isinstance(exc, (ResponseFailed, ConnectionLost, ConnectionDone)) or names & {
            "ResponseDataLossError", "DownloadFailedError", "PotentialDataLoss", "_DataLoss"}:
        return "download:connection-lost"
    if isinstance(exc, ConnectionRefusedError) or "DownloadConnectionRefusedError" in names:
        return "download:connection-refused"
    if isinstance(exc, DNSLookupError) or "CannotResolveHostError" in names:
        return "download:dns"
    return f"download:{type(exc).__name__}"


def _redirect_target(response) -> str | None:
    """The Location of a redirect to a scheme other than http(s) (file:, gopher:, ...), or None."""
    if not 300 <= response.status < 400:
        return None
    location = (response.headers.get("Location") or b"").decode("latin-1").strip()
    scheme = location.split(":", 1)[0].lower() if ":" in location.split("/", 1)[0] else ""
    return location if scheme and scheme not in ("http", "https") else None


def failure_detail(exc: BaseException) -> str:
    if isinstance(exc, HttpError):
        target = _redirect_target(exc.response)
        if target:
            return f"blocked: redirect to {target[:200]}"
        return f"HTTP {exc.response.status}"
    text = str(exc) or type(exc).__name__
    return text if len(text) < 300 else text[:300] + "..."


#: Scrapy's own log lines about a request that the spider's errback also reports (the errback's
#: line carries the kind and is the one kept at WARNING): they go to DEBUG, so that every failed
#: URL is logged once.
DUPLICATE_MESSAGES = (
    "Gave up retrying %(request)s",
    "Error downloading %(request)s",
    "Cancelling download of %(url)s",
    "Ignored response %(response)s",
    "Got data loss in",
)


class _DuplicateFailureFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.levelno >= logging.WARNING and (
                message.startswith(DUPLICATE_MESSAGES) or "exceeded DOWNLOAD_MAXSIZE" in message
                or "larger than download max size" in message):
            request = _record_request(record)
            if request is None or request.errback is not None:
                record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


def _record_request(record: logging.LogRecord):
    args = record.args if isinstance(record.args, dict) else {}
    request = args.get("request")
    if isinstance(request, Request):
        return request
    response = args.get("response")
    return getattr(response, "request", None) if response is not None else None


_LOG_FILTER = _DuplicateFailureFilter()
DUPLICATE_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.core.scraper",
                     "scrapy.core.downloader.handlers.http11",
                     "scrapy.downloadermiddlewares.httpcompression")


def install_log_filter() -> None:
    for name in DUPLICATE_LOGGERS:
        log = logging.getLogger(name)
        if _LOG_FILTER not in log.filters:
            log.addFilter(_LOG_FILTER)


def declared_charset(response: Response) -> str | None:
    """The charset named by the Content-Type header, if any."""
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def sitemap_dates(entry: dict[str, Any]) -> dict[str, str]:
    """The date a sitemap entry states (``lastmod``), as given."""
    return {"lastmod": entry["lastmod"]} if entry.get("lastmod") else {}


def feed_dates(entry: Any) -> dict[str, str]:
    """The dates a feed entry states, as given."""
    # dict.get, not entry.get: feedparser's own get() maps a missing "updated" to "published".
    return {key: dict.get(entry, key) for key in ("published", "updated") if dict.get(entry, key)}
