"""Tests for newscrawl.extract.dates: every date shape we promise to read, and the traps.

All tests use a fixed clock (NOW) so relative dates and the plausibility window are reproducible.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl.extract.dates import (
    date_from_url,
    find_labeled_dates,
    find_text_dates,
    parse_date,
)
from newscrawl.items import FoundDate

SH = "Asia/Shanghai"
#: Sunday 2025-07-20 12:00 in Shanghai.
NOW = datetime(2025, 7, 20, 12, 0, tzinfo=ZoneInfo(SH))
DEV_CORPUS = Path("/work/shared/corpus/dev.jsonl")
#: Share of dated dev pages whose day (and time) find_labeled_dates must get right.
DEV_MIN_ACCURACY = 0.9


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        # numeric, page-local -> placed in tz
        ("2025-07-14 08:20:28", SH, "2025-07-14T08:20:28+08:00"),
        ("2025/7/14 8:20", SH, "2025-07-14T08:20:00+08:00"),
        ("2025.07.14", SH, "2025-07-14"),
        ("2025-07-14 08:20:28", "UTC", "2025-07-14T08:20:28+00:00"),
        # ISO with zone keeps its offset
        ("2025-07-14T08:20:28+08:00", "UTC", "2025-07-14T08:20:28+08:00"),
        ("2025-07-14T00:20:28Z", SH, "2025-07-14T00:20:28+00:00"),
        ("2025-07-14T08:20:28.123-0500", SH, "2025-07-14T08:20:28-05:00"),
        ("2025-07-14 08:20:28 +0200", SH, "2025-07-14T08:20:28+02:00"),
        # 年月日, full-width digits and colon
        ("2024年3月5日 10:30", SH, "2024-03-05T10:30:00+08:00"),
        ("2024年03月05日10:30:15", SH, "2024-03-05T10:30:15+08:00"),
        ("2024年3月5日", SH, "2024-03-05"),
        ("２０２４年３月５日", SH, "2024-03-05"),
        ("２０２４年３月５日 10：30", SH, "2024-03-05T10:30:00+08:00"),
        ("2024年3月5日 下午3:30", SH, "2024-03-05T15:30:00+08:00"),
        ("2024年3月5日 星期二 10时30分", SH, "2024-03-05T10:30:00+08:00"),
        # ROC years
        ("113年3月5日", "Asia/Taipei", "2024-03-05"),
        ("民國113年3月5日", "Asia/Taipei", "2024-03-05"),
        ("民国99年12月1日 08:00", "Asia/Taipei", "2010-12-01T08:00:00+08:00"),
        # month-day, year from now (most recent not after now)
        ("3月5日", SH, "2025-03-05"),
        ("7月20日 09:15", SH, "2025-07-20T09:15:00+08:00"),
        ("7月25日", SH, "2024-07-25"),
        # relative to NOW (2025-07-20 12:00 +08:00)
        ("3小时前", SH, "2025-07-20T09:00:00+08:00"),
        ("5分钟前", SH, "2025-07-20T11:55:00+08:00"),
        ("2天前", SH, "2025-07-18"),
        ("昨天 10:20", SH, "2025-07-19T10:20:00+08:00"),
        ("前天", SH, "2025-07-18"),
        ("刚刚", SH, "2025-07-20T12:00:00+08:00"),
        ("今天 08:00", SH, "2025-07-20T08:00:00+08:00"),
        ("2 hours ago", SH, "2025-07-20T10:00:00+08:00"),
        ("yesterday", SH, "2025-07-19"),
        ("3 days ago", "UTC", "2025-07-17"),
        # English
        ("Published July 14, 2025 8:20 AM EDT", "UTC", "2025-07-14T08:20:00-04:00"),
        ("July 14, 2025", "UTC", "2025-07-14"),
        ("14 July 2025", "UTC", "2025-07-14"),
        ("Mon, 14 Jul 2025 08:20:28 GMT", SH, "2025-07-14T08:20:28+00:00"),
        ("7/14/2025", "America/New_York", "2025-07-14"),
        ("14/7/2025", "UTC", "2025-07-14"),
        ("Jul. 14, 2025 at 3:05 p.m. PDT", "UTC", "2025-07-14T15:05:00-07:00"),
        ("July 14, 2025 10:00 CST", "UTC", "2025-07-14T10:00:00-06:00"),
        ("July 14, 2025 10:00 GMT+8", "UTC", "2025-07-14T10:00:00+08:00"),
        ("Mon Jul 14 08:20:28 CST 2025", SH, "2025-07-14T08:20:28+08:00"),
        ("Mon, 14 Jul 2025 08:20:28 BST", "UTC", "2025-07-14T08:20:28+01:00"),
        ("14 July 2025 09:00 JST", "UTC", "2025-07-14T09:00:00+09:00"),
        ("14 July 2025 09:00 HKT", "UTC", "2025-07-14T09:00:00+08:00"),
        ("14 July 2025 09:00 CEST", "UTC", "2025-07-14T09:00:00+02:00"),
        ("14.07.2025", "Europe/Berlin", "2025-07-14"),
        # page-local time in a zone with DST
        ("2025-07-14 08:20", "America/New_York", "2025-07-14T08:20:00-04:00"),
    ],
)
def test_parse_date_forms(text: str, tz: str, expected: str) -> None:
    found = parse_date(text, tz=tz, now=NOW)
    assert found is not None, text
    assert found.isoformat() == expected
    assert found.has_time == ("T" in expected)
    assert found.value.tzinfo is not None
    assert found.source == "text"


@pytest.mark.parametrize(
    "text",
    [
        "2030-01-01",  # future
        "2025-07-22 00:00",  # more than a day after NOW
        "1989-12-31",  # before 1990
        "78年3月5日",  # ROC 78 = 1989
        "2025-13-01",  # no 13th month
        "2025-02-30",  # no such day
        "",
        "   ",
        "hello world",
        "瀏覽: 1024",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, tz=SH, now=NOW) is None


def test_parse_date_keeps_raw_and_source() -> None:
    found = parse_date(" 2025-07-14T08:20:28+08:00 ", now=NOW, source="meta")
    assert found == FoundDate(
        value=datetime(2025, 7, 14, 8, 20, 28, tzinfo=ZoneInfo(SH)).astimezone(
            found.value.tzinfo),
        raw="2025-07-14T08:20:28+08:00",
        source="meta",
        has_time=True,
    )


def test_parse_date_dateparser_fallback() -> None:
    """A shape no pattern covers still parses, through dateparser."""
    found = parse_date("le 14 juillet 2025", tz="Europe/Paris", now=NOW, languages=["fr"])
    assert found is not None
    assert found.isoformat() == "2025-07-14"
    assert found.has_time is False


def test_default_now_is_the_clock() -> None:
    assert parse_date("2024-03-05") is not None
    assert parse_date("2999-03-05") is None


# --------------------------------------------------------------------------- find_labeled_dates


@pytest.mark.parametrize(
    ("text", "published", "modified"),
    [
        # the real S-001 line: pinyin-injected label, trailing noise
        ("發(fā)布時間:2025-07-14 08:20:28    瀏覽:", "2025-07-14T08:20:28+08:00", None),
        ("发布时间：2024年3月5日 10:30", "2024-03-05T10:30:00+08:00", None),
        ("發布日期：113年3月5日", "2024-03-05", None),
        ("发布于 2024-03-05", "2024-03-05", None),
        ("發布於：2024/3/5 9:05", "2024-03-05T09:05:00+08:00", None),
        ("發佈時間：２０２４年３月５日 １０：３０", "2024-03-05T10:30:00+08:00", None),
        ("时间：2024-03-05 10:30 来源：新华社", "2024-03-05T10:30:00+08:00", None),
        ("日期：2024-03-05", "2024-03-05", None),
        ("来源：人民网时间：2024-03-05 08:00", "2024-03-05T08:00:00+08:00", None),
        ("發(fā)布時(shí)間：2024-03-05", "2024-03-05", None),
        ("发布时间：3小时前", "2025-07-20T09:00:00+08:00", None),
        ("发布时间：昨天 10:20", "2025-07-19T10:20:00+08:00", None),
        # label on one line, date on the next
        ("发布时间：\n2024-03-05 10:30", "2024-03-05T10:30:00+08:00", None),
        # both labels on one line, in either order
        ("发布时间：2024-03-05 更新时间：2024-03-06", "2024-03-05", "2024-03-06"),
        ("更新时间：2024-03-06 发布时间：2024-03-05", "2024-03-05", "2024-03-06"),
        ("最后更新时间：2024-03-06\n发布日期：2024-03-05", "2024-03-05", "2024-03-06"),
        # modified only: never becomes published
        ("更新时间：2024-03-06 10:00", None, "2024-03-06T10:00:00+08:00"),
        ("更新時間：2024-03-06", None, "2024-03-06"),
        ("修改时间：2024-03-06", None, "2024-03-06"),
        ("最后更新：2024-03-06", None, "2024-03-06"),
        ("Last modified: 2024-03-06", None, "2024-03-06"),
        ("Updated July 15, 2025 9:00 AM EDT", None, "2025-07-15T09:00:00-04:00"),
        # English
        ("Published July 14, 2025 8:20 AM EDT", "2025-07-14T08:20:00-04:00", None),
        ("Posted on 14 July 2025", "2025-07-14", None),
        ("By Jane Doe | Posted July 14, 2025", "2025-07-14", None),
        ("Published July 14, 2025 | Updated July 15, 2025", "2025-07-14", "2025-07-15"),
        ("Published: 2 hours ago", "2025-07-20T10:00:00+08:00", None),
        # bylines without a label
        ("2020-07-26 14:23:53溫彥張峰", "2020-07-26T14:23:53+08:00", None),
        ("智駕網 2022-11-11 18:13", "2022-11-11T18:13:00+08:00", None),
        ("2019年03月18日15:31", "2019-03-18T15:31:00+08:00", None),
        ("2021-05-14 19:02:00  来源：江南时报  作者：某某", "2021-05-14T19:02:00+08:00", None),
        # an explicit label outranks an earlier byline
        ("2024-03-01 10:00\n发布时间：2024-03-05 10:30", "2024-03-05T10:30:00+08:00", None),
        # a header showing today's date loses to a timed byline below it
        ("2025年7月20日 星期日\n标题\n2024-03-05 10:30 来源：某报", "2024-03-05T10:30:00+08:00", None),
        # ... but a lone date line is still the byline when nothing better exists
        ("标题\n2024年3月5日", "2024-03-05", None),
        # first label wins over a later one of the same rank
        ("发布时间：2024-03-05\n发布时间：2023-01-01", "2024-03-05", None),
    ],
)
def test_find_labeled_dates(text: str, published: str | None, modified: str | None) -> None:
    found = find_labeled_dates(text, tz=SH, now=NOW)
    assert (found["published"].isoformat() if "published" in found else None) == published
    assert (found["modified"].isoformat() if "modified" in found else None) == modified
    assert all(d.source == "text" for d in found.values())


def test_labeled_raw_is_the_date_as_written() -> None:
    found = find_labeled_dates("發(fā)布時間:2025-07-14 08:20:28    瀏覽:", tz=SH, now=NOW)
    assert found["published"].raw == "2025-07-14 08:20:28"
    assert found["published"].has_time is True


@pytest.mark.parametrize(
    "text",
    [
        "Copyright © 2024-01-01 某某网 版权所有",
        "© 2024 Example News. All rights reserved.",
        "版权所有 2024年3月5日",
        "Copyright 2024-03-05 Example Inc.",
        # dates in prose are not labeled
        "据悉，2024年3月5日，第十四届全国人民代表大会第二次会议在北京开幕，会议持续了八天，代表们审议了政府工作报告。",
        "The report was published July 14, 2025 in a journal that few people in the industry ever read.",
        "3小时前，记者来到了事故现场，看到救援人员正在紧张地工作，周围的居民也纷纷赶来帮忙。",
        # non-publication "时间" labels
        "活动时间：2024-03-05",
        "截止日期：2024-03-05",
        # a bare relative word is no date without a label
        "今天",
        # future dates and implausible labeled dates
        "发布时间：2031-01-01",
        "发布时间：1985-01-01",
    ],
)
def test_lines_that_give_no_published_date(text: str) -> None:
    assert "published" not in find_labeled_dates(text, tz=SH, now=NOW)


def test_comment_timestamps_are_not_the_publication_date() -> None:
    text = "\n".join([
        "标题",
        "正文第一段，没有日期。",
        "网友评论",
        "张三 2024-03-05 10:30",
        "李四 发表于 2024-03-06 11:00",
        "2024-03-07 12:00 回复",
    ])
    assert find_labeled_dates(text, tz=SH, now=NOW) == {}


def test_comment_line_does_not_block_article_label() -> None:
    text = "网友评论\n发布时间：2024-03-05 10:30"
    assert find_labeled_dates(text, tz=SH, now=NOW)["published"].isoformat() == \
        "2024-03-05T10:30:00+08:00"


def test_copyright_year_ignored_but_article_date_kept() -> None:
    text = "Copyright © 2019-2025 某网 版权所有\n发布时间：2024-03-05"
    assert find_labeled_dates(text, tz=SH, now=NOW)["published"].isoformat() == "2024-03-05"


# --------------------------------------------------------------------------- find_text_dates


def test_find_text_dates_in_order_skipping_copyright_and_labels() -> None:
    text = "\n".join([
        "会议于2024年3月5日开幕，3月6日闭幕。",
        "更新时间：2024-03-09",
        "Copyright © 2023-01-01",
        "今天我们来讲 2 hours ago 的事",
        "July 14, 2025 and 2025/7/15",
    ])
    found = find_text_dates(text, tz=SH, now=NOW)
    assert [d.isoformat() for d in found] == [
        "2024-03-05", "2025-03-06", "2025-07-20T10:00:00+08:00", "2025-07-14", "2025-07-15",
    ]
    assert [d.raw for d in found][:2] == ["2024年3月5日", "3月6日"]


def test_find_text_dates_drops_implausible() -> None:
    assert find_text_dates("1985-01-01 2031-01-01 2024-03-05", tz=SH, now=NOW)[0].isoformat() == \
        "2024-03-05"
    assert find_text_dates("没有日期", tz=SH, now=NOW) == []


# --------------------------------------------------------------------------- date_from_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/2024/03/05/some-story", "2024-03-05"),
        ("https://example.com/news/20240305/123.html", "2024-03-05"),
        ("https://example.com/2024-03-05/story", "2024-03-05"),
        ("http://www.handmsg.com/page/2020/0726/6901682.shtml", "2020-07-26"),
        ("https://www.jntimes.cn/frjs/202105/t20210514_7086366.shtml", "2021-05-14"),
        ("http://gov.cn/jrzg/2009-10/07/content_1433524.htm", "2009-10-07"),
        ("http://m.example.com.cn/news/gn/201907/12/1776182.shtml", "2019-07-12"),
        ("http://example.com/html/zhengfa/2020_11/03/14126006.html", "2020-11-03"),
        ("http://example.com/fz/2010/07-08/2390078.shtml", "2010-07-08"),
        ("https://example.com/2018/06/27/the-case-for-x/", "2018-06-27"),
        ("https://example.com/2024/3/5/story", "2024-03-05"),
    ],
)
def test_date_from_url(url: str, expected: str) -> None:
    found = date_from_url(url, tz=SH, now=NOW)
    assert found is not None
    assert found.isoformat() == expected
    assert (found.source, found.has_time) == ("url", False)
    assert found.value.utcoffset() is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://www.gzsaicai.com/xinwenzhongxin/5454.html",
        "http://example.com/a/6901682.shtml",
        "http://example.com/2013/05/shy_guys.html",  # month only
        "http://example.com/LunwenShow.aspx?AID=20181210150347733495",  # query, not path
        "http://example.com/ukr202411020h0g5.pdf",  # digits glued to more digits
        "http://example.com/2031/01/01/future",
        "http://example.com/1985/01/01/old",
        "http://example.com/2024/13/45/",
    ],
)
def test_date_from_url_rejects(url: str) -> None:
    assert date_from_url(url, tz=SH, now=NOW) is None


# --------------------------------------------------------------------------- dev corpus


def _gold_matches(found: FoundDate | None, gold: str) -> bool:
    """Same day, and same wall-clock time (page-local) when the gold value gives one."""
    if found is None:
        return False
    if len(gold) <= len("YYYY-MM-DD"):
        return found.value.date().isoformat() == gold
    return found.has_time and found.value.strftime("%Y-%m-%d %H:%M:%S") == gold


@pytest.mark.skipif(not DEV_CORPUS.exists(), reason="dev corpus not available")
def test_dev_corpus_published_dates() -> None:
    """Real polluted pages: the labeled published date matches the gold for >= 90% of pages."""
    pages = [json.loads(line) for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    dated = [page for page in pages if page.get("published")]
    assert dated
    misses = []
    for page in dated:
        found = find_labeled_dates("\n".join(page["lines"]), tz=SH).get("published")
        if not _gold_matches(found, page["published"]):
            misses.append((page["id"], page["published"], found and found.isoformat()))
    accuracy = 1 - len(misses) / len(dated)
    assert accuracy >= DEV_MIN_ACCURACY, misses


# --------------------------------------------------------------------------- other languages, order


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7. Juli 2019", "2019-07-07"),
        ("Di., 25. Jänner 2022", "2022-01-25"),
        ("27 juin 2019", "2019-06-27"),
        ("1er mars 2020", None),  # "1er" is not a day form we claim; nothing rather than a guess
        ("22 de outubro de 2010 às 20:13", "2010-10-22T20:13:00+00:00"),
        ("14 de julio de 2025", "2025-07-14"),
        ("3 maggio 2021", "2021-05-03"),
        ("12 maart 2020", "2020-03-12"),
        ("7 июля 2019 г.", "2019-07-07"),
        ("14 листопада 2020", "2020-11-14"),
        ("5 marca 2021", "2021-03-05"),
        ("12 Ekim 2020", "2020-10-12"),
        ("Di., 25.01.2022 - 14:45", "2022-01-25T14:45:00+00:00"),
        ("Von: Anna Beispiel | 31.10.23", "2023-10-31"),  # two-digit year, German byline
        ("Von Deutscher Tennis Bund 4. 2. 2022.", "2022-02-04"),  # spaced, then a full stop
        ("Party, 30.10.23 - 21:43", "2023-10-30T21:43:00+00:00"),
        ("الأربعاء، 07 أكتوبر 2020 - 03:15 م", "2020-10-07T15:15:00+00:00"),  # م: p.m.
        ("15 إبريل 2021 - 12:05 ص", "2021-04-15T00:05:00+00:00"),  # ص: a.m.
        ("3 يوليه 2019", "2019-07-03"),
    ],
)
def test_month_names_in_other_languages(text: str, expected: str | None) -> None:
    """(And the numeric forms of the same pages.)"""
    found = parse_date(text, tz="UTC", now=NOW)
    if expected is None:
        assert found is None or found.value.date().isoformat() != "2020-03-01"
        return
    assert found is not None, text
    value = found.value.isoformat() if "T" in expected else found.value.date().isoformat()
    assert value == expected


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("05/07/2019", False, "2019-05-07"),
        ("05/07/2019", True, "2019-07-05"),
        ("25/07/2019", False, "2019-07-25"),  # 25 cannot be a month, whatever the locale
        ("07/25/2019", True, "2019-07-25"),
        ("06-08-2009T14:12:32+0200", True, "2009-08-06T14:12:32+02:00"),
        ("On 11/13/19 at 4:00 PM EST", False, "2019-11-13T16:00:00-05:00"),
    ],
)
def test_numeric_day_month_order(text: str, day_first: bool, expected: str) -> None:
    found = parse_date(text, tz="UTC", now=NOW, day_first=day_first)
    assert found is not None
    if "T" in expected:
        assert found.value == datetime.fromisoformat(expected)
    else:
        assert found.value.date().isoformat() == expected


@pytest.mark.parametrize(
    ("lang", "url", "text", "expected"),
    [
        ("en-US", "https://example.com/a", "", False),
        ("en-GB", "https://example.com/a", "", True),
        ("de", "https://example.com/a", "", True),
        ("en", "https://news.example.co.uk/a", "", True),
        (None, "https://example.com/a", "", False),
        ("zh-CN", "https://example.cn/a", "", False),  # Chinese templates print 7/5/2005 US-style
        # the page's own unambiguous dates win over its language tag
        ("en-US", "https://example.com/a", "Posted 25/07/2019 and 26/07/2019", True),
        ("de", "https://example.de/a", "am 07/25/2019", False),
    ],
)
def test_day_first_for(lang: str | None, url: str, text: str, expected: bool) -> None:
    from newscrawl.extract.dates import day_first_for

    assert day_first_for(lang, url, text) is expected


def test_bare_now_words_in_prose_are_not_dates() -> None:
    """"刚才"/"刚刚"/"just now" in running text date nothing; after a label they still do."""
    text = "记者刚才来到现场。\n他说刚刚看到了火光。\nWe just now heard the news."
    assert find_text_dates(text, tz=SH, now=NOW) == []
    labeled = find_labeled_dates("发布时间：刚刚", tz=SH, now=NOW)
    assert labeled["published"].value == NOW


def test_iso_shaped_nonsense_is_not_handed_to_dateparser() -> None:
    """A CMS placeholder ("0001-01-01T00:00:00Z") is no date, and a string without a year is
    refused without the cost of a dateparser call."""
    assert parse_date("0001-01-01T00:00:00Z", now=NOW) is None
    assert parse_date("Monday 5:30PM", now=NOW) is None


def test_time_set_apart_by_a_bar_or_slash_belongs_to_the_date() -> None:
    """Bylines print "February 24, 2020 | 9:25pm" or "January 19, 2020 / 12:25 PM"."""
    bar = parse_date("February 24, 2020 | 9:25pm", tz="UTC", now=NOW)
    slash = parse_date("January 19, 2020 / 12:25 PM", tz="UTC", now=NOW)
    assert bar.isoformat() == "2020-02-24T21:25:00+00:00"
    assert slash.isoformat() == "2020-01-19T12:25:00+00:00"


def test_date_far_into_a_long_line_is_found() -> None:
    """Patterns with a year run only around the years of a line; a date anywhere still counts."""
    line = "word " * 200 + "am Mittwoch, 26. Januar 2022 um 14:30 " + "word " * 50
    found = find_text_dates(line, tz="UTC", now=NOW)
    assert [f.isoformat() for f in found] == ["2022-01-26T14:30:00+00:00"]


def test_label_ending_a_line_without_digits_dates_the_next_line() -> None:
    found = find_labeled_dates("Published:\n12 March 2024\nText.", tz="UTC", now=NOW)
    assert found["published"].isoformat() == "2024-03-12"


def test_day_first_for_ignores_a_number_run_into_a_date() -> None:
    """"123/05/2019" is no day-month vote: its 23 is not a day."""
    from newscrawl.extract.dates import day_first_for

    assert day_first_for("en-US", "https://example.com/a", "ref 123/05/2019") is False


@pytest.mark.parametrize("text", ["v1.10.23", "version 3.10.25 released", "31.10.99",
                                  "Tabelle 12.50.99", "1.2.2020.5"])
def test_version_numbers_and_far_two_digit_years_are_not_dates(text: str) -> None:
    assert find_text_dates(text, tz="UTC", now=NOW) == []


def test_a_dateline_opening_the_first_paragraph_is_the_byline() -> None:
    """"31. Oktober 2023. Dragqueens sind ..." dates the article; a teaser's bare date line further
    down (another column, a week older) must not win over it."""
    text = ("Kolumne: Queer Royal\n31. Oktober 2023. Dragqueens sind Kunstfiguren aus Make-Up.\n"
            "Von Georg Beispiel\nmehr Kolumnen\nÜber das Spiel mit den Pseudonymen\n24. Oktober 2023")
    found = find_labeled_dates(text, tz="UTC", now=NOW)["published"]
    assert found.value.date().isoformat() == "2023-10-31"
