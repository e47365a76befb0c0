"""Pinyin annotations are stripped only where the page shows the injection pattern."""

import pytest

from newscrawl.clean.pinyin import page_has_injection, strip_annotations

INJECTED = ["新能源電池回(huí)收產(chǎn)業", "據(jù)統計,去年回收量增長(zhǎng)三成(chéng)"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("回(huí)收產(chǎn)業", "回收產業"),
        ("网(wǎng )络", "网络"),  # stray space before ")"
        ("我们的(de)目标", "我们的目标"),  # neutral tone, on an injected page
        ("数（shù）据", "数据"),  # full-width parentheses
        ("前8?jìng)月", "前8?月"),  # annotation whose "(" mojibake swallowed
        ("ian (yan)", "ian (yan)"),  # no Han character before it
    ],
)
def test_strip(text, expected):
    out, removals = strip_annotations(text, 3)
    assert out == expected
    assert all(r.rule == "pinyin" and r.position == 3 for r in removals)


@pytest.mark.parametrize(
    "lines, injected",
    [
        (INJECTED, True),
        (["好(hǎo)字的意思"], False),  # a single occurrence is a citation
        (
            ["1. 你好 nǐ hǎo", "山shān 水shuǐ", "māma bàba", "The word 好(hǎo) and 山(shān)"],
            False,
        ),  # lesson
        (["没有任何注音的普通新闻。"], False),
    ],
)
def test_page_decision(lines, injected):
    assert page_has_injection(lines) is injected
