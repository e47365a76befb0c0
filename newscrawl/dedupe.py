"""Near-duplicate detection of article bodies across URLs, sites and scripts.

One story reaches the archive many times: wire copies on several sites, mirrors on hijacked domains
(often with their own header, footer or an injected spam block), Traditional and Simplified versions,
and copies cut short. This module decides which of them are one article. It is pure: strings in,
bytes and booleans out, no Scrapy, no SQLite; the archive stores what it returns.

How:

1. **Normalize** so that differences that are not the article's disappear: Traditional to
   Simplified (OpenCC), NFKC (full-width letters and digits), lower case; whitespace and punctuation
   are dropped by tokenizing into letters and digits only.
2. **Shingle**: each CJK character is a token, each run of other letters or digits is a word token;
   a shingle is ``SHINGLE_TOKENS`` consecutive tokens (character n-grams for Chinese, word n-grams for
   Latin text, both in one pass so that mixed text needs no language decision).
3. **MinHash** over the shingle set: ``NUM_PERM`` 32-bit minima of affine permutations
   ``a * h + b mod 2**32`` (odd ``a``) of the MurmurHash3-premixed shingle hashes, stored as bytes
   behind a version byte and the shingle count (a stored signature is only comparable with one of
   the same version). The scheme and its parameters are datasketch's ``affine32`` (seed 1), so
   version-1 signatures stored when datasketch computed them stay comparable; the twenty lines of
   numpy are ours (:mod:`newscrawl.minhash`) because importing datasketch loads scipy, about
   55 MB in every process of a crawl, for one vectorized minimum. Comparing signatures needs no
   numpy, so the crawl process, which only compares, does not load it.
4. **LSH banding**: ``NUM_BANDS`` bands of ``BAND_ROWS`` minima; two articles that agree on every
   minimum of one band become candidates. The archive indexes one row per band key.
5. **Decision** (:func:`same_article`): estimated Jaccard high enough, or, for a copy that is a
   truncated (or padded) version of the other, the estimated *containment* of the smaller shingle
   set in the larger, derived from the Jaccard estimate and the two shingle counts that the
   signatures carry.

Canonical URLs come first (:class:`Clusterer`): articles sharing one are one cluster whatever their
text; near-duplicate detection joins the rest.
"""

from __future__ import annotations

import hashlib
import operator
import re
from collections import defaultdict

from newscrawl.normalize import search_text

# --- parameters --------------------------------------------------------------------------------------
#: Tokens per shingle. 4 CJK characters (about two words) or 4 Latin words: long enough that two
#: different reports on one event share few shingles (names and stock phrases are 2-4 characters),
#: short enough that a converted or lightly edited copy keeps most of them.
SHINGLE_TOKENS = 4
#: Number of MinHash permutations. 128 gives a Jaccard estimate with a standard error of about
#: 0.044 at J = 0.5, and a 517-byte signature.
NUM_PERM = 128
#: LSH band width (minima per band key). Three: two unrelated articles sharing a mirror's footer
#: rarely agree on three minima at once, while a padded or cut copy (Jaccard 0.3 to 0.5 against
#: its original) still agrees on all three in some band. Four missed such copies (recall 0.998
#: against 1.000 on the benchmark); two doubled the candidates to check for no gain.
BAND_ROWS = 3
#: Number of bands: 42 bands of 3 (126 of the 128 minima), so 42 index rows per article. A pair
#: becomes a candidate (:func:`candidate_probability`) with probability 0.68 at Jaccard 0.3, 0.94
#: at 0.4, 0.996 at 0.5; a copy missed at low similarity is usually caught through another copy
#: of the same article (see :class:`Clusterer`).
NUM_BANDS = NUM_PERM // BAND_ROWS
#: Seed of the MinHash permutations: part of the signature format (changing it changes every
#: signature, so it goes with SIGNATURE_VERSION).
MINHASH_SEED = 1
#: Format version, the first byte of every signature.
SIGNATURE_VERSION = 1

#: Estimated Jaccard at or above which two articles are the same whatever their lengths: a copy
#: with a changed header/footer or a converted script keeps well over half its shingles, while two
#: different articles, even on the same event, stay far below (typically < 0.1).
SAME_JACCARD = 0.5
#: Estimated containment of the smaller shingle set in the larger at or above which a truncated
#: (or padded: extra header, footer, spam block) copy counts as the same article. A plain
#: truncated or padded copy has containment 1, one both cut to 80% and padded about 0.78; two
#: different short articles of one mirror sharing its header and footer reached 0.45 on the
#: benchmark. 0.7 sits between, about two standard errors of the estimate from each side.
SAME_CONTAINMENT = 0.7
#: The shorter body must be at least this share of the longer for the containment rule: a teaser
#: of a few lines, or a paragraph quoted inside a long commentary, is not "the same article".
TRUNCATED_MIN_RATIO = 0.3

