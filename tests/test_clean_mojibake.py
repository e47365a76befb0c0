"""Mojibake is repaired when the repair is clearly better, otherwise removed; both are recorded."""

import pytest

from newscrawl.clean.mojibake import is_junk_line, repair_line


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
    assert out.startswith("记者说”据") and out.endswith("警方")
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
