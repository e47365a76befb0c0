"""Site chrome and article metadata: which of the remaining lines are boilerplate, which are meta.

Kept conservative on purpose: a genuine body line taken for chrome is lost text, while chrome taken
for body only costs a little precision. Boilerplate is recognized by form (breadcrumbs, runs of
short
bullet links, image file names, copyright lines, reading-time counters, doc-viewer page stubs, lines
made only of navigation words); meta by labels (来源/作者/发布时间/By), dates at the head of a short
line, author-name lists and affiliation lines.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import load_terms, normalize
from .text import CJK_RE, shape

# --- boilerplate ---------------------------------------------------------------------------------
PUNCT_ONLY_RE = re.compile(r"^[\s|│｜·•・\-–—_=*#>»!\[\]()（）]+$")
BREADCRUMB_RE = re.compile(
    r"(?:当前位置|您现在的位置|你的位置|所在位置|位置)\s*[:：]|\S\s*[>»›]\s*\S.*[>»›]|^\S{1,6}\s*[>»›]\s*\S{1,8}$"
)
IMAGE_RE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*\|?$|\.(?:jpe?g|png|gif|webp|bmp)\)?\s*$", re.IGNORECASE)
COPYRIGHT_RE = re.compile(
    r"copyright|©|版权所有|版权声明|版权说明|all rights reserved|备案号|icp备", re.IGNORECASE
)
READING_RE = re.compile(
    r"\d+\s*字.{0,6}\d+\s*分钟|阅读\s*\d+|已阅读\d+页|_第\d+页$|\d+\s*min read", re.IGNORECASE
)
HOTLINE_RE = re.compile(r"(?:热线|电话|咨询)\s*[:：]?\s*[\d\-]{7,}")
TAG_LINE_RE = re.compile(r"^关键词\s*[:：]\s*[^;；,，]{1,20}$")
NAV_SEGMENT_MAX = 4
NAV_RUN_MIN = 4
NAV_ITEM_MAX_LEN = 24
SHORT_HEADER_MAX = 6


@cache
def _boiler_terms() -> frozenset[str]:
    return frozenset(load_terms("boilerplate"))


#: Brackets and separators read as spaces when a line is checked for navigation words.
NAV_SEPARATOR_CHARS = r"\[\]【】()（）|:：—\-"
NAV_SEPARATORS_RE = re.compile(f"[{NAV_SEPARATOR_CHARS}]+")


#: The first part of a line for the navigation-words test: separators and spaces, then a word.
_NAV_FIRST_PART_RE = re.compile(f"[\\s{NAV_SEPARATOR_CHARS}]*([^\\s{NAV_SEPARATOR_CHARS}]+)")


@cache
def _nav_first_words() -> frozenset[str]:
    """The first word of every navigation term: a line of navigation words starts with one."""
    return frozenset(t.split()[0] for t in _boiler_terms() if t.split())


#: Literals every match of a pattern holds (one of them at least): a line without any is spared the
#: pattern. COPYRIGHT_RE's Latin words are matched ignoring case, but 'p' and 'v' have no other
#: case forms than P and V (and the text is lower-cased already).
COPYRIGHT_MARKS = ("©", "版权", "备", "p", "v", "P", "V")
READING_MARKS = ("字", "阅读", "页", "read")
BREADCRUMB_MARKS = ("位置", ">", "»", "›")
#: An image link starts with "![", an image file name ends with ".<ext>" and maybe ")": its dot is
#: among the line's last characters (the line is stripped, so nothing trails the extension).
IMAGE_TAIL_CHARS = len(".jpeg)")


def _has_any(text: str, marks: tuple[str, ...]) -> bool:
    return any(m in text for m in marks)


def _may_be_image(s: str) -> bool:
    return s.startswith("![") or "." in s[-IMAGE_TAIL_CHARS:]


def boilerplate_reason(text: str) -> str | None:
    """Why one line (on its own) is site chrome, or None."""
    s = text.strip()
    norm = normalize(s)
    if PUNCT_ONLY_RE.match(s):
        return "punctuation / table residue"
    if len(s) <= 200 and _may_be_image(s) and IMAGE_RE.search(s) and not shape(s).is_prose:
        return "image file name or image link"
    if len(s) <= 160 and _has_any(norm, COPYRIGHT_MARKS) and COPYRIGHT_RE.search(norm):
        return "copyright notice"
    if len(s) <= 60 and _has_any(norm, READING_MARKS) and READING_RE.search(norm):
        return "reading counter / document-viewer chrome"
    if len(s) <= 40 and HOTLINE_RE.search(norm):
        return "hotline banner"
    if (
        len(s) <= 120
        and _has_any(norm, BREADCRUMB_MARKS)
        and BREADCRUMB_RE.search(norm)
        and not shape(s).is_prose
    ):
        return "breadcrumb"
    if TAG_LINE_RE.match(norm):
        return "site keyword tag"
    if _is_navigation_words(norm):
        return "navigation words"
    if norm.startswith("powered by"):
        return "site footer"
    return None


def _is_navigation_words(norm: str) -> bool:
    """The (normalized) line is a navigation term, or navigation terms between separators."""
    first = _NAV_FIRST_PART_RE.match(norm)
    if first is not None and first.group(1) not in _nav_first_words():
        # (its first part is the first word of the line taken whole, too): most lines are settled
        # here, without rewriting them
        return False
    core = NAV_SEPARATORS_RE.sub(" ", norm).strip()
    terms = _boiler_terms()
    parts = core.split()
    return core in terms or bool(parts and all(p in terms for p in parts))


NAV_SEGMENT_PUNCT_RE = re.compile(r"[，。,.:：!?！？、]")


def is_nav_segments(text: str) -> bool:
    """ "公司概况 核心优势 核心团队": several space-separated short words, no punctuation."""
    parts = text.split()
    if len(parts) < 2 or NAV_SEGMENT_PUNCT_RE.search(text):
        return False
    return all(
        1 <= len(CJK_RE.findall(p)) == len(p) <= NAV_SEGMENT_MAX for p in parts
    ) and not is_name_list(text)


#: Labels of related-story lists; the short lines under them are other stories' headlines.
RELATED_LABEL_RE = re.compile(
    r"^[\[【]?(?:相关阅读|相关新闻|相关文章|相关推荐|推荐阅读|延伸阅读|热门文章|热点新闻|"
    r"猜你喜欢|related (?:stories|articles|posts)|read more)[\]】:：]?$",
    re.IGNORECASE,
)


def related_list_indices(lines: list[str], is_paragraph) -> set[int]:
    """Short lines under a "related reading" label, up to the next paragraph."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        if RELATED_LABEL_RE.match(normalize(line.strip())):
            for j in range(i + 1, len(lines)):
                if is_paragraph(lines[j]) or len(lines[j]) > NAV_ITEM_MAX_LEN * 2:
                    break
                out.add(j)
    return out


