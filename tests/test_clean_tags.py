"""Leaked markup and emoji injection."""

import pytest

from newscrawl.clean import emoji, tags


@pytest.mark.parametrize(
    "text, expected, n",
    [
        ("社会稳定。”</p>", "社会稳定。”", 1),
        ("第一句<br>第二句<br/>", "第一句第二句", 2),
        ("没有标签的句子", "没有标签的句子", 0),
    ],
)
def test_strip_tags(text, expected, n):
    out, removals = tags.strip_tags(text, 2)
    assert out == expected and len(removals) == n
    assert all(r.rule == "leaked-tag" for r in removals)


@pytest.mark.parametrize(
    "text, tag_only",
    [
        ('<listing id="a1"><nobr id="a1"></nobr></listing>', True),
        ("• <sup id='b2'></sup>", True),
        ("正文 <b>加粗</b>", False),
        ("a < b > c", False),
    ],
)
def test_tag_only(text, tag_only):
    assert tags.is_tag_only(text) is tag_only


def test_emoji_injection_page_level():
    page = [
        "疫情数据显示🎯,确诊病例下降🧃。",
        "专家认为🧑🏽\u200d🚀,防控仍需加强🎈🧩。",
        "数据来源分散🚲,需要整合🦊🙋🏾。",
        "平台可以提升透明度🦉。",
        "各地陆续公布数据🥝,趋势向好🌵。",
    ]
    assert emoji.page_has_injection(page)
    out, removals = emoji.strip_emoji(page[1], 1)
    assert out == "专家认为,防控仍需加强。"
    assert len(removals) == 2


def test_own_emoji_kept():
    assert not emoji.page_has_injection(["看图片,朗读下列词语 🐘 02-6", "谢谢!"])
