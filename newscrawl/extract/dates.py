"""Find publication and modification dates in meta values, visible text and URLs.

Hijacked Chinese pages state their dates in many shapes (``2025-07-14 08:20:28``, ``2024年3月5日``,
ROC years ``113年3月5日``, full-width digits, ``3小时前``) and the labels in front of them may carry
injected pinyin (``發(fā)布時間``). Hand-written patterns cover the shapes seen in practice, because
they are exact, fast and tell us whether the page gave a time of day; ``dateparser`` is only the
fallback for a single odd string, imported lazily because its import is slow.

Every function is pure: the clock (``now``) and the page's zone (``tz``) are parameters, so results
are reproducible in tests. A page-local time with no zone is placed in ``tz``; a time with an
explicit zone or offset keeps that offset. Implausible dates (before 1990, or more than a day after
``now``) are dropped, since they are always either typos, IDs or copyright years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Callable, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from newscrawl.items import FoundDate

# --------------------------------------------------------------------------- thresholds

#: Nothing on the web we archive predates this; earlier "dates" are IDs or typos.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=timezone.utc)
#: Allow a day of slack after ``now`` for pages in zones ahead of the crawler's clock.
FUTURE_TOLERANCE = timedelta(days=1)
#: ROC (Minguo) calendar: year 1 is 1912.
ROC_YEAR_OFFSET = 1911
#: A 2- or 3-digit year before 年 is read as an ROC year only up to this value.
ROC_MAX_YEAR = 200
#: How far (in characters, no digits allowed) a date may sit after its label.
LABEL_GAP_CHARS = 24
#: A line this short holding a full date is a byline ("智駕網 2022-11-11 18:13").
BYLINE_MAX_CHARS = 40
#: Lines up to this length may carry an English label anywhere; longer ones are prose.
SHORT_LINE_MAX_CHARS = 80
#: A line this short naming comments ("网友评论", "3 Comments") starts the comment section.
COMMENT_HEADER_MAX_CHARS = 24
#: dateparser is only tried on strings this short: longer text is prose, not a date.
FALLBACK_MAX_CHARS = 100
#: Languages always given to dateparser (explicit, so it does not guess from 200 locales).
DEFAULT_LANGUAGES = ("zh", "en")
#: For "3月5日" with no year: try this many years back to find a valid day (29 Feb).
MONTH_DAY_LOOKBACK_YEARS = 8
#: The century a two-digit year ("31.10.23") is read in.
CENTURY = 2000
#: Days in a week, for "2周前".
DAYS_PER_WEEK = 7
#: Zones whose "CST" is China Standard Time, not US Central.
CHINA_CST_ZONES = frozenset({"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Taipei",
                             "Asia/Hong_Kong", "Asia/Macau", "PRC", "ROC"})

#: Zone abbreviations seen in bylines, as fixed UTC offsets in hours. Abbreviations are ambiguous
#: in general; this table picks the reading news sites use (CST = US Central, except on pages whose
#: own zone is Chinese, see :data:`CHINA_CST_ZONES`).
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1,
    "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11, "IST": 5.5,
}

# --------------------------------------------------------------------------- text normalization

#: Full-width ASCII (U+FF01..U+FF5E) and the ideographic space, mapped one-to-one so offsets hold.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: Any character :data:`_WIDTH_TABLE` maps (a search runs in C; most lines have none).
_WIDE_RE = re.compile("[\uff01-\uff5e\u3000]")
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
#: An injected pinyin annotation right after a Han character: 發(fā), 時(shí), 的(de).
_PINYIN_RE = re.compile(rf"(?<=[{_CJK}])\((?:[a-z{_TONED}]{{1,7}})\)")


def _strip_pinyin(text: str) -> str:
    """Remove injected "(pinyin)" annotations, so 發(fā)布時間 matches the 發布時間 label."""
    return _PINYIN_RE.sub("", text)


def _to_halfwidth(text: str) -> str:
    """Map full-width digits/colons to ASCII without changing length (offsets stay valid)."""
    return text.translate(_WIDTH_TABLE) if _WIDE_RE.search(text) else text


# --------------------------------------------------------------------------- context and hits


@dataclass(frozen=True)
class _Context:
    """The page's zone and the clock, resolved once per call."""

    tz_name: str
    tz: ZoneInfo
    now: datetime  # aware, in ``tz``
    #: Read an ambiguous numeric date (05/07/2019, 05-07-2019) day first, as most of the world
    #: writes it; month first (US) otherwise. See :func:`day_first_for`.
    day_first: bool = False


@dataclass(frozen=True)
class _Hit:
    """One date found in a string, with its span in that string."""

    start: int
    end: int
    value: datetime
    has_time: bool
    #: "full" (year given), "monthday" (year inferred), "relative" (from now)
    kind: str = "full"
    #: A bare relative word ("今天", "yesterday") with no time: a date only when a label says so.
    weak: bool = False


def _context(tz: str, now: datetime | None, day_first: bool = False) -> _Context:
    """Resolve ``tz`` and ``now``; a naive ``now`` is taken to be page-local time."""
    zone = ZoneInfo(tz)
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=zone)
    return _Context(tz, zone, now.astimezone(zone), day_first)


def _plausible(value: datetime, ctx: _Context) -> bool:
    """Between 1990 and a day after now: outside that window a "date" is an ID or a typo."""
    return EARLIEST_PLAUSIBLE <= value <= ctx.now + FUTURE_TOLERANCE


def _to_found(hit: _Hit, raw: str, source: str) -> FoundDate:
    """Wrap a hit as the shared record type."""
    return FoundDate(value=hit.value, raw=raw, source=source, has_time=hit.has_time)


