"""Substring search in either Chinese script, with the exactness of ``LIKE`` and the speed of FTS5.

The contract: a query term of one character or more finds exactly the articles whose normalized
text (``articles.search_text``: Simplified, NFKC, lower case, see :func:`newscrawl.normalize.search_text`)
contains the normalized term -- the same set ``instr(search_text, term) > 0`` gives, for Chinese and
Latin alike ("cat" finds "category", as ``LIKE`` would). Terms separated by spaces must all occur.

SQLite's stock tokenizers cannot do this (``unicode61`` makes a run of Han characters one token,
``trigram`` needs three characters), and Python cannot register an FTS5 tokenizer, so the text is
tokenized here and handed to FTS5's ``ascii`` tokenizer as space-separated tokens, in a contentless
table (``content=''``: it stores no copy of the text, only the index) with ``detail=none`` (it
stores which articles hold a token, not where). An article's tokens are each *distinct*

- character of its text (a one-character term is that token),
- overlapping character bigram (a term of two characters or more is the AND of its bigrams), and
- overlapping trigram of each run of ASCII letters and digits (a term made only of such characters
  and at least three long is the AND of its trigrams instead: Latin bigrams such as ``th`` or ``en``
  are in nearly every English article, and trigrams narrow far more; a three-letter word is one
  token, found exactly).

Each distinct token once, without positions: an English article has ~4,500 bigram positions but a
few hundred distinct bigrams, so the index is a sixth of the size a positional one was (0.32x the
text against 2.03x, at 100,000 articles) and costs the archive's writer about half the time. The
price is that the index *narrows* and a second test *confirms*: an article holding every bigram
of "人才市场" need not hold "人才市场" itself. The SQL function
``newscrawl_search_match(search_text, query)`` confirms (every term is a substring of the text);
where every term is a single token (one or two characters, a three-letter Latin word) the index
alone is exact and the text is not read.

Characters the ``ascii`` tokenizer would treat as separators (ASCII punctuation, spaces, controls)
are mapped to private-use characters of plane 15, so bigrams across punctuation or spaces are
indexed too and ``"中,国"`` finds ``中,国`` as ``LIKE`` does. The mapping is injective (characters
that already are in that private-use block are escaped), so distinct bigrams stay distinct tokens.
Characters, bigrams and trigrams share one column: their tokens never coincide (one, two and three
code points, and a token with an escape is longer than the character it escapes).

Contentless FTS5 on SQLite 3.40 (no ``contentless_delete``) can only forget a row when it is told
the row's old tokens. Triggers on ``articles`` (pure SQL, so any client may write ``articles``)
record in :data:`PENDING_TABLE` each article whose indexed text is going out of date together with
the text that is indexed now; :func:`sync` deletes those old tokens and indexes the current text.
:meth:`newscrawl.archive.Archive.save_article` calls it in the same transaction.

The query rewriting is the SQL function ``newscrawl_fts_query``, registered with
``newscrawl_fts_exact`` (:func:`is_exact`) and ``newscrawl_search_match`` (:func:`matches`) by the
archive connection and by the datasette plugin; :func:`articles_filter` writes the filter::

    select * from articles where id in (
      select rowid from articles_search where articles_search match newscrawl_fts_query(:q))
      and (newscrawl_fts_exact(:q) or newscrawl_search_match(search_text, :q))
"""

from __future__ import annotations

import operator
import re
import sqlite3
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .normalize import search_text

SEARCH_TABLE = "articles_search"
#: Articles whose index entry is out of date, with the text the index holds for them (NULL: none).
PENDING_TABLE = "articles_search_pending"
#: The search table's one column: an article's distinct characters, bigrams and trigrams.
TOKENS_COLUMN = "tokens"
#: Runs of ASCII letters and digits (after normalization) three or more long are also indexed as
#: trigrams. (Not runs of Han characters: nearly every Han trigram of an article is a term no other
#: article holds, and new terms are what costs FTS5 most; their trigrams doubled the index's time.)
_TRIGRAM_RUN = re.compile(r"[a-z0-9]{3,}")
#: Rows indexed per transaction-free batch when the whole index is rebuilt.
REBUILD_BATCH = 500
#: Bytes of new tokens FTS5 holds in memory before it writes them out as a segment (its
#: ``hashsize`` option; SQLite's default is 1 MB). A batch of the archive's writer (100 articles)
#: fits, so it is written out once, at commit, instead of several times.
PENDING_BUFFER_BYTES = 8 << 20

