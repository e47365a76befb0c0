"""Project word lists and the text normalization they are matched under.

Lists live in ``newscrawl/lexicons/*.txt`` (one term per line, ``#`` comments, Simplified script).
Pages come in both scripts, so every match runs on :func:`normalize` output: Traditional folded to
Simplified with OpenCC, NFKC (full-width Latin and digits to ASCII) and lower case. Keeping the
lists
in Simplified only halves their size and means a Traditional page needs no list of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import opencc

LEXICON_PACKAGE = "newscrawl"
LEXICON_DIR = "lexicons"


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """Traditional -> Simplified, leaving everything else alone (length-preserving in practice)."""
    return _t2s().convert(text)


@lru_cache(maxsize=4096)
def to_traditional(text: str) -> str:
    """Simplified -> Traditional; used only to tell which script a line is written in."""
    return _s2t().convert(text)


def normalize(text: str) -> str:
    """The form every lexicon match runs on: NFKC, Simplified script, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@cache
def load_terms(name: str) -> tuple[str, ...]:
    """Terms of ``lexicons/<name>.txt``, normalized, longest first (so alternations prefer them)."""
    path = resources.files(LEXICON_PACKAGE).joinpath(LEXICON_DIR, f"{name}.txt")
    terms: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        terms.add(normalize(line))
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


@dataclass(frozen=True)
class Lexicon:
    """A compiled word list: counts non-overlapping hits in normalized text."""

    name: str
    pattern: re.Pattern[str]

    def hits(self, normalized: str) -> list[str]:
        """Every term occurrence, leftmost-longest, in text already passed through
        :func:`normalize`."""
        return [m.group(0) for m in self.pattern.finditer(normalized)]


def _term_regex(term: str) -> str:
    # Latin terms must match whole words ("av" must not fire inside "java"); CJK terms cannot.
    body = re.escape(term)
    if term[:1].isascii() and term[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if term[-1:].isascii() and term[-1:].isalnum():
        body = body + r"(?![a-z])"
    return body


@cache
def lexicon(name: str, *, prefix: str | None = None) -> Lexicon:
    """Compile list ``name``; with ``prefix``, only the lines starting with it (prefix stripped)."""
    terms = load_terms(name)
    if prefix is not None:
        terms = tuple(t[len(prefix) :] for t in terms if t.startswith(prefix))
    else:
        terms = tuple(t for t in terms if not t.startswith("+"))
    if not terms:
        return Lexicon(name, re.compile(r"(?!x)x"))
    return Lexicon(name, re.compile("|".join(_term_regex(t) for t in terms)))


def normalize_aligned(text: str) -> str:
    """Like :func:`normalize` but guaranteed the same length as ``text``, so that a match's offsets
    in the normalized form cut the same span out of the original (needed for inline removal)."""
    chars = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch).lower()
        chars.append(n if len(n) == 1 else ch.lower() if len(ch.lower()) == 1 else ch)
    folded = "".join(chars)
    simp = to_simplified(folded)
    if len(simp) == len(folded):
        return simp
    return "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in folded)
