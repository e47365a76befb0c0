"""The cleaner's shortcuts give the same answers as the plain forms they stand in for.

Each shortcut (a cheaper count, a precheck that skips a regex, a per-byte table) is compared with
the straightforward computation on hand-picked lines and on random ones built from the characters
that matter to it.
"""

import random
import re
import sys

import pytest

from newscrawl.clean import brands, emoji, mojibake, pinyin, spam_lines, structure, text, title
from newscrawl.clean.lexicon import any_term, lexicon, normalize
from newscrawl.clean.page import LineResult, _unrelated_title

ALPHABET = (
    list(
        "的了是在和中国新闻官网体育娱乐網絡發佈來源abcXYZ019 .,;:!?-_|/、，。！？；：（）()《》【】"
    )
    + ["\u3000", "\xa0", "\u2028", "\x1c", "\t", "\n", "\ufffd", "…", "—", "“", "”", "’", "'"]
    + ["あ", "한", "ā", "ǎ", "(wǎng)", "😀", "☀", "€", "»úÆ÷", "ｗｗｗ", "ＡＢ", "İ", "ſ", "K"]
)


def _random_lines(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30))) for _ in range(n)]


LINES = [
    "",
    "  ",
    "今天，记者从市政府获悉：新区建设进展顺利。",
    "The quick brown fox jumps over the lazy dog. It's done.",
    "足球直播_篮球直播 | 免费观看 - 高清 / 在线、体育",
    "Why?? ？？ ",
    "end with dot.",
    "dots... and . more .\n",
    "a,,b  c--d",
    "\u3000全角空格\u3000",
] + _random_lines(400)


def test_regex_whitespace_is_str_whitespace():
    # segment_count and squash rely on it
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))


@pytest.mark.parametrize("line", LINES)
def test_segment_count_is_the_split_count(line):
    assert text.segment_count(line) == len(text.segments(line))


@pytest.mark.parametrize("line", LINES)
def test_shape_counts_match_the_regexes(line):
    core = text._TRAILING_JUNK_RE.sub("", line)
    assert text._strip_trailing_junk(line) == core
    sh = text.shape(line)
    cjk = text.CJK_RE.findall(core)
    words = text.latin_words(core)
    assert sh.length == len(core)
    assert sh.cjk == len(cjk)
    assert sh.words == len(words)
    assert sh.sentence_ends == len(text.SENTENCE_END_RE.findall(core))
    assert sh.clauses == len(text.CLAUSE_RE.findall(core))
    assert sh.segments == len(text.segments(core))
    assert sh.function_ratio == text._function_ratio(cjk, words)


@pytest.mark.parametrize("line", LINES)
def test_squash_removes_all_whitespace(line):
    assert title.squash(line) == re.sub(r"\s+", "", line)


def test_keyword_prefix_with_squashed_lines():
    headline = "足球直播-市政府召开新区建设推进会议"
    others = ["市政府召开 新区建设推进会议", "正文"]
    assert title.strip_keyword_prefix(headline, others) == (
        "市政府召开新区建设推进会议",
        "足球直播-",
    )
    squashed = [title.squash(o) for o in others]
    assert title._strip_keyword_prefix(headline, squashed) == title.strip_keyword_prefix(
        headline, others
    )
    assert title.strip_keyword_prefix("没有分隔符的标题", others) == ("没有分隔符的标题", None)


def _gbk_decode_by_pairs(raw: bytes) -> str:
    out, i = [], 0
    while i < len(raw):
        if raw[i] < 0x80:
            out.append(chr(raw[i]))
            i += 1
        elif raw[i] == 0x80:
            out.append("€")
            i += 1
        else:
            out.append(raw[i : i + 2].decode("gbk"))
            i += 2
    return "".join(out)


def _outcome(f, arg):
    try:
        return f(arg)
    except UnicodeError as e:
        return type(e)


