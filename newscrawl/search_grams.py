"""The search index tokens of an article, computed with numpy: the numpy half of :mod:`newscrawl.search`.

:func:`index_tokens` returns exactly what :func:`newscrawl.search.index_tokens` returns (a
contentless index forgets a row only when given the same tokens again, and the archive's writer
computes the old row's tokens with the pure-Python function). It works on the text's code points as
one array instead of one Python string per character: several times faster on a news article, where
the per-character strings were a twentieth of a worker's time per page. Only the processes that
build records (the crawl's workers) import it, and numpy with it.
"""

from __future__ import annotations

import numpy as np

from .search import _MAPPED_BLOCK, _SEPARATOR_BASE, distinct_characters, join_groups
from .search import index_tokens as index_tokens_python

_CODES = np.dtype("<u4")
_SPACE = ord(" ")
#: ASCII code points the ``ascii`` tokenizer treats as separators (mapped to private use).
_SEPARATOR = np.array([not chr(c).isalnum() for c in range(128)])
#: Bits of a code point (all of Unicode, and the private-use block we map into, fit in 21).
_CODE_BITS = 21
_ASCII_BITS = 7


def index_tokens(text: str | None) -> str:
    """The tokens of already-normalized ``text``, as :func:`newscrawl.search.index_tokens`."""
    text = text or ""
    if len(text) < 3 or _MAPPED_BLOCK.search(text):
        return index_tokens_python(text)  # escapes make some characters two tokens wide
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=_CODES)
    ascii_ = codes < 128
    separator = np.zeros(len(codes), dtype=bool)
    separator[ascii_] = _SEPARATOR[codes[ascii_]]
    mapped = codes + np.where(separator, np.uint32(_SEPARATOR_BASE), np.uint32(0))
    return join_groups(distinct_characters(text), _bigrams(mapped), _trigrams(codes))


def _text(rows: np.ndarray) -> str:
    """The code points of ``rows`` (each ending with a space) as one string, its last space cut."""
    return rows.tobytes()[:-4].decode("utf-32-le")


def _bigrams(mapped: np.ndarray) -> str:
    """The distinct bigrams, in code-point order (a bigram's key sorts as its two characters)."""
    keys = np.unique((mapped[:-1].astype(np.uint64) << _CODE_BITS) | mapped[1:])
    rows = np.empty((len(keys), 3), dtype=_CODES)
    rows[:, 0] = keys >> _CODE_BITS
    rows[:, 1] = keys & ((1 << _CODE_BITS) - 1)
    rows[:, 2] = _SPACE
    return _text(rows)


def _trigrams(codes: np.ndarray) -> str:
    """The distinct trigrams of the runs of ``[a-z0-9]``, in code-point order (a trigram's key
    sorts as its three characters)."""
    latin = (((codes >= ord("a")) & (codes <= ord("z")))
             | ((codes >= ord("0")) & (codes <= ord("9"))))
    starts = np.flatnonzero(latin[:-2] & latin[1:-1] & latin[2:])
    if not len(starts):
        return ""
    keys = np.unique((codes[starts] << (2 * _ASCII_BITS)) | (codes[starts + 1] << _ASCII_BITS)
                     | codes[starts + 2])
    mask = (1 << _ASCII_BITS) - 1
    rows = np.empty((len(keys), 4), dtype=_CODES)
    rows[:, 0] = keys >> (2 * _ASCII_BITS)
    rows[:, 1] = (keys >> _ASCII_BITS) & mask
    rows[:, 2] = keys & mask
    rows[:, 3] = _SPACE
    return _text(rows)
