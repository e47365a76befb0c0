"""Which line is the headline, and what of it to keep.

On a text page the first line is the page's ``<title>``, which hijackers rewrite; the headline is
elsewhere. It is picked by evidence, not position alone: repeated later or contained in the
``<title>`` line, right next to the date/byline block, right after the injected lines at the top, or
the last short line above the first paragraph. The title is then cleaned of a keyword prefix
("<keyword>-<headline>") when the part after the separator stands on its own elsewhere on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import shape

TITLE_MIN_LEN = 4
TITLE_MAX_LEN = 120
#: Evidence weights.
W_REPEATED = 2
W_NEXT_TO_META = 3
W_AFTER_LEADING_SPAM = 2
W_FIRST_LINE = 3
W_ABOVE_BODY = 1
#: Shortest headline part left after cutting a keyword prefix.
PREFIX_CORE_MIN = 8
#: The line that shows the bare headline may carry this much else (a list number, a keyword).
PREFIX_REPEAT_EXTRA = 12
W_LONG = 1
LONG_TITLE_MIN = 10
PREFIX_SEP_RE = re.compile(r"(?<![A-Za-z])[-_]|[-_](?![A-Za-z])|[|｜—–]")
SUBTITLE_RE = re.compile(r"^(?:——|--)")
#: A section label in brackets ("【摘要】") is not a headline.
LABEL_RE = re.compile(r"^[【\[(（《].{1,6}[】\])）》]$")
#: Units of prose that make a line a paragraph (with a sentence end / without one).
PARAGRAPH_MIN_UNITS = 30
PARAGRAPH_LONG_UNITS = 60


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing lines: every whitespace character removed (a split
    and join is much cheaper than a regex substitution, and hands back a line without any as is)."""
    return "".join(text.split())


@dataclass
class TitleChoice:
    index: int
    evidence: list[str]


def is_paragraph(text: str) -> bool:
    """A line of article prose long enough to mark where the body starts."""
    sh = shape(text)
    units = sh.cjk + 2 * sh.words  # a Latin word carries about two Han characters' worth of text
    return sh.is_prose and (
        (sh.sentence_ends >= 1 and units >= PARAGRAPH_MIN_UNITS) or units >= PARAGRAPH_LONG_UNITS
    )


def choose(texts: list[str], roles: list[str | None]) -> TitleChoice | None:
    """Pick the headline among undecided lines above the first paragraph."""
    n = len(texts)
    body_start = next((i for i in range(n) if roles[i] is None and is_paragraph(texts[i])), n)
    first = squash(texts[0]) if texts else ""
    squashed: list[str] = []  # every line's squash, taken once when the first candidate needs it
    best: TitleChoice | None = None
    best_score = 0
    for i in range(body_start):
        t = texts[i].strip()
        if roles[i] is not None or not (TITLE_MIN_LEN <= len(t) <= TITLE_MAX_LEN):
            continue
        if len(re.findall(r"[:：]", t)) >= 2:
            continue  # "name: affiliation, name: affiliation" - a labeled line, not a headline
        if "。" in t or SUBTITLE_RE.match(t) or LABEL_RE.match(t) or shape(t).sentence_ends >= 3:
            continue
        if not squashed:
            squashed = [squash(x) for x in texts]
        sq = squash(t)
        others = [squashed[j] for j in range(n) if j != i]
        core = squash(_strip_keyword_prefix(t, others)[0])
        ev: list[str] = []
        score = 0
        if len(sq) >= LONG_TITLE_MIN:
            score += W_LONG
            ev.append("headline length")
        later = [squashed[j] for j in range(n) if j != i and roles[j] != "meta"]
        if any(core in o and len(o) <= len(core) * 2 + 20 for o in later) or (
            i > 0 and sq in first
        ):
            score += W_REPEATED
            ev.append("repeated on the page")
        if _next_to(i, roles, texts, "meta"):
            score += W_NEXT_TO_META
            ev.append("next to the date/byline")
        if i > 0 and all(roles[j] in ("spam", "title-tag") for j in range(i)):
            score += W_AFTER_LEADING_SPAM
            ev.append("right after the injected lines")
        if i == 0:
            score += W_FIRST_LINE
            ev.append("the <title> line")
        if (
            all(
                roles[j] is not None or len(texts[j].strip()) <= 4 for j in range(i + 1, body_start)
            )
            and body_start < n
        ):
            score += W_ABOVE_BODY
            ev.append("right above the first paragraph")
        if score > best_score:
            best, best_score = TitleChoice(i, ev), score
    if best is not None:
        # The headline is its first occurrence: an identical line above it is the same headline.
        sq = squashed[best.index]
        first_at = next(j for j in range(best.index + 1) if squashed[j] == sq or j == best.index)
        if first_at != best.index and roles[first_at] is None:
            best = TitleChoice(first_at, best.evidence + ["first occurrence"])
    return best


def _next_to(i: int, roles: list[str | None], texts: list[str], role: str) -> bool:
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(roles) and (
            roles[j] == "boilerplate" or SUBTITLE_RE.match(texts[j].strip())
        ):
            j += step
        if 0 <= j < len(roles) and roles[j] == role:
            return True
    return False


def strip_keyword_prefix(title: str, others: list[str]) -> tuple[str, str | None]:
    """Cut "<keyword>-" off a headline when what follows the separator stands alone elsewhere."""
    if not PREFIX_SEP_RE.search(title):
        return title, None  # (no separator: the other lines need not be squashed)
    return _strip_keyword_prefix(title, [squash(o) for o in others])


def _strip_keyword_prefix(title: str, squashed_others: list[str]) -> tuple[str, str | None]:
    """:func:`strip_keyword_prefix` with the other lines already squashed (a page's candidates
    share them)."""
    for m in PREFIX_SEP_RE.finditer(title):
        core = title[m.end() :].strip()
        head = title[: m.start()]
        sq_core = squash(core)
        if len(sq_core) < PREFIX_CORE_MIN or not head.strip():
            continue
        sq_head = squash(head)
        limit = len(sq_core) + PREFIX_REPEAT_EXTRA
        if any(sq_core in o and sq_head not in o and len(o) <= limit for o in squashed_others):
            return core, title[: m.end()]
    return title, None
