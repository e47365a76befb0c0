"""Re-run extraction and cleaning on the raw pages kept in the archive, without fetching again.

After the extractor or the lexicons improve, ``newscrawl reprocess`` brings every stored article up
to date: changed articles get a new version (the old one stays in ``article_versions``), pages that
now yield no article are recorded as dropped, and a summary says what changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .archive import Archive
from .health import page_site
from .process import PageDropped, process_page
from .sources import Source

#: How many changed titles the summary lists.
EXAMPLES_SHOWN = 10


@dataclass
class ReprocessSummary:
    """What a reprocessing run did."""

    pages: int = 0
    outcomes: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    changed: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary printed by the command."""
        out = [f"reprocessed {self.pages} stored pages: {self.outcomes['new']} new, "
               f"{self.outcomes['updated']} updated, {self.outcomes['unchanged']} unchanged, "
               f"{sum(self.dropped.values())} dropped"]
        out += [f"  dropped {reason}: {n}" for reason, n in sorted(self.dropped.items())]
        out += [f"  changed: {url}" for url in self.changed[:EXAMPLES_SHOWN]]
        if len(self.changed) > EXAMPLES_SHOWN:
            out.append(f"  ... and {len(self.changed) - EXAMPLES_SHOWN} more")
        return out


def reprocess_archive(path: str | Path, sources: dict[str, Source], *, source: str | None = None,
                      since: str | None = None) -> ReprocessSummary:
    """Reprocess the stored pages of ``path`` (optionally one source, fetched since a date)."""
    summary = ReprocessSummary()
    with Archive(path) as archive:
        crawl_id = archive.start_crawl([f"reprocess:{source or 'all'}"])
        for page in list(archive.stored_pages(source=source, since=since)):
            summary.pages += 1
            _reprocess_one(archive, page, sources.get(page.source), crawl_id, summary)
        archive.finish_crawl(crawl_id, finish_reason="reprocess", counts={
            "status": "ok", "pages_fetched": 0, "articles_new": summary.outcomes["new"],
            "articles_updated": summary.outcomes["updated"],
            "articles_unchanged": summary.outcomes["unchanged"], "dropped": dict(summary.dropped)})
    return summary


def _reprocess_one(archive: Archive, page, source: Source | None, crawl_id: int,
                   summary: ReprocessSummary) -> None:
    try:
        profile = archive.site_profile(page_site(page.url, page.source))
        record = process_page(page, source, site_profile=profile)
    except PageDropped as exc:
        summary.dropped[exc.reason] += 1
        archive.record_drop(url=page.url, source=page.source, reason=exc.reason, detail=exc.detail,
                            title_tag=exc.title_tag, crawl_id=crawl_id)
        archive.set_page_outcome(page.url, f"dropped:{exc.reason}")
        return
    outcome = archive.save_article(record, crawl_id=crawl_id)
    summary.outcomes[outcome] += 1
    archive.set_page_outcome(page.url, outcome, article_id=record.article_id)
    if outcome == "updated":
        summary.changed.append(page.url)