def test_gbk_codec_shortcuts_match_the_byte_loops():
    rng = random.Random(3)
    for _ in range(20000):
        raw = bytes(rng.choice((rng.randrange(256), rng.randrange(0x81, 0xFF))) for _ in range(6))
        assert _outcome(mojibake.gbk_decode, raw) == _outcome(_gbk_decode_by_pairs, raw)
    for s in ["中文€字", "中文", "abc", "中\u00e9", "€"]:
        by_char = _outcome(
            lambda t: b"".join(b"\x80" if c == "€" else c.encode("gbk") for c in t), s
        )
        assert _outcome(mojibake.gbk_encode, s) == by_char


@pytest.mark.parametrize("trail", [0x40, 0xA1, 0xB0, 0xD6, 0xFE])
def test_lead_guesses_are_the_decoded_pairs(trail):
    expected = []
    for lead in mojibake.GBK_LEADS:
        try:
            first = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        total, n = mojibake._cost_total(first)
        expected.append((first, total, n, mojibake._rank_tiebreak(first[:1])))
    assert mojibake._lead_guesses(trail) == tuple(expected)


@pytest.mark.parametrize("line", ["?#19994;", "a?b", "中？文", "好吗？我很好", "\ufffd中"] + LINES)
def test_question_mark_prechecks_change_nothing(line):
    # without a '?' before non-ASCII text there is no shifted run to repair
    if not mojibake.SHIFT_START_RE.search(line):
        assert mojibake.repair_shifted_gbk(line, 0) == (line, [])
        assert mojibake.repair_lost_lead(line, 0) == (line, [])
        assert not mojibake.SHIFTED_RUN_RE.search(line)


def test_emoji_page_check_counts_only_lines_with_emoji():
    lines = ["普通的一行", "😀 好 👍🏻", "☀️ 天气", "再来 😀😀", "没有"]
    counts = [len(emoji.EMOJI_RE.findall(line)) for line in lines]
    assert emoji.page_has_injection(lines) == (
        sum(counts) >= emoji.PAGE_MIN_EMOJI and sum(1 for c in counts if c) >= 3
    )
    assert emoji.page_has_injection(lines * 3)
    assert all(
        bool(emoji.EMOJI_START_RE.search(line)) == bool(emoji.EMOJI_RE.search(line))
        for line in LINES + lines
    )


def test_pinyin_annotations_need_a_parenthesis():
    lines = ["网(wǎng)络(luò)", "网（wǎng）络", "没有注音", "lesson wǎng"]
    assert pinyin.count_annotations(lines) == sum(
        len(pinyin.ANNOTATION_RE.findall(line)) for line in lines
    )


@pytest.mark.parametrize(
    "lines",
    [
        ["中文" * 5],
        ["中文" * 4 + "中"],
        ["abc"],
        [],
        ["日本語のテキストです" * 3],
        ["中文" * 30, "カタカナ"],
        ["中文" * 3, "カタカナ" * 10],
    ],
)
def test_chinese_page_test_stops_early_but_agrees(lines):
    han = sum(len(spam_lines._HAN_BASIC_RE.findall(line)) for line in lines)
    kana = sum(len(spam_lines._KANA_RE.findall(line)) for line in lines)
    japanese = kana >= spam_lines.JAPANESE_KANA_SHARE * (han + kana)
    assert spam_lines._is_chinese(lines) == (han >= 20 and not japanese)


@pytest.mark.parametrize(
    "line", ["正规新闻报道", "在线观看av女优", "java 教程", "六合彩开奖", ""] + LINES
)
def test_any_term_finds_a_hit_of_any_list(line):
    norm = normalize(line)
    names = (*spam_lines.STRONG_LISTS, spam_lines.WEAK_LIST)
    assert bool(any_term(*names).search(norm)) == any(lexicon(n).hits(norm) for n in names)


@pytest.mark.parametrize(
    "line",
    [
        "首页",
        "首页 | 新闻中心",
        "【返回首页】",
        "all rights reserved",
        "latest post share",
        "首页 正文",
        "all rights",
        "——",
        "正文内容很长的一行",
    ]
    + LINES,
)
def test_navigation_words_precheck(line):
    norm = normalize(line)
    core = structure.NAV_SEPARATORS_RE.sub(" ", norm).strip()
    terms = structure._boiler_terms()
    parts = core.split()
    expected = core in terms or bool(parts and all(p in terms for p in parts))
    assert structure._is_navigation_words(norm) == expected


