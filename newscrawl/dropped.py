"""The one exception of page processing: the page yields no article, and why.

Kept apart from :mod:`newscrawl.process` so that the crawl process, which only receives these from
its worker processes, can unpickle them without importing extraction and cleaning.
"""

from __future__ import annotations


class PageDropped(Exception):
    """The page yields no article. ``reason`` is a stable identifier, ``detail`` says why in words.

    ``title_tag`` and ``profile_keys`` (the page's lines, counted into the site's profile) are what
    the archive records of a dropped page; ``raw_gzip`` is its compressed bytes when the worker
    that dropped it compressed them already.
    """

    def __init__(self, reason: str, detail: str, *, title_tag: str | None = None,
                 profile_keys: list[str] | None = None, raw_gzip: bytes | None = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.title_tag = title_tag
        self.profile_keys = profile_keys or []
        self.raw_gzip = raw_gzip

    def __reduce__(self):
        # Picklable with its keyword arguments, so that it can cross from a worker process.
        return (_rebuild_dropped, (self.reason, self.detail, self.title_tag, self.profile_keys,
                                   self.raw_gzip))


def _rebuild_dropped(reason, detail, title_tag, profile_keys, raw_gzip=None) -> PageDropped:
    return PageDropped(reason, detail, title_tag=title_tag, profile_keys=profile_keys,
                       raw_gzip=raw_gzip)
