"""Per-site health of a crawl, and the drift alarm.

Per-site extractors fail silently when a site changes its layout: titles, dates or bodies stop
being found, or bodies shrink to a teaser. Each run tallies, per site, what extraction achieved;
the alarm compares a site's figures with its own recent history and says what dropped.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

#: Fewer pages than this in a run, or fewer earlier runs, and no alarm is raised.
DRIFT_MIN_PAGES = 5
DRIFT_MIN_HISTORY = 2
#: How many earlier runs of a site form its history.
DRIFT_HISTORY_RUNS = 5
#: An alarm fires when a fill rate falls by this much (absolute) below its historical mean ...
DRIFT_FILL_DROP = 0.3
#: ... or the median body length falls below this share of its historical mean.
DRIFT_BODY_RATIO = 0.5
FILL_COLUMNS = ("title_fill", "date_fill", "body_fill")


def site_of(url: str) -> str:
    """The site a URL belongs to: its host without ``www.``; "local" for files."""
    host = (urlparse(url).hostname or "").lower()
    return host.removeprefix("www.") or "local"


def page_site(url: str, source: str) -> str:
    """The ``site`` of a fetched page: its host, or for a source on disk the source's name."""
    return source if url.startswith("file:") else site_of(url)


@dataclass
class SiteTally:
    """Running counts for one site in one run (O(1) per page, bodies' lengths aside)."""

    pages: int = 0
    articles: int = 0
    titled: int = 0
    dated: int = 0
    hijacked: int = 0
    methods: Counter = field(default_factory=Counter)
    body_lengths: list[int] = field(default_factory=list)

    def add_article(self, *, has_title: bool, has_date: bool, body_chars: int, method: str,
                    hijacked: bool) -> None:
        self.pages += 1
        self.articles += 1
        self.titled += has_title
        self.dated += has_date
        self.hijacked += hijacked
        self.methods[method or "unknown"] += 1
        self.body_lengths.append(body_chars)

    def add_drop(self) -> None:
        self.pages += 1

    def row(self, site: str) -> dict:
        """The ``site_health`` columns for this tally."""
        pages = self.pages or 1
        return {
            "site": site, "pages": self.pages, "articles": self.articles,
            "title_fill": round(self.titled / pages, 3), "date_fill": round(self.dated / pages, 3),
            "body_fill": round(self.articles / pages, 3),
            "hijacked_share": round(self.hijacked / (self.articles or 1), 3),
            "methods": json.dumps(dict(self.methods), sort_keys=True),
            "median_body_chars": int(statistics.median(self.body_lengths)) if self.body_lengths else 0,
        }


def drift(current: dict, history: list[dict]) -> str | None:
    """Why this run's figures for a site look broken against its history, or None."""
    if current["pages"] < DRIFT_MIN_PAGES or len(history) < DRIFT_MIN_HISTORY:
        return None
    reasons = []
    for column in FILL_COLUMNS:
        past = statistics.mean(h[column] for h in history)
        if past - current[column] >= DRIFT_FILL_DROP:
            reasons.append(f"{column} {current[column]:.2f} against {past:.2f} before")
    past_body = statistics.mean(h["median_body_chars"] for h in history)
    if past_body and current["median_body_chars"] < DRIFT_BODY_RATIO * past_body:
        reasons.append(f"median body {current['median_body_chars']} chars against "
                       f"{past_body:.0f} before")
    return "; ".join(reasons) or None
