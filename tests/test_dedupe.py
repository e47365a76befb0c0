"""Near-duplicate detection (newscrawl.dedupe) on small invented articles.

Every transformation a copy goes through on the web (other boilerplate, the other script, cut short,
a spam block on top) must keep it in its article's cluster; two different reports on one event must
stay apart. The texts are invented for these tests.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from newscrawl import dedupe, minhash
from newscrawl.dedupe import Clusterer, candidate_keys, same_article, signature, similarity
from newscrawl.normalize import to_simplified, to_traditional

ZH_TITLE = "青川市地铁三号线今日开通 沿线居民通勤时间缩短一半"
ZH_BODY = """本报讯（记者 林晓雯）经过四年建设，青川市地铁三号线今天上午九时正式开通运营。这条线路全长二十八点六公里，
共设车站二十一座，自北向南贯穿高新区、老城区和滨江新区，是该市第一条全自动无人驾驶线路。

开通首日，不少市民早早来到北站排队体验。家住滨江新区的退休教师周文华说，过去她去老城区看望女儿，
需要换乘两趟公交车，单程将近一个半小时，如今坐地铁只要四十分钟。“车厢宽敞明亮，座位也多，老年人坐着很舒服。”

据青川地铁集团介绍，三号线初期高峰时段行车间隔为三分三十秒，平峰时段为六分钟，首班车六时发车，末班车二十三时收车。
为方便换乘，线路在人民广场站与一号线、在科技园站与二号线实现同站台换乘，乘客无需出站。

市交通运输局有关负责人表示，三号线开通后，全市轨道交通运营里程将超过一百公里，日均客运量预计增加三十万人次。
下一步，该市还将加快推进四号线和机场快线的建设，力争在两年内形成覆盖主城区的轨道交通网络。"""

EN_TITLE = "Harbor city opens its first floating solar farm"
EN_BODY = """The port authority of Marlow Bay switched on a floating solar farm on Tuesday, covering
twelve hectares of a disused dock with more than forty thousand panels that will supply about a
fifth of the harbor's electricity.

Engineers anchored the panels to the dock floor with cables that allow the platform to rise and fall
with the tide. The water keeps the panels cool, which the operators say raises their output by up to
eight percent compared with a similar array on land.

"We had a basin that nobody could use for ships anymore," said harbor director Ellen Okafor. "Now it
powers the cranes that load them." The project cost 31 million euros and was paid for in part by a
regional climate fund.

