"""One page in, one clean article out: decode, extract, clean, build the record.

This is the single code path shared by the crawl's pipeline and by ``newscrawl extract``; it does no
I/O and imports nothing from Scrapy, so it can run in a worker process or a test.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .clean import SiteProfile, clean_article, lines_for_profile
from .minhash import text_signature
from .dropped import PageDropped
from .extract import extract_page
from .items import FetchedPage
from .records import ArticleRecord, record_from
from .sources import Source

__all__ = ["PageDropped", "process_page"]

#: Pages whose first bytes hold this many NULs are binary, whatever their Content-Type says.
BINARY_NUL_LIMIT = 4
BINARY_SNIFF_BYTES = 2048
#: Below this many characters of body text, nothing worth archiving was found.
MIN_BODY_CHARS = 40
BINARY_SIGNATURES = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")


def process_page(page: FetchedPage, source: Source | None = None, *,
                 site_profile: SiteProfile | None = None) -> ArticleRecord:
    """Turn a fetched page into an :class:`ArticleRecord`, or raise :class:`PageDropped`.

    ``site_profile`` (counts of the site's lines over earlier pages) lets the cleaner remove lines
    the site repeats everywhere; the record's ``profile_keys`` are this page's lines to count.
    """
    _check_bytes(page.body)
    extracted = extract_page(
        page.body, page.url,
        declared_charset=page.declared_charset,
        tz=source.timezone if source else "UTC",
        fetched_at=page.fetched_at or datetime.now(timezone.utc),
        overrides=source.extract if source else None,
        lang_hint=source.language if source else None,
    )
    # Cleaning comes first: a page of nothing but injection is "all-spam", the more telling reason,
    # even where its layout also looks like a listing.
    cleaned = clean_article(title=extracted.title, title_tag=extracted.title_tag,
                            paragraphs=extracted.paragraphs, lang=extracted.lang, url=page.url,
                            site_profile=site_profile)
    keys = lines_for_profile(extracted.paragraphs)
    drop = {"title_tag": extracted.title_tag, "profile_keys": keys}
    if cleaned.is_spam_page:
        raise PageDropped("all-spam", cleaned.spam_reason or "nothing but injected spam", **drop)
    if not extracted.is_article:
        raise PageDropped("not-article", "a listing or home page, not an article", **drop)
    if sum(len(p) for p in cleaned.paragraphs) < MIN_BODY_CHARS:
        raise PageDropped("no-body", f"under {MIN_BODY_CHARS} characters of article text", **drop)
    record = record_from(page, extracted, cleaned)
    record.profile_keys = keys
    record.freeze()
    record.signature = text_signature(record.to_row()["search_text"])
    record.band_keys()  # computed here, in the worker, for the archive's writer
    return record


def _check_bytes(body: bytes) -> None:
    if not body.strip():
        raise PageDropped("empty-page", "the response body is empty")
    head = body[:BINARY_SNIFF_BYTES]
    if head.startswith(BINARY_SIGNATURES) or head.count(b"\x00") >= BINARY_NUL_LIMIT:
        raise PageDropped("binary", "the response is binary data (PDF, image, archive), not HTML")
