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


# -- safety: no fetches to addresses a source may not reach; no half-downloaded pages ---------------
import zlib  # noqa: E402

from scrapy.resolver import CachingThreadedResolver  # noqa: E402
from twisted.internet import defer  # noqa: E402
from twisted.internet.error import DNSLookupError  # noqa: E402

from .paths import sources_path  # noqa: E402
from scrapy.utils.httpobj import urlparse_cached  # noqa: E402

from .safety import blocked_reason, parse_ip, private_origins, resolution_allowed  # noqa: E402
from .sources import SourceConfigError, load_sources  # noqa: E402


class UnsafeURL(IgnoreRequest):
    """A request to an address the source may not reach (see :mod:`newscrawl.safety`)."""


class TruncatedBody(IgnoreRequest):
    """A compressed response whose stream ends before its end marker (a cut-off download)."""


class SafetyMiddleware:
    """Refuse every request whose URL a source may not fetch: ``file://`` outside its local_root,
    loopback, private-range and link-local addresses other than the source's own (see
    :func:`newscrawl.safety.blocked_reason`). It sits before every other downloader middleware, so
    it sees each request once before anything is sent (robots.txt included) and again for every
    redirect target, which Scrapy's RedirectMiddleware turns into a new request.

    Requests of the spider carry an errback that counts and logs the refusal; others (robots.txt)
    are counted and logged here.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self._allowed: dict[str | None, set] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        sources = getattr(self.crawler.spider, "sources", [])
        name = request.meta.get("source")
        source = next((s for s in sources if s.name == name), None)
        if name not in self._allowed:
            self._allowed[name] = private_origins([source] if source else sources)
        reason = blocked_reason(request.url, source, self._allowed[name])
        if reason is None:
            reason = await self._resolution_refused(request)
        if reason is None:
            return None
        if request.errback is None:
            self.stats.inc_value("newscrawl/errors/blocked:unsafe-url")
            logger.warning("Failed %s (blocked:unsafe-url): %s", request.url, reason)
        raise UnsafeURL(f"blocked: {reason}")

    async def _resolution_refused(self, request) -> str | None:
        """Resolve a host name through the reactor's resolver (SafeResolver: cached, and refusing
        names that lead to non-public addresses) so that such a request fails here, with a clear
        reason, before robots.txt or the page is requested. Other lookup failures are left to the
        download, which reports them as usual."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor

        host = urlparse_cached(request).hostname
        if not host or parse_ip(host) is not None or not isinstance(
                getattr(reactor, "resolver", None), SafeResolver):
            return None
        try:
            await maybe_deferred_to_future(reactor.resolver.getHostByName(host))
        except DNSLookupError as exc:
            if str(exc).startswith("blocked:") or "blocked:" in str(exc):
                return str(exc).split("blocked: ", 1)[-1]
        except Exception:  # noqa: BLE001 - lookup trouble is the download's to report
            return None
        return None


class TruncatedBodyMiddleware:
    """Refuse a gzip or deflate response whose compressed stream is cut off.

    Scrapy's HttpCompressionMiddleware decodes as much of a broken stream as it can and passes the
    half page on; archived, it would be a half-written article. This middleware (ordered after
    HttpCompressionMiddleware, so it sees the response still compressed) inflates the body in
    bounded chunks without keeping the output, and refuses it when the stream ends early. A body
    that inflates beyond ``DOWNLOAD_MAXSIZE`` is left to HttpCompressionMiddleware, which cuts it
    off (the gzip bomb case).
    """

    CHUNK = 64 * 1024

    def __init__(self, crawler):
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        encodings = [e.strip().lower() for e in
                     b",".join(response.headers.getlist("Content-Encoding")).split(b",") if e.strip()]
        if request.method == "HEAD" or not response.body or not encodings:
            return response
        if encodings[-1] in (b"gzip", b"x-gzip"):
            complete = inflate_completes(response.body, 16 + zlib.MAX_WBITS, self.max_size)
        elif encodings[-1] == b"deflate":
            complete = (inflate_completes(response.body, zlib.MAX_WBITS, self.max_size)
                        or inflate_completes(response.body, -zlib.MAX_WBITS, self.max_size))
        else:
            return response
        if complete is False:
            raise TruncatedBody(f"compressed body cut off ({len(response.body)} bytes received)")
        return response


def inflate_completes(body: bytes, wbits: int, max_size: int) -> bool | None:
    """True when ``body`` is a complete zlib/gzip stream, False when it is cut off or corrupt, None
    when it inflates beyond ``max_size`` (undecided: the size limit applies). Memory: one chunk."""
    inflater = zlib.decompressobj(wbits)
    produced = 0
    step = TruncatedBodyMiddleware.CHUNK
    try:
        for start in range(0, len(body), step):
            data = body[start:start + step]
            while data:
                produced += len(inflater.decompress(data, step))
                if max_size and produced > max_size:
                    return None
                if inflater.eof:
                    return True
                data = inflater.unconsumed_tail
        while not inflater.eof:
            out = inflater.decompress(b"", step)
            produced += len(out)
            if max_size and produced > max_size:
                return None
            if not out:
                break
    except zlib.error:
        return False
    return inflater.eof


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing host names that resolve to non-public addresses.

    Checked where names become addresses, so a page cannot reach the crawler's own network through
    a public-looking name (DNS rebinding included). Exempt: names the operator maps in
    ``NEWSCRAWL_HOSTS`` (``{"news.example": "127.0.0.1"}``, like /etc/hosts: resolved to that
    address) and local names (``localhost``) that a source declares in its own entry points.
    """

    def __init__(self, reactor, cache_size, timeout, hosts=None, trusted=None):
        super().__init__(reactor, cache_size, timeout)
        self.hosts = {k.lower(): v for k, v in (hosts or {}).items()}
        self.trusted = set(self.hosts) | set(trusted or ())

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        try:
            trusted = {host for host, _ in private_origins(load_sources(sources_path(settings)))}
        except SourceConfigError:
            trusted = set()  # the crawl command reports the bad file and stops
        return cls(reactor, cache, settings.getfloat("DNS_TIMEOUT"),
                   hosts=settings.getdict("NEWSCRAWL_HOSTS"), trusted=trusted)

    def getHostByName(self, name, timeout=()):
        mapped = self.hosts.get(name.lower().rstrip("."))
        if mapped is not None:
            return defer.succeed(mapped)
        d = super().getHostByName(name, timeout)
        d.addCallback(self._check, name)
        return d

    def _check(self, address, name):
        if resolution_allowed(name, [address], self.trusted):
            return address
        raise DNSLookupError(f"blocked: {name} resolves to non-public address {address}")


class RetryingIncrementalMiddleware(IncrementalMiddleware):
    """:class:`IncrementalMiddleware` that lets retries and redirect hops of an admitted page through.

    The incremental filter fetches each article URL at most once per run; a retry of a 500/503 or a
    timeout, and a redirect chain that comes back to its first URL, carry the same URL again. Refused
    as "already fetched", a page behind a 503 burst was lost and a redirect loop went uncounted.
    A request that Scrapy's RetryMiddleware or RedirectMiddleware made from an admitted one
    (``retry_times`` / ``redirect_times`` in its meta) is the same fetch, not a duplicate.
    """

    def process_request(self, request, spider=None):
        meta = request.meta
        if (meta.get("article") and request.url in self.fetched
                and (meta.get("retry_times") or meta.get("redirect_times"))):
            return None
        return super().process_request(request, spider)
