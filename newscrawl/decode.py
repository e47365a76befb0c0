"""Turn the raw bytes of a fetched page into text, and say which codec was used and why.

Web pages lie about their encoding: Chinese sites declare ``gb2312`` and use characters only GBK
has, servers send ``charset=gbk`` for pages re-saved as UTF-8, and Western pages say
``iso-8859-1`` while using Windows-1252 quotes. The rules here follow what browsers do (WHATWG
encoding labels) plus one check browsers skip: bytes that are valid UTF-8 *with* multibyte
sequences are UTF-8 whatever the label says, because the chance of a GBK or Latin-1 text forming
valid multibyte UTF-8 by accident is negligible for anything longer than a few characters.

Pure functions on ``bytes``; :func:`decode_html` never raises.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: How much of the page start is searched for ``<meta charset>`` (the HTML spec says 1024 bytes;
#: real pages put long ``<title>``s and scripts before it, so look further).
META_SNIFF_BYTES = 4096

#: How many bytes are handed to the statistical detector: enough for a reliable guess, bounded cost.
DETECT_BYTES = 65536

#: Labels that name a *subset* of a wider codec; decoding with the superset loses nothing and
#: rescues the characters pages use without declaring them (GBK-only hanzi under ``gb2312``,
#: HKSCS under ``big5``, curly quotes under ``iso-8859-1``).
SUPERSET_CODECS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "cp1252": "cp1252",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "utf_16": "utf-16",
}

#: Share of replacement characters up to which a declared charset is still trusted over the
#: detector.
#: Pages often hold a few broken bytes (a title cut mid-character by a CMS, a pasted fragment); the
#: detector, asked about such a page, may pick a single-byte codec that "decodes" everything into
#: nonsense, so a declaration that is right for 99.9 % of the page wins.
TOLERATED_ERROR_RATE = 0.002

#: Codec names as reported in :attr:`Decoded.encoding` (Python's canonical names are ``utf_8``).
DISPLAY_NAMES: dict[str, str] = {"utf_8": "utf-8", "utf_8_sig": "utf-8", "utf_16": "utf-16"}

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)

#: Codecs in which no byte outside C0's range decodes to a C0 control character (ASCII-compatible
#: multibyte codecs keep their trail bytes at 0x30 and above): with them, bytes without control bytes
#: give a text without control characters.
ASCII_SAFE_CODECS = frozenset(
    {"utf-8", "gb18030", "big5hkscs", "cp932", "cp949", "euc-jp", "euc-kr", "shift-jis"}
)
ASCII_SAFE_PREFIXES = ("iso8859-", "cp125", "koi8-")
#: C0 control bytes other than tab, line feed and carriage return.
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    """A page's text together with the codec used and the rule that chose it."""

    text: str
    #: Codec actually used, e.g. "utf-8", "gb18030", "big5hkscs", "cp1252".
    encoding: str
    #: "bom", "utf-8-valid", "declared-header", "declared-meta", "detected", "fallback".
    reason: str


def normalize_charset(label: str | None) -> str | None:
    """Map a charset label to the Python codec we decode it with, or None if it is unknown.

    Accepts a bare label (``GB2312``) or a whole Content-Type value (``text/html; charset=gbk``).
    """
    if not label:
        return None
    label = label.strip()
    match = _HEADER_CHARSET.search(label)
    if match:
        label = match.group(1)
    elif "/" in label or ";" in label:
        return None  # a Content-Type without a charset parameter
    try:
        name = codecs.lookup(label.strip("\"' ").lower()).name.replace("-", "_")
    except (LookupError, ValueError):  # unknown, or not a name at all (a NUL in a header)
        return None
    return SUPERSET_CODECS.get(name, name)


