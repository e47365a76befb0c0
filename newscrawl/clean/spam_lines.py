"""Is this line injected? Line-level rules, each with an explainable reason.

Each rule looks at one line with a little page context (the page's script, whether the line comes
before the headline). All rules share one guard: a line that reads as prose (sentences, function
words, length) is never dropped for its vocabulary, so news ABOUT gambling, porn crackdowns,
lotteries or pharma stays. Injection is recognized by its form: keyword lists, hijacker site names,
markup-only lines, lines in another script or language than the page, domain-bearing keyword
strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import tags
from .lexicon import any_term, lexicon, normalize
from .mojibake import is_junk_line
from .text import has_hangul, has_kana, script_counts, shape

#: Weight of a strong (genre-only) term and of a weak (common) term in a line's spam score.
STRONG_WEIGHT = 2
WEAK_WEIGHT = 1
#: Score at which a keyword-list-shaped line is spam.
KEYWORD_LIST_MIN_SCORE = 3
#: Without any strong term, a keyword list needs this much weak vocabulary over this many segments.
WEAK_LIST_MIN_SCORE = 5
WEAK_LIST_MIN_SEGMENTS = 5
#: Strong hits at which any non-prose line is spam, whatever its shape.
DENSE_MIN_STRONG = 3
#: Longest line that can be a hijacker site name or a short spam label.
SITE_NAME_MAX_LEN = 40
SHORT_LABEL_MAX_LEN = 20

STRONG_LISTS = ("porn", "gambling", "lottery_spam")
WEAK_LIST = "spam_common"
SPAM_DOMAIN_RE = re.compile(
    r"\b[a-z0-9-]{2,}\.(?:top|xyz|vip|cc|club|bet|win|shop|live|buzz|icu|fun|asia|online)\b", re.IGNORECASE
)
#: "<name>(中国)官方网站", "<name>官网", "官方网站-<...>平台": hijacker site names.
SITE_NAME_RE = re.compile(
    r"(?:[(（]中国(?:大陆)?[)）]|官方网站|官方网址|官方平台|官网(?:入口|首页|登录)?|网页版|登录入口)"
)
#: "Powered by <name>" footers name the operator.
POWERED_RE = re.compile(r"powered\s+by", re.IGNORECASE)
#: The same unit written twice or more in a row: "<company><company>".
REPEAT_RE = re.compile(r"^(.{4,}?)\s*(?:\1\s*)+$")
#: A casino site name: place or casino name + a 3-5 digit number (the domain's number).
CASINO_NUMBER_RE = re.compile(
    r"^(?:澳门|香港|新葡京|葡京|金沙|威尼斯人|永利|太阳城|银河|新京|皇冠)\S{0,10}?\d{3,5}$"
)


#: A line with no sentence end whose strong terms and coverage reach these is a keyword list even
#: when
#: commas and the odd "在" make it look like a sentence.
KEYWORD_MIN_STRONG = 2
KEYWORD_MIN_COVERAGE = 0.3


def coverage(norm: str, terms: list[str]) -> float:
    """Share of the line's letters (Han, Latin, digits) covered by lexicon terms."""
    letters = sum(1 for c in norm if c.isalnum())
    return min(1.0, sum(len(t) for t in terms) / letters) if letters else 0.0


#: Strong site-name markers on their own; "官网" needs a gambling-site word or a Latin brand.
STRONG_SITE_RE = re.compile(r"[(（]中国(?:大陆)?[)）]|官方网站|官方网址|官方平台|登录入口|网页版")
GAMBLING_SITE_WORD_RE = re.compile(r"体育|娱乐|电子|棋牌|真人|彩票|app|^[a-z0-9]{2,8}")
META_LABEL_HINT_RE = re.compile(r"来源|作者|记者|编辑|发布|时间|日期|转载|原文")


def _is_site_name(norm: str) -> bool:
    if META_LABEL_HINT_RE.search(norm):
        return False
    if STRONG_SITE_RE.search(norm):
        return True
    return bool(SITE_NAME_RE.search(norm) and GAMBLING_SITE_WORD_RE.search(norm))


@dataclass(frozen=True)
class Verdict:
    """Why a line was judged injected."""

    reason: str
    rule: str


@dataclass(frozen=True)
class PageContext:
    """What the line rules need to know about the page as a whole."""

    traditional: bool = False
    chinese: bool = True


def lexicon_score(norm: str) -> tuple[int, int, list[str]]:
    """(score, strong hits, terms) of normalized text against the spam lists."""
    if not any_term(*STRONG_LISTS, WEAK_LIST).search(norm):
        return 0, 0, []  # no term of any list: one scan instead of one per list (most lines)
    strong: list[str] = []
    for name in STRONG_LISTS:
        strong += lexicon(name).hits(norm)
    weak = lexicon(WEAK_LIST).hits(norm)
    return STRONG_WEIGHT * len(strong) + WEAK_WEIGHT * len(weak), len(strong), strong + weak