# --------------------------------------------------------------------------- patterns

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}


def _month_table(*languages: str) -> dict[str, int]:
    """Month names (twelve per language, January first), lower case, to month numbers."""
    table: dict[str, int] = {}
    for names in languages:
        for number, name in enumerate(names.split(), 1):
            for spelling in name.split("/"):
                table.setdefault(spelling, number)
    return table


#: Month names of the languages news pages are most often written in, full and abbreviated, in
#: the form used after a day number (genitive for Slavic languages: "7 июля 2019"). Exact
#: patterns are fast and say whether a time was given; dateparser is only the last resort.
_MONTHS |= _month_table(
    # German (with Austrian Jänner), French, Spanish, Portuguese, Italian, Dutch
    "januar/jänner/jän februar/feber märz/mär/mrz april mai juni juli august september "
    "oktober/okt november dezember/dez",
    "janvier/janv février/fevrier/févr/fevr mars avril/avr mai juin juillet/juil août/aout "
    "septembre octobre novembre décembre/decembre/déc",
    "enero/ene febrero marzo abril/abr mayo junio julio agosto/ago septiembre/setiembre/set "
    "octubre noviembre diciembre/dic",
    "janeiro fevereiro/fev março/marco abril maio junho julho agosto setembro outubro/out "
    "novembro dezembro",
    "gennaio/gen febbraio marzo aprile maggio/mag giugno/giu luglio/lug agosto settembre "
    "ottobre/ott novembre dicembre",
    "januari februari maart/mrt april mei juni juli augustus september oktober november "
    "december",
    # Russian, Ukrainian, Polish (genitive), Turkish
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
    "listopada grudnia",
    "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    # Arabic (the Egyptian and Gulf names, with and without hamza)
    "يناير فبراير مارس أبريل/إبريل/ابريل مايو يونيو/يونيه يوليو/يوليه أغسطس/اغسطس سبتمبر "
    "أكتوبر/اكتوبر نوفمبر ديسمبر",
)
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = ("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                "Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun")
_ZONE_ALT = "|".join(sorted((z for z in ZONE_OFFSETS if len(z) > 1), key=len, reverse=True))
_CN_HALF_DAY = "上午|下午|早上|中午|晚上|凌晨|傍晚"

_TIME = (rf"(?:(?P<cnap>{_CN_HALF_DAY})\s*)?"
         r"(?P<h>\d{1,2})\s*[:时時点點]\s*(?P<mi>\d{1,2})(?!\d)"
         r"(?:\s*[:分]\s*(?P<s>\d{2})(?:\.\d+)?(?!\d))?"
         r"(?:\s*(?P<ampm>[ap]\.?m\b\.?|[صم](?!\w)))?")
_ZONE = (r"(?:\s?(?P<off>Z|[+-]\d{2}:?\d{2})(?![\d:]))?"
         rf"(?:\s*\(?(?P<abbr>{_ZONE_ALT})(?P<abbroff>[+-]\d{{1,2}}(?::?\d{{2}})?)?\)?(?![A-Za-z]))?")
#: Optional time (and zone) after a date: "T08:20:28Z", " 10:30", ", 8:20 AM EDT", "日下午3:30",
#: "February 24, 2020 | 9:25pm" (bylines set date and time apart with a bar or slash).
_TIME_SUFFIX = rf"(?:(?:T|[\s,|/·•]*(?:(?:at|um|à|às|a las|alle|om|kl\.?|в)\s+|-\s*)?){_TIME}{_ZONE})?"
_CN_WEEKDAY = r"(?:\s*[(（]?(?:星期|周|週|禮拜|礼拜)[一二三四五六日天][)）]?)?"

_ISO_RE = (r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s?(?P<sep>[-/.])\s?(?P<mo>\d{1,2})\s?(?P=sep)\s?"
           r"(?P<d>\d{1,2})(?!\d)" + _TIME_SUFFIX)
_CJK_RE = (r"(?<!\d)(?:(?P<roc>民國|民国)\s*)?(?P<y>\d{2,4})\s*年\s*(?P<mo>\d{1,2})\s*月\s*"
           r"(?P<d>\d{1,2})\s*[日号號]" + _CN_WEEKDAY + rf"(?:\s*{_TIME}{_ZONE})?")
_MONTHDAY_RE = (r"(?<![\d年])(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号號]" + _CN_WEEKDAY
                + rf"(?:\s*{_TIME})?")
#: Day first, in every language of :data:`_MONTHS`: "14 July 2025", "7. Juli 2019",
#: "27 juin 2019", "22 de outubro de 2010", "7 июля 2019 г.".
_EN_DMY_RE = (rf"(?:\b(?:{_WEEKDAY_ALT})\.?,?\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.|º)?\s*"
              rf"(?:de\s+|del\s+)?(?P<mon>{_MONTH_ALT})\b\.?,?\s+(?:de\s+|del\s+)?"
              rf"(?P<y>(?:19|20)\d{{2}})\b(?:\s*(?:г\.|р\.|года|року|roku))?" + _TIME_SUFFIX)
_EN_MDY_RE = (rf"(?:\b(?:{_WEEKDAY_ALT})\.?,?\s+)?\b(?P<mon>{_MONTH_ALT})\b\.?\s+"
              rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{{2}})\b" + _TIME_SUFFIX)
#: asctime / Java Date.toString: "Mon Jul 14 08:20:28 CST 2025".
_EN_CTIME_RE = (rf"\b(?:{_WEEKDAY_ALT})\s+(?P<mon>{_MONTH_ALT})\s+(?P<d>\d{{1,2}})\s+{_TIME}{_ZONE}"
                r"\s+(?P<y>(?:19|20)\d{2})\b")
#: 05/07/2019 or 05-07-2019: month or day first, see :func:`_h_us`.
_US_RE = (r"(?<![\d/.-])(?P<mo>\d{1,2})(?P<sep>[/-])(?P<d>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})"
          r"(?![\d/])" + _TIME_SUFFIX)
#: 14.07.2025, and with a space after each dot as German bylines write it ("4. 2. 2022"); a
#: sentence's full stop may follow.
_EU_RE = (r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<mo>\d{1,2})\.\s?(?P<y>(?:19|20)\d{2})(?!\d|\.\d)"
          + _TIME_SUFFIX)
