"""Script detection and Simplified normalization."""

import pytest

from newscrawl.normalize import detect_script, search_text, to_simplified, to_traditional


@pytest.mark.parametrize("text, script", [
    ("硅谷觀察：扎克伯格準備偷襲馬斯克華裔技術人才", "Hant"),
    ("硅谷观察：扎克伯格准备偷袭马斯克华裔技术人才", "Hans"),
    ("Police break up an online gambling ring", "Latn"),
    ("東京でオンラインカジノの摘発が続いている", "Jpan"),
    ("서울 경찰이 불법 도박 사이트를 단속했다", "Kore"),
    ("", None),
    ("2024-03-05 10:30", None),
])
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_simplified_and_traditional_round_trip():
    assert to_simplified("網絡賭博") == "网络赌博"
    assert to_traditional("网络赌博") == "網絡賭博"
    assert to_simplified("") == ""


def test_search_text_is_simplified_folded_and_lower_case():
    assert search_text("發布 ＡＢＣ", None, "Meta") == "发布 abc\nmeta"
