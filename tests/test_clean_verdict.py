"""Page verdict: removal rules grouped into patterns, combined into a 0..1 hijack score."""

from newscrawl.clean import clean_article, clean_text_page
from newscrawl.clean.verdict import hijack_score, pattern_of, patterns_of


def test_rules_map_to_patterns():
    assert pattern_of("spam-line.keyword-list") == "keyword-list"
    assert pattern_of("spam-line.brand-nav") == "hijacker-name"
    assert pattern_of("mojibake.repaired") == "mojibake"
    assert pattern_of("boilerplate.nav-run") is None and pattern_of("meta") is None
    assert patterns_of(["pinyin", "inline-brand", "pinyin"]) == [
        "inline-brand",
        "pinyin-annotation",
    ]


def test_score_is_noisy_or_of_pattern_weights():
    assert hijack_score([]) == 0.0
    assert hijack_score(["doorway"]) == 1.0
    assert 0 < hijack_score(["mojibake"]) < hijack_score(["mojibake", "keyword-list"]) < 1


def test_clean_page_scores_zero_and_hijacked_page_high():
    clean = clean_text_page("市政府召开会议\n市政府昨日召开会议，研究部署今年的城市绿化工作。")
    assert clean["hijack_score"] == 0.0 and clean["hijack_patterns"] == []
    out = clean_article(
        title="新能源电池回收产业迎来快速发展",
        title_tag="九游体育(中国)官方网站-登录入口",
        paragraphs=["新能源电池回收产业迎来快速发展，九游体育娱乐平台相关企业数量明显增加。"],
    )
    assert out.hijack_score >= 0.8 and "hijacker-name" in out.hijack_patterns
