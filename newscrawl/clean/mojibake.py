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
from functools import cache, lru_cache

from newscrawl.items import Removal

from .lexicon import to_simplified

HIGH_LATIN = (
    "\u0080-\u009f\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
#: A run of GBK-as-Latin-1: high Latin-1 characters, with the ASCII trail bytes GBK allows between
#: them.
#: Characters U+0100-U+07FF: a pair of GBK bytes that happens to be valid UTF-8 (lead C2-DF, trail
#: 80-BF) shows as one of these when a page is read as UTF-8 with a cp1252 fallback ("λ" for 位).
UTF8_PAIR_CHARS = "\u0100-\u07ff"
LATIN1_RUN_RE = re.compile(
    f"[{HIGH_LATIN}{UTF8_PAIR_CHARS}](?:[{HIGH_LATIN}{UTF8_PAIR_CHARS}@-~ ]*"
    f"[{HIGH_LATIN}{UTF8_PAIR_CHARS}])?"
)
#: A GBK-as-Latin-1 run always holds a Latin-1 letter or sign (or a C1 control): GB2312 lead bytes
#: are A1-F7.
LATIN1_CORE_RE = re.compile("[\u0080-\u00ff]")
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


def _is_cjk_punct(ch: str) -> bool:
    """The full-width punctuation of running Chinese text: as frequent as the commonest characters
    (brackets like 】『 are not: they would win every guess)."""
    return ch in FREQUENT_CJK_PUNCT


FREQUENT_CJK_PUNCT = frozenset("，。、“”：；？！（）《》—…·　")


def _is_punct(ch: str) -> bool:
    return (
        ch.isascii()
        or "\u3000" <= ch <= "\u303f"
        or "\uff01" <= ch <= "\uff5e"
        or ch in "“”‘’—…·"
        or "\u2000" <= ch <= "\u2bff"  # general punctuation, arrows, box drawing, shapes
    )


@lru_cache(maxsize=16384)
def char_cost(ch: str) -> float:
    """How unusual ``ch`` is in Chinese (or ASCII) text: low for everyday characters."""
    if _is_cjk_punct(ch):
        return COST_TOP
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
    total, n = _cost_total(text)
    return total / n if n else 0.0


class _CostClasses(dict):
    """``str.translate`` table: each character to a letter standing for its :func:`char_cost`
    (one letter per distinct cost), whitespace to nothing; filled on first use of a character."""

    def __init__(self) -> None:
        super().__init__()
        #: cost -> the letter that stands for it
        self.letters: dict[float, str] = {}

    def __missing__(self, key: int) -> str | None:
        ch = chr(key)
        if ch.isspace():
            letter = None
        else:
            cost = char_cost(ch)
            letter = self.letters.setdefault(cost, chr(ord("a") + len(self.letters)))
        self[key] = letter
        return letter


_COST_CLASSES = _CostClasses()


def _cost_total(text: str) -> tuple[float, int]:
    """(sum of :func:`char_cost`, count) over the non-space characters of ``text``.

    The line is mapped to cost letters in one ``str.translate`` and the letters counted, instead of
    costing character by character; every cost is a multiple of 0.5, so the sum is exact and the
    same as the character-by-character one.
    """
    classes = text.translate(_COST_CLASSES)
    total = 0.0
    for cost, letter in list(_COST_CLASSES.letters.items()):
        total += cost * classes.count(letter)
    return total, len(classes)


def _clearly_better(fixed: str, text: str, ratio: float = SWAP_MAX_COST_RATIO) -> bool:
    """A repair is kept only when it reads as ordinary text and much better than what it replaces."""
    new, old = text_cost(fixed), text_cost(text)
    return new <= SWAP_MAX_COST and new <= ratio * old


# --- codec swaps that lose nothing: re-encode with the wrong codec, decode with the right one -----
#: (shown-as codec, real codec, description): the text was decoded with the first, written in the
#: second. Tried in order; each reversal must decode strictly, so nothing is guessed.
CODEC_SWAPS: tuple[tuple[str, str, str], ...] = (
    ("gb18030", "utf-8", "UTF-8 read as GBK/GB18030"),
    ("gbk", "big5", "Big5 read as GBK"),
    ("big5", "gbk", "GBK read as Big5"),
)
#: A line must hold this many Han characters, and this share of its non-ASCII characters must be
#: Han, before a codec swap is considered.
SWAP_MIN_CHARS = 2
SWAP_MIN_HAN_SHARE = 0.5


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\ue000" <= ch <= "\uf8ff"


#: Characters that are not :func:`_is_han`: deleting them leaves a line's Han characters (counting
#: them so costs one string, not a list of one-character strings).
NON_HAN_RE = re.compile("[^\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff]+")


def repair_codec_swap(text: str) -> tuple[str, str] | None:
    """(repaired text, description) when a whole-line codec swap turns mojibake into plain text."""
    if text.isascii():
        return None  # no Han: nothing for a swap to turn into other Han
    han = len(NON_HAN_RE.sub("", text))  # (the characters of :func:`_is_han`)
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))  # (dropping non-ASCII characters)
    if han < SWAP_MIN_CHARS or han < SWAP_MIN_HAN_SHARE * non_ascii:
        return None  # these swaps turn Han into Han; accented Latin (pinyin, French) is not theirs
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
    """The bytes behind a GBK-shown-as-Latin-1 run: cp1252 / Latin-1 per character, and UTF-8 for
    the characters a UTF-8-first reader made of a valid two-byte sequence."""
    out = bytearray()
    for ch in run:
        for codec in ("cp1252", "latin-1", "utf-8"):
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


