"""MinHash signatures of article texts: the numpy half of :mod:`newscrawl.dedupe`.

Computing a signature is vectorized with numpy; comparing two (:func:`newscrawl.dedupe.same_article`)
is not, so only the processes that compute signatures (the crawl's workers) import this module and
numpy. The signature format and its parameters are defined in :mod:`newscrawl.dedupe`.
"""

from __future__ import annotations

from hashlib import blake2b

import numpy as np

from newscrawl.dedupe import _TOKEN_RE, _VERSION, MINHASH_SEED, NUM_PERM, SHINGLE_TOKENS

_SIG_DTYPE = np.dtype("<u4")

#: MurmurHash3's 32-bit finalizer: shifts and multipliers (a bijection that spreads the input bits).
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))
#: Shingles hashed per block when applying the permutations (bounds the temporary array to
#: BLOCK x NUM_PERM 32-bit values, 2 MB, whatever the article's length).
PERMUTE_BLOCK = 4096


def _permutations(seed: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """``(a, b)`` of ``count`` affine permutations, drawn as datasketch's ``affine32`` draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


# Drawn once, at import.
_PERM_A, _PERM_B = _permutations(MINHASH_SEED, NUM_PERM)
_PERM_A_ROWS, _PERM_B_ROWS = _PERM_A[:, None], _PERM_B[:, None]


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The ``NUM_PERM`` minima of the permuted 32-bit ``hashes`` (all 2**32 - 1 when empty).

    Laid out one permutation per row (``NUM_PERM`` x block), so each minimum is a reduction over
    contiguous memory: 2.5 times faster than one hash per row.
    """
    minima = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    s1, m1, s2, m2, s3 = _FMIX32
    with np.errstate(over="ignore"):
        for start in range(0, len(hashes), PERMUTE_BLOCK):
            h = hashes[start:start + PERMUTE_BLOCK].astype(np.uint32)
            h ^= h >> s1
            h *= m1
            h ^= h >> s2
            h *= m2
            h ^= h >> s3
            permuted = _PERM_A_ROWS * h  # wraps around: arithmetic mod 2**32
            permuted += _PERM_B_ROWS
            np.minimum(minima, permuted.min(axis=1), out=minima)
    return minima


#: Token hashes are cached: CJK text reuses a few thousand characters, and news prose a few
#: thousand words; the cache is dropped whole when it grows past this many entries.
TOKEN_CACHE_MAX = 50_000
#: Odd 64-bit multiplier that combines the token hashes of a shingle (position-dependent).
_MIX = np.uint64(0x9E3779B97F4A7C15)
_FMIX64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


class _TokenHashes(dict):
    """token -> 64-bit BLAKE2b hash, filled on first use.

    A dict subclass with ``__missing__`` so that ``map(cache.__getitem__, tokens)`` runs the cache
    hits in C: a Python function per token was a third of the signature time.
    """

    def __missing__(self, token: str) -> int:
        if len(self) >= TOKEN_CACHE_MAX:
            self.clear()
        value = int.from_bytes(blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        self[token] = value
        return value


_token_hashes = _TokenHashes()


def shingle_hashes(tokens: list[str]) -> np.ndarray:
    """Distinct 32-bit hashes of the ``SHINGLE_TOKENS``-token windows; a shorter text is one window.

    Each token is hashed once (BLAKE2b, cached), and a window's hash is a position-weighted sum of
    its token hashes passed through the MurmurHash3 64-bit finalizer, computed for all windows at
    once with numpy. Hashing each shingle string instead costs a Python call per shingle, which was
    two thirds of the signature time. CRC-32 per shingle string was faster than BLAKE2b but biased:
    being linear, its estimates on overlapping shingles had a heavy upper tail (17 pairs beyond 3
    standard errors out of 3,553, against 1 for BLAKE2b), the tail that makes two different short
    articles look alike.
    """
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    values = np.fromiter(map(_token_hashes.__getitem__, tokens), dtype=np.uint64, count=len(tokens))
    n = min(SHINGLE_TOKENS, len(tokens))
    windows = len(tokens) - n + 1
    mixed = values[:windows].copy()
    for offset in range(1, n):
        mixed = mixed * _MIX + values[offset:offset + windows]
    shift, m1, m2 = _FMIX64
    mixed ^= mixed >> shift
    mixed *= m1
    mixed ^= mixed >> shift
    mixed *= m2
    mixed ^= mixed >> shift
    return _distinct((mixed >> np.uint64(32)).astype(np.uint32))


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, sorted in place: ``np.unique`` hashes first and was 15 times slower
    on a few thousand shingles."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def text_signature(normalized: str) -> bytes:
    """The signature (:func:`newscrawl.dedupe.signature`) of text already normalized as
    :func:`newscrawl.normalize.search_text` normalizes it."""
    hashes = shingle_hashes(_TOKEN_RE.findall(normalized))
    return (_VERSION + len(hashes).to_bytes(4, "little")
            + minhash(hashes).astype(_SIG_DTYPE, copy=False).tobytes())
