"""Substring search in either Chinese script, with the exactness of ``LIKE`` and the speed of FTS5.

The contract: a query term of one character or more finds exactly the articles whose normalized
text (``articles.search_text``: Simplified, NFKC, lower case, see :func:`newscrawl.normalize.search_text`)
contains the normalized term -- the same set ``instr(search_text, term) > 0`` gives, for Chinese and
Latin alike ("cat" finds "category", as ``LIKE`` would). Terms separated by spaces must all occur.

SQLite's stock tokenizers cannot do this (``unicode61`` makes a run of Han characters one token,
``trigram`` needs three characters), and Python cannot register an FTS5 tokenizer, so the text is
tokenized here and handed to FTS5's ``ascii`` tokenizer as space-separated tokens, in a contentless
table (``content=''``: it stores no copy of the text, only the index) with two columns:

``grams``
    one token per character position: the overlapping bigram that starts there. A term of ``n >= 2``
    characters becomes a phrase of its ``n - 1`` bigrams; a phrase matches only at consecutive
    positions, that is exactly where the term stands, so no verification against the text is needed.
``chars``
    every distinct character of the text once. A one-character term becomes a lookup of that
    token. Each token has a single position, so this column costs about what ``detail=none`` would.
``tri``
    the overlapping trigrams of each run of ASCII letters and digits (three or more long), runs
    separated by a token no query contains. A term made only of such characters and at least three
    long becomes a phrase of its trigrams here instead of bigrams: Latin bigrams (``th``, ``en``)
    occur hundreds of times in every English article, and a phrase over them compares that many
    positions per article; trigrams are rarer, so English words are several times faster.

Characters the ``ascii`` tokenizer would treat as separators (ASCII punctuation, spaces, controls)
are mapped to private-use characters of plane 15, so bigrams across punctuation or spaces are
indexed too and ``"中,国"`` finds ``中,国`` as ``LIKE`` does. The mapping is injective (characters
that already are in that private-use block are escaped), so distinct bigrams stay distinct tokens.

Contentless FTS5 on SQLite 3.40 (no ``contentless_delete``) can only forget a row when it is told
the row's old tokens. Triggers on ``articles`` (pure SQL, so any client may write ``articles``)
record in :data:`PENDING_TABLE` each article whose indexed text is going out of date together with
the text that is indexed now; :func:`sync` deletes those old tokens and indexes the current text.
:meth:`newscrawl.archive.Archive.save_article` calls it in the same transaction.

The query rewriting is the SQL function ``newscrawl_fts_query``, registered by the archive connection
and by the datasette plugin::

    select * from articles where id in (
      select rowid from articles_search where articles_search match newscrawl_fts_query('人才'))
"""

from __future__ import annotations

import operator
import re
import sqlite3
from collections.abc import Iterable, Mapping

from .normalize import search_text

SEARCH_TABLE = "articles_search"
#: Articles whose index entry is out of date, with the text the index holds for them (NULL: none).
PENDING_TABLE = "articles_search_pending"
GRAMS_COLUMN = "grams"
CHARS_COLUMN = "chars"
TRIGRAMS_COLUMN = "tri"
#: Runs of these (after normalization) are also indexed as trigrams.
_LATIN_RUN = re.compile(r"[a-z0-9]{3,}")
#: Rows indexed per transaction-free batch when the whole index is rebuilt.
REBUILD_BATCH = 500
#: Bytes of new tokens FTS5 holds in memory before it writes them out as a segment (its
#: ``hashsize`` option; SQLite's default is 1 MB). A batch of the archive's writer (100 articles,
#: ~6,600 tokens each) fits, so it is written out once, at commit, instead of about five times:
#: fewer small segments to write and merge, 10% less of the writer's time.
PENDING_BUFFER_BYTES = 8 << 20

#: ASCII characters that FTS5's ascii tokenizer treats as separators go to plane-15 private use.
_SEPARATOR_BASE = 0xF0000
#: Real characters in the block we map into are written as this escape plus themselves.
_ESCAPE = chr(_SEPARATOR_BASE + 0x80)
_MAPPED_BLOCK = re.compile(f"[{chr(_SEPARATOR_BASE)}-{chr(_SEPARATOR_BASE + 0xFF)}]")
_ENCODE = {c: chr(_SEPARATOR_BASE + c) for c in range(128) if not chr(c).isalnum()}
_ENCODE.update({_SEPARATOR_BASE + i: _ESCAPE + chr(_SEPARATOR_BASE + i) for i in range(0x100)})
#: A lone escape character is never a token of its own: a MATCH that finds nothing.
NO_MATCH = f'{CHARS_COLUMN} : "{_ESCAPE}"'