BULLET_ITEM_RE = re.compile(r"^[•·・▪●◆\-*]\s*\S")


def nav_run_indices(lines: list[str]) -> set[int]:
    """Runs of bullet links ("• <headline>") too short to be article text: related-news lists."""
    out: set[int] = set()
    run: list[int] = []

    def flush() -> None:
        if len(run) >= NAV_RUN_MIN:
            out.update(run)
            first = run[0] - 1
            if first >= 0 and len(lines[first].strip()) <= SHORT_HEADER_MAX:
                out.add(first)
        run.clear()

    for i, line in enumerate(lines):
        s = line.strip()
        if len(s) <= NAV_ITEM_MAX_LEN and BULLET_ITEM_RE.match(s) and "。" not in s:
            run.append(i)
        elif run:
            flush()
    flush()
    return out


# --- meta ----------------------------------------------------------------------------------------
META_LABEL_RE = re.compile(
    r"(?:来源|来源于|作者|记者|编辑|责任编辑|责编|发布时间|发布日期|发表时间|更新时间|时间|日期|点击|点击量|点击数|"
    r"浏览|浏览次数|阅读|人气|通讯员|撰文|摄影|出处)\s*[:：丨|]"
)
BYLINE_RE = re.compile(r"^(?:by[:\s]|文\s*/|文丨|【编辑|作者丨|编辑丨)", re.IGNORECASE)
REPORTER_RE = re.compile(r"(?:记者|通讯员)\s*\S{2,4}")
DATE_RE = re.compile(r"(?:19|20)\d{2}\s*(?:[-/.年])\s*\d{1,2}\s*(?:[-/.月])\s*\d{1,2}")
DATE_HEAD_RE = re.compile(
    r"^(?:date\s+)?(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}", re.IGNORECASE
)
ISSUE_RE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*期$")
AFFILIATION_RE = re.compile(
    r"^[(（].*(?:大学|学院|研究所|研究院|中心|university|school|institute|college).*[)）]$", re.IGNORECASE
)
INSTITUTION_RE = re.compile(r"^\S{2,20}(?:大学|学院|研究所|研究院)(?:\S{0,8}学院)?$")
META_MAX_LEN = 80
AFFILIATION_MAX_LEN = 160
#: "Yang Ge Zhao Lindu": capitalized Latin names (checked only next to other meta lines).
LATIN_NAMES_RE = re.compile(r"^(?:[A-Z][a-z]{0,9}[\s,]+){1,7}[A-Z][a-z]{0,9}$")
#: "推荐 16 利好 32": two or more labelled counters on one short line.
COUNTER_RE = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}\s*\d+\s+){2,}")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "温仇喻齐廉申柳宁常康易乔赖文岳耿柏甘祁鲁凌左时倪盛樊单欧庞麦梅连晏傅聂关"
)


def is_name_list(text: str) -> bool:
    """ "温彦 张峰 仇丽青": two or more 2-3 character Chinese names separated by spaces."""
    parts = normalize(text).split()
    if len(parts) < 2:
        return False
    return all(
        2 <= len(p) <= 3
        and CJK_RE.fullmatch(p[0])
        and p[0] in SURNAMES
        and CJK_RE.findall(p) == list(p)
        for p in parts
    )


def meta_reason(text: str) -> str | None:
    """Why a line is article metadata (date, byline, source, affiliation), or None."""
    s = text.strip()
    norm = normalize(s)
    if DATE_HEAD_RE.match(norm) and (len(s) <= META_MAX_LEN or norm.startswith("date ")):
        return "line starting with a date"
    if len(s) <= AFFILIATION_MAX_LEN and AFFILIATION_RE.match(norm):
        return "author affiliation"
    if len(s) > META_MAX_LEN:
        return None
    if META_LABEL_RE.search(norm):
        return "labeled metadata (source / author / time)"
    if BYLINE_RE.match(norm):
        return "byline"
    if DATE_RE.search(norm) and not shape(s).is_prose:
        return "short line with a date"
    if ISSUE_RE.search(norm):
        return "journal issue line"
    if AFFILIATION_RE.match(norm) or INSTITUTION_RE.match(norm):
        return "author affiliation"
    if is_name_list(s):
        return "author names"
    if COUNTER_RE.search(norm) and not shape(s).sentence_ends:
        return "vote / view counters"
    if len(s) <= 30 and REPORTER_RE.search(norm) and not shape(s).sentence_ends:
        return "reporter byline"
    return None