def sniff_meta_charset(body: bytes) -> str | None:
    """The charset named by ``<meta charset>``, ``http-equiv`` Content-Type or XML declaration."""
    head = body[:META_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    return normalize_charset(match.group(1).decode("ascii", "ignore"))


def _display(codec: str) -> str:
    name = codecs.lookup(codec).name.replace("-", "_")
    return DISPLAY_NAMES.get(name, name.replace("_", "-"))


def _strict(body: bytes, codec: str) -> str | None:
    """Decode without any error, or None. A UTF-8 sequence cut off at the very end (a truncated
    download) still counts as clean, because the rest of the page is fine."""
    try:
        return body.decode(codec)
    except UnicodeDecodeError as err:
        if codec.replace("-", "_").startswith("utf_8") and err.start >= len(body) - 3:
            if err.reason == "unexpected end of data":
                return body[: err.start].decode(codec)
        return None
    except LookupError:
        return None


def _error_rate(body: bytes, codec: str) -> float:
    """Share of characters that come out as U+FFFD when ``body`` is decoded with ``codec``."""
    try:
        text = body.decode(codec, "replace")
    except LookupError:
        return 1.0
    return text.count("\ufffd") / max(len(text), 1)


def _detect(body: bytes) -> str | None:
    """The statistical detector's best codec for the bytes, or None when it has no opinion."""
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:DETECT_BYTES]).best()
    except Exception:  # the detector must never break decoding
        return None
    if best is None:
        return None
    return normalize_charset(best.encoding) or best.encoding


def decode_html(body: bytes, declared: str | None = None) -> Decoded:
    """Decode a page: BOM, then valid multibyte UTF-8, then the declared charset, then detection.

    ``declared`` is the HTTP header value (a label or a whole Content-Type); without it the charset
    named in the first 4 KB (``<meta>``/XML declaration) is used. gb2312/gbk are read as gb18030 and
    big5 as big5hkscs. Bytes that are valid UTF-8 and contain multibyte sequences are UTF-8
    whatever the label says (mislabelled pages). A declared charset that does not decode cleanly
    falls back to charset detection (reason "detected"), unless only a handful of bytes are broken:
    then, and when nothing decodes cleanly, the text is decoded with replacement characters (reason
    "fallback"). Never raises.
    """
    if not body:
        return Decoded("", "utf-8", "fallback")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, "replace"), _display(codec), "bom")

    header_codec = normalize_charset(declared)
    codec, reason = (header_codec, "declared-header") if header_codec else (None, "")
    if codec is None:
        codec, reason = sniff_meta_charset(body), "declared-meta"

    as_utf8 = _strict(body, "utf-8")
    if as_utf8 is not None:
        multibyte = not body.isascii()
        if codec in (None, "utf_8") or multibyte:
            why = reason if codec == "utf_8" else "utf-8-valid"
            return Decoded(as_utf8, "utf-8", why)

    if codec:
        text = _strict(body, codec)
        if text is not None:
            return Decoded(text, _display(codec), reason)

    if codec and _error_rate(body, codec) <= TOLERATED_ERROR_RATE:
        return Decoded(body.decode(codec, "replace"), _display(codec), "fallback")
    detected = _detect(body)
    if detected:
        text = _strict(body, detected)
        if text is not None:
            return Decoded(text, _display(detected), "detected")
    fallback = codec or detected or "utf-8"
    try:
        return Decoded(body.decode(fallback, "replace"), _display(fallback), "fallback")
    except LookupError:
        return Decoded(body.decode("utf-8", "replace"), "utf-8", "fallback")


def may_hold_control_chars(body: bytes, encoding: str) -> bool:
    """Whether ``body`` decoded with ``encoding`` (a :attr:`Decoded.encoding`) can hold C0 control
    characters other than tab and line breaks. Looking at the bytes is several times cheaper than a
    search of the text; for codecs that are not plainly ASCII-compatible the answer is True."""
    if encoding not in ASCII_SAFE_CODECS and not encoding.startswith(ASCII_SAFE_PREFIXES):
        return True
    return len(body.translate(None, CONTROL_BYTES)) != len(body)


def is_whole_utf8(body: bytes, decoded: Decoded) -> bool:
    """Whether ``decoded.text`` is exactly ``body`` read as UTF-8: no BOM stripped, no byte
    replaced, no sequence cut off at the end (which :func:`decode_html` forgives)."""
    return (
        decoded.encoding == "utf-8"
        and decoded.reason in ("declared-header", "declared-meta", "utf-8-valid")
        and (not body or body[-1] < 0x80)
    )
