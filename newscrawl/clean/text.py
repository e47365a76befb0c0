"""Surface features of a line of text: scripts, sentence shape, keyword-list shape.

These are the language-independent signals the classifiers combine. A genuine line of news is made
of
sentences (sentence punctuation, function words, length); an injected keyword line is a run of short
noun phrases glued by commas, underscores, dashes or slashes. Script counts show lines written in a
different script or language from the page (Simplified on a Traditional page, Japanese on a
Chinese one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import to_simplified, to_traditional

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA_RE = re.compile(r"[\u3040-\u30ff]")
HANGUL_RE = re.compile(r"[\uac00-\ud7af]")
LATIN_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
#: Punctuation that ends a sentence (CJK full stops and the Latin ones followed by space or end).
SENTENCE_END_RE = re.compile(r"[。！？!?；;]|\.(?:\s|$)")
CLAUSE_RE = re.compile(r"[，,、：:]")
#: Separators of SEO keyword lists.
SEGMENT_SPLIT_RE = re.compile(r"\s*(?:[,，_|/、]|\s-\s|-|\s{1,})\s*")

#: Chinese function words: sentences carry them, keyword lists hardly ever do.
CJK_FUNCTION_CHARS = set("的了是在和与及对将被为从把也都而但这其于以就所之并或")
LATIN_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "is",
    "are",
    "was",
    "were",
    "be",
    "for",
    "with",
    "that",
    "this",
    "it",
    "as",
    "at",
    "by",
    "from",
    "but",
    "not",
    "have",
    "has",
    "can",
    "will",
    "i",
    "you",
    "he",
    "she",
    "we",
    "they",
    "my",
    "his",
    "her",
    "their",
    "our",
    "der",
    "die",
    "das",
    "und",
    "ist",
    "ein",
    "eine",
    "mit",
    "von",
    "zu",
    "im",
    "den",
    "dem",
    "nicht",
    "le",
    "la",
    "les",
    "et",
    "est",
    "des",
    "un",
    "une",
    "el",
    "los",
    "las",
    "y",
    "es",
    "yang",
    "dan",
}


def cjk_count(text: str) -> int:
    """Number of Han characters."""
    return len(CJK_RE.findall(text))


def latin_words(text: str) -> list[str]:
    """Latin-script words, lower case."""
    return [w.lower() for w in LATIN_WORD_RE.findall(text)]


def segments(text: str) -> list[str]:
    """Pieces of a line split on keyword-list separators, empty ones dropped."""
    return [s for s in SEGMENT_SPLIT_RE.split(text.strip()) if s]


def function_ratio(text: str) -> float:
    """Share of function words / characters: about 0.1-0.2 in Chinese prose, near 0 in keyword
    lists."""
    return _function_ratio(CJK_RE.findall(text), latin_words(text))


def _function_ratio(cjk: list[str], words: list[str]) -> float:
    """:func:`function_ratio` from a line's Han characters and Latin words, already found."""
    total = len(cjk) + len(words)
    if total == 0:
        return 0.0
    hits = sum(map(CJK_FUNCTION_CHARS.__contains__, cjk))
    hits += sum(map(LATIN_FUNCTION_WORDS.__contains__, words))
    return hits / total


@dataclass(frozen=True)
class Shape:
    """What a line looks like, independent of its words."""

    length: int
    cjk: int
    words: int
    sentence_ends: int
    clauses: int
    segments: int
    function_ratio: float

    @property
    def is_prose(self) -> bool:
        """Reads as sentences: ends or clauses, function words, enough length."""
        units = self.cjk + self.words
        if units < PROSE_MIN_UNITS:
            return False
        if self.sentence_ends >= 2 and self.function_ratio >= PROSE_MIN_FUNCTION_RATIO / 3:
            return True  # several sentences: a list of events or names is still prose
        if self.function_ratio < PROSE_MIN_FUNCTION_RATIO:
            return False
        return self.sentence_ends >= 1 or self.clauses >= 2

    @property
    def is_keyword_list(self) -> bool:
        """Many short segments, no sentence ending, (almost) no function words."""
        if self.segments < KEYWORD_LIST_MIN_SEGMENTS or self.sentence_ends > 1:
            return False
        return self.function_ratio < KEYWORD_LIST_MAX_FUNCTION_RATIO


PROSE_MIN_UNITS = 12
PROSE_MIN_FUNCTION_RATIO = 0.03
KEYWORD_LIST_MIN_SEGMENTS = 3
KEYWORD_LIST_MAX_FUNCTION_RATIO = 0.06


#: Lines whose :class:`Shape` is kept: the rules measure the same line several times per page.
SHAPE_CACHE_LINES = 4096
_TRAILING_JUNK_RE = re.compile(r"[\s?？]+$")


@lru_cache(maxsize=SHAPE_CACHE_LINES)
def shape(text: str) -> Shape:
    """Measure a line (trailing '?' junk, common after injected lists, is ignored)."""
    core = _TRAILING_JUNK_RE.sub("", text)
    cjk = CJK_RE.findall(core)
    words = latin_words(core)
    return Shape(
        length=len(core),
        cjk=len(cjk),
        words=len(words),
        sentence_ends=len(SENTENCE_END_RE.findall(core)),
        clauses=len(CLAUSE_RE.findall(core)),
        segments=len(segments(core)),
        function_ratio=_function_ratio(cjk, words),
    )


def script_counts(text: str) -> tuple[int, int]:
    """(Traditional-only chars, Simplified-only chars) in ``text``.

    A character is Traditional-only when t2s changes it, Simplified-only when s2t changes it and t2s
    leaves it; most characters are shared and count for neither.
    """
    han = "".join(CJK_RE.findall(text))
    if not han:
        return 0, 0
    simp = to_simplified(han)
    trad = to_traditional(han)
    t_only = sum(1 for a, b in zip(han, simp) if a != b) if len(simp) == len(han) else 0
    s_only = (
        sum(1 for a, b, c in zip(han, trad, simp) if a != b and a == c)
        if len(trad) == len(han)
        else 0
    )
    return t_only, s_only


def has_kana(text: str) -> bool:
    """Japanese kana present."""
    return bool(KANA_RE.search(text))


def has_hangul(text: str) -> bool:
    """Korean present."""
    return bool(HANGUL_RE.search(text))