#: 31.10.23: two digits each, the year in this century (German bylines and date lines).
_EU_SHORT_RE = (r"(?<![\d.])(?P<d>\d{2})\.(?P<mo>\d{2})\.(?P<y>\d{2})(?!\d|\.\d)"
                + _TIME_SUFFIX)
_REL_CN_RE = (r"(?P<n>\d{1,3})\s*(?P<u>秒钟|秒鐘|秒|分钟|分鐘|分|个小时|個小時|小时|小時|天|周|週|"
              r"星期)\s*(?:之)?前")
_REL_CN_WORD_RE = rf"(?P<w>今天|今日|昨天|昨日|前天|刚刚|剛剛|刚才|剛才)(?:\s*{_TIME})?"
_REL_EN_RE = (r"\b(?P<n>\d{1,3}|an?|one)\s+(?P<u>second|sec|minute|min|hour|hr|day|week)s?"
              r"\s+ago\b")
_REL_EN_WORD_RE = rf"\b(?P<w>today|yesterday|just now)\b(?:,?\s*(?:at\s+)?{_TIME})?"

_UNIT_SECONDS = {"秒": 1, "second": 1, "sec": 1, "分": 60, "minute": 60, "min": 60,
                 "小时": 3600, "小時": 3600, "hour": 3600, "hr": 3600}
_UNIT_DAYS = {"天": 1, "day": 1, "周": DAYS_PER_WEEK, "週": DAYS_PER_WEEK, "星期": DAYS_PER_WEEK,
              "week": DAYS_PER_WEEK}
_WORD_DAYS_AGO = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}
_NOW_WORDS = frozenset({"刚刚", "剛剛", "刚才", "剛才", "just now"})

# --------------------------------------------------------------------------- building values


def _time_of(m: re.Match[str]) -> tuple[int, int, int] | None:
    """The (hour, minute, second) a match carries, or None when it gave no (valid) time."""
    if m.groupdict().get("h") is None:
        return None
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    marker = (m.groupdict().get("ampm") or m.groupdict().get("cnap") or "").lower().replace(".", "")
    if marker in ("pm", "م", "下午", "晚上", "傍晚") and hour < 12:  # Arabic م: masā'an
        hour += 12
    elif marker in ("am", "ص", "凌晨") and hour == 12:  # Arabic ص: sabāhan
        hour = 0
    elif marker == "中午" and hour < 11:
        hour += 12
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _zone_of(m: re.Match[str], ctx: _Context) -> timezone | ZoneInfo:
    """The zone the match states (offset or abbreviation), else the page's zone."""
    groups = m.groupdict()
    if groups.get("off"):
        return _offset_zone(groups["off"])
    abbr = (groups.get("abbr") or "").upper()
    if not abbr:
        return ctx.tz
    if abbr == "CST" and ctx.tz_name in CHINA_CST_ZONES:
        return timezone(timedelta(hours=8))
    base = timedelta(hours=ZONE_OFFSETS[abbr])
    extra = _offset_zone(groups["abbroff"]).utcoffset(None) if groups.get("abbroff") else timedelta()
    return timezone(base + extra)


def _offset_zone(text: str) -> timezone:
    """'Z', '+08:00', '+0800', '-5' as a fixed-offset zone."""
    if text.upper() == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(y: int, mo: int, d: int, m: re.Match[str], ctx: _Context) -> tuple[datetime, bool] | None:
    """An aware datetime for a matched day plus whatever time/zone the match holds."""
    try:
        day = date(y, mo, d)
    except ValueError:
        return None
    hms = _time_of(m)
    if hms is None:
        return datetime.combine(day, time(), ctx.tz), False
    return datetime.combine(day, time(*hms), _zone_of(m, ctx)), True


def _year_of(m: re.Match[str]) -> int | None:
    """The Gregorian year of a CJK date: 4 digits as is, 2-3 digits (or 民國) as an ROC year."""
    raw = m["y"]
    year = int(raw)
    if len(raw) == 4 and not m["roc"]:
        return year if 1900 <= year <= 2099 else None
    if 1 <= year <= ROC_MAX_YEAR:
        return year + ROC_YEAR_OFFSET
    return None


# --------------------------------------------------------------------------- handlers

_Result = tuple[datetime, bool] | None


def _h_ymd(m: re.Match[str], ctx: _Context) -> _Result:
    """Numeric year-month-day (ISO, slashes, dots)."""
    return _build(int(m["y"]), int(m["mo"]), int(m["d"]), m, ctx)


def _h_short_year(m: re.Match[str], ctx: _Context) -> _Result:
    """dd.mm.yy: a two-digit year of this century, not after the fetch's year."""
    year = CENTURY + int(m["y"])
    if year > ctx.now.year:
        return None
    return _build(year, int(m["mo"]), int(m["d"]), m, ctx)


def _h_cjk(m: re.Match[str], ctx: _Context) -> _Result:
    """年月日, with ROC years."""
    year = _year_of(m)
    return None if year is None else _build(year, int(m["mo"]), int(m["d"]), m, ctx)


