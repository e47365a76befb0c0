"""What a crawl did, from Scrapy's stats: the ``crawls`` row, the run's status, the end summary."""

from __future__ import annotations

from typing import Any

#: Stats prefixes counted as errors in the ``crawls`` row, with the label used there. Failed
#: requests of the spider are counted once per URL by its errback, under ``newscrawl/errors/``
#: (``http:404``, ``download:timeout``, ``download:too-large``, ``blocked:unsafe-url``, ...);
#: Scrapy's ``downloader/exception_type_count`` counts every attempt (retries included) and is not
#: used. ``httperror/`` counts responses ignored for requests without an errback.
ERROR_STAT_PREFIXES = {
    "httperror/response_ignored_status_count/": "http:",
    "spider_exceptions/": "spider:",
    "newscrawl/errors/": "",
}
#: Not errors: requests the incremental filter chose not to send (counted as skipped_known).
NOT_ERRORS = {"IgnoreRequest"}


def crawl_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """The ``crawls`` columns, read from Scrapy's stats of the run."""
    dropped = {k.removeprefix("newscrawl/dropped/"): v for k, v in stats.items()
               if k.startswith("newscrawl/dropped/")}
    errors = {}
    for key, value in stats.items():
        for prefix, label in ERROR_STAT_PREFIXES.items():
            kind = key.removeprefix(prefix).rsplit(".", 1)[-1]
            if key.startswith(prefix) and kind not in NOT_ERRORS:
                errors[label + kind] = value
    return {
        "requests": stats.get("downloader/request_count", 0),
        "pages_fetched": stats.get("response_received_count", 0),
        "not_modified": stats.get("newscrawl/not_modified", 0),
        "skipped_known": stats.get("newscrawl/skipped/known", 0),
        "articles_new": stats.get("newscrawl/articles/new", 0),
        "articles_updated": stats.get("newscrawl/articles/updated", 0),
        "articles_unchanged": stats.get("newscrawl/articles/unchanged", 0),
        "dropped": dropped,
        "errors": errors,
    }


def crawl_status(stats: dict[str, Any], finish_reason: str) -> str:
    """ok, partial (some failures), failed (nothing could be fetched), or interrupted."""
    prefix = "downloader/response_status_count/"
    good = sum(v for k, v in stats.items() if k.startswith(prefix) and int(k[len(prefix):]) < 400)
    if stats.get("downloader/request_count", 0) and not good:
        return "failed"
    if finish_reason != "finished":
        return "interrupted"
    return "partial" if crawl_counts(stats)["errors"] else "ok"


def summary_lines(crawl_id: int, reason: str, status: str, counts: dict[str, Any],
                  drifts: dict[str, str], raw: dict[str, int]) -> list[str]:
    """A one-screen summary of the run for the log."""
    lines = [
        f"Crawl {crawl_id} {reason} ({status})",
        f"  requests {counts['requests']}, pages fetched {counts['pages_fetched']}, "
        f"not modified {counts['not_modified']}, skipped as known {counts['skipped_known']}",
        f"  articles: {counts['articles_new']} new, {counts['articles_updated']} updated, "
        f"{counts['articles_unchanged']} unchanged",
        f"  dropped: {_pairs(counts['dropped'])}",
        f"  errors: {_pairs(counts['errors'])}",
        f"  raw pages kept: {raw['pages']} ({raw['raw_bytes'] / 1e6:.1f} MB as fetched, "
        f"{raw['stored_bytes'] / 1e6:.1f} MB stored)",
    ]
    lines += [f"  DRIFT {site}: {why}" for site, why in sorted(drifts.items())]
    return lines


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