#: ASCII characters that FTS5's ascii tokenizer treats as separators go to plane-15 private use.
_SEPARATOR_BASE = 0xF0000
#: Real characters in the block we map into are written as this escape plus themselves.
_ESCAPE = chr(_SEPARATOR_BASE + 0x80)
_MAPPED_BLOCK = re.compile(f"[{chr(_SEPARATOR_BASE)}-{chr(_SEPARATOR_BASE + 0xFF)}]")
_ENCODE = {c: chr(_SEPARATOR_BASE + c) for c in range(128) if not chr(c).isalnum()}
_ENCODE.update({_SEPARATOR_BASE + i: _ESCAPE + chr(_SEPARATOR_BASE + i) for i in range(0x100)})
#: A lone escape character is never a token of its own: a MATCH that finds nothing.
NO_MATCH = f'"{_ESCAPE}"'

CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5({TOKENS_COLUMN}, content='', "
    "tokenize='ascii', detail='none')",
    f"CREATE TABLE {PENDING_TABLE} (id INTEGER PRIMARY KEY, indexed TEXT)",
    # INSERT OR IGNORE: when an article is already pending, the index still holds the text recorded
    # first, which is what sync() must delete.
    f"CREATE TRIGGER {SEARCH_TABLE}_ai AFTER INSERT ON articles BEGIN "
    f"INSERT OR IGNORE INTO {PENDING_TABLE} (id, indexed) VALUES (new.id, NULL); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_au AFTER UPDATE OF id, search_text ON articles "
    "WHEN old.search_text IS NOT new.search_text OR old.id IS NOT new.id BEGIN "
    f"INSERT OR IGNORE INTO {PENDING_TABLE} (id, indexed) VALUES (old.id, old.search_text); "
    f"INSERT OR IGNORE INTO {PENDING_TABLE} (id, indexed) VALUES (new.id, NULL); END",
    f"CREATE TRIGGER {SEARCH_TABLE}_ad AFTER DELETE ON articles BEGIN "
    f"INSERT OR IGNORE INTO {PENDING_TABLE} (id, indexed) VALUES (old.id, old.search_text); END",
)


def encode(text: str) -> list[str]:
    """``text`` as one string per character, each made only of ascii-tokenizer token characters."""
    if _MAPPED_BLOCK.search(text):
        return [_ENCODE.get(ord(c), c) for c in text]
    return list(text.translate(_ENCODE))


def _trigrams(word: str) -> Iterable[str]:
    return (word[i:i + 3] for i in range(len(word) - 2))


def index_tokens(text: str | None) -> str:
    """The tokens to index for already-normalized ``text``, space-separated: its distinct
    characters, then its distinct bigrams, then the distinct trigrams of its Latin runs, each
    group in code-point order.

    Deterministic, since a contentless table forgets a row only when given the same tokens again.
    """
    text = text or ""
    chars = encode(text)
    bigrams = sorted(set(map(operator.add, chars, chars[1:])))
    trigrams = sorted({t for run in _TRIGRAM_RUN.findall(text) for t in _trigrams(run)})
    return join_groups(distinct_characters(text), " ".join(bigrams), " ".join(trigrams))


def join_groups(*groups: str) -> str:
    """Space-separated token groups, the empty ones left out."""
    return " ".join(filter(None, groups))


def distinct_characters(text: str) -> str:
    """Each distinct character of ``text`` once, encoded, in the tokens' code-point order (the
    encoding is injective, so the distinct characters are found before encoding: a few hundred
    instead of one per character)."""
    encoded = _ENCODE.get
    return " ".join(sorted([encoded(ord(c), c) for c in set(text)]))


def term_tokens(term: str) -> list[str]:
    """The index tokens every article containing ``term`` (normalized, without spaces) holds."""
    chars = encode(term)
    if len(chars) == 1:
        return chars
    if _TRIGRAM_RUN.fullmatch(term):
        return list(dict.fromkeys(_trigrams(term)))
    return list(dict.fromkeys(map(operator.add, chars, chars[1:])))


def is_exact(query: str | None) -> bool:
    """Whether the index alone finds exactly the articles containing every term of ``query``:
    when each term is a single token (one or two characters, or a three-character Latin word), an
    article holding the token holds the term. ``newscrawl_fts_exact``: the documented
    query confirms in the text only when this is false, and so never reads the text otherwise."""
    terms = _terms(query or "")
    return bool(terms) and all(len(term_tokens(term)) == 1 for term in terms)