HIGH_LATIN_RE = re.compile(f"[{HIGH_LATIN}]")
#: Two high-Latin characters side by side: without one, a line has no pair and cannot be GBK shown
#: as Latin-1 (a cheap test that spares almost every line the full count).
HIGH_LATIN_PAIR_RE = re.compile(f"[{HIGH_LATIN}]{{2}}")


def _latin1_run_ok(run: str) -> bool:
    if not HIGH_LATIN_PAIR_RE.search(run):
        return False  # no adjacent pair: pairs == 0 < LATIN1_MIN_PAIRS
    highs = [m.start() for m in HIGH_LATIN_RE.finditer(run)]
    pairs = sum(1 for a, b in zip(highs, highs[1:]) if b == a + 1)
    return pairs >= LATIN1_MIN_PAIRS and 2 * pairs / max(len(highs), 1) >= LATIN1_MIN_PAIR_SHARE


def _good_char(ch: str) -> bool:
    return is_common_han(ch) or _is_cjk_punct(ch) or "\uff01" <= ch <= "\uff5e"


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
        if len(run) < 2 or not LATIN1_CORE_RE.search(run):
            return run  # dashes and curly quotes alone ("——“") are cp1252 punctuation, not GBK
        fixed = decode_gbk_resync(_to_bytes_cp1252(run))
        if _quality(fixed) <= _quality(run) and text_cost(fixed) >= text_cost(run):
            return run  # (a lone "¡ª" between digits is a dash: the cost sees it, the count not)
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
    """Re-pair GBK read one byte out of step ('?' + shifted Han), keeping what decodes.

    First the lost lead byte is guessed (:func:`repair_lost_lead`); runs it cannot make plausible
    fall back to dropping the shifted byte and keeping what decodes cleanly.
    """
    if "?" not in text and "？" not in text and REPLACEMENT not in text:
        return text, []  # both repairs start at a '?' (or U+FFFD) that the reader printed
    if not SHIFT_START_RE.search(text):
        # every run SHIFTED_RUN_RE can match starts where SHIFT_START_RE matches (a '?' before
        # non-ASCII), so without one neither repair finds anything
        return text, []
    text, removals = repair_lost_lead(text, position)

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


#: Where a GBK reader fell one byte out of step: the '?' it printed for the orphaned lead byte,
#: followed by non-ASCII text (or a '!' that NFKC or the page made of a full-width '！').
SHIFT_START_RE = re.compile('[?？\ufffd](?=[!"]?[^\\x00-\\x7f?？\ufffd])')
#: Re-leading a run that starts at a '?' is a narrower test than a whole-line swap (the '?' and the
#: run of Han after it must both be there), so a smaller gain suffices.
RELEAD_MAX_COST_RATIO = 0.8
#: Shortest shifted run (characters) worth re-pairing.
SHIFT_MIN_RUN = 2
#: Lead bytes a GBK character can have.
GBK_LEADS = range(0x81, 0xFF)
#: ASCII bytes a GBK reader takes as a trail byte (so the run may end by swallowing one).
GBK_ASCII_TRAIL = range(0x40, 0x7F)
GBK_SINGLE_BYTE_EURO = "€"
GBK_SINGLE_BYTE_EURO_BYTE = 0x80
_FULLWIDTH_OF = {"!": "！", '"': "＂"}


#: A shifted run: non-ASCII characters other than '?' marks, up to and including a '€' (0x80 is
#: read alone: the reader is back in step after it).
SHIFTED_RUN_BODY_RE = re.compile(
    f"[^\\x00-\\x7f?？\\ufffd{GBK_SINGLE_BYTE_EURO}]*{GBK_SINGLE_BYTE_EURO}?"
)


def _shift_run_end(text: str, start: int) -> int:
    j = start
    if j < len(text) and text[j] in _FULLWIDTH_OF:
        j += 1
    return SHIFTED_RUN_BODY_RE.match(text, j).end()


def gbk_encode(text: str) -> bytes:
    """GBK as browsers write it (cp936: '€' is the single byte 0x80); UnicodeEncodeError otherwise."""
    if GBK_SINGLE_BYTE_EURO not in text:
        # (the codec is stateless: the same bytes as character by character)
        return text.encode("gbk")
    return b"".join(b"\x80" if c == GBK_SINGLE_BYTE_EURO else c.encode("gbk") for c in text)


