"""Script detection and Simplified-Chinese normalization for search and comparison.

Stored titles and bodies keep the page's own script and punctuation; only the search text is
normalized (Traditional to Simplified with OpenCC, case-folded), so that a query in either script
finds an article in either script. One OpenCC converter is built per process and reused.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

import opencc

#: Share of Han characters that changes under t2s above which a text counts as Traditional.
TRADITIONAL_SHARE = 0.08
#: Share of Han characters among letters above which a text counts as Chinese.
HAN_SHARE = 0.3


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (and mixed) Chinese to Simplified; other text unchanged."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    """Simplified Chinese to Traditional; other text unchanged."""
    return _converter("s2t").convert(text) if text else text


def is_han(char: str) -> bool:
    """True for a CJK ideograph (the unified blocks and extensions)."""
    code = ord(char)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x323AF
            or 0xF900 <= code <= 0xFAFF)


#: Han ideographs (the unified blocks and extensions, as :func:`is_han`), kana and hangul syllables.
_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U000323af\uf900-\ufaff]")
_KANA = re.compile("[\u3040-\u30ff]")
_HANGUL = re.compile("[\uac00-\ud7af]")


def _letters(chars: list[str]) -> int:
    return sum(map(str.isalpha, chars))


def detect_script(text: str) -> str | None:
    """"Hant", "Hans", "Latn", "Jpan", "Kore" or None, from the letters of ``text``.

    Counted with regular expressions and ``str.isalpha`` in C: a Python test per character was a
    millisecond per article.
    """
    letters = sum(map(str.isalpha, text))
    if not letters:
        return None
    # Only letters count: the blocks hold unassigned code points and marks too.
    han = _HAN.findall(text)
    if _letters(_KANA.findall(text)) > letters * 0.1:
        return "Jpan"
    if _letters(_HANGUL.findall(text)) > letters * 0.3:
        return "Kore"
    if _letters(han) < letters * HAN_SHARE:
        return "Latn"  # every letter is of a Unicode letter category (L*), whatever its script
    sample = "".join(islice(filter(str.isalpha, han), 4000))
    changed = sum(1 for a, b in zip(sample, to_simplified(sample)) if a != b)
    return "Hant" if changed > len(sample) * TRADITIONAL_SHARE else "Hans"


def search_text(*parts: str | None) -> str:
    """The text the search index sees: Simplified, NFKC-folded, lower-cased, parts joined by lines."""
    joined = "\n".join(p for p in parts if p)
    return unicodedata.normalize("NFKC", to_simplified(joined)).lower()


def register_script_functions(conn) -> None:
    """SQL functions ``to_simplified(text)`` and ``to_traditional(text)`` on a sqlite3 connection."""
    conn.create_function("to_simplified", 1, lambda s: to_simplified(s) if s else s,
                         deterministic=True)
    conn.create_function("to_traditional", 1, lambda s: to_traditional(s) if s else s,
                         deterministic=True)
