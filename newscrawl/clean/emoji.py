"""Emoji injection: random emoji appended after clauses all through an article.

Some kits salt copied articles with emoji to make them look unique. A page's own emoji are few (an
audio marker, a reaction); the injection puts many across many lines. Stripping is page-level.
"""

from __future__ import annotations

import re

from newscrawl.items import Removal

EMOJI_RE = re.compile(
    "(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]"
    "[\U0001f3fb-\U0001f3ff\ufe0f\u20e3]*"
    "(?:\u200d[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff][\U0001f3fb-\U0001f3ff\ufe0f]*)*)+"
)
#: Emoji clusters a page needs before they count as injection...
PAGE_MIN_EMOJI = 8
#: ...spread over at least this many lines.
PAGE_MIN_EMOJI_LINES = 3


#: The characters an emoji cluster starts with: a line without one holds no cluster (a plain class
#: search is far cheaper than running :data:`EMOJI_RE` over every line of a page).
EMOJI_START_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff]")


def page_has_injection(lines: list[str]) -> bool:
    """Many emoji clusters across several lines."""
    lines = [line for line in lines if EMOJI_START_RE.search(line)]
    if len(lines) < PAGE_MIN_EMOJI_LINES:
        return False
    counts = [len(EMOJI_RE.findall(line)) for line in lines]
    return sum(counts) >= PAGE_MIN_EMOJI and sum(1 for c in counts if c) >= PAGE_MIN_EMOJI_LINES


def strip_emoji(text: str, position: int) -> tuple[str, list[Removal]]:
    """Remove every emoji cluster from one line (call only on injected pages)."""
    removals: list[Removal] = []

    def repl(m: re.Match[str]) -> str:
        removals.append(Removal(position, m.group(0), "injected emoji", "emoji"))
        return ""

    return EMOJI_RE.sub(repl, text), removals