def _h_monthday(m: re.Match[str], ctx: _Context) -> _Result:
    """月日 without a year: the most recent such day not after now."""
    month, day = int(m["mo"]), int(m["d"])
    for year in range(ctx.now.year, ctx.now.year - MONTH_DAY_LOOKBACK_YEARS, -1):
        built = _build(year, month, day, m, ctx)
        if built and built[0].date() <= ctx.now.date():
            return built
    return None


def _h_english(m: re.Match[str], ctx: _Context) -> _Result:
    """English month names, either order."""
    return _build(int(m["y"]), _MONTHS[m["mon"].lower()], int(m["d"]), m, ctx)


def _h_us(m: re.Match[str], ctx: _Context) -> _Result:
    """n/n/yyyy: when one number cannot be a month the other is; otherwise the page's order
    (``ctx.day_first``, from its language, country and other dates) decides."""
    first, second = int(m["mo"]), int(m["d"])
    if first > 12 >= second:
        day_first = True
    elif second > 12 >= first:
        day_first = False
    else:
        day_first = ctx.day_first
    month, day = (second, first) if day_first else (first, second)
    return _build(int(m["y"]), month, day, m, ctx)


def _ago(delta: timedelta, ctx: _Context, has_time: bool) -> _Result:
    """Now minus ``delta``; day precision only when the page spoke in days."""
    value = (ctx.now - delta).replace(microsecond=0)
    if not has_time:
        value = datetime.combine(value.date(), time(), ctx.tz)
    return value, has_time


def _h_relative(m: re.Match[str], ctx: _Context) -> _Result:
    """"3小时前", "2 days ago"."""
    count = int(m["n"]) if m["n"].isdigit() else 1
    unit = m["u"].lower().rstrip("钟鐘").removeprefix("个").removeprefix("個")
    if unit in _UNIT_SECONDS:
        return _ago(timedelta(seconds=count * _UNIT_SECONDS[unit]), ctx, True)
    return _ago(timedelta(days=count * _UNIT_DAYS[unit]), ctx, False)


def _h_relative_word(m: re.Match[str], ctx: _Context) -> _Result:
    """"昨天 10:20", "前天", "刚刚", "yesterday"."""
    word = m["w"].lower()
    if word in _NOW_WORDS:
        return _ago(timedelta(), ctx, True)
    day = ctx.now.date() - timedelta(days=_WORD_DAYS_AGO[word])
    hms = _time_of(m)
    if hms is None:
        return datetime.combine(day, time(), ctx.tz), False
    return datetime.combine(day, time(*hms), ctx.tz), True


_Handler = Callable[[re.Match[str], _Context], _Result]
#: What a pattern cannot match without: a four-digit year (:data:`_YEAR`, searched only around
#: the years in the text), or a word or character (searched for first, lower case).
_YEAR = "year"
#: (pattern, handler, kind, needs) in no particular order: overlaps are resolved by position and
#: length.
_MATCHERS: tuple[tuple[re.Pattern[str], _Handler, str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), handler, kind, needs)
    for pattern, handler, kind, needs in (
        (_ISO_RE, _h_ymd, "full", _YEAR),
        (_CJK_RE, _h_cjk, "full", "年"),
        (_EN_DMY_RE, _h_english, "full", _YEAR),
        (_EN_MDY_RE, _h_english, "full", _YEAR),
        (_EN_CTIME_RE, _h_english, "full", _YEAR),
        (_US_RE, _h_us, "full", _YEAR),
        (_EU_RE, _h_ymd, "full", _YEAR),
        (_EU_SHORT_RE, _h_short_year, "full", "."),
        (_MONTHDAY_RE, _h_monthday, "monthday", "月"),
        (_REL_CN_RE, _h_relative, "relative", "前"),
        (_REL_EN_RE, _h_relative, "relative", "ago"),
        (_REL_CN_WORD_RE, _h_relative_word, "relative", ""),
        (_REL_EN_WORD_RE, _h_relative_word, "relative", ""),
    )
)
#: A four-digit year. Patterns with one are run only on the text around each year: in a long
#: line of prose, trying thirteen patterns at every character is the cost of a page's date scan.
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
#: Characters kept before a year ("Wednesday, 30th of September 2020") and after it (a time and a
#: zone: "2020-09-30T14:45:00.000+08:00 (CST)").
YEAR_CONTEXT_BEFORE = 48
YEAR_CONTEXT_AFTER = 48


def _year_spans(text: str) -> list[tuple[int, int]]:
    """Disjoint spans of ``text`` around its four-digit years (overlapping ones merged)."""
    spans: list[tuple[int, int]] = []
    for m in _YEAR_RE.finditer(text):
        start, end = max(0, m.start() - YEAR_CONTEXT_BEFORE), m.end() + YEAR_CONTEXT_AFTER
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _candidates(text: str, ctx: _Context) -> Iterable[_Hit]:
    """Every valid match of every pattern (overlapping), in no particular order."""
    lowered = text.lower()
    whole = [(0, len(text))]
    years: list[tuple[int, int]] | None = None
    for pattern, handler, kind, needs in _MATCHERS:
        if needs == _YEAR:
            years = _year_spans(text) if years is None else years
            spans = years
        elif needs in lowered:  # "" is in every text
            spans = whole
        else:
            continue
        for start, end in spans:
            for m in pattern.finditer(text, start, end):
                built = handler(m, ctx)
                if built is None:
                    continue
                # A bare relative word ("今天", "刚刚", "yesterday") dates something only after a
                # label: in prose "刚才" is not a timestamp.
                weak = kind == "relative" and "w" in m.groupdict() and m.groupdict().get("h") is None
                yield _Hit(m.start(), m.end(), built[0], built[1], kind, weak)