def fts_query(query: str | None) -> str:
    """Rewrite a user's query into an FTS5 MATCH expression that every article containing all of
    its space-separated terms matches (and, for terms of more than one token, a few others:
    :func:`matches` confirms)."""
    tokens = [t for term in _terms(query or "") for t in term_tokens(term)]
    return " AND ".join(f'"{t}"' for t in dict.fromkeys(tokens)) if tokens else NO_MATCH


@lru_cache(maxsize=256)
def _terms(query: str) -> tuple[str, ...]:
    return tuple(search_text(query).split())


def matches(text: str | None, query: str | None) -> bool:
    """Whether already-normalized ``text`` (``articles.search_text``) contains every term of
    ``query``: the SQL function ``newscrawl_search_match`` that confirms what the index narrowed."""
    terms = _terms(query or "")
    return bool(text and terms) and all(term in text for term in terms)


def articles_filter(param: str = ":q") -> str:
    """The documented search filter on ``articles`` for the query bound to ``param``: the index
    narrows, the text confirms where the index alone is not exact (and only there, since reading
    ``search_text`` is the costly part of a search)."""
    return (f"id IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} "
            f"MATCH newscrawl_fts_query({param})) AND (newscrawl_fts_exact({param}) "
            f"OR newscrawl_search_match(search_text, {param}))")


def create(conn: sqlite3.Connection) -> None:
    """Create the search table, the pending table and the triggers that feed it."""
    for sql in CREATE_SQL:
        conn.execute(sql)


def _insert(conn: sqlite3.Connection, rows: Iterable[tuple[int, str | None]],
            ready: Mapping[int, str] | None = None) -> None:
    ready = ready or {}
    conn.executemany(f"INSERT INTO {SEARCH_TABLE} (rowid, {TOKENS_COLUMN}) VALUES (?, ?)",
                     ((rowid, ready.get(rowid) or index_tokens(text))
                      for rowid, text in rows if text is not None))


def sync(conn: sqlite3.Connection, *, ready: Mapping[int, str] | None = None) -> int:
    """Bring the index up to date with ``articles`` for every pending article; returns how many.

    ``ready`` maps article ids to :func:`index_tokens` of their *current* ``search_text``, computed
    beforehand (in the worker process that built the article), so that the writer does not.
    """
    pending = conn.execute(f"SELECT p.id, p.indexed, a.search_text FROM {PENDING_TABLE} p "
                           "LEFT JOIN articles a ON a.id = p.id").fetchall()
    if not pending:
        return 0
    conn.executemany(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {TOKENS_COLUMN}) "
                     "VALUES ('delete', ?, ?)",
                     [(rowid, index_tokens(old)) for rowid, old, _ in pending if old is not None])
    _insert(conn, [(rowid, new) for rowid, _, new in pending], ready)
    conn.executemany(f"DELETE FROM {PENDING_TABLE} WHERE id = ?", [(r[0],) for r in pending])
    return len(pending)


def rebuild(conn: sqlite3.Connection) -> None:
    """Index every article from scratch (the search table must be empty, nothing pending)."""
    cursor = conn.execute("SELECT id, search_text FROM articles ORDER BY id")
    while batch := cursor.fetchmany(REBUILD_BATCH):
        _insert(conn, batch)


def size_pending_buffer(conn: sqlite3.Connection, size: int = PENDING_BUFFER_BYTES) -> None:
    """Set the search table's in-memory buffer of new tokens (kept in its configuration)."""
    conn.execute(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) VALUES ('hashsize', ?)",
                 [size])


def is_current(conn: sqlite3.Connection) -> bool:
    """Whether the search table is the one :data:`CREATE_SQL` makes (one column of distinct
    tokens, no positions); archives indexed before hold positional bigrams in several columns."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [SEARCH_TABLE]).fetchone()
    return bool(row) and row[0] == CREATE_SQL[0]


def recreate(conn: sqlite3.Connection) -> bool:
    """Re-create a search table of an earlier layout and re-index every article; True if it did.

    Nothing is left pending: :func:`rebuild` indexes each article's current text.
    """
    if is_current(conn):
        return False
    conn.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    conn.execute(CREATE_SQL[0])
    size_pending_buffer(conn)
    conn.execute(f"DELETE FROM {PENDING_TABLE}")
    rebuild(conn)
    return True
