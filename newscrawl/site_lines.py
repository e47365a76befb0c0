"""A site's line counts, read from the archive with the standard library's sqlite3 alone.

The archive (:mod:`newscrawl.archive`) writes the counts; the crawl's worker processes only read
them, one site profile per page. Reading needs neither sqlite-utils nor the archive's schema
code, so a worker does not load them (each would cost every worker its own copy in memory).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path

from .clean.site_profile import SiteProfile

#: Seconds a read waits while the archive's writer holds an exclusive lock (rare with WAL).
READ_TIMEOUT_S = 60


class SiteLineCounts(Mapping):
    """``{line_key: pages}`` of one site, read from ``site_lines`` one key at a time."""

    def __init__(self, conn: sqlite3.Connection, site: str):
        self.conn, self.site = conn, site

    def __getitem__(self, key: str) -> int:
        row = self.conn.execute("SELECT pages FROM site_lines WHERE site = ? AND line_key = ?",
                                [self.site, key]).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def __iter__(self) -> Iterator[str]:
        rows = self.conn.execute("SELECT line_key FROM site_lines WHERE site = ?", [self.site])
        return (r[0] for r in rows)

    def __len__(self) -> int:
        return self.conn.execute("SELECT count(*) FROM site_lines WHERE site = ?",
                                 [self.site]).fetchone()[0]


def site_profile(conn: sqlite3.Connection, site: str) -> SiteProfile:
    """The site's profile: how many of its pages were counted, and its line counts on demand."""
    row = conn.execute("SELECT pages FROM site_profiles WHERE site = ?", [site]).fetchone()
    return SiteProfile(row[0] if row else 0, SiteLineCounts(conn, site))


class SiteProfileReader:
    """Site profiles read from an existing archive file, over a connection of its own."""

    def __init__(self, path: str | Path):
        self.conn = sqlite3.connect(str(path), timeout=READ_TIMEOUT_S)

    def site_profile(self, site: str) -> SiteProfile:
        return site_profile(self.conn, site)

    def close(self) -> None:
        self.conn.close()