CREATE_SQL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5({GRAMS_COLUMN}, {CHARS_COLUMN}, "
    f"{TRIGRAMS_COLUMN}, content='', tokenize='ascii')",
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


def _trigrams(word: str) -> str:
    return " ".join(word[i:i + 3] for i in range(len(word) - 2))


def index_columns(text: str | None) -> tuple[str, str, str]:
    """The ``(grams, chars, tri)`` values to index for already-normalized ``text``.

    Deterministic, since a contentless table forgets a row only when given the same tokens again.
    """
    text = text or ""
    chars = encode(text)
    grams = " ".join(map(operator.add, chars, chars[1:]))
    # The escape character alone is never a query token, so no phrase spans two runs.
    tri = f" {_ESCAPE} ".join(_trigrams(run) for run in _LATIN_RUN.findall(text))
    return grams, distinct_characters(text), tri


def distinct_characters(text: str) -> str:
    """The ``chars`` column: each distinct character of ``text`` once, encoded, in order of first
    occurrence (the encoding is injective, so the distinct characters are found before encoding:
    a few hundred instead of one per character)."""
    encoded = _ENCODE.get
    return " ".join([encoded(ord(c), c) for c in dict.fromkeys(text)])


def term_query(term: str) -> str:
    """The FTS5 expression for one already-normalized term without spaces (empty: matches nothing)."""
    chars = encode(term)
    if not chars:
        return NO_MATCH
    if len(chars) == 1:
        return f'{CHARS_COLUMN} : "{chars[0]}"'
    if _LATIN_RUN.fullmatch(term):
        return f'{TRIGRAMS_COLUMN} : "{_trigrams(term)}"'
    return f'{GRAMS_COLUMN} : "' + " ".join(map(operator.add, chars, chars[1:])) + '"'


def fts_query(query: str | None) -> str:
    """Rewrite a user's query into an FTS5 MATCH expression: every space-separated term must occur."""
    terms = search_text(query or "").split()
    return " AND ".join(f"({term_query(t)})" for t in terms) if terms else NO_MATCH


def create(conn: sqlite3.Connection) -> None:
    """Create the search table, the pending table and the triggers that feed it."""
    for sql in CREATE_SQL:
        conn.execute(sql)


def _insert(conn: sqlite3.Connection, rows: Iterable[tuple[int, str | None]],
            ready: Mapping[int, tuple[str, str, str]] | None = None) -> None:
    ready = ready or {}
    conn.executemany(f"INSERT INTO {SEARCH_TABLE} (rowid, {GRAMS_COLUMN}, {CHARS_COLUMN}, "
                     f"{TRIGRAMS_COLUMN}) VALUES (?, ?, ?, ?)",
                     ((rowid, *(ready.get(rowid) or index_columns(text)))
                      for rowid, text in rows if text is not None))


def sync(conn: sqlite3.Connection, *,
         ready: Mapping[int, tuple[str, str, str]] | None = None) -> int:
    """Bring the index up to date with ``articles`` for every pending article; returns how many.

    ``ready`` maps article ids to :func:`index_columns` of their *current* ``search_text``, computed
    beforehand (in the worker process that built the article), so that the writer does not.
    """
    pending = conn.execute(f"SELECT p.id, p.indexed, a.search_text FROM {PENDING_TABLE} p "
                           "LEFT JOIN articles a ON a.id = p.id").fetchall()
    if not pending:
        return 0
    conn.executemany(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {GRAMS_COLUMN}, "
                     f"{CHARS_COLUMN}, {TRIGRAMS_COLUMN}) VALUES ('delete', ?, ?, ?, ?)",
                     [(rowid, *index_columns(old)) for rowid, old, _ in pending if old is not None])
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


def add_trigram_column(conn: sqlite3.Connection) -> bool:
    """Re-create a search table made without the ``tri`` column, and re-index; True if it did.

    Archives migrated while the table had two columns need this; newer ones already have it.
    """
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({SEARCH_TABLE})")]
    if TRIGRAMS_COLUMN in columns:
        return False
    conn.execute(f"DROP TABLE {SEARCH_TABLE}")
    conn.execute(CREATE_SQL[0])
    # rebuild() indexes every article's current text, so nothing is left pending.
    conn.execute(f"DELETE FROM {PENDING_TABLE}")
    rebuild(conn)
    return True
