"""Per-site learning, the pure part: which lines a site repeats on many of its pages.

A line that shows up on a large share of one site's pages is not any one article's text: it is the
site's chrome (a wire-service disclaimer, a footer, a "related" label) or a header the hijacker
injects into every page it serves. The archive counts, per site, on how many pages each line was
seen (by :func:`line_key`, so the counts hold no text); the cleaner takes those counts as a
:class:`SiteProfile` and drops such lines. An article's own paragraphs are never repeated across
many pages of a site, so the only lines kept despite the counts are the article's headline and
lines built around it.

Keys are normalized before hashing (Traditional folded to Simplified, NFKC, lower case, whitespace
removed, digits folded to 0) so that the same header with another date, view count or script still
counts as the same line.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .lexicon import normalize

#: Hex digits of a line key (64 bits: no collisions in any one site's line set in practice).
KEY_HEX_DIGITS = 16
#: A site's profile is trusted only after this many pages have been counted ...
PROFILE_MIN_PAGES = 20
#: ... and then a line seen on at least this share of them is the site's, not the article's.
PROFILE_MIN_SHARE = 0.3
#: Lines shorter than this (after folding) are not counted: "1", "更多", "|" say nothing.
KEY_MIN_CHARS = 4
_DIGITS_RE = re.compile(r"\d+")


def fold_line(text: str) -> str:
    """The form a line is counted under: normalized, no whitespace, every digit run as "0"."""
    # str.split() splits on exactly what regex \s matches, and is faster than a substitution
    return _DIGITS_RE.sub("0", "".join(normalize(text).split()))


def line_key(text: str) -> str:
    """Short stable hex key of a line's folded form (the archive stores keys, never text)."""
    return _folded_key(fold_line(text))


def _folded_key(folded: str) -> str:
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=KEY_HEX_DIGITS // 2)
    return digest.hexdigest()


def lines_for_profile(paragraphs: Iterable[str]) -> list[str]:
    """The keys to count for one page: each distinct line long enough to mean something, once,
    in page order."""
    keys: dict[str, None] = {}
    for p in paragraphs:
        folded = fold_line(p)
        if len(folded) >= KEY_MIN_CHARS:
            keys[_folded_key(folded)] = None
    return list(keys)


@dataclass(frozen=True)
class SiteProfile:
    """How many pages of one site were counted, and on how many of them each line key appeared."""

    pages: int
    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A plain dict is copied into a read-only view, so a profile handed to the cleaner cannot
        # change under it; any other Mapping (e.g. one that looks counts up in the archive on
        # demand) is used as it is.
        if isinstance(self.counts, dict):
            object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))

    @classmethod
    def from_pages(cls, pages: Iterable[Iterable[str]]) -> SiteProfile:
        """Count a batch of pages (each an iterable of lines), e.g. one crawl of a site."""
        counts: Counter[str] = Counter()
        n = 0
        for page in pages:
            n += 1
            counts.update(lines_for_profile(page))
        return cls(n, counts)

    def add_page(self, lines: Iterable[str]) -> SiteProfile:
        """A new profile with one more page counted (profiles are immutable)."""
        counts = Counter(self.counts)
        counts.update(lines_for_profile(lines))
        return SiteProfile(self.pages + 1, counts)

    def seen_share(self, text: str) -> float:
        """Share of the site's counted pages on which this line (folded) appeared."""
        if self.pages <= 0 or len(fold_line(text)) < KEY_MIN_CHARS:
            return 0.0
        return min(1.0, self.counts.get(line_key(text), 0) / self.pages)

    @property
    def trusted(self) -> bool:
        """Enough pages counted for shares to mean something."""
        return self.pages >= PROFILE_MIN_PAGES

    def is_site_line(self, text: str) -> bool:
        """Seen on so many of the site's pages that it cannot be one article's own text."""
        return self.trusted and self.seen_share(text) >= PROFILE_MIN_SHARE
