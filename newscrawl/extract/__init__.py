"""Extraction: one fetched page (bytes or text) -> an :class:`~newscrawl.items.ExtractedPage`.

The cascade, field by field (each step is tried only when the ones before found nothing):

* decoding: :func:`newscrawl.decode.decode_html` (declared charset, mislabelled UTF-8, detection);
* body: override -> trafilatura (fast mode; its full comparison, then recall, only when that finds
  little) plus the sibling chunks of a body split by ads -> text density when trafilatura kept a
  whole table layout ->
  JSON-LD ``articleBody`` when it is much fuller (see :mod:`newscrawl.extract.body`); found first,
  because where the text starts tells where the headline and the byline are;
* title: override -> visible ``<h1>`` agreeing with JSON-LD/OG/``<title>`` -> ``<h1>`` above the
  text -> the piece of those titles shown on the page -> the emphasized line above the text ->
  metadata title without site affixes (see :mod:`newscrawl.extract.title`);
* dates: override -> JSON-LD -> ``<meta>`` -> ``<time>`` -> labeled lines near the headline ->
  first date near the headline -> URL, metadata instants shown in the page's own UTC offset (see
  :mod:`newscrawl.extract.published`);
* the rest (authors, description, language, canonical URL, site, is_article) from metadata and the
  text found.

Pure functions, no Scrapy; malformed input never raises, it yields a page with what was found.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlparse

from lxml import html

from newscrawl.decode import decode_html, is_whole_utf8, may_hold_control_chars
from newscrawl.extract import overrides as override_rules
from newscrawl.extract.body import extract_body, trim_edges
from newscrawl.extract.kind import is_article
from newscrawl.extract.lang import detect_lang
from newscrawl.extract.metadata import AUTHOR_META_KEYS, PageMetadata, jsonld_authors, read_metadata
from newscrawl.extract.published import PageDates, find_page_dates, parse_override
from newscrawl.extract.title import choose_title, locate_body, title_tag
from newscrawl.extract.tree import PageText, collapse, page_text, parse_html
from newscrawl.items import ExtractedPage

__all__ = ["extract_page"]

log = logging.getLogger(__name__)


def extract_page(
    body: bytes | str,
    url: str,
    *,
    declared_charset: str | None = None,
    tz: str = "UTC",
    fetched_at: datetime | None = None,
    overrides: dict[str, str] | None = None,
    lang_hint: str | None = None,
) -> ExtractedPage:
    """Run the extraction cascade on one page.

    ``declared_charset`` is the HTTP header's charset (bytes input only); ``tz`` places page-local
    times that carry no zone; ``fetched_at`` anchors relative dates ("3 hours ago") and bounds
    future ones; ``overrides`` maps "title"/"date"/"body" to a per-site XPath (starting with "/" or
    "(") or CSS selector. Never raises on malformed HTML.
    """
    page = ExtractedPage(url=url)
    control_chars, utf8 = True, None
    if isinstance(body, bytes):
        decoded = decode_html(body, declared_charset)
        text = decoded.text
        page.encoding, page.encoding_reason = decoded.encoding, decoded.reason
        control_chars = may_hold_control_chars(body, decoded.encoding)
        utf8 = body if is_whole_utf8(body, decoded) else None
    else:
        text = body
    root = parse_html(text, control_chars=control_chars, utf8=utf8)
    if root is None:
        page.is_article = False
        return page
    try:
        _fill(
            page, root, url, tz=tz, now=fetched_at, overrides=overrides or {}, lang_hint=lang_hint
        )
    except Exception:  # a bug on one odd page must not stop a crawl; keep what was found
        log.exception("extraction failed on %s", url)
    return page


def _fill(
    page: ExtractedPage,
    root: html.HtmlElement,
    url: str,
    *,
    tz: str,
    now: datetime | None,
    overrides: dict[str, str],
    lang_hint: str | None,
) -> None:
    meta = read_metadata(root, url)
    page.title_tag = title_tag(root)
    walked = page_text(root)
    lines = walked.lines
    paragraphs, page.body_method = _body(root, url, meta, overrides, walked)
    body_start = locate_body(lines, paragraphs)
    page.title = _override_text(root, overrides, "title") or choose_title(
        root, meta, url, lines=lines, body_start=body_start
    )
    page.paragraphs = trim_edges(paragraphs, page.title)
    found = _dates(
        root,
        meta,
        lines,
        url,
        page.title,
        body_start,
        tz=tz,
        now=now or datetime.now(UTC),
        overrides=overrides,
    )
    page.published, page.modified = found.published, found.modified
    page.authors = jsonld_authors(meta.jsonld) or _meta_authors(meta)
    description = meta.meta.get("description") or meta.meta.get("og:description")
    page.description = collapse(description) or None
    page.canonical_url = meta.canonical_url
    page.site = meta.site_name or urlparse(url).hostname
    page.lang = detect_lang(
        meta.html_lang, "\n".join(page.paragraphs) or page.title or "", lang_hint
    )
    page.is_article = is_article(root, meta, page.paragraphs, page.published is not None)


def _override_text(root: html.HtmlElement, overrides: dict[str, str], key: str) -> str | None:
    selector = overrides.get(key)
    return override_rules.select_text(root, selector) if selector else None


def _dates(
    root: html.HtmlElement,
    meta: PageMetadata,
    lines: list[str],
    url: str,
    headline: str | None,
    body_start: int | None,
    *,
    tz: str,
    now: datetime,
    overrides: dict[str, str],
) -> PageDates:
    """The page's dates; an override's date replaces the published date only."""
    found = find_page_dates(
        root, meta, lines, url, headline=headline, tz=tz, now=now, body_start=body_start
    )
    selector = overrides.get("date")
    raw = override_rules.select_date_text(root, selector) if selector else None
    chosen = parse_override(raw, tz=tz, now=now) if raw else None
    return PageDates(published=chosen, modified=found.modified) if chosen else found


def _body(
    root: html.HtmlElement,
    url: str,
    meta: PageMetadata,
    overrides: dict[str, str],
    walked: PageText | None = None,
) -> tuple[list[str], str]:
    """Paragraphs (not yet trimmed of the repeated headline) and the method that found them."""
    selector = overrides.get("body")
    if selector:
        paragraphs = override_rules.select_paragraphs(root, selector)
        if paragraphs:
            return paragraphs, "override"
    article_body = meta.jsonld.get("articleBody")
    return extract_body(
        root,
        url,
        jsonld_body=article_body if isinstance(article_body, str) else None,
        texts=walked.texts if walked is not None else None,
    )


def _meta_authors(meta: PageMetadata) -> list[str]:
    found = meta.first(AUTHOR_META_KEYS)
    if not found or found[1].startswith(("http://", "https://")):
        return []
    return [name.strip() for name in found[1].split(",") if name.strip()][:5]
