"""Full-text search that finds Chinese queries of any length, in either script.

SQLite's stock tokenizers cannot do this: ``unicode61`` makes a whole run of Han characters one
token, and ``trigram`` cannot match fewer than three characters. So the text is prepared before it
reaches FTS5: it is normalized to Simplified and case-folded (:func:`newscrawl.normalize.search_text`),
then every Han, kana or hangul character becomes a token of its own, while Latin words stay words.
A query is rewritten the same way into an FTS5 phrase (``中国`` becomes ``"中 国"``), which matches
exactly where the characters stand next to each other. Punctuation and spaces that touch a CJK
character become a placeholder token, so a phrase never matches across them (as ``LIKE`` would not).

The rewriting is exposed as the SQL function ``newscrawl_fts_query`` by the archive connection and by
the datasette plugin::

    select * from articles where id in (
      select rowid from articles_search where articles_search match newscrawl_fts_query('人才'))
"""

from __future__ import annotations

import re

from .normalize import is_han, search_text

#: A private-use character: unicode61 keeps it as a token, so it can stand for a gap.
GAP_TOKEN = "\ue000"
#: Matches nothing that was ever indexed; the rewrite of an empty query.
NO_MATCH = '"\ue001"'
_WORD_CHAR = re.compile(r"\w")
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U000323af"
#: Runs of CJK characters, of other word characters, and of everything else.
_RUNS = re.compile(rf"[{_CJK}]+|(?:(?![{_CJK}])\w)+|(?:(?![{_CJK}])\W)+")


def _is_cjk(char: str) -> bool:
    return is_han(char) or "\u3040" <= char <= "\u30ff" or "\uac00" <= char <= "\ud7af"


def _kind(char: str) -> str:
    if _is_cjk(char):
        return "cjk"
    return "word" if _WORD_CHAR.match(char) else "gap"


def tokens(text: str) -> list[str]:
    """The tokens FTS5 should see for already-normalized ``text``.

    Each CJK character is a token; runs of other word characters are tokens; a run of anything else
    becomes one :data:`GAP_TOKEN` when it touches a CJK character, and nothing otherwise.
    """
    out: list[str] = []
    for match in _RUNS.finditer(text):
        run = match.group()
        kind = _kind(run[0])
        if kind == "cjk":
            out.extend(run)
        elif kind == "word":
            out.append(run)
        elif _touches_cjk(text, match.start(), match.end()):
            out.append(GAP_TOKEN)
    return out


def _touches_cjk(text: str, start: int, end: int) -> bool:
    return (start > 0 and _is_cjk(text[start - 1])) or (end < len(text) and _is_cjk(text[end]))


def index_text(*parts: str | None) -> str:
    """Normalize and tokenize ``parts`` into the space-separated form stored in the FTS table."""
    return " ".join(tokens(search_text(*parts)))


def fts_query(query: str | None) -> str:
    """Rewrite a user's query into an FTS5 MATCH expression: every term must occur as written."""
    terms = []
    for term in search_text(query or "").split():
        term_tokens = tokens(term)
        if term_tokens:
            terms.append('"' + " ".join(t.replace('"', '""') for t in term_tokens) + '"')
    return " AND ".join(terms) if terms else NO_MATCH