def gbk_decode(raw: bytes) -> str:
    """GBK as browsers read it (0x80 alone is '€'); UnicodeDecodeError on an invalid pair."""
    if GBK_SINGLE_BYTE_EURO_BYTE not in raw:
        return raw.decode("gbk")  # (the codec pairs the bytes the same way as the loop below)
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
        elif b == GBK_SINGLE_BYTE_EURO_BYTE:
            out.append(GBK_SINGLE_BYTE_EURO)
            i += 1
        else:
            out.append(raw[i : i + 2].decode("gbk"))
            i += 2
    return "".join(out)


def _best_lead(raw: bytes) -> tuple[str, float] | None:
    """The decoding of ``<lead> + raw`` with the lowest cost over every possible lead byte.

    A lead byte pairs with ``raw[0]`` and the rest decodes the same whatever the lead, so the rest
    is decoded and costed once and only the guessed character changes from one lead to the next.
    """
    if not raw:
        return None  # a lead byte alone does not decode
    try:
        rest = gbk_decode(raw[1:])
    except UnicodeDecodeError:
        return None  # no lead can mend what comes after the first pair
    rest_total, rest_n = _cost_total(rest)
    best: tuple[str, float] | None = None
    for first, first_total, first_n, tiebreak in _lead_guesses(raw[0]):
        n = first_n + rest_n
        # cost of the whole (as text_cost(first + rest): the sums are exact), then the guessed
        # character's rank breaks ties between common ones
        cost = ((first_total + rest_total) / n if n else 0.0) + tiebreak
        if best is None or cost < best[1]:
            best = (first + rest, cost)
    return best


@cache
def _lead_guesses(trail: int) -> tuple[tuple[str, float, int, float], ...]:
    """(character, its :func:`_cost_total` sum and count, its :func:`_rank_tiebreak`) for every
    lead byte that pairs with ``trail``, in lead byte order.

    They depend on the trail byte alone, and a full-width question mark before Han text (common in
    Chinese prose) sends a line through :func:`_best_lead`: decoding and costing the 126 pairs once
    per trail byte, not once per such line, keeps that cheap.
    """
    guesses = []
    for lead in GBK_LEADS:
        try:
            first = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        first_total, first_n = _cost_total(first)
        guesses.append((first, first_total, first_n, _rank_tiebreak(first[:1])))
    return tuple(guesses)


def _rank_tiebreak(ch: str) -> float:
    if _is_cjk_punct(ch):
        return 0.0
    rank = _han_ranks().get(to_simplified(ch))
    return (rank if rank is not None else len(_han_ranks())) * 1e-7


def _relead(run: str, tail: str) -> tuple[str, str] | None:
    """(repaired text, consumed source) for one shifted run, or None when nothing plausible."""
    variants = [(run + tail, True)] if tail else []
    variants.append((run, False))
    for src, _ in variants:
        chars = [_FULLWIDTH_OF.get(src[0], src[0])] + list(src[1:])
        try:
            raw = gbk_encode("".join(chars))
        except UnicodeEncodeError:
            continue
        lost_trail = len(raw) % 2 == 0 and not src[-1].isascii()
        best = _best_lead(raw[:-1] if lost_trail else raw)
        if best is not None and _clearly_better(best[0], "?" + src, RELEAD_MAX_COST_RATIO):
            return best[0], src
    return None


def repair_lost_lead(text: str, position: int) -> tuple[str, list[Removal]]:
    """GBK read one byte late: put back the lead byte that the '?' stands for.

    The reader printed '?' for an orphaned lead byte and then paired every trail byte with the
    next lead byte, until an ASCII byte put it back in step. Prefixing the right lead byte
    re-pairs the whole run exactly; which lead byte is guessed by trying all of them and keeping the
    decoding that reads most like ordinary text (only the first character is a guess).
    """
    removals: list[Removal] = []
    out: list[str] = []
    i = 0
    for m in SHIFT_START_RE.finditer(text):
        if m.start() < i:
            continue
        end = _shift_run_end(text, m.end())
        run = text[m.end() : end]
        if len(run) < SHIFT_MIN_RUN:
            continue
        tail = text[end] if end < len(text) and ord(text[end]) in GBK_ASCII_TRAIL else ""
        fixed = _relead(run, tail)
        if fixed is None:
            continue
        repaired, src = fixed
        out.append(text[i : m.start()] + repaired)
        i = m.start() + 1 + len(src)
        why = f"GBK read one byte out of step, lead byte restored: {repaired!r}"
        removals.append(Removal(position, "?" + src, why, "mojibake.repaired"))
    out.append(text[i:])
    return "".join(out), removals


def repair_entities(text: str, position: int) -> tuple[str, list[Removal]]:
    """``?#19994;`` is an HTML numeric entity whose '&' was lost: decode it."""
    removals: list[Removal] = []
    if "?#" not in text:
        return text, removals  # every entity starts with it

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
    swapped = repair_codec_swap(text)
    if swapped is not None:
        removals.append(Removal(position, text, f"{swapped[1]}, repaired", "mojibake.repaired"))
        text = swapped[0]
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
