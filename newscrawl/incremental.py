"""Incremental crawling: which known article pages to fetch again, decided against the archive.

Listing pages, feeds and sitemaps are always fetched. An article URL already in the archive is
skipped, unless the listing that led to it gives a date newer than our last fetch (the publisher
says it changed), or the article is recent enough to be inside the re-visit window (to catch
corrections). A re-visit is a conditional request (If-None-Match / If-Modified-Since), so an
unchanged page costs a 304 and no body.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .extract.dates import parse_date

FETCH, REVISIT, SKIP = "fetch", "revisit", "skip"
#: Default re-visit window: articles published this recently are checked again on every run.
DEFAULT_REVISIT = timedelta(days=2)


@dataclass(frozen=True)
class KnownPage:
    """What the archive remembers of a fetched page."""

    url: str
    fetched_at: datetime | None
    etag: str | None = None
    last_modified: str | None = None
    published_utc: datetime | None = None


def decide(known: KnownPage | None, *, listing_dates: dict[str, str], now: datetime,
           revisit: timedelta = DEFAULT_REVISIT, tz: str = "UTC") -> str:
    """FETCH a new page, REVISIT a known one (conditionally), or SKIP it."""
    if known is None or known.fetched_at is None:
        return FETCH
    newest = newest_listing_date(listing_dates, tz=tz, now=now)
    if newest is not None and newest > known.fetched_at:
        return REVISIT
    if known.published_utc is not None and now - known.published_utc <= revisit:
        return REVISIT
    return SKIP


def newest_listing_date(listing_dates: dict[str, str], *, tz: str, now: datetime) -> datetime | None:
    """The latest of the dates a sitemap or feed gave for a page, if any parses."""
    parsed = [parse_date(v, tz=tz, now=now + timedelta(days=1)) for v in listing_dates.values()]
    values = [p.value for p in parsed if p is not None]
    return max(values) if values else None


def conditional_headers(known: KnownPage) -> dict[str, str]:
    """Validators to send back, so that an unchanged page answers 304."""
    headers = {}
    if known.etag:
        headers["If-None-Match"] = known.etag
    if known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers


class KnownPages:
    """The archive's ``pages`` table, for the incremental filter: one indexed lookup per URL.

    Opened after the archive pipeline has created and migrated the archive.
    """

    QUERY = ("SELECT p.url, p.fetched_at, p.etag, p.last_modified, a.published_utc FROM pages p "
             "LEFT JOIN articles a ON a.id = p.article_id WHERE p.url = ?")

    def __init__(self, archive: str | Path):
        self.conn = sqlite3.connect(str(Path(archive)), timeout=60)

    def lookup(self, url: str) -> KnownPage | None:
        try:
            row = self.conn.execute(self.QUERY, [url]).fetchone()
        except sqlite3.OperationalError:  # an archive from before the pages table existed
            return None
        if row is None:
            return None
        return KnownPage(url=row[0], fetched_at=_utc(row[1]), etag=row[2], last_modified=row[3],
                         published_utc=_utc(row[4]))

    def mark_checked(self, url: str, when: datetime) -> None:
        """Record that a conditional request found the page unchanged (304)."""
        with self.conn:
            self.conn.execute("UPDATE pages SET checked_at = ? WHERE url = ?",
                              [when.isoformat(timespec="seconds"), url])

    def close(self) -> None:
        self.conn.close()


def _utc(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
