"""Per-site line counts: keys fold away script, spacing and digits; lines a site repeats on many of
its pages are dropped, the article's own lines never are."""

import pytest

from newscrawl.clean import SiteProfile, clean_article, line_key, lines_for_profile
from newscrawl.clean.site_profile import PROFILE_MIN_PAGES

DISCLAIMER = "本站所刊載之文章僅代表作者本人觀點，不代表本站立場，轉載請註明出處。"
HEADER = "金沙娱乐城官方网站欢迎您的光临"
ARTICLE = [
    "市政府昨日召开会议，研究部署今年的城市绿化工作，提出新建公园十二座。",
    "会议要求各区抓紧落实，确保年底前完成全部建设任务，并向社会公开进度。",
]


def _profile(pages: int, lines: list[str]) -> SiteProfile:
    return SiteProfile.from_pages([lines + [f"第{i}篇不同的文章内容在这里"] for i in range(pages)])


def test_line_key_folds_script_space_and_digits():
    assert line_key("阅读 123 次") == line_key("閱讀123次") == line_key("阅读9次")
    assert line_key("阅读次") != line_key("评论次")
    assert len(line_key("任何一行")) == 16 and int(line_key("任何一行"), 16) >= 0


def test_lines_for_profile_counts_each_line_once_and_skips_tiny_ones():
    keys = lines_for_profile(["更多", "同一行文字内容", "同一行文字内容", "另一行文字"])
    assert keys == [line_key("同一行文字内容"), line_key("另一行文字")]


def test_profile_is_immutable_and_counts_pages():
    p = SiteProfile(2, {line_key("同一行文字内容"): 1})
    with pytest.raises(TypeError):
        p.counts["x"] = 1  # type: ignore[index]
    q = p.add_page(["同一行文字内容"])
    assert (q.pages, q.seen_share("同一行文字内容")) == (3, pytest.approx(2 / 3))
    assert p.pages == 2


def test_repeated_disclaimer_and_injected_header_are_dropped():
    profile = _profile(PROFILE_MIN_PAGES, [DISCLAIMER, HEADER])
    out = clean_article(
        title="城市绿化工作会议召开",
        title_tag=None,
        paragraphs=[HEADER, *ARTICLE, DISCLAIMER],
        site_profile=profile,
    )
    assert out.paragraphs == ARTICLE
    rules = {r.text: r.rule for r in out.removals}
    assert rules[DISCLAIMER] == "boilerplate.site-repeated"
    assert rules[HEADER].startswith("spam-line.")


def test_too_few_pages_change_nothing():
    profile = _profile(PROFILE_MIN_PAGES - 1, [DISCLAIMER])
    out = clean_article(
        title="城市绿化工作会议召开",
        title_tag=None,
        paragraphs=[*ARTICLE, DISCLAIMER],
        site_profile=profile,
    )
    assert out.paragraphs == [*ARTICLE, DISCLAIMER]


def test_the_headline_is_kept_even_when_the_site_repeats_it():
    title = "城市绿化工作会议召开"
    profile = _profile(PROFILE_MIN_PAGES, [title])
    out = clean_article(title=title, title_tag=None, paragraphs=ARTICLE, site_profile=profile)
    assert out.title == title and out.paragraphs == ARTICLE


def test_repeated_header_without_other_evidence_is_spam_when_it_names_gambling():
    header = "百家乐真人娱乐每日更新精彩内容欢迎访问本站"
    profile = _profile(PROFILE_MIN_PAGES, [header])
    out = clean_article(
        title="城市绿化工作会议召开",
        title_tag=None,
        paragraphs=[header, *ARTICLE],
        site_profile=profile,
    )
    assert out.paragraphs == ARTICLE
    assert any(r.text == header and r.rule.startswith("spam-line.") for r in out.removals)