Local fishermen had worried that the platform would harm fish stocks, but a two-year study by the
university of Marlow found that the shade attracted young fish rather than driving them away. The
authority plans a second array on the northern basin if the first year goes as expected."""

# Two different reports on one typhoon: same names, place and numbers, different articles.
TYPHOON_FORECAST = """中央气象台今天早晨发布台风红色预警，今年第9号台风“白鹭”预计将于明天下午在浙江温州到福建宁德一带沿海登陆，
登陆时中心附近最大风力可达十四级。受其影响，浙江南部、福建东北部将出现大暴雨，局地特大暴雨，累计降雨量可达三百毫米以上。
气象专家提醒，“白鹭”移动速度较慢，风雨持续时间长，沿海地区须防范风暴潮和城市内涝，渔船应尽快回港避风。
浙江省防汛防台抗旱指挥部已将防台风应急响应提升至一级，温州全市中小学明天停课一天。"""
TYPHOON_AFTERMATH = """台风“白鹭”昨天下午在浙江温州沿海登陆后一路北上，今天凌晨减弱为热带风暴。记者今天上午在温州市龙湾区看到，
部分街道仍有积水，环卫工人正在清理被大风吹倒的树木和广告牌。据温州市应急管理局统计，全市共转移群众十二万人，
没有人员伤亡报告，倒塌房屋二十余间，农作物受灾面积约八千公顷。电力部门连夜抢修，截至今天中午，
因台风停电的六万多户居民中已有九成恢复供电，交通运输部门表示，温州机场今天下午起逐步恢复航班。"""

EN_STORM_FORECAST = """Forecasters warned on Sunday that Hurricane Delia would make landfall near Port Avery
on Monday night with winds of up to 130 miles an hour, and urged residents of low-lying coastal
neighborhoods to leave before the evening. The National Weather Service said storm surge could
reach twelve feet along the bay, and that rainfall totals of fifteen inches were possible inland.
Governor Ruth Calder declared a state of emergency and opened forty shelters across the county."""
EN_STORM_AFTERMATH = """Residents of Port Avery returned on Wednesday to streets strewn with debris after
Hurricane Delia came ashore near the city on Monday night. Utility crews worked to restore power to
about 200,000 customers, and the county said two shelters would stay open for families whose homes
were flooded. Governor Ruth Calder toured the waterfront and said the state would ask for federal
disaster aid. No deaths were reported, officials said, crediting the early evacuation orders."""

ZH_HEADER = "首页 | 新闻中心 | 国内 | 国际 | 财经 | 体育\n东方快讯网 您现在的位置：首页 > 本地新闻"
ZH_FOOTER = ("责任编辑：王明\n关于我们 | 联系我们 | 广告服务 | 网站地图\n"
             "版权所有 © 2008-2024 东方快讯网 未经授权禁止转载 沪ICP备12345678号")
EN_HEADER = "Home | World | Business | Science | Sports | Opinion\nThe Coastal Ledger  Subscribe  Sign in"
EN_FOOTER = ("Sign up for our morning newsletter.\nAbout us | Contact | Advertise | Privacy Policy\n"
             "Copyright © 2024 Coastal Ledger Media. All rights reserved.")
SPAM_HEADER = ("澳门葡京 真人百家乐 娱乐城开户 体育投注 老虎机 彩金免费领\n"
               "成人视频 无码高清 在线观看 午夜福利 激情直播\n"
               "北京赛车pk10 时时彩计划 六合彩开奖 网上赌场 百家乐技巧")

#: Share kept by the truncated copies: the benchmark's figure.
TRUNCATE_SHARE = 0.6


def _same(title_a, body_a, title_b, body_b) -> bool:
    return same_article(signature(title_a, body_a), signature(title_b, body_b),
                        len_a=len(body_a), len_b=len(body_b))


def _truncated(body: str, share: float = TRUNCATE_SHARE) -> str:
    return body[: round(len(body) * share)]


ZH_COPIES = {
    "boilerplate": (ZH_TITLE + "_东方快讯网", f"{ZH_HEADER}\n{ZH_BODY}\n{ZH_FOOTER}"),
    "s2t": (to_traditional(ZH_TITLE), to_traditional(ZH_BODY)),
    "t2s": (to_simplified(to_traditional(ZH_TITLE)), to_simplified(to_traditional(ZH_BODY))),
    "truncated": (ZH_TITLE, _truncated(ZH_BODY)),
    "spam": (ZH_TITLE, f"{SPAM_HEADER}\n{ZH_BODY}"),
    "wrapped and whitespace": (ZH_TITLE, ZH_BODY.replace("，", ",\n").replace("。", ". ")),
    "combined": (to_traditional(ZH_TITLE),
                 to_traditional(f"{SPAM_HEADER}\n{ZH_HEADER}\n{_truncated(ZH_BODY, 0.8)}\n{ZH_FOOTER}")),
}
EN_COPIES = {
    "boilerplate": (EN_TITLE + " | The Coastal Ledger", f"{EN_HEADER}\n{EN_BODY}\n{EN_FOOTER}"),
    "truncated": (EN_TITLE, _truncated(EN_BODY)),
    "spam": (EN_TITLE, f"{SPAM_HEADER}\n{EN_BODY}"),
    "case and width": (EN_TITLE.upper(), EN_BODY.upper().replace("A", "Ａ")),
    "combined": (EN_TITLE, f"{SPAM_HEADER}\n{EN_HEADER}\n{_truncated(EN_BODY, 0.8)}\n{EN_FOOTER}"),
}


@pytest.mark.parametrize("kind", ZH_COPIES)
def test_chinese_copy_is_the_same_article(kind):
    title, body = ZH_COPIES[kind]
    assert _same(ZH_TITLE, ZH_BODY, title, body)
    assert set(candidate_keys(signature(ZH_TITLE, ZH_BODY))) & set(candidate_keys(signature(title, body)))


@pytest.mark.parametrize("kind", EN_COPIES)
def test_english_copy_is_the_same_article(kind):
    title, body = EN_COPIES[kind]
    assert _same(EN_TITLE, EN_BODY, title, body)
    assert set(candidate_keys(signature(EN_TITLE, EN_BODY))) & set(candidate_keys(signature(title, body)))


def test_traditional_copy_has_the_same_signature():
    """Normalization to Simplified makes the two scripts one text."""
    assert signature(ZH_TITLE, ZH_BODY) == signature(to_traditional(ZH_TITLE), to_traditional(ZH_BODY))


@pytest.mark.parametrize("a, b", [(TYPHOON_FORECAST, TYPHOON_AFTERMATH),
                                  (EN_STORM_FORECAST, EN_STORM_AFTERMATH)],
                         ids=["zh typhoon", "en hurricane"])
def test_two_reports_on_one_storm_are_different_articles(a, b):
    assert similarity(signature(None, a), signature(None, b)) < 0.1
    assert not _same(None, a, None, b)
    clusterer = Clusterer()
    assert clusterer.add("forecast", None, a) == "forecast"
    assert clusterer.add("aftermath", None, b) == "aftermath"


def test_same_site_boilerplate_does_not_join_two_short_articles():
    """A mirror wraps every page in one header and footer: that alone must not make a match."""
    short_a = TYPHOON_FORECAST[:120]
    short_b = TYPHOON_AFTERMATH[:120]
    assert not _same(None, f"{ZH_HEADER}\n{short_a}\n{ZH_FOOTER}", None, f"{ZH_HEADER}\n{short_b}\n{ZH_FOOTER}")
    assert not _same(None, f"{SPAM_HEADER}\n{short_a}", None, f"{SPAM_HEADER}\n{short_b}")


def test_a_teaser_is_not_the_article():
    """Containment alone would match a two-line teaser; the size ratio guard stops it."""
    teaser = ZH_BODY[:80]
    assert not _same(ZH_TITLE, ZH_BODY, None, teaser)


def test_clusterer_groups_every_copy_under_the_first_member():
    clusterer = Clusterer()
    assert clusterer.add("zh", ZH_TITLE, ZH_BODY) == "zh"
    assert clusterer.add("en", EN_TITLE, EN_BODY) == "en"
    for kind, (title, body) in ZH_COPIES.items():
        assert clusterer.add(f"zh/{kind}", title, body) == "zh", kind
    for kind, (title, body) in EN_COPIES.items():
        assert clusterer.add(f"en/{kind}", title, body) == "en", kind
    assert clusterer.add("typhoon", None, TYPHOON_FORECAST) == "typhoon"
    assert sorted(len(m) for m in clusterer.clusters().values()) == [1, 1 + len(EN_COPIES),
                                                                     1 + len(ZH_COPIES)]


def test_canonical_url_comes_first():
    clusterer = Clusterer()
    url = "https://news.example.com/2024/05/metro-line-3.html"
    assert clusterer.add("a", ZH_TITLE, ZH_BODY, canonical_url=url) == "a"
    # A page rewritten after publication (different text) under the same canonical URL.
    assert clusterer.add("b", None, TYPHOON_AFTERMATH, canonical_url=url) == "a"
    # A different canonical URL does not prevent near-duplicate detection.
    assert clusterer.add("c", *ZH_COPIES["s2t"], canonical_url="https://mirror.example/x") == "a"
    # Another article without a canonical URL is its own cluster.
    assert clusterer.add("d", None, TYPHOON_FORECAST) == "d"
    assert clusterer.clusters() == {"a": ["a", "b", "c"], "d": ["d"]}


def test_a_copy_that_matches_two_clusters_merges_them_into_the_oldest():
    """Two halves of one article do not match each other, but the whole matches both."""
    half = len(ZH_BODY) // 2
    first, second = ZH_BODY[:half], ZH_BODY[half:]
    clusterer = Clusterer()
    assert clusterer.add("first half", None, first) == "first half"
    assert clusterer.add("second half", None, second) == "second half"
    assert clusterer.add("whole", None, ZH_BODY) == "first half"
    assert clusterer.cluster_of("second half") == "first half"

    no_merge = Clusterer(merge=False)
    no_merge.add("first half", None, first)
    no_merge.add("second half", None, second)
    assert no_merge.add("whole", None, ZH_BODY) in {"first half", "second half"}
    assert no_merge.cluster_of("second half") == "second half"


def test_adding_a_key_twice_is_an_error():
    clusterer = Clusterer()
    clusterer.add("a", None, ZH_BODY)
    with pytest.raises(ValueError, match="already added"):
        clusterer.add("a", None, ZH_BODY)


def test_signature_format():
    sig = signature(ZH_TITLE, ZH_BODY)
    assert isinstance(sig, bytes)
    assert len(sig) == 5 + 4 * dedupe.NUM_PERM
    assert sig[0] == dedupe.SIGNATURE_VERSION
    assert sig == signature(ZH_TITLE, ZH_BODY)  # deterministic: stored signatures stay comparable
    keys = candidate_keys(sig)
    assert len(keys) == dedupe.NUM_BANDS == len(set(keys))
    assert [k[:3] for k in keys] == [f"{band:02d}:" for band in range(dedupe.NUM_BANDS)]
    assert similarity(sig, sig) == 1.0
    with pytest.raises(ValueError, match="signature"):
        similarity(sig[:-1], sig)
    with pytest.raises(ValueError, match="signature"):
        similarity(b"\x09" + sig[1:], sig)


def test_text_without_letters_has_no_keys_and_matches_nothing():
    empty = signature(None, "—— ……\n\n!!! 。。。")
    assert dedupe.is_empty(empty)
    assert candidate_keys(empty) == []
    assert similarity(empty, empty) == 0.0
    assert not same_article(empty, empty, len_a=10, len_b=10)


def test_short_text_is_one_shingle():
    assert dedupe.shingles(["台", "风"]) == {"台\x1f风"}
    assert not dedupe.is_empty(signature(None, "台风"))
    assert _same(None, "台风", None, "颱風")


def test_tokens_are_characters_for_chinese_and_words_for_latin():
    assert dedupe.normalize("標題", "Ｈｅｌｌｏ, World！ 台风2024年") == [
        "标", "题", "hello", "world", "台", "风", "2024", "年"]


def test_module_is_pure():
    code = ("import sys, newscrawl.dedupe; "
            "print(sorted(m for m in ('scrapy', 'sqlite3', 'sqlite_utils', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_signatures_stored_by_earlier_versions_stay_comparable():
    """Version-1 signatures are datasketch's ``affine32`` MinHash (seed 1) of the shingle hashes,
    as archived before the permutations were computed here; the same text must give the same
    bytes, or old and new copies of one article would never meet."""
    title = "城市更新的新方案"
    body = ("市政府今天公布了老旧小区改造的新方案，计划三年内完成两百个小区的改造。"
            "Residents welcomed the plan on Monday.")
    sig = signature(title, body)
    assert sig[:17].hex() == "012b000000b13a5d022a56fe11f6669701"
    assert hashlib.sha256(sig).hexdigest() == (
        "8d27fd47638b5dc086b8436e521f6367c6e4f844fda6f904feaa8fec56e707bf")


def test_long_articles_are_hashed_in_blocks_with_the_same_minima():
    import numpy as np

    hashes = np.arange(3 * minhash.PERMUTE_BLOCK + 17, dtype=np.uint32) * np.uint32(2654435761)
    whole = minhash.minhash(hashes)
    parts = np.minimum.reduce([minhash.minhash(hashes[i:i + 1000])
                               for i in range(0, len(hashes), 1000)])
    assert (whole == parts).all()
    assert (minhash.minhash(hashes[:0]) == np.iinfo(np.uint32).max).all()


def test_comparing_signatures_does_not_load_numpy():
    """The crawl process only compares signatures (the workers compute them): it need not pay
    for numpy."""
    code = ("import sys; from newscrawl.dedupe import candidate_keys, same_article; "
            "import newscrawl.archive; print('numpy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