#: Bytes of one minimum (uint32, little-endian).
MINIMUM_BYTES = 4
_VERSION = bytes([SIGNATURE_VERSION])
#: Version byte, then the shingle count (uint32, little-endian), then the NUM_PERM minima.
_HEADER_BYTES = 1 + 4
_SIG_BYTES = _HEADER_BYTES + NUM_PERM * MINIMUM_BYTES

# Han (BMP unified, extension A, compatibility, extensions B+), kana: one token per character,
# because these scripts do not separate words with spaces.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")
#: Separator between tokens inside a shingle (not a letter or digit, so never inside a token).
_SEP = "\x1f"

def normalize(title: str | None, body: str) -> list[str]:
    """The tokens of title and body after Simplified conversion, NFKC and lower-casing.

    Punctuation and whitespace are not tokens, so line wrapping, full-width commas and spacing
    differences between copies vanish here.
    """
    return _TOKEN_RE.findall(search_text(title, body))


def shingles(tokens: list[str]) -> set[str]:
    """The set of ``SHINGLE_TOKENS``-token shingles as strings (for tests and diagnostics; the
    signature hashes the same windows without building them, see :func:`shingle_hashes`)."""
    n = min(SHINGLE_TOKENS, len(tokens))
    return {_SEP.join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)} if tokens else set()


def signature(title: str | None, body: str) -> bytes:
    """Compact MinHash signature of an article (``5 + 4 * NUM_PERM`` bytes) to store per article.

    It carries the article's shingle count beside the minima, because deciding on a truncated or
    padded copy needs the two set sizes, and character lengths are a poor stand-in for them
    (an English word is about six characters and one shingle step, a Chinese character one).
    An article with no letters or digits gets the empty signature (count 0, all minima at the
    maximum), which has no band keys and is the same article as nothing.
    """
    return text_signature(search_text(title, body))


def text_signature(normalized: str) -> bytes:
    """:func:`signature` of text already normalized as :func:`newscrawl.normalize.search_text`
    normalizes title and body (the article's ``search_text``: computed once, used twice)."""
    from newscrawl.minhash import text_signature as compute  # numpy: only where signatures are made

    return compute(normalized)


def _check(sig: bytes) -> None:
    if len(sig) != _SIG_BYTES or sig[:1] != _VERSION:
        raise ValueError(f"not a version-{SIGNATURE_VERSION} signature of {_SIG_BYTES} bytes "
                         f"(got {len(sig)} bytes, version {sig[:1].hex() or 'none'})")


def _values(sig: bytes) -> memoryview:
    """The minima, as unsigned 32-bit values in this machine's byte order (which comparing two
    signatures for equal minima does not depend on)."""
    _check(sig)
    return memoryview(sig)[_HEADER_BYTES:].cast("I")


def shingle_count(sig: bytes) -> int:
    """Number of distinct shingles of the signed text (0 for an empty text)."""
    _check(sig)
    return int.from_bytes(sig[1:_HEADER_BYTES], "little")


def is_empty(sig: bytes) -> bool:
    """True for the signature of a text without letters or digits."""
    return shingle_count(sig) == 0


def candidate_keys(sig: bytes) -> list[str]:
    """LSH band keys to index, one per band (``"BB:hex"``); empty for an empty signature.

    Two articles sharing any key are candidates for :func:`same_article`. Keys embed the band
    number, so equal minima in different bands never collide.
    """
    if is_empty(sig):
        return []
    width = BAND_ROWS * MINIMUM_BYTES
    body = sig[_HEADER_BYTES:]
    return [f"{band:02d}:{body[band * width:(band + 1) * width].hex()}" for band in range(NUM_BANDS)]


def stored_band_keys(sig: bytes) -> list[int]:
    """:func:`candidate_keys` as the archive stores them (``cluster_keys.key``): each hashed to a
    signed 64-bit integer, which SQLite keeps in eight bytes."""
    return [int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
            for key in candidate_keys(sig)]


def candidate_probability(jaccard: float) -> float:
    """Probability that two articles with this Jaccard similarity share at least one band key."""
    return 1.0 - (1.0 - jaccard ** BAND_ROWS) ** NUM_BANDS


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0.0 when either text is empty)."""
    if is_empty(sig_a) or is_empty(sig_b):
        return 0.0
    return sum(map(operator.eq, _values(sig_a), _values(sig_b))) / NUM_PERM


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Estimated share of the smaller set's shingles that the larger one also has.

    From J = I / (a + b - I): I = J (a + b) / (1 + J), divided by the smaller size.
    """
    small, large = sorted((size_a, size_b))
    if small <= 0 or jaccard <= 0.0:
        return 0.0
    return min(1.0, jaccard * (1.0 + large / small) / (1.0 + jaccard))