#: Every pattern needs a digit or one of these words: a line with neither holds no date, and most
#: lines of a page (menus, prose) are skipped by this one search instead of thirteen.
_MAYBE_DATE_RE = re.compile(r"\d|今天|今日|昨天|昨日|前天|刚|剛|today|yesterday|just now", re.I)
#: Lines scanned once per page are scanned again by the labeled, byline and unlabeled passes.
SCAN_CACHE_SIZE = 4096


def _scan(text: str, ctx: _Context) -> tuple[_Hit, ...]:
    """Plausible dates in ``text`` (already normalized), non-overlapping, in order.

    Where matches overlap the earliest, then the longest wins, so "2006 年 1 月 20 日" is one full
    date and not also a month-day.
    """
    if not _MAYBE_DATE_RE.search(text):
        return ()
    return _scan_cached(text, ctx)


@lru_cache(maxsize=SCAN_CACHE_SIZE)
def _scan_cached(text: str, ctx: _Context) -> tuple[_Hit, ...]:
    chosen: list[_Hit] = []
    for hit in sorted(_candidates(text, ctx), key=lambda h: (h.start, -h.end)):
        if chosen and hit.start < chosen[-1].end:
            continue
        chosen.append(hit)
    return tuple(hit for hit in chosen if _plausible(hit.value, ctx))


# --------------------------------------------------------------------------- dateparser fallback

#: A year-month-day shape the patterns own; dateparser would "fix" 2025-13-01 into January 13.
_NUMERIC_DATE_SHAPE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
#: A 4-digit year, or a 2-digit one closing a numeric date ("11/13/19"): dateparser is asked only
#: about strings that can hold a year, since a date without one is refused anyway.
_HAS_YEAR_RE = re.compile(r"(?<!\d)\d{4}(?!\d)|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}(?!\d)")
#: A time of day in free text, to tell whether dateparser's result carries one.
_TIME_HINT_RE = re.compile(r"\d\s*[:时時点點]\s*\d|\d\s*[ap]\.?m\b|\b(?:hours?|minutes?)\b", re.I)


@lru_cache(maxsize=1)
def _dateparser_module():  # noqa: ANN202 - the module object
    """Import dateparser once, on first need: the import costs more than all our regexes."""
    import dateparser

    return dateparser


def _fallback(text: str, ctx: _Context, languages: list[str] | None) -> _Hit | None:
    """Ask dateparser about one short string the patterns did not recognize."""
    if len(text) > FALLBACK_MAX_CHARS or not re.search(r"\d|[A-Za-z]{3}", text):
        return None
    if _NUMERIC_DATE_SHAPE_RE.search(text):
        return None  # our patterns read this shape and found it invalid (2025-13-01): trust them
    if not _HAS_YEAR_RE.search(text):
        return None  # a year is required below; without one dateparser's ~20 ms are wasted
    langs = list(dict.fromkeys([*DEFAULT_LANGUAGES, *(languages or [])]))
    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": True,
        "TIMEZONE": ctx.tz_name,
        "RELATIVE_BASE": ctx.now.replace(tzinfo=None),
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY" if ctx.day_first else "MDY",
    }
    try:
        value = _dateparser_module().parse(text, languages=langs, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    if value is None:
        return None
    has_time = bool(_TIME_HINT_RE.search(text))
    if not has_time:
        value = datetime.combine(value.date(), time(), ctx.tz)
    return _Hit(0, len(text), value, has_time) if _plausible(value, ctx) else None


# --------------------------------------------------------------------------- public: one string


def parse_date(text: str, *, tz: str = "UTC", now: datetime | None = None,
               languages: list[str] | None = None, source: str = "text",
               day_first: bool = False) -> FoundDate | None:
    """Parse ONE date string (from a meta tag, JSON-LD, <time>, a byline, a text line).

    ISO-8601 with zone keeps its offset; a page-local time without zone is placed in ``tz`` (an IANA
    name). The first plausible date the patterns find wins; dateparser (languages zh, en plus
    ``languages``) is tried only when they find none. Returns None when nothing plausible (after
    ``now`` + 1 day, or before 1990-01-01).
    """
    if not text or not text.strip():
        return None
    ctx = _context(tz, now, day_first)
    original = _strip_pinyin(text.strip())
    hits = _scan(_to_halfwidth(original), ctx)
    if hits:
        return _to_found(hits[0], original, source)
    hit = _fallback(_to_halfwidth(original), ctx, languages)
    return _to_found(hit, original, source) if hit else None


def date_from_url(url: str, *, tz: str = "UTC", now: datetime | None = None) -> FoundDate | None:
    """A date embedded in the URL path: /2024/03/05/, /20240305/, /2024-03-05/, /2020/0726/,
    /2014-04/14/, /201907/12/, /t20240305_ ...

    Only the path is searched (query strings hold timestamps and IDs). A part with no separator
    must be two digits, so a 7-digit article ID is not read as a date. source="url", has_time=False.
    """
    ctx = _context(tz, now)
    path = urlsplit(url).path
    for m in _URL_DATE_RE.finditer(path):
        if (not m["s1"] and len(m["mo"]) != 2) or (not m["s2"] and len(m["d"]) != 2):
            continue
        if m["s2"] == "/" and len(m["d"]) == 1 and path[m.end():m.end() + 1] == "-":
            continue  # /2023/10/3-questions-for/: a slug starting with a number, not a day
        built = _build(int(m["y"]), int(m["mo"]), int(m["d"]), m, ctx)
        if built and _plausible(built[0], ctx):
            return FoundDate(value=built[0], raw=m.group(0), source="url", has_time=False)
    return None


#: Regions (the part after "en-") whose English writes the month first.
MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "vi", "pr"})
#: Languages whose pages write numeric dates year first, and when not, mostly in the US order
#: (Chinese templates often print "7/5/2005 9:23:57 PM" for 5 July).
MONTH_FIRST_LANGUAGES = frozenset({"en", "zh", "ja", "ko"})
#: Generic and US top-level domains: no country to go by.
GENERIC_TLDS = frozenset(
    {"com", "org", "net", "info", "biz", "edu", "gov", "mil", "us", "io", "co"}
)
#: n/n/yyyy; the character before is checked outside the pattern (a leading look-behind makes
#: the regex engine try every position of a page's text the slow way).
_NUMERIC_ORDER_RE = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(?:19|20)\d{2}(?![\d/])")
_NUMERIC_ORDER_BEFORE = frozenset("0123456789/.-")
_LANG_TAG_RE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}))?", re.IGNORECASE)


