"""The page's language, as a primary subtag ("en", "zh").

The declared ``<html lang>`` is trusted when present (normalised: "zh-CN" -> "zh"); otherwise the
script of the extracted text decides for the languages whose script is unambiguous (Chinese,
Japanese, Korean, Russian...), which is what the cleaning stage needs to pick its rules.
"""

from __future__ import annotations

import re

#: Share of letters in a script above which the text is taken to be in that script's language.
SCRIPT_SHARE = 0.3
#: Common English words: enough of them among the words of a Latin text makes it English.
ENGLISH_MARKERS = frozenset("the and of to in is that for with was on are as by this".split())
ENGLISH_SHARE = 0.08

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u3400-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LANG_TAG = re.compile(r"^[a-z]{2,3}(?=$|[-_])", re.IGNORECASE)


def normalize_lang(tag: str | None) -> str | None:
    """ "zh-CN" -> "zh", "en_US" -> "en"; None for anything that is not a language tag."""
    match = _LANG_TAG.match((tag or "").strip())
    return match.group(0).lower() if match else None


def detect_lang(declared: str | None, text: str, hint: str | None = None) -> str | None:
    """Declared language, else the script of ``text``, else ``hint``."""
    lang = normalize_lang(declared)
    if lang:
        return lang
    sample = text[:5000]
    letters = len(_LETTER.findall(sample))
    if letters:
        # Japanese text is full of hanzi too: kana anywhere decides for "ja" first.
        for code, pattern in _SCRIPTS:
            share = len(pattern.findall(sample)) / letters
            if share >= (0.05 if code == "ja" else SCRIPT_SHARE):
                return code
        words = re.findall(r"[a-z]+", sample.lower())
        if words and sum(w in ENGLISH_MARKERS for w in words) / len(words) >= ENGLISH_SHARE:
            return "en"
    return normalize_lang(hint)
