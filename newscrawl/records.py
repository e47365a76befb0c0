"""The archived article: everything one ``articles`` row holds, built from extraction and cleaning."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timezone

from .items import CleanedArticle, ExtractedPage, FetchedPage, FoundDate, Removal
from .health import page_site
from .dedupe import stored_band_keys
from .normalize import detect_script, search_text


@dataclass
class ArticleRecord:
    """One clean article, ready for the archive."""

    url: str
    canonical_url: str
    site: str | None
    source: str
    site_name: str | None = None
    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    published: FoundDate | None = None
    modified: FoundDate | None = None
    authors: list[str] = field(default_factory=list)
    lang: str | None = None
    description: str | None = None
    encoding: str | None = None
    extraction_method: str = ""
    removals: list[Removal] = field(default_factory=list)
    cleaning: CleanedArticle | None = None
    #: The page it came from (kept for the archive's raw pages), and the id it was archived under.
    page: FetchedPage | None = field(default=None, repr=False)
    article_id: int | None = None
    #: MinHash signature of title and body, for duplicate clusters (newscrawl.dedupe).
    signature: bytes | None = field(default=None, repr=False)
    #: Keys of the page's lines before cleaning, counted into the site's profile.
    profile_keys: list[str] = field(default_factory=list, repr=False)
    #: Work done where the record was built (a worker process) so that the archive's single writer
    #: does not: the search index tokens of the row's ``search_text`` and the gzip-compressed
    #: page bytes for ``pages.raw_gzip``.
    search_tokens: str | None = field(default=None, repr=False)
    raw_gzip: bytes | None = field(default=None, repr=False)
    _row: dict | None = field(default=None, init=False, repr=False, compare=False)
    _band_keys: tuple[bytes, list[int]] | None = field(default=None, init=False, repr=False,
                                                       compare=False)

    @property
    def body(self) -> str:
        """Paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_row(self) -> dict:
        """The ``articles`` columns this record determines (ids and crawl bookkeeping aside).

        Computed once (normalizing the text for search is costly) and kept: :func:`freeze` calls
        it where the record is built, in a worker process, so the archive's process does not.
        """
        if self._row is None:
            self._row = self._compute_row()
        return dict(self._row)

    def freeze(self) -> ArticleRecord:
        """Compute the row and its search index tokens now (both are recomputed if a field they
        depend on is set later).

        Where records are built, numpy is loaded already (signatures need it): the tokens are
        computed with it there, and the archive's process stays without it.
        """
        from .search_grams import index_tokens

        self.search_tokens = index_tokens(self.to_row()["search_text"])
        return self

    def band_keys(self) -> list[int]:
        """The duplicate-cluster keys of :attr:`signature` as the archive stores them (see
        :func:`newscrawl.dedupe.stored_band_keys`); computed once, where the record is built."""
        if not self.signature:
            return []
        if self._band_keys is None or self._band_keys[0] != self.signature:
            object.__setattr__(self, "_band_keys", (self.signature, stored_band_keys(self.signature)))
        return self._band_keys[1]

    def __setattr__(self, name: str, value) -> None:
        # Setting a field the row depends on drops the kept row. (Changing a list in place, e.g.
        # paragraphs.append, is not seen: assign a new list instead.)
        if name not in _NOT_IN_ROW:
            object.__setattr__(self, "_row", None)
            object.__setattr__(self, "search_tokens", None)
        object.__setattr__(self, name, value)

    def _compute_row(self) -> dict:
        body = self.body
        published_at = self.published.isoformat() if self.published else None
        cleaning = self.cleaning or CleanedArticle(title=self.title, paragraphs=self.paragraphs)
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "site": self.site,
            "site_name": self.site_name,
            "source": self.source,
            "title": self.title,
            "published_at": published_at,
            "published_utc": _utc(self.published),
            "published_day": self.published.value.date().isoformat() if self.published else None,
            "published_raw": self.published.raw if self.published else None,
            "published_source": self.published.source if self.published else None,
            "modified_at": self.modified.isoformat() if self.modified else None,
            "authors": json.dumps(self.authors, ensure_ascii=False),
            "lang": self.lang,
            "script": detect_script((self.title or "") + body),
            "description": self.description,
            "body": body,
            "search_text": search_text(self.title, body),
            "char_count": len(body),
            "content_hash": content_hash(self.title, body, published_at),
            "encoding": self.encoding,
            "extraction_method": self.extraction_method,
            "hijacked": int(cleaning.lines_removed + cleaning.inline_removed
                            + cleaning.pinyin_removed > 0),
            "lines_removed": cleaning.lines_removed,
            "inline_removed": cleaning.inline_removed,
            "pinyin_removed": cleaning.pinyin_removed,
            "mojibake_repaired": cleaning.mojibake_repaired,
            "mojibake_removed": cleaning.mojibake_removed,
            "hijack_score": round(cleaning.hijack_score, 3),
            "hijack_patterns": json.dumps(cleaning.hijack_patterns),
        }


#: Fields of ArticleRecord that the row does not depend on.
_NOT_IN_ROW = {"_row", "page", "article_id", "signature", "profile_keys", "search_tokens",
               "raw_gzip", "_band_keys"}


def _utc(found: FoundDate | None) -> str | None:
    if found is None:
        return None
    return found.value.astimezone(timezone.utc).isoformat()


def content_hash(title: str | None, body: str, published_at: str | None) -> str:
    """SHA-256 over what a reader would call the article's content."""
    payload = json.dumps([title, body, published_at], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_from(page: FetchedPage, extracted: ExtractedPage,
                cleaned: CleanedArticle) -> ArticleRecord:
    """Combine what extraction read and what cleaning kept into one record."""
    return ArticleRecord(
        url=page.url,
        canonical_url=extracted.canonical_url or page.url,
        site=page_site(page.url, page.source),
        site_name=extracted.site,
        source=page.source,
        page=page,
        title=cleaned.title,
        paragraphs=cleaned.paragraphs,
        published=extracted.published,
        modified=extracted.modified,
        authors=extracted.authors,
        lang=extracted.lang,
        description=extracted.description,
        encoding=extracted.encoding,
        extraction_method=extracted.body_method,
        removals=cleaned.removals,
        cleaning=cleaned,
    )
