"""Mojibake: text decoded with the wrong codec, repaired when the repair is clearly better.

Three shapes are common on mirrored Chinese pages:

* GBK bytes shown as Latin-1 / cp1252 (``»úÆ÷ÈË`` for 机器人): high Latin-1 letters in pairs.
  Re-encoding the run with cp1252/latin-1 and decoding it as GBK gives the text back.
* UTF-8 bytes read as GBK (``睕荜柨``), usually with '?' where a byte did not decode: rare Han
  characters next to '?'. Re-encoding as GBK and decoding as UTF-8 recovers what survived.
* Broken numeric entities (``?#19994;``) and lines that are nothing but '?'.

A repair is kept only when it is clearly better (more common Han characters, no more junk); a run
that cannot be repaired is removed, and either way a :class:`Removal` records it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newscrawl.items import Removal

from .lexicon import to_simplified

HIGH_LATIN = (
    "\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
#: A run of GBK-as-Latin-1: high Latin-1 characters, with the ASCII trail bytes GBK allows between
#: them.
LATIN1_RUN_RE = re.compile(f"[{HIGH_LATIN}](?:[{HIGH_LATIN}@-~ ]*[{HIGH_LATIN}])?")
ENTITY_RE = re.compile(r"\?#(\d{4,6});")
JUNK_LINE_RE = re.compile(r"^[?？\s]+$")
REPLACEMENT = "\ufffd"

#: Minimum adjacent high-Latin pairs before a line is read as GBK-shown-as-Latin-1 (a German "für"
#: has none; GBK mojibake is almost nothing else).
LATIN1_MIN_PAIRS = 2
#: Share of high-Latin characters that must sit in pairs.
LATIN1_MIN_PAIR_SHARE = 0.6
#: Largest share of undecodable characters an accepted repair may contain.
MAX_REPAIR_JUNK_SHARE = 0.1


@lru_cache(maxsize=8192)
def is_common_han(ch: str) -> bool:
    """A Han character in GB2312 once folded to Simplified: the everyday repertoire."""
    simp = to_simplified(ch)
    try:
        simp.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return "\u4e00" <= simp <= "\u9fff"


def is_rare_han(ch: str) -> bool:
    """A Han (or private-use) character outside the everyday repertoire."""
    if "\ue000" <= ch <= "\uf8ff":
        return True
    return ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff") and not is_common_han(ch)


def is_junk_line(text: str) -> bool:
    """Nothing but question marks: the remains of a line no codec can bring back."""
    return bool(JUNK_LINE_RE.match(text))


# --- plausibility: how much a string reads like real text -----------------------------------------
#: Cost of a character by how ordinary it is in Chinese text; a repair must lower the mean cost.
COST_TOP = 0.5  #: among the most frequent characters (lexicons/common_han.txt, first TOP_RANK)
COST_FREQUENT = 1.0  #: in the rest of that list
COST_NEUTRAL = 1.0  #: ASCII, CJK / full-width punctuation
COST_LEVEL1 = 2.5  #: GB2312 level 1 (the 3,755 common characters), not in the list
COST_LEVEL2 = 5.0  #: GB2312 level 2
COST_RARE = 8.0  #: any other Han character
COST_FOREIGN = 6.0  #: kana, Greek, Cyrillic, box drawing, bopomofo inside mojibake
COST_LATIN_HIGH = 4.0  #: accented Latin and Latin-1 symbols (GBK shown as Latin-1)
COST_JUNK = 10.0  #: replacement character, private use, C1 controls
TOP_RANK = 300
#: A codec-swap repair is kept when its mean cost is at most this share of the text's ...
SWAP_MAX_COST_RATIO = 0.6
#: ... and at most this in absolute terms (real Chinese text is about 1).
SWAP_MAX_COST = 2.0
COMMON_HAN_LIST = "common_han"


@lru_cache(maxsize=1)
def _han_ranks() -> dict[str, int]:
    """Rank of each listed everyday character (order of the lexicon file, most frequent first)."""
    from importlib import resources

    from .lexicon import LEXICON_DIR, LEXICON_PACKAGE

    path = resources.files(LEXICON_PACKAGE).joinpath(LEXICON_DIR, f"{COMMON_HAN_LIST}.txt")
    ranks: dict[str, int] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        ch = raw.strip()
        if len(ch) == 1 and not ch.startswith("#") and ch not in ranks:
            ranks[ch] = len(ranks)
    return ranks


def _is_punct(ch: str) -> bool:
    return (
        ch.isascii()
        or "\u3000" <= ch <= "\u303f"
        or "\uff01" <= ch <= "\uff5e"
        or ch in "“”‘’—…·"
    )


@lru_cache(maxsize=16384)
def char_cost(ch: str) -> float:
    """How unusual ``ch`` is in Chinese (or ASCII) text: low for everyday characters."""
    if _is_punct(ch):
        return COST_NEUTRAL
    if ch == REPLACEMENT or "\ue000" <= ch <= "\uf8ff" or "\x80" <= ch <= "\x9f":
        return COST_JUNK
    simp = to_simplified(ch)
    rank = _han_ranks().get(simp)
    if rank is not None:
        return COST_TOP if rank < TOP_RANK else COST_FREQUENT
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        try:
            lead = simp.encode("gb2312")[0]
        except UnicodeEncodeError:
            return COST_RARE
        return COST_LEVEL1 if lead <= GB2312_LEVEL1_LAST_LEAD else COST_LEVEL2
    if "\u00a1" <= ch <= "\u024f" or ch in HIGH_LATIN:
        return COST_LATIN_HIGH
    return COST_FOREIGN


GB2312_LEVEL1_LAST_LEAD = 0xD7


def text_cost(text: str) -> float:
    """Mean :func:`char_cost` over the non-space characters (0 for empty text)."""
    chars = [c for c in text if not c.isspace()]
    return sum(char_cost(c) for c in chars) / len(chars) if chars else 0.0


def _clearly_better(fixed: str, text: str) -> bool:
    """A repair is kept only when it reads as ordinary text and much better than what it replaces."""
    new, old = text_cost(fixed), text_cost(text)
    return new <= SWAP_MAX_COST and new <= SWAP_MAX_COST_RATIO * old


# --- codec swaps that lose nothing: re-encode with the wrong codec, decode with the right one -----
#: (shown-as codec, real codec, description): the text was decoded with the first, written in the
#: second. Tried in order; each reversal must decode strictly, so nothing is guessed.
CODEC_SWAPS: tuple[tuple[str, str, str], ...] = (
    ("gb18030", "utf-8", "UTF-8 read as GBK/GB18030"),
    ("gbk", "big5", "Big5 read as GBK"),
    ("big5", "gbk", "GBK read as Big5"),
)
#: A line must hold this many non-ASCII characters before a codec swap is considered.
SWAP_MIN_CHARS = 2


def repair_codec_swap(text: str) -> tuple[str, str] | None:
    """(repaired text, description) when a whole-line codec swap turns mojibake into plain text."""
    if sum(1 for c in text if not c.isascii()) < SWAP_MIN_CHARS:
        return None
    if text_cost(text) * SWAP_MAX_COST_RATIO < COST_NEUTRAL * 0.9:
        return None  # already reads as ordinary text: nothing a swap could improve
    for shown, real, why in CODEC_SWAPS:
        try:
            fixed = text.encode(shown).decode(real)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and _clearly_better(fixed, text):
            return fixed, why
    return None


def _to_bytes_cp1252(run: str) -> bytes:
    out = bytearray()
    for ch in run:
        for codec in ("cp1252", "latin-1"):
            try:
                out += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            out += b"?"
    return bytes(out)


def _quality(text: str) -> int:
    """Common Han and full-width punctuation count up; replacement and rare Han count down."""
    good = sum(
        1
        for c in text
        if is_common_han(c) or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e"
    )
    bad = sum(1 for c in text if c == REPLACEMENT or is_rare_han(c))
    return good - 2 * bad


def _latin1_run_ok(run: str) -> bool:
    highs = [i for i, c in enumerate(run) if re.match(f"[{HIGH_LATIN}]", c)]
    pairs = sum(1 for a, b in zip(highs, highs[1:]) if b == a + 1)
    return pairs >= LATIN1_MIN_PAIRS and 2 * pairs / max(len(highs), 1) >= LATIN1_MIN_PAIR_SHARE


def _good_char(ch: str) -> bool:
    return is_common_han(ch) or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e"


def decode_gbk_resync(raw: bytes) -> str:
    """Decode GBK, dropping a byte where that puts the reader back in step (a byte was lost)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        pair = raw[i : i + 2]
        try:
            ch = pair.decode("gbk") if len(pair) == 2 else ""
        except UnicodeDecodeError:
            ch = ""
        if ch and _good_char(ch):
            out.append(ch)
            i += 2
            continue
        nxt = raw[i + 1 : i + 3]
        try:
            ch2 = nxt.decode("gbk") if len(nxt) == 2 and nxt[0] >= 0x81 else ""
        except UnicodeDecodeError:
            ch2 = ""
        if ch2 and _good_char(ch2):
            i += 1
            continue
        if ch:
            out.append(ch)
            i += 2
        else:
            i += 1
    return "".join(out)