def same_article(sig_a: bytes, sig_b: bytes, *, len_a: int | None = None,
                 len_b: int | None = None) -> bool:
    """Whether two signatures are copies of one article.

    Same when the estimated Jaccard reaches ``SAME_JACCARD``, or when the smaller text is at least
    ``TRUNCATED_MIN_RATIO`` of the larger and ``SAME_CONTAINMENT`` of it is estimated to lie in the
    larger: a truncated copy, or one padded with a header, footer or spam block (a 60% prefix has
    J = 0.6 but containment 1).

    Set sizes are the shingle counts carried by the signatures. ``len_a`` and ``len_b`` (body
    lengths in characters) are accepted so that callers written against the first version of this
    API keep working; they are not used, because character counts do not compare across scripts.
    """
    jaccard = similarity(sig_a, sig_b)
    if jaccard >= SAME_JACCARD:
        return True
    small, large = sorted((shingle_count(sig_a), shingle_count(sig_b)))
    if small <= 0 or small < large * TRUNCATED_MIN_RATIO:
        return False
    return containment(jaccard, small, large) >= SAME_CONTAINMENT


class Clusterer:
    """Incremental clustering in memory: the archive's logic without SQLite (benchmarks, tests).

    For each new article:

    1. Canonical URL first: if an earlier article had the same canonical URL, the new one is in
       its cluster whatever the text says.
    2. Near duplicates: every earlier article sharing an LSH band key is checked with
       :func:`same_article`; the new article joins the clusters of all that pass.
    3. If that touches several clusters, they are merged (with ``merge=True``, the default): the
       new article is evidence that they hold one story (a copy that is both truncated and
       re-wrapped may match neither of two earlier copies, yet both match the original). The merged
       cluster keeps the id of the oldest one, so a cluster id is always its first member's key;
       in the archive that is one ``UPDATE ... SET cluster_id = oldest WHERE cluster_id IN (...)``.
       With ``merge=False`` the article joins its most similar match's cluster and ids never change.
    4. No match: the article starts a cluster named after itself.
    """

    def __init__(self, *, merge: bool = True) -> None:
        self.merge = merge
        self._order: dict[str, int] = {}
        self._parent: dict[str, str] = {}  # union-find over cluster ids; roots map to themselves
        self._signature: dict[str, bytes] = {}
        self._by_url: dict[str, str] = {}
        self._bands: dict[str, list[str]] = defaultdict(list)

    def add(self, key: str, title: str | None, body: str, canonical_url: str | None = None) -> str:
        """Add one article and return its cluster id (the key of the cluster's first member)."""
        if key in self._order:
            raise ValueError(f"article {key!r} was already added")
        sig = signature(title, body)
        keys = candidate_keys(sig)
        self._order[key] = len(self._order)
        self._parent[key] = key
        clusters: list[str] = []
        by_url = self._by_url.get(canonical_url) if canonical_url else None
        if by_url is not None:
            clusters.append(self._find(by_url))
        if by_url is None or self.merge:
            clusters += self._matching_clusters(sig, keys)
        if canonical_url:
            self._by_url.setdefault(canonical_url, key)
        cluster = key
        if clusters:
            cluster = min(clusters, key=self._order.__getitem__) if self.merge else clusters[0]
            if self.merge:
                for other in clusters:
                    self._parent[other] = cluster
        self._parent[key] = cluster
        self._signature[key] = sig
        for band_key in keys:
            self._bands[band_key].append(key)
        return cluster

    def _matching_clusters(self, sig: bytes, keys: list[str]) -> list[str]:
        """Clusters of the earlier articles that :func:`same_article` accepts, best match first."""
        seen: set[str] = set()
        matches: list[tuple[float, str]] = []
        for band_key in keys:
            for other in self._bands.get(band_key, ()):
                if other in seen:
                    continue
                seen.add(other)
                other_sig = self._signature[other]
                if same_article(sig, other_sig):
                    matches.append((similarity(sig, other_sig), other))
        matches.sort(key=lambda m: -m[0])
        return list(dict.fromkeys(self._find(other) for _, other in matches))

    def _find(self, key: str) -> str:
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:  # path compression
            self._parent[key], key = root, self._parent[key]
        return root

    def cluster_of(self, key: str) -> str:
        """The current cluster id of an added article (merges may have changed it since add)."""
        return self._find(key)

    def clusters(self) -> dict[str, list[str]]:
        """Cluster id -> member keys, in the order they were added."""
        members: dict[str, list[str]] = defaultdict(list)
        for key in self._order:
            members[self._find(key)].append(key)
        return dict(members)

    def __len__(self) -> int:
        return len(self._order)
