"""Whole-page verdict: how hijacked a page is, and by which patterns.

Every removal already names the rule that made it; the verdict only groups rules into the pattern
names the archive keeps (``hijack_patterns``) and combines per-pattern weights into one score in
0..1 (``hijack_score``), so a reviewer can always trace a score back to the removals behind it.

The weights say how sure each pattern alone is that the page was hijacked: a porn keyword line or a
doorway is proof; mojibake is often just a mis-declared charset, so it counts little on its own.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Rule prefix -> pattern name (first match wins; order from most to least specific).
RULE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("page.pharma-doorway", "doorway"),
    ("page.casino-doorway", "doorway"),
    ("page.news-salad", "news-salad"),
    ("page.all-spam", "keyword-list"),
    ("spam-line.keyword-list", "keyword-list"),
    ("spam-line.dense", "keyword-list"),
    ("spam-line.domain", "keyword-list"),
    ("spam-line.keyword-headline", "keyword-list"),
    ("spam-line.title-template", "keyword-list"),
    ("spam-line.script", "keyword-list"),
    ("spam-line.site-name", "hijacker-name"),
    ("spam-line.brand", "hijacker-name"),
    ("spam-line.site-repeated", "injected-header"),
    ("spam-line.casino-name", "hijacker-name"),
    ("spam-line.repeated-name", "hijacker-name"),
    ("spam-line.operator-footer", "hijacker-name"),
    ("spam-line.unrelated-title", "swapped-title"),
    ("spam-line.hidden-tags", "leaked-tag"),
    ("spam-line.junk", "mojibake"),
    ("inline-brand", "inline-brand"),
    ("title.keyword-prefix", "inline-brand"),
    ("pinyin", "pinyin-annotation"),
    ("mojibake", "mojibake"),
    ("leaked-tag", "leaked-tag"),
    ("emoji", "emoji"),
)
#: How sure one pattern alone makes us that the page is hijacked.
PATTERN_WEIGHTS: dict[str, float] = {
    "doorway": 1.0,
    "news-salad": 1.0,
    "keyword-list": 0.9,
    "hijacker-name": 0.8,
    "inline-brand": 0.7,
    "pinyin-annotation": 0.7,
    "swapped-title": 0.6,
    "injected-header": 0.6,
    "emoji": 0.5,
    "leaked-tag": 0.4,
    "mojibake": 0.3,
}
#: Patterns in the order the archive lists them.
PATTERN_ORDER = tuple(PATTERN_WEIGHTS)


def pattern_of(rule: str) -> str | None:
    """The hijack pattern a removal rule belongs to (None for chrome, meta, site boilerplate)."""
    for prefix, name in RULE_PATTERNS:
        if rule.startswith(prefix):
            return name
    return None


def patterns_of(rules: Iterable[str]) -> list[str]:
    """Distinct patterns behind these rules, in :data:`PATTERN_ORDER`."""
    found = {p for r in rules if (p := pattern_of(r))}
    return [p for p in PATTERN_ORDER if p in found]


def hijack_score(patterns: Iterable[str]) -> float:
    """Noisy-OR of the pattern weights: 0 for a clean page, near 1 with strong evidence."""
    miss = 1.0
    for p in set(patterns):
        miss *= 1.0 - PATTERN_WEIGHTS.get(p, 0.0)
    return round(1.0 - miss, 3)