def repair_latin1_gbk(text: str) -> str | None:
    """Decode GBK-shown-as-Latin-1 runs; None when the line does not look like that or nothing
    improves."""
    if not _latin1_run_ok(text):
        return None
    changed = False

    def repl(m: re.Match[str]) -> str:
        nonlocal changed
        run = m.group(0)
        if len(run) < 2:
            return run
        fixed = decode_gbk_resync(_to_bytes_cp1252(run))
        if _quality(fixed) <= _quality(run):
            return run
        changed = True
        return fixed

    out = LATIN1_RUN_RE.sub(repl, text)
    return out if changed else None


#: GBK read one byte out of step: a '?' (the byte left without a partner) followed by Han characters
#: that are really the next pairs shifted by a byte, up to the ASCII character where the reader
#: resynced.
SHIFTED_RUN_RE = re.compile(r"[?？][!！\"“”]?[\u3400-\u9fff\ue000-\uf8ff]{1,12}[A-Za-z0-9]?")


def _gbk_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        if ch == "!":
            ch = "！"
        try:
            out += ch.encode("gbk")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _all_good(text: str) -> bool:
    return bool(text) and all(
        is_common_han(c) or "\u3000" <= c <= "\u303f" or "\uff01" <= c <= "\uff5e" or c in "“”‘’"
        for c in text
    )


