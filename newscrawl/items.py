"""The records passed between the stages of the pipeline.

Plain dataclasses with no Scrapy imports, so that decoding, extraction, cleaning and archiving can be
called and tested as pure functions. The spider yields a :class:`FetchedPage`; the pipelines turn it
into an :class:`ExtractedPage`, then a :class:`CleanedArticle`, then one archived row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime


@dataclass
class FetchedPage:
    """One downloaded page, as the spider saw it."""

    url: str
    #: Left out of repr(), so that log lines about a page stay one line long.
    body: bytes = field(repr=False)
    source: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    declared_charset: str | None = None
    fetched_at: datetime | None = None
    #: How the spider reached the page: "sitemap", "feed", "link", "url-list".
    via: str = ""
    #: Dates the listing (sitemap lastmod, news:publication_date, feed entry) gave for the page.
    listing_dates: dict[str, str] = field(default_factory=dict)
    #: The body's length once the body itself was let go (:meth:`without_body`), else None.
    released_size: int | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Length of the fetched body in bytes, whether or not it is still held."""
        return len(self.body) if self.released_size is None else self.released_size

    def without_body(self) -> FetchedPage:
        """This page without its bytes (their size kept): what the archive's writer needs once a
        worker has compressed the bytes, so that a batch of pages waiting to be written does not
        hold a hundred page bodies."""
        return replace(self, body=b"", released_size=self.size)


@dataclass(frozen=True)
class FoundDate:
    """A date-time found on a page, with where it came from.

    ``value`` is always timezone-aware: a page-local time with no zone is placed in the source's zone.
    """

    value: datetime
    raw: str
    #: "override", "jsonld", "meta", "time-element", "text", "url", "listing"
    source: str
    #: False when the page gave only a day (the time part of ``value`` is then midnight).
    has_time: bool = True

    def isoformat(self) -> str:
        """ISO-8601 with the UTC offset, or just the day when the page gave no time."""
        if self.has_time:
            return self.value.isoformat()
        return self.value.date().isoformat()


@dataclass
class ExtractedPage:
    """What extraction reads off one page, before any cleaning."""

    url: str
    title: str | None = None
    #: The raw ``<title>`` element text, kept apart because hijackers rewrite it.
    title_tag: str | None = None
    published: FoundDate | None = None
    modified: FoundDate | None = None
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    description: str | None = None
    lang: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    #: Which branch of the cascade produced the body: "override", "jsonld", "trafilatura", ...
    body_method: str = ""
    #: The encoding the bytes were read with, and why ("declared", "utf-8-valid", "detected", ...).
    encoding: str | None = None
    encoding_reason: str | None = None
    #: Whether the page looks like an article at all (a listing or home page does not).
    is_article: bool = True


@dataclass(frozen=True)
class Removal:
    """One piece of text the cleaner took out (or repaired), and why."""

    #: Index of the line (paragraph) it came from; -1 for the title.
    position: int
    text: str
    #: Human-readable reason, e.g. "gambling keyword list (7 lexicon terms in 9 segments)".
    reason: str
    #: Stable rule identifier, e.g. "spam-line.keyword-list", "inline-brand", "pinyin", "mojibake".
    rule: str


@dataclass
class CleanedArticle:
    """An article after cleaning: what stays, and every decision that removed or changed text."""

    title: str | None
    paragraphs: list[str]
    removals: list[Removal] = field(default_factory=list)
    #: True when nothing of an article is left: the page was all injection.
    is_spam_page: bool = False
    spam_reason: str | None = None
    #: Brands learned from the page's spam lines (removed wherever they were spliced in).
    brands: list[str] = field(default_factory=list)
    #: 0..1: how strongly the page shows injection (0 = clean), and the patterns that were found,
    #: e.g. ["keyword-list", "pinyin-annotation", "inline-brand"].
    hijack_score: float = 0.0
    hijack_patterns: list[str] = field(default_factory=list)
    lines_removed: int = 0
    inline_removed: int = 0
    pinyin_removed: int = 0
    mojibake_repaired: int = 0
    mojibake_removed: int = 0
