"""Line-level injection rules: form and vocabulary drop injected lines, prose is never dropped."""

import pytest

from newscrawl.clean.spam_lines import PageContext, classify, is_traditional_page, page_context

SIMPLIFIED = PageContext(traditional=False, chinese=True)
TRADITIONAL = PageContext(traditional=True, chinese=True)

CASES = [
    # (line, context, expected rule or None)
    (
        "国产精品久久久久免费视频,日韩无码一区二区,亚洲人妻熟女av,午夜成人在线观看",
        SIMPLIFIED,
        "spam-line.keyword-list",
    ),
    ("久久精品_欧美一区二区无码_成人午夜影院_麻豆视频", SIMPLIFIED, "spam-line.keyword-list"),
    ("星河(中国)官方网站-星河体育娱乐平台", SIMPLIFIED, "spam-line.site-name"),
    ('<span id="q8x"><nobr id="q8x"></nobr></span>', SIMPLIFIED, "spam-line.hidden-tags"),
    ('• <tfoot id="q8x"></tfoot>', SIMPLIFIED, "spam-line.hidden-tags"),
    ("?", SIMPLIFIED, "spam-line.junk"),
    ("东方远航贸易有限公司东方远航贸易有限公司", SIMPLIFIED, "spam-line.repeated-name"),
    ("無料動画 エロ 人妻 素人 高画質", SIMPLIFIED, "spam-line.script-japanese"),
    ("오늘 카지노 바카라 사이트 win88.top 추천", SIMPLIFIED, "spam-line.keyword-list"),
    ("今日推荐 win88.top 最新 入口", SIMPLIFIED, "spam-line.domain"),
    ("体育投注技巧/竞彩推荐/足球在线直播", TRADITIONAL, "spam-line.keyword-list"),
    ("Powered by 牌九游戏 2015-2023", SIMPLIFIED, "spam-line.operator-footer"),
    ("澳门金星娱乐8866", SIMPLIFIED, "spam-line.casino-name"),
    # genuine news about the same topics stays
    (
        "警方介绍,该团伙在境外服务器上开设百家乐、老虎机等赌博游戏,并雇佣专人为赌资提供结算通道。",
        SIMPLIFIED,
        None,
    ),
    ("今年以来全国“扫黄打非”部门共查处淫秽色情网站数百家,清理有害信息数十万条。", SIMPLIFIED, None),
    (
        "據主管部門統計,上半年彩票銷量回升,體育類和福利類彩票都比去年同期增加。",
        TRADITIONAL,
        None,
    ),
    ("澳门金沙、永利与新葡京本月赌收均见回升", SIMPLIFIED, None),
    ("严打网络赌博 多地警方联合收网", SIMPLIFIED, None),
    ("来源:国家统计局官网", SIMPLIFIED, None),
    ("新能源汽车 产销两旺 出口 创新高", SIMPLIFIED, None),
]


@pytest.mark.parametrize("line, ctx, rule", CASES)
def test_classify(line, ctx, rule):
    verdict = classify(line, ctx)
    assert (verdict.rule if verdict else None) == rule, verdict
    if verdict:
        assert verdict.reason


@pytest.mark.parametrize(
    "lines, traditional",
    [
        (["這是一個關於網絡與經濟發展的報導，記者們從現場發來詳細說明。"] * 2, True),
        (["这是一个关于网络与经济发展的报道，记者们从现场发来详细说明。"] * 2, False),
        (["English only"], False),
    ],
)
def test_page_context_counts_the_script_when_asked(lines, traditional):
    ctx = page_context(lines)
    assert ctx.chinese == (len(lines) > 1)
    assert ctx.traditional is is_traditional_page(lines) is traditional


def test_simplified_keywords_on_a_traditional_page_through_the_lazy_context():
    page = ["這是一個關於網絡與經濟發展的報導，記者們從現場發來詳細說明。"] * 2
    line = "体育投注技巧/竞彩推荐/足球在线直播"
    assert classify(line, page_context(page)) == classify(line, TRADITIONAL)


def test_a_japanese_article_keeps_its_kana_lines():
    from newscrawl.clean import clean_article

    paragraphs = [
        "東京都は今月、新しい防災計画を発表した。計画では、大地震の際に避難所を増やすことが柱となっている。",
        "都の担当者は「住民の安全を第一に考え、備蓄品の見直しも進めたい」と話した。",
        "専門家によると、避難所の運営には地域の協力が欠かせないという。",
        "避難所の数は、現在の約二倍になる。",
        "ただし、課題も残る。",
    ]
    cleaned = clean_article(title="東京都、新たな防災計画を発表", title_tag=None,
                            paragraphs=paragraphs, lang="ja")
    assert cleaned.paragraphs == paragraphs and not cleaned.is_spam_page
