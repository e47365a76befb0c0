"""Hijacker brands: learned from the page's own spam lines, then cut out wherever they were spliced.

A hijacked page names its operator in the injected lines (a site name "<brand>(中国)官方网站", nav
items "关于<brand>", a footer) and then splices the same brand into the headline, bylines and
sentences of the copied article. The brand is learned from the spam side and removed inline from the
good side, keeping the sentence around it. Brand compounds ("<name>体育娱乐",
"<name>登录入口网页版")
and known genre brands are removed only on pages that already show injection, so genuine news that
names a casino or a brand is left alone.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from newscrawl.items import Removal

from .lexicon import lexicon, load_terms, normalize, normalize_aligned

#: Suffix alternation of hijacker names ("官方网站", "体育", "娱乐", ...), longest first.
_SUFFIXES = "|".join(re.escape(t) for t in load_terms("hijack_patterns"))
_NAME = r"(?:[a-z0-9]{2,8}|[\u4e00-\u9fff]{2,4})"
#: The brand at the head of a hijacker site name: "pg(中国大陆)官方网站-..." -> "pg".
SITE_HEAD_RE = re.compile(r"^\s*(" + _NAME + r")\s*(?=[(（]|官方|官网|" + _SUFFIXES + ")")
#: Fake nav items of a repurposed company site: "关于<brand>", "联系<brand>".
NAV_BRAND_RE = re.compile(
    r"^(?:关于|联系|走进|加入)(" + r"[\u4e00-\u9fffa-z0-9]{1,6}?(?:" + _SUFFIXES + r")+)$"
)
#: A name followed by two or more hijacker suffixes: "<x>体育娱乐", "<x>登录入口网页版".
COMPOUND_RE = re.compile(r"(?:[a-z0-9]{2,8}|[\u4e00-\u9fff]{2,3})(?:" + _SUFFIXES + r"){2,}")
#: Two hijacker suffixes in a row, which every :data:`COMPOUND_RE` match holds: a line without them
#: is spared that costly pattern (it tries a name at every Han character).
SUFFIX_PAIR_RE = re.compile(r"(?:" + _SUFFIXES + r")(?:" + _SUFFIXES + r")")
#: Site watermarks spliced into copied text: "[www.example.com]".
WATERMARK_RE = re.compile(
    r"[\[【(（]\s*(?:https?://)?www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+/?\s*[\]】)）]"
)
#: Every watermark holds it.
WATERMARK_MARK = "www."
#: A sentence short enough to be a spliced template ("<brand>是...话题。").
BRAND_SENTENCE_MAX = 30
SENTENCE_RE = re.compile(r"[^。！？!?]*[。！？!?]")
#: Genre words a learned brand must not be (they would cut real text everywhere).
TOO_GENERIC = {
    "中国",
    "官方",
    "官网",
    "网站",
    "平台",
    "体育",
    "娱乐",
    "电子",
    "新闻",
    "首页",
    "www",
    "http",
    "https",
}


def _is_genre_word(name: str) -> bool:
    """A spam-vocabulary word ("百家乐", "网上赌场") names the genre, not the operator."""
    if name in TOO_GENERIC:
        return True
    lists = ("porn", "gambling", "lottery_spam", "spam_common")
    return any(lexicon(n).pattern.fullmatch(name) for n in lists)


_TRAILING_SUFFIX_RE = re.compile(r"(?:" + _SUFFIXES + r")+$")


def brand_core(name: str) -> str:
    """ "鼎盛娱乐" -> "鼎盛": the name without trailing hijacker suffixes (kept when too short)."""
    core = _TRAILING_SUFFIX_RE.sub("", name)
    return core if len(core) >= 2 else name


def brand_from_site_name(text: str) -> str | None:
    """The brand at the head of a hijacker site-name line, normalized."""
    m = SITE_HEAD_RE.match(normalize(text))
    if not m:
        return None
    brand = brand_core(m.group(1))
    return None if _is_genre_word(brand) or _is_genre_word(m.group(1)) else brand


def brand_from_nav(text: str) -> str | None:
    """The brand in a fake nav item ("关于<brand>"), normalized."""
    m = NAV_BRAND_RE.match(normalize(text).strip())
    if m and m.group(1) not in TOO_GENERIC:
        return m.group(1)
    return None


def _known_brands() -> tuple[str, ...]:
    return load_terms("brands")


#: Learned brands whose patterns are kept compiled (a crawl learns a few per hijacked site).
BRAND_PATTERN_CACHE = 1024


@lru_cache(maxsize=BRAND_PATTERN_CACHE)
def _brand_pattern(brand: str) -> re.Pattern[str]:
    """A learned brand with any hijacker suffixes after it."""
    if brand.isascii():
        # A Latin brand alone is too ambiguous ("PG-13"): require a suffix after it.
        return re.compile(r"(?<![a-z0-9])" + re.escape(brand) + r"(?:" + _SUFFIXES + r")+")
    return re.compile(re.escape(brand) + r"(?:" + _SUFFIXES + r")*")


@cache
def _inline_spam_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(term, pattern) of each spliced streaming/betting keyword, with an optional year before."""
    return tuple(
        (term, re.compile(r"(?:20\d\d)?" + re.escape(term))) for term in load_terms("inline_spam")
    )


