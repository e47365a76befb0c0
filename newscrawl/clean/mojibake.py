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
