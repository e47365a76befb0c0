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
from functools import lru_cache
from typing import NamedTuple

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
#: The characters :data:`SEGMENT_SPLIT_RE` is made of besides whitespace: every one of them (and
#: every whitespace character) lies inside a separator match and a separator match holds nothing
#: else, so the non-empty pieces of a split are the runs of other characters.
SEGMENT_SEPARATOR_CHARS = ",，_|/、-"

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


def segment_count(text: str) -> int:
    """``len(segments(text))`` without the regex split: separators turned into spaces, then a
    plain whitespace split (``\\s`` and ``str.split`` know the same whitespace)."""
    for sep in SEGMENT_SEPARATOR_CHARS:
        if sep in text:
            text = text.replace(sep, " ")
    return len(text.split())


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


class Shape(NamedTuple):
    """What a line looks like, independent of its words (a tuple: built for nearly every line, and
    shared through the cache, so cheap to make and immutable)."""

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


#: Characters that are not Han (of :data:`CJK_RE`): deleting them leaves a line's Han characters.
_NON_CJK_RE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: :data:`CJK_FUNCTION_CHARS` as a character class (all of them are Han).
_CJK_FUNCTION_RE = re.compile("[" + "".join(sorted(CJK_FUNCTION_CHARS)) + "]")
#: The single characters of :data:`SENTENCE_END_RE`; the rest of it is a '.' before a space or the
#: end (:data:`_STOP_RE`), which consumes nothing another alternative could match.
_SENTENCE_END_CHARS = "。！？!?；;"
_STOP_RE = re.compile(r"\.(?:\s|$)")
#: The characters of :data:`CLAUSE_RE`.
_CLAUSE_CHARS = "，,、：:"
#: The ASCII ones among them: all an ASCII line can hold.
_SENTENCE_END_ASCII = "".join(c for c in _SENTENCE_END_CHARS if c.isascii())
_CLAUSE_ASCII = "".join(c for c in _CLAUSE_CHARS if c.isascii())
_TRAILING_JUNK_CHARS = "?？"


def _strip_trailing_junk(text: str) -> str:
    """``_TRAILING_JUNK_RE.sub("", text)``, skipping the regex scan when the last character is
    plainly not junk (almost every line)."""
    last = text[-1:]
    if last and not last.isspace() and last not in _TRAILING_JUNK_CHARS:
        return text
    return _TRAILING_JUNK_RE.sub("", text)


def _char_count(text: str, chars: str) -> int:
    """Occurrences of any of ``chars`` (each one character) in ``text``."""
    return sum(map(text.count, chars))


@lru_cache(maxsize=SHAPE_CACHE_LINES)
def shape(text: str) -> Shape:
    """Measure a line (trailing '?' junk, common after injected lists, is ignored).

    Every rule asks for the shape of nearly every line, so each count is taken the cheapest exact
    way: the Han characters as one string (not a list of them), sentence ends and clause marks by
    ``str.count``, segments without the regex split; the results equal those of the regexes above.
    """
    core = _strip_trailing_junk(text)
    ascii_only = core.isascii()  # (no Han, no full-width punctuation: fewer things to count)
    han = "" if ascii_only else _NON_CJK_RE.sub("", core)
    words = LATIN_WORD_RE.findall(core)
    function_hits = len(_CJK_FUNCTION_RE.findall(han)) if han else 0
    if words:
        function_hits += sum(map(LATIN_FUNCTION_WORDS.__contains__, map(str.lower, words)))
    units = len(han) + len(words)
    ends, clauses = (
        (_SENTENCE_END_ASCII, _CLAUSE_ASCII) if ascii_only else (_SENTENCE_END_CHARS, _CLAUSE_CHARS)
    )
    sentence_ends = _char_count(core, ends)
    if "." in core:
        sentence_ends += len(_STOP_RE.findall(core))
    return Shape(
        length=len(core),
        cjk=len(han),
        words=len(words),
        sentence_ends=sentence_ends,
        clauses=_char_count(core, clauses),
        segments=segment_count(core),
        function_ratio=function_hits / units if units else 0.0,
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
