"""Whole-page injection: doorway pages and news salad.

Some pages carry no article at all: a pharma or casino doorway planted under a legitimate site's
path,
or "news salad" stitched from sentences of unrelated reports. No single line gives them away (each
line may be fluent prose), so the decision is made over the page:

* pharma doorway: a keyword headline (drug + purchase word, no sentence) followed by paragraphs that
  keep returning to the drug. A blog post that merely quotes the spam phrase talks about something
  else in its following paragraphs.
* casino doorway: a gambling keyword in the URL slug of a site whose name has none, and paragraphs
  dense in casino vocabulary.
* news salad: two or more wire datelines ("X月X日电") opening different lines of one page, with the
  lines sharing almost no vocabulary.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .lexicon import lexicon, normalize
from .text import shape

#: A keyword headline has at most this many words.
DOORWAY_HEADLINE_MAX_WORDS = 10
#: Share of the following long paragraphs that must mention the drug / casino terms.
DOORWAY_MIN_SHARE = 0.6
DOORWAY_MIN_PARAGRAPHS = 2
LONG_LINE_MIN = 80
CASINO_URL_RE = re.compile(
    r"slot|casino|poker|judi|togel|baccarat|betting|roulette|blackjack|jackpot", re.IGNORECASE
)
DATELINE_RE = re.compile(r"^(?:\S{0,8}?)\d{1,2}月\d{1,2}日电")
SALAD_MIN_DATELINES = 2
#: Highest mean best-neighbour bigram overlap for lines of a salad (articles share their
#: vocabulary).
SALAD_MAX_COHERENCE = 0.035


def _mentions(lex_name: str, text: str, prefix: str | None = None) -> int:
    return len(lexicon(lex_name, prefix=prefix).hits(normalize(text)))


def pharma_doorway_start(lines: list[str]) -> int | None:
    """Index of a pharma doorway headline whose following paragraphs are all about the drug."""
    for i, line in enumerate(lines):
        sh = shape(line)  # (its words and function ratio are the line's: cached, measured once)
        if not sh.words or sh.words > DOORWAY_HEADLINE_MAX_WORDS or sh.function_ratio > 0:
            continue
        if not (_mentions("pharma_spam", line) and _mentions("pharma_spam", line, prefix="+")):
            continue
        following = [t for t in lines[i + 1 :] if len(t) >= LONG_LINE_MIN]
        if len(following) < DOORWAY_MIN_PARAGRAPHS:
            continue
        share = sum(1 for t in following if _mentions("pharma_spam", t)) / len(following)
        if share >= DOORWAY_MIN_SHARE:
            return i
    return None


def casino_doorway(lines: list[str], url: str | None) -> bool:
    """Gambling slug on a non-gambling host, and casino vocabulary in most paragraphs."""
    if not url:
        return False
    parts = urlsplit(url)
    if not CASINO_URL_RE.search(parts.path) or CASINO_URL_RE.search(parts.netloc):
        return False
    long_lines = [t for t in lines if len(t) >= LONG_LINE_MIN]
    if len(long_lines) < DOORWAY_MIN_PARAGRAPHS:
        return False
    share = sum(1 for t in long_lines if _mentions("gambling", t)) / len(long_lines)
    return share >= DOORWAY_MIN_SHARE - 0.2


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"\s+", "", normalize(text))
    return {t[i : i + 2] for i in range(len(t) - 1)}


def coherence(lines: list[str]) -> float:
    """Mean over lines of the best Jaccard bigram overlap with another line."""
    grams = [_bigrams(t) for t in lines]
    scores = []
    for i, g in enumerate(grams):
        best = 0.0
        for j, h in enumerate(grams):
            if i != j and g and h:
                best = max(best, len(g & h) / len(g | h))
        scores.append(best)
    return sum(scores) / len(scores) if scores else 1.0


def is_news_salad(lines: list[str]) -> bool:
    """Several wire datelines on one page, and paragraphs with nothing in common."""
    long_lines = [t for t in lines if len(t) >= LONG_LINE_MIN // 2]
    datelines = sum(1 for t in long_lines if DATELINE_RE.match(normalize(t).strip()))
    if datelines < SALAD_MIN_DATELINES or len(long_lines) < 3:
        return False
    return coherence(long_lines) <= SALAD_MAX_COHERENCE
