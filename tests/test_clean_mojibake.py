"""Mojibake is repaired when the repair is clearly better, otherwise removed; both are recorded."""

import pytest

from newscrawl.clean import mojibake
from newscrawl.clean.mojibake import (
    char_cost,
    gbk_decode,
    gbk_encode,
    is_junk_line,
    repair_line,
    text_cost,
)


def _latin1(text: str) -> str:
    """How GBK bytes look when a page is read as Latin-1 / cp1252."""
    return text.encode("gbk").decode("cp1252", errors="ignore")


def _shifted(text: str) -> str:
    """GBK read one byte out of step: the first byte lost to a '?', the rest re-paired."""
    raw = text.encode("gbk")
    return "?" + raw[1:].decode("gbk", errors="replace")


@pytest.mark.parametrize(
    "broken, fixed",
    [
        (_latin1("机器人安全标准"), "机器人安全标准"),
        ("chapter- " + _latin1("第7部分"), "chapter- 第7部分"),
        ("寻?#25214;亲历", "寻找亲历"),
    ],
)
def test_repairs(broken, fixed):
    out, removals = repair_line(broken, 0)
    assert out == fixed
    assert removals and all(r.rule == "mojibake.repaired" for r in removals)


def test_shifted_gbk_keeps_what_decodes():
    broken = "记者说" + _shifted("。”据悉,") + "警方"
    out, removals = repair_line(broken, 0)
    # the lost lead byte is put back; the character whose trail byte was lost to the ',' is gone
    assert out.startswith("记者说。”据") and out.endswith("警方")
    assert "\ufffd" not in out
    assert removals[0].rule == "mojibake.repaired"


@pytest.mark.parametrize(
    "text",
    [
        "Facharzt für Innere Medizin, Straße 5",
        "Le café est très bon",
        "董事長林堃在會上致辭",  # a rare but genuine character
        "根據實驗結果,?這一方案可以推廣",  # a lone '?' of source damage stays
    ],
)
def test_leaves_clean_text_alone(text):
    out, removals = repair_line(text, 0)
    assert out == text and not removals


@pytest.mark.parametrize(
    "text, junk", [("?", True), ("? ??", True), ("?? 2?11??", False), ("", False)]
)
def test_junk_line(text, junk):
    assert is_junk_line(text) is junk


def test_lost_lead_byte_is_put_back():
    # "?" for the orphaned lead byte of 。, then every pair read one byte late until the ASCII "K"
    raw = "。”记者了解".encode("gbk")
    broken = "记者" + "?" + raw[1:].decode("gbk", errors="replace") + "K"
    out, removals = repair_line(broken, 0)
    # every pair is back in step; only the last character, whose trail byte was lost, is gone
    assert out.startswith("记者。”记者了")
    assert any("lead byte restored" in r.reason for r in removals)


@pytest.mark.parametrize(
    "real, shown, text",
    [
        ("utf-8", "gb18030", "政府工作报告"),
        ("gbk", "big5", "政府工作报告"),
    ],
)
def test_lossless_codec_swaps_are_reversed(real, shown, text):
    broken = text.encode(real).decode(shown)
    out, removals = repair_line(broken, 0)
    assert out == text and removals[0].rule == "mojibake.repaired"


def test_utf8_pairs_inside_latin1_mojibake():
    # a UTF-8-first reader shows the valid two-byte sequence CE BB (位) as "λ"
    broken = "¸÷λ»úÆ÷ÈË"
    assert repair_line(broken, 0)[0] == "各位机器人"


@pytest.mark.parametrize(
    "text", ["说话时中气十足——“一点不疼”。", "Zàijiàn! jīdàn", "什么?我们去哪里"]
)
def test_lookalikes_are_left_alone(text):
    assert repair_line(text, 0) == (text, [])


def _cost_reference(text):
    chars = [c for c in text if not c.isspace()]
    return sum(char_cost(c) for c in chars) / len(chars) if chars else 0.0


def test_costs_are_multiples_of_a_half():
    # text_cost sums costs per class, in any order: exact only while every cost is a multiple of 0.5
    costs = [getattr(mojibake, n) for n in dir(mojibake) if n.startswith("COST_")]
    assert costs and all((2 * c).is_integer() for c in costs)


@pytest.mark.parametrize(
    "text", ["", "   ", "机器人 安全标准。", "»úÆ÷ÈË", "abc \u3000你好\ufffd", "睕荜柨?#19994;"]
)
def test_text_cost_is_the_mean_character_cost(text):
    assert text_cost(text) == _cost_reference(text)


def _best_lead_reference(raw):
    best = None
    for lead in mojibake.GBK_LEADS:
        try:
            dec = gbk_decode(bytes([lead]) + raw)
        except UnicodeDecodeError:
            continue
        cost = _cost_reference(dec) + mojibake._rank_tiebreak(dec[:1])
        if best is None or cost < best[1]:
            best = (dec, cost)
    return best


@pytest.mark.parametrize("text", ["据悉警方", "。”据悉,", "技术€abc", "中文 字"])
def test_best_lead_decodes_the_rest_once_with_the_same_result(text):
    raw = gbk_encode(text)
    for cut in range(len(raw)):
        assert mojibake._best_lead(raw[cut:]) == _best_lead_reference(raw[cut:])