def day_first_for(lang: str | None, url: str = "", text: str = "") -> bool:
    """Whether a page writes ambiguous numeric dates (05/07/2019) day first.

    The page's own unambiguous dates decide first (a 25/07/2019 anywhere means day first, a
    07/25/2019 month first); then its language tag (en-US month first, en-GB/en-IN/... and other
    languages day first); then its country domain. English, Chinese, Japanese and Korean pages
    without a region or country default to month first (the US template order).
    """
    day_votes = month_votes = 0
    for m in _NUMERIC_ORDER_RE.finditer(text):
        if m.start() and text[m.start() - 1] in _NUMERIC_ORDER_BEFORE:
            continue  # part of a longer number or date ("123/05/2019", "1.12/05/2019")
        first, second = int(m.group(1)), int(m.group(3))
        day_votes += first > 12 >= second
        month_votes += second > 12 >= first
    if day_votes != month_votes:
        return day_votes > month_votes
    tag = _LANG_TAG_RE.match((lang or "").strip())
    language, region = (tag.group(1).lower(), (tag.group(2) or "").lower()) if tag else ("", "")
    if language and language not in MONTH_FIRST_LANGUAGES:
        return True
    if language in MONTH_FIRST_LANGUAGES - {"en"}:
        return False
    if region:  # English: en-US month first, en-GB, en-IN, en-AU ... day first
        return region not in MONTH_FIRST_REGIONS
    host = urlsplit(url).hostname or ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    return len(tld) == 2 and tld not in GENERIC_TLDS


_URL_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<s1>[-/_.]?)(?P<mo>\d{1,2})(?P<s2>[-/_.]?)(?P<d>\d{1,2})(?!\d)"
)

# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class _Label:
    """What a label says about the date after it."""

    kind: str  # "published" or "modified"
    #: 0 = explicit publication label, 1 = generic ("时间：", "Posted"); modified labels are 0.
    rank: int
    #: English words also occur in prose, so they count only at the start of a byline.
    english: bool = False
    #: "时间"/"日期" alone: need a colon after and no Han word glued in front ("活动时间").
    generic: bool = False


_PUB_STRONG = ("发布时间", "發布時間", "發佈時間", "发布日期", "發布日期", "發佈日期", "发布于", "發布於",
               "發佈於", "发布於", "发稿时间", "發稿時間", "出版日期", "出版时间", "出版時間", "刊发时间",
               "刊發時間", "刊登日期", "首发时间", "首發時間", "发表时间", "發表時間", "发表日期",
               "發表日期")
_PUB_WEAK = ("发表于", "發表於", "发布", "發布", "發佈", "录入时间", "錄入時間", "上传时间", "上傳時間",
             "添加时间", "添加時間", "创建时间", "建立时间", "建立時間")
_GENERIC = ("时间", "時間", "日期")
_PUB_EN_STRONG = ("published on", "published at", "published", "publication date",
                  "date published", "first published", "publish date", "pubdate")
_PUB_EN_WEAK = ("posted on", "posted at", "posted", "date", "created", "released")
_MODIFIED = ("更新时间", "更新時間", "更新日期", "更新于", "更新於", "修改时间", "修改時間", "修改日期",
             "最后更新", "最後更新", "最近更新", "最后修改", "最後修改", "最后更新时间", "最後更新時間",
             "编辑于", "編輯於", "更新")
_MOD_EN = ("last updated on", "last updated", "last modified", "updated on", "updated at",
           "updated", "modified on", "modified", "last edited", "edited")
#: The same labels in the other languages of :data:`_MONTHS` (Latin and Cyrillic script, so they
#: follow the English rules: only at the start of a line or in a short one). "Written"/"Erstellt"
#: (created) name the first version, so they are publication labels.
_PUB_OTHER = ("written", "veröffentlichungsdatum", "date de publication",
              "fecha de publicación", "data di pubblicazione", "veröffentlicht", "erschienen", "erstellt", "publiziert", "publié",
              "publiée", "publicado", "publicada", "pubblicato", "gepubliceerd", "opublikowano",
              "опубликовано")
_MOD_OTHER = ("aktualisiert", "letzte änderung", "zuletzt geändert", "geändert", "mis à jour",
              "actualizado", "actualizada", "aggiornato", "bijgewerkt", "zaktualizowano",
              "обновлено")


