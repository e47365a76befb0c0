"""Brands learned from spam lines are cut from good lines; genuine names stay."""

import pytest

from newscrawl.clean.brands import brand_from_nav, brand_from_site_name, remove_inline


@pytest.mark.parametrize(
    "line, brand",
    [
        ("星河(中国)官方网站-星河体育娱乐平台", "星河"),
        ("XK(中國大陸)官方網站-在線遊戲入口", "xk"),
        ("今日新闻", None),
    ],
)
def test_brand_from_site_name(line, brand):
    assert brand_from_site_name(line) == brand


@pytest.mark.parametrize(
    "line, brand", [("关于金鼎体育", "金鼎体育"), ("联系金鼎体育", "金鼎体育"), ("关于我们", None)]
)
def test_brand_from_nav(line, brand):
    assert brand_from_nav(line) == brand


@pytest.mark.parametrize(
    "text, brands, injected, expected",
    [
        ("金鼎体育王明 李华|论数据治理", ["金鼎体育"], True, "王明 李华|论数据治理"),
        ("比上年增长三成。XK電子網站有关专家认为", ["xk"], True, "比上年增长三成。有关专家认为"),
        ("作者单位:金鼎体育娱乐北方大学", [], True, "作者单位:北方大学"),
        ("他表示。开云米乐是当前最热门的话题。比赛继续进行", [], False, "他表示。比赛继续进行"),
        ("足球直播亚运会圆满落幕", [], True, "亚运会圆满落幕"),
        ("投资者认可其价值。[www.example-farm.com]此外", [], False, "投资者认可其价值。此外"),
        # genuine text is untouched
        ("澳門一家娛樂場的貴賓廳昨日暫停營業", [], True, "澳門一家娛樂場的貴賓廳昨日暫停營業"),
        ("中国体育彩票中心发布数据", [], True, "中国体育彩票中心发布数据"),
        ("这家数字娱乐公司推出新款掌机", [], True, "这家数字娱乐公司推出新款掌机"),
        ("足球直播亚运会圆满落幕", [], False, "足球直播亚运会圆满落幕"),  # no injection on the page
    ],
)
def test_remove_inline(text, brands, injected, expected):
    out, removals = remove_inline(text, 0, brands, injected=injected)
    assert out == expected
    assert all(r.rule == "inline-brand" for r in removals)
    assert bool(removals) == (out != text)


@pytest.mark.parametrize(
    "name, core", [("鼎盛娱乐", "鼎盛"), ("金鼎体育娱乐", "金鼎"), ("pg", "pg"), ("娱乐", "娱乐")]
)
def test_brand_core(name, core):
    from newscrawl.clean.brands import brand_core

    assert brand_core(name) == core


def test_genre_words_are_not_brands():
    assert brand_from_site_name("百家乐真人视讯官网,网上赌场注册送彩金") is None
    assert brand_from_site_name("銀湖娛樂(中國大陸)官方網站-線上遊戲中心") == "银湖"