def _spans(norm: str, brands: list[str], injected: bool) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for brand in sorted(set(brands), key=len, reverse=True):
        for m in _brand_pattern(brand).finditer(norm):
            spans.append((m.start(), m.end(), f"learned hijacker brand {brand!r}"))
    if injected and SUFFIX_PAIR_RE.search(norm):
        for m in COMPOUND_RE.finditer(norm):
            name = m.group(0)
            known = any(name.startswith(b) for b in _known_brands())
            if known or _compound_is_brand(name):
                spans.append((m.start(), m.end(), "brand compound (name + hijacker suffixes)"))
    if injected:
        for term, pattern in _inline_spam_patterns():
            if term not in norm:
                continue  # (every match holds the term itself)
            for m in pattern.finditer(norm):
                spans.append((m.start(), m.end(), f"spliced streaming/betting keyword {term!r}"))
    if WATERMARK_MARK in norm:
        for m in WATERMARK_RE.finditer(norm):
            spans.append((m.start(), m.end(), "site watermark spliced into the text"))
    return _merge(spans)


_GAMBLING_SUFFIXES = ("体育", "娱乐", "电子", "棋牌", "真人")
_SITE_SUFFIXES = (
    "官网",
    "官方",
    "平台",
    "登录",
    "登陆",
    "入口",
    "网页版",
    "app",
    "网址",
    "注册",
    "下载",
    "首页",
)


def _compound_is_brand(name: str) -> bool:
    """A gambling word in the chain, plus a site word or 娱乐 (体育彩票 alone is real)."""
    if not any(s in name for s in _GAMBLING_SUFFIXES):
        return False
    return any(s in name for s in _SITE_SUFFIXES) or "娱乐" in name


def _gambling_suffix_count(name: str) -> int:
    return sum(1 for s in _GAMBLING_SUFFIXES if s in name)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for s, e, why in sorted(spans):
        if out and s < out[-1][1]:
            ps, pe, pwhy = out[-1]
            out[-1] = (ps, max(pe, e), pwhy)
        else:
            out.append((s, e, why))
    return out


@cache
def _sentence_brands() -> tuple[str, ...]:
    """The known brands that can mark a templated sentence (two characters or more, not Latin)."""
    return tuple(b for b in _known_brands() if _is_sentence_brand(b))


@cache
def _sentence_brand_re() -> re.Pattern[str]:
    """Any of :func:`_sentence_brands`: one search tells whether a line names one at all."""
    return re.compile("|".join(re.escape(b) for b in _sentence_brands()) or r"(?!x)x")


def _is_sentence_brand(brand: str) -> bool:
    return len(brand) >= 2 and not brand.isascii()


def _brand_sentences(text: str, norm: str, brands: list[str]) -> list[tuple[int, int, str]]:
    """Short sentences built around two or more brands (templated injection) in a longer line."""
    spans: list[tuple[int, int, str]] = []
    # a sentence's brands are among the line's: a line naming fewer than two has no such sentence
    known = set()
    if _sentence_brand_re().search(norm):  # (most lines name none: one scan instead of one a brand)
        known = {b for b in _sentence_brands() if b in norm}
    known.update(b for b in brands if b in norm and _is_sentence_brand(b))
    if len(known) < 2:
        return spans
    for m in SENTENCE_RE.finditer(norm):
        sent = m.group(0)
        if len(sent) > BRAND_SENTENCE_MAX or len(sent) >= len(norm) * 0.9:
            continue
        hits = [b for b in known if b in sent]
        if len(hits) >= 2:
            spans.append(
                (m.start(), m.end(), f"templated sentence naming brands {', '.join(sorted(hits))}")
            )
    return spans


def remove_inline(
    text: str, position: int, brands: list[str], *, injected: bool
) -> tuple[str, list[Removal]]:
    """Cut learned brands, brand compounds and spliced keywords out of a good line."""
    norm = normalize_aligned(text)
    if len(norm) != len(text):
        return text, []
    spans = _merge(_spans(norm, brands, injected) + _brand_sentences(text, norm, brands))
    removals: list[Removal] = []
    for s, e, why in reversed(spans):
        removals.append(Removal(position, text[s:e], why, "inline-brand"))
        text = text[:s] + text[e:]
    removals.reverse()
    return text, removals


def mentions_brand(text: str, brands: list[str]) -> bool:
    """Whether a (short) line names a learned brand."""
    norm = normalize(text)
    return any(b in norm for b in brands)