def repair_shifted_gbk(text: str, position: int) -> tuple[str, list[Removal]]:
    """Re-pair GBK read one byte out of step ('?' + shifted Han), keeping what decodes."""
    removals: list[Removal] = []

    def repl(m: re.Match[str]) -> str:
        run = m.group(0)
        rare = any(is_rare_han(c) for c in run)
        if not rare and run[1:2] not in ("!", "！"):
            return run
        raw = _gbk_bytes(run[1:])
        if raw is None or len(raw) < 3:
            return run
        fixed = raw[1:].decode("gbk", errors="replace").replace(REPLACEMENT, "")
        if not rare and not _all_good(fixed):
            return run  # "?!" can be genuine punctuation: only a clean decode counts as mojibake
        if _all_good(fixed):
            removals.append(
                Removal(
                    position,
                    run,
                    f"GBK read one byte out of step, repaired to {fixed!r}",
                    "mojibake.repaired",
                )
            )
            return fixed
        removals.append(
            Removal(
                position, run, "GBK read one byte out of step, not recoverable", "mojibake.removed"
            )
        )
        return ""

    return SHIFTED_RUN_RE.sub(repl, text), removals


def repair_entities(text: str, position: int) -> tuple[str, list[Removal]]:
    """``?#19994;`` is an HTML numeric entity whose '&' was lost: decode it."""
    removals: list[Removal] = []

    def repl(m: re.Match[str]) -> str:
        try:
            ch = chr(int(m.group(1)))
        except (ValueError, OverflowError):
            return m.group(0)
        removals.append(
            Removal(
                position,
                m.group(0),
                f"broken numeric entity, decoded to {ch!r}",
                "mojibake.repaired",
            )
        )
        return ch

    return ENTITY_RE.sub(repl, text), removals


def repair_line(text: str, position: int) -> tuple[str, list[Removal]]:
    """All mojibake repairs for one line, each recorded."""
    removals: list[Removal] = []
    fixed = repair_latin1_gbk(text)
    if fixed is not None:
        removals.append(
            Removal(position, text, "GBK shown as Latin-1, repaired", "mojibake.repaired")
        )
        text = fixed
    text, more = repair_entities(text, position)
    removals += more
    text, more = repair_shifted_gbk(text, position)
    removals += more
    if REPLACEMENT in text:
        removals.append(
            Removal(
                position,
                REPLACEMENT * text.count(REPLACEMENT),
                "replacement characters (bytes no codec could read)",
                "mojibake.removed",
            )
        )
        text = text.replace(REPLACEMENT, "")
    return text, removals