@pytest.mark.parametrize(
    "line",
    [
        "开云体育官网入口",
        "某某体育娱乐登录",
        "2023足球直播在线",
        "[www.example.com]新闻",
        "开云和米乐。正文很长",
    ]
    + LINES,
)
def test_inline_prechecks_are_necessary_conditions(line):
    norm = normalize(line)
    if brands.COMPOUND_RE.search(norm):
        assert brands.SUFFIX_PAIR_RE.search(norm)
    if brands.WATERMARK_RE.search(norm):
        assert brands.WATERMARK_MARK in norm
    if any(b in norm for b in brands._sentence_brands()):
        assert brands._sentence_brand_re().search(norm)


def _lines(texts):
    return [LineResult(i, t, t) for i, t in enumerate(texts)]


def test_unrelated_title_found_by_shared_bigrams():
    body = [
        "新华社北京3月5日电 国务院总理在人民大会堂作政府工作报告，回顾过去一年的工作。",
        "报告指出，经济运行总体平稳，就业形势保持稳定，居民收入持续增长，各项民生事业取得新进展。",
        "报告提出，今年将继续实施积极的财政政策和稳健的货币政策，加大对小微企业的支持力度。",
        "促进消费回升，扩大有效投资，稳定外贸外资基本盘，推动经济实现质的有效提升和量的合理增长。",
        "代表们认为，报告实事求是、催人奋进，既总结了成绩，也直面了问题，对今年工作作出了全面部署。",
        "会议期间，各代表团分组审议了计划报告和预算报告，围绕科技创新、乡村振兴、教育医疗等议题踊跃发言。",
        "与会人员表示，要把思想和行动统一到会议精神上来，以实干担当推动各项任务落地见效。",
    ]
    swapped = _lines(["好莱坞明星婚礼现场曝光粉丝激动不已", *body])
    removals = []
    _unrelated_title(swapped, 0, removals)
    assert swapped[0].rule == "spam-line.unrelated-title"
    own = _lines(["国务院总理作政府工作报告", *body])
    removals = []
    _unrelated_title(own, 0, removals)
    assert own[0].role is None and not removals


def _shift_run_end_by_chars(line: str, start: int) -> int:
    j = start
    if j < len(line) and line[j] in mojibake._FULLWIDTH_OF:
        j += 1
    while j < len(line) and not line[j].isascii() and line[j] not in "?？\ufffd":
        j += 1
        if line[j - 1] == "€":
            break
    return j


@pytest.mark.parametrize(
    "line", ["？我很好，谢谢", "?!中文€后面a", "?“引号”", "？", "?中文?再"] + LINES
)
def test_shift_run_end_matches_the_character_loop(line):
    for start in range(len(line) + 1):
        assert mojibake._shift_run_end(line, start) == _shift_run_end_by_chars(line, start)


@pytest.mark.parametrize(
    "line",
    [
        "Copyright 2023",
        "版权所有 © 某报",
        "ICP备12345号",
        "ALL RIGHTS RESERVED",
        "阅读 123",
        "全文约3000字，阅读需要5分钟",
        "3 MIN READ",
        "文档_第2页",
        "当前位置：首页 > 新闻",
        "a » b » c",
        "photo.JPEG)",
        "![图](a.png)",
        "新闻 > 国内",
    ]
    + LINES,
)
def test_boilerplate_marks_are_in_every_match(line):
    s = line.strip()
    norm = normalize(s)
    if structure.COPYRIGHT_RE.search(norm):
        assert structure._has_any(norm, structure.COPYRIGHT_MARKS)
    if structure.READING_RE.search(norm):
        assert structure._has_any(norm, structure.READING_MARKS)
    if structure.BREADCRUMB_RE.search(norm):
        assert structure._has_any(norm, structure.BREADCRUMB_MARKS)
    if structure.IMAGE_RE.search(s):
        assert structure._may_be_image(s)