_HAN_BASIC_RE = re.compile(r"[\u4e00-\u9fff]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
#: A page whose CJK text is at least this share kana is Japanese, not Chinese: its kana lines are
#: its own text, not a keyword hack (a hijacked Chinese page holds a few kana lines among
#: thousands of Han characters).
JAPANESE_KANA_SHARE = 0.15


def page_context(lines: list[str]) -> PageContext:
    """Script of the page: Traditional when Traditional-only characters clearly outnumber
    Simplified.

    The script is counted only when a rule first asks for it (see :class:`_LazyScriptContext`).
    """
    return _LazyScriptContext(tuple(lines), chinese=_is_chinese(lines))


#: Han characters a page needs to count as Chinese.
CHINESE_MIN_HAN = 20


def _is_chinese(lines: list[str]) -> bool:
    """At least :data:`CHINESE_MIN_HAN` Han characters, and not Japanese (see
    :data:`JAPANESE_KANA_SHARE`).

    Without kana a page is Japanese only when it has no Han either, so counting may stop at
    :data:`CHINESE_MIN_HAN`, usually within the first line; with kana every character counts.
    """
    if not any(_KANA_RE.search(line) for line in lines):
        han = 0
        for line in lines:
            han += len(_HAN_BASIC_RE.findall(line))
            if han >= CHINESE_MIN_HAN:
                return True
        return False
    han = sum(len(_HAN_BASIC_RE.findall(line)) for line in lines)
    kana = sum(len(_KANA_RE.findall(line)) for line in lines)
    japanese = kana >= JAPANESE_KANA_SHARE * (han + kana)
    return han >= CHINESE_MIN_HAN and not japanese


def is_traditional_page(lines: Iterable[str]) -> bool:
    """Traditional-only characters clearly outnumber Simplified-only ones on these lines."""
    trad = simp = 0
    for line in lines:
        t, s = script_counts(line)
        trad += t
        simp += s
    return trad > 2 * simp and trad >= 10


class _LazyScriptContext(PageContext):
    """A :class:`PageContext` whose ``traditional`` is counted on first use.

    Counting converts every line's Han characters to both scripts with OpenCC, a large share of a
    page's cleaning time, while the only rule that reads it (Simplified keywords on a Traditional
    page) is reached by few lines and on most pages by none.
    """

    def __init__(self, lines: tuple[str, ...], *, chinese: bool) -> None:
        object.__setattr__(self, "chinese", chinese)
        object.__setattr__(self, "_lines", lines)
        object.__setattr__(self, "_traditional", None)

    @property
    def traditional(self) -> bool:  # type: ignore[override]
        if self._traditional is None:
            object.__setattr__(self, "_traditional", is_traditional_page(self._lines))
        return self._traditional


def classify(text: str, ctx: PageContext) -> Verdict | None:
    """The verdict for one line, or None when nothing marks it as injected."""
    stripped = text.strip()
    if not stripped:
        return None
    if is_junk_line(stripped):
        return Verdict("line of '?' only (undecodable injection remains)", "spam-line.junk")
    if tags.is_tag_only(stripped):
        return Verdict("line made only of markup (hidden-tag injection)", "spam-line.hidden-tags")
    sh = shape(stripped)
    prose = sh.is_prose
    if prose and sh.sentence_ends:
        # prose with a sentence end: the keyword-list rule below needs none and the others need
        # non-prose, so the common case is decided before any lexicon scan
        return None
    norm = normalize(stripped)
    score, strong, terms = lexicon_score(norm)
    if sh.sentence_ends == 0 and strong >= KEYWORD_MIN_STRONG:
        cover = coverage(norm, terms)
        if cover >= KEYWORD_MIN_COVERAGE:
            return Verdict(
                f"keyword list ({len(terms)} lexicon terms cover {cover:.0%} of the line: "
                f"{', '.join(terms[:5])})",
                "spam-line.keyword-list",
            )
    if not prose:
        if (
            sh.is_keyword_list
            and score >= KEYWORD_LIST_MIN_SCORE
            and (
                strong >= 1
                or (score >= WEAK_LIST_MIN_SCORE and sh.segments >= WEAK_LIST_MIN_SEGMENTS)
            )
        ):
            return Verdict(
                f"keyword list ({len(terms)} lexicon terms in {sh.segments} segments: "
                f"{', '.join(terms[:5])})",
                "spam-line.keyword-list",
            )
        if strong >= DENSE_MIN_STRONG:
            return Verdict(f"dense spam vocabulary ({strong} strong terms)", "spam-line.dense")
        if (
            (score >= WEAK_WEIGHT or sh.segments >= 4)
            and "." in stripped  # (every spam domain has its dot)
            and SPAM_DOMAIN_RE.search(stripped)
        ):
            return Verdict("keyword string carrying a spam domain", "spam-line.domain")
        if len(stripped) <= SITE_NAME_MAX_LEN and _is_site_name(norm):
            return Verdict("hijacker site name (official-site pattern)", "spam-line.site-name")
        if strong >= 1 and POWERED_RE.search(stripped):
            return Verdict("footer naming a gambling operator", "spam-line.operator-footer")
        if len(stripped) <= SHORT_LABEL_MAX_LEN and CASINO_NUMBER_RE.match(norm.replace(" ", "")):
            return Verdict("casino site name with a domain number", "spam-line.casino-name")
        # (the cheap test first: the backtracking pattern is slow on a long line it cannot match)
        m = REPEAT_RE.match(stripped) if sh.cjk >= 8 else None
        if m and len(m.group(1)) >= 4:
            return Verdict(
                "the same name written twice in a row (SEO stuffing)", "spam-line.repeated-name"
            )
        if ctx.chinese and has_kana(stripped) and sh.segments >= 2:
            return Verdict("Japanese keyword line on a Chinese page", "spam-line.script-japanese")
        if strong >= 1 and sh.segments >= 3 and has_hangul(stripped):
            return Verdict("Korean gambling keyword line", "spam-line.keyword-list")
        if strong >= 1 and sh.segments >= 2 and ctx.traditional:  # (script counted last: costly)
            t, s = script_counts(stripped)
            if s >= 2 and t == 0:
                return Verdict(
                    "Simplified-script spam keywords on a Traditional page",
                    "spam-line.script-mismatch",
                )
    return None