def _label_table() -> dict[str, _Label]:
    """Every label spelling (lower case) and what it means."""
    table: dict[str, _Label] = {}
    table |= {label: _Label("published", 0) for label in _PUB_STRONG}
    table |= {label: _Label("published", 1) for label in _PUB_WEAK}
    table |= {label: _Label("published", 1, generic=True) for label in _GENERIC}
    table |= {label: _Label("published", 0, english=True) for label in _PUB_EN_STRONG}
    table |= {label: _Label("published", 1, english=True) for label in _PUB_EN_WEAK}
    table |= {label: _Label("modified", 0) for label in _MODIFIED}
    table |= {label: _Label("modified", 0, english=True) for label in _MOD_EN}
    table |= {label: _Label("published", 0, english=True) for label in _PUB_OTHER}
    table |= {label: _Label("modified", 0, english=True) for label in _MOD_OTHER}
    return table


_LABELS = _label_table()
#: Longest spelling first, so 更新时间 is one modified label and never "更新" + a 时间 label.
_LABEL_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(re.escape(k) for k in sorted(_LABELS, key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_SEPARATORS = " \t:：-–—|·•,，;；/()（）[]【】<>《》"
#: Every label spelling, for the cheap "does this line end in a label" test.
_LABEL_SUFFIXES = tuple(_LABELS)
#: A byline field ("来源：", "作者:", "Source:", "By ..."); the colon keeps prose ("记者来到") out.
_SOURCE_WORD_RE = re.compile(r"(?:来源|來源|作者|编辑|編輯|记者|記者|责编|責編|出处|出處|\bsource)\s*:"
                             r"|^\s*by\b", re.I)
_COPYRIGHT_RE = re.compile(r"©|\(c\)\s*(?:19|20)\d\d|copyright|版权所有|版權所有|all rights reserved",
                           re.I)
#: A line that is itself a comment (a reply, a floor number, a "says:").
_COMMENT_LINE_RE = re.compile(r"回复|回覆|楼主|樓主|\d+\s*[楼樓]\b|网友|網友|\breply\b|\breplied\b|"
                              r"\b(?:says|said|wrote)\s*:", re.I)
#: A short line announcing the comment section.
_COMMENT_HEADER_RE = re.compile(r"评论|評論|留言|跟帖|\bcomments?\b|\bresponses?\b|leave a reply",
                                re.I)


@dataclass(frozen=True)
class _Labeled:
    """A date found after a label."""

    label: _Label
    hit: _Hit


def _is_copyright(line: str) -> bool:
    """Copyright lines carry a year that is never the publication date."""
    return bool(_COPYRIGHT_RE.search(line))


def _is_comment_header(line: str) -> bool:
    """"网友评论", "3 Comments", "Leave a Reply": everything after it is readers' talk."""
    return len(line) <= COMMENT_HEADER_MAX_CHARS and bool(_COMMENT_HEADER_RE.search(line))


def _label_allowed(line: str, m: re.Match[str], label: _Label, since: int) -> bool:
    """Reject label words used in prose ("was updated on…", "活动时间：")."""
    if label.english:
        prefix = line[since:m.start()].strip(_SEPARATORS)
        return not prefix or len(line) <= SHORT_LINE_MAX_CHARS
    if label.generic:
        after = line[m.end():m.end() + 2].lstrip()
        before = line[m.start() - 1] if m.start() else " "
        glued = bool(re.match(rf"[{_CJK}]", before))
        return after.startswith(":") and (not glued or bool(_SOURCE_WORD_RE.search(line[:m.start()])))
    return True


def _date_after(line: str, end: int, hits: tuple[_Hit, ...]) -> _Hit | None:
    """The first date starting within the label gap after ``end``, with no digits in between."""
    hit = next((h for h in hits if h.start >= end), None)
    if hit is None or hit.start - end > LABEL_GAP_CHARS or re.search(r"\d", line[end:hit.start]):
        return None
    return hit


def _labels_in_line(line: str, ctx: _Context) -> tuple[tuple[_Labeled, ...], _Label | None]:
    """Labeled dates in one normalized line, plus a label left dangling at its end (its date is
    then at the start of the next line).

    Most lines hold no date: for them only a label at the very end can matter, and a suffix test
    rules that out without running the label pattern (the costliest step of a page's date scan).
    """
    hits = _scan(line, ctx)
    if not hits and not line.rstrip(_SEPARATORS).lower().endswith(_LABEL_SUFFIXES):
        return (), None
    return _labels_matched(line, hits)


@lru_cache(maxsize=SCAN_CACHE_SIZE)
def _labels_matched(line: str, hits: tuple[_Hit, ...]) -> tuple[tuple[_Labeled, ...], _Label | None]:
    """:func:`_labels_in_line` for a line that may hold a label (cached: the labeled, byline
    and unlabeled passes read the same lines)."""
    found: list[_Labeled] = []
    pos = 0
    for m in _LABEL_RE.finditer(line):
        label = _LABELS[m.group(0).lower()]
        if m.start() < pos or not _label_allowed(line, m, label, pos):
            continue
        hit = _date_after(line, m.end(), hits)
        if hit is not None:
            found.append(_Labeled(label, hit))
            pos = hit.end
        elif not line[m.end():].strip(_SEPARATORS):
            return tuple(found), label
    return tuple(found), None


#: After a full date that opens a paragraph: a full stop and the paragraph's first word.
_DATELINE_RE = re.compile(r"\.\s+\w")


def _byline(line: str, ctx: _Context) -> _Hit | None:
    """An unlabeled date that still reads as the article's byline.

    A line that starts with a date and time ("2020-07-26 14:23:53溫彥張峰"), that is only a date,
    that is short and holds a full date ("智駕網 2022-11-11 18:13"), that names a source/author, or
    a paragraph opening with a full date and a full stop (a dateline: "31. Oktober 2023. Dragqueens
    sind ...").
    """
    hits = [h for h in _scan(line, ctx) if not h.weak]
    if not hits:
        return None
    hit = hits[0]
    if line[:hit.start].rstrip().endswith(":"):
        return None  # a label we do not know ("活动时间：", "截止日期：") names some other date
    lead = line[:hit.start].strip(_SEPARATORS)
    rest = line[hit.end:].strip(_SEPARATORS)
    if not lead and (not rest or (hit.has_time and hit.kind == "full")):
        return hit
    if hit.kind == "full" and len(line.strip()) <= BYLINE_MAX_CHARS:
        return hit
    if len(line) <= SHORT_LINE_MAX_CHARS and _SOURCE_WORD_RE.search(line):
        return hit
    if not lead and hit.kind == "full" and _DATELINE_RE.match(line, hit.end):
        return hit
    return None


@dataclass(frozen=True)
class _Line:
    """One line: ``raw`` with pinyin stripped (for FoundDate.raw), ``norm`` also half-width."""

    raw: str
    norm: str


#: Texts whose lines are kept: the last few pages' headline windows.
LINES_CACHE_SIZE = 8


@lru_cache(maxsize=LINES_CACHE_SIZE)
def _lines(text: str) -> tuple[_Line, ...]:
    """Non-empty lines, pinyin stripped, with a half-width twin of identical length (cached: the
    labeled and the unlabeled scans read the same window of a page)."""
    out = []
    for line in text.splitlines():
        raw = _strip_pinyin(line).strip()
        if raw:
            out.append(_Line(raw, _to_halfwidth(raw)))
    return tuple(out)



def _found(line: _Line, hit: _Hit) -> FoundDate:
    """A text hit as FoundDate, ``raw`` being the date as the page wrote it."""
    return _to_found(hit, line.raw[hit.start:hit.end], "text")


@dataclass
class _Best:
    """The best candidate so far for one key: lowest (rank, position) wins."""

    rank: int = 99
    found: FoundDate | None = None

    def offer(self, rank: int, found: FoundDate) -> None:
        """Keep ``found`` if it outranks what we have (earlier wins ties)."""
        if rank < self.rank:
            self.rank, self.found = rank, found


#: Rank of a byline date: below any label. A day-only byline ranks lower still, because a lone
#: date line is also how site headers show today's date ("2025年11月29日 星期六").
_BYLINE_RANK = 2
_DAY_ONLY_BYLINE_RANK = 3


def _leading_hit(line: _Line, ctx: _Context) -> _Hit | None:
    """A date at the very start of a line (for a label that ended the previous line)."""
    hits = _scan(line.norm, ctx)
    if hits and not line.norm[:hits[0].start].strip(_SEPARATORS):
        return hits[0]
    return None


def find_labeled_dates(text: str, *, tz: str = "UTC", now: datetime | None = None,
                       day_first: bool = False) -> dict[str, FoundDate]:
    """Scan visible text (many lines) for LABELED date lines: {"published": ..., "modified": ...}.

    Keys are present only when found. An explicit publication label (发布时间, Published) beats a
    generic one (时间：, Posted), which beats an unlabeled byline line; the first wins within a
    rank. A published date is never taken from a modified label (更新时间, Updated) and vice versa.
    Copyright lines are skipped; comment lines, and everything after a comment-section header,
    count only for explicit publication labels, so reader timestamps never become the date.
    """
    ctx = _context(tz, now, day_first)
    best = {"published": _Best(), "modified": _Best()}
    in_comments = False
    pending: _Label | None = None
    for line in _lines(text):
        labeled, dangling = _labels_in_line(line.norm, ctx)
        if dangling is None and not _scan(line.norm, ctx):
            # No date and no label (most lines): only a comment-section header matters here, and
            # the line tests (regexes) are skipped.
            pending = None
            if _is_comment_header(line.norm) and not _is_copyright(line.norm):
                in_comments = True
            continue
        if _is_copyright(line.norm):
            pending = None
            continue
        comment = in_comments or bool(_COMMENT_LINE_RE.search(line.norm))
        if pending and (hit := _leading_hit(line, ctx)):
            _offer(best, _Labeled(pending, hit), line, comment)
        pending = dangling
        for item in labeled:
            _offer(best, item, line, comment)
        if not labeled and not comment and (hit := _byline(line.norm, ctx)):
            rank = _BYLINE_RANK if hit.has_time else _DAY_ONLY_BYLINE_RANK
            best["published"].offer(rank, _found(line, hit))
        in_comments = in_comments or _is_comment_header(line.norm)
    return {key: b.found for key, b in best.items() if b.found is not None}


def _offer(best: dict[str, _Best], item: _Labeled, line: _Line, comment: bool) -> None:
    """Record a labeled date, unless it sits among comments and its label is only generic."""
    if comment and item.label.rank > 0:
        return
    best[item.label.kind].offer(item.label.rank, _found(line, item.hit))


def find_text_dates(text: str, *, tz: str = "UTC", now: datetime | None = None,
                    day_first: bool = False) -> list[FoundDate]:
    """Every plausible UNLABELED date in the text, in order of appearance (for fallback ranking).

    Skips copyright lines, dates attached to a label (find_labeled_dates reports those, and a
    modified date must never be ranked as the publication date), and bare relative words with no
    time ("今天", "today"), which in prose are not dates of anything.
    """
    ctx = _context(tz, now, day_first)
    out: list[FoundDate] = []
    for line in _lines(text):
        hits = _scan(line.norm, ctx)
        if not hits or _is_copyright(line.norm):
            continue
        labeled = {item.hit.start for item in _labels_in_line(line.norm, ctx)[0]}
        out.extend(_found(line, hit) for hit in hits if not hit.weak and hit.start not in labeled)
    return out
