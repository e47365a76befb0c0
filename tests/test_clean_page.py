"""Whole pages through both public entry points, on invented fixtures of each pattern."""

from pathlib import Path

import pytest

from newscrawl.clean import clean_article, clean_text_page

DATA = Path(__file__).parent / "data" / "clean"


def _text(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return [line.strip() for line in _text(name).splitlines() if line.strip()]


def test_text_page_output_shape():
    pred = clean_text_page(_text("hijacked_page"))
    assert set(pred) == {"title", "published", "lines", "hijack_score", "hijack_patterns"}
    assert 0.0 <= pred["hijack_score"] <= 1.0 and pred["hijack_patterns"]
    assert len(pred["lines"]) == len(_lines("hijacked_page"))
    assert all(set(x) == {"role", "text"} for x in pred["lines"])
    assert all(x["role"] in {"title", "meta", "body", "spam", "boilerplate"} for x in pred["lines"])


def test_hijacked_page():
    pred = clean_text_page(_text("hijacked_page"))
    roles = [x["role"] for x in pred["lines"]]
    assert roles[:3] == ["spam", "spam", "spam"]  # site name, keyword list, brand label
    assert pred["title"] == "新能源電池回收產業迎來快速發展"  # pinyin stripped, original script
    assert pred["published"].startswith("2024-03-05T09:30")
    body = [x["text"] for x in pred["lines"] if x["role"] == "body"]
    assert len(body) == 3
    assert not any("(" in t for t in body)  # pinyin gone
    assert not any("星河" in t for t in body)  # spliced brand gone, sentence kept
    assert any("有關專家認為" in t for t in body)
    assert all(x["text"] == "" for x in pred["lines"] if x["role"] in ("spam", "boilerplate"))


@pytest.mark.parametrize("name", ["gambling_crackdown", "antiporn_report"])
def test_topic_articles_intact(name):
    lines = _lines(name)
    pred = clean_text_page(_text(name))
    assert pred["title"] == lines[0]
    for src, out in zip(lines[1:], pred["lines"][1:]):
        if out["role"] == "body":
            assert out["text"] == src
    assert sum(1 for x in pred["lines"] if x["role"] == "body") == len(lines) - 1 - sum(
        1 for x in pred["lines"] if x["role"] == "meta"
    )
    assert not any(x["role"] in ("spam", "boilerplate") for x in pred["lines"])


def test_lesson_pinyin_kept():
    lines = _lines("lesson_page")
    pred = clean_text_page(_text("lesson_page"))
    assert [x["text"] for x in pred["lines"][1:]] == lines[1:]


def test_all_spam_page_is_spam_page():
    lines = _lines("all_spam_page")
    article = clean_article(title=None, title_tag=lines[0], paragraphs=lines[1:])
    assert article.is_spam_page and article.spam_reason
    assert article.paragraphs == []
    assert article.lines_removed == len(lines) - 1
    pred = clean_text_page(_text("all_spam_page"))
    assert all(x["role"] == "spam" for x in pred["lines"])


def test_clean_article_html_path():
    lines = _lines("hijacked_page")
    article = clean_article(
        title="新能源電池回(huí)收產(chǎn)業迎來快速發(fā)展",
        title_tag=lines[0],
        paragraphs=lines[7:],
    )
    assert article.title == "新能源電池回收產業迎來快速發展"
    assert len(article.paragraphs) == 3
    assert "星河" in article.brands
    assert article.inline_removed >= 1 and article.pinyin_removed >= 4
    assert not article.is_spam_page
    assert all(r.position >= -1 and r.reason and r.rule for r in article.removals)
    assert any(r.position == -1 and r.rule == "pinyin" for r in article.removals)


def test_clean_article_spam_title_never_kept():
    article = clean_article(
        title="日韩无码av在线观看,精品久久热视频,亚洲熟女人妻一区二区",
        title_tag="日韩无码av在线观看,精品久久热视频,亚洲熟女人妻一区二区",
        paragraphs=["记者从有关部门获悉,今年以来全国共查处违规网站数百家,清理有害信息数十万条。"],
    )
    assert article.title is None
    assert article.paragraphs and not article.is_spam_page


def test_pharma_doorway_vs_blog_about_spam():
    doorway = "\n".join(
        [
            "Praxis Dr. Muster",
            "Sprechstunden",
            "Sildenafil 50 mg rezeptfrei kaufen Apotheke",
            "Sildenafil ist seit vielen Jahren einer der bekanntesten Wirkstoffe und wird in der "
            "Apotheke häufig nachgefragt, auch wenn viele Menschen ihn lieber online "
            "kaufen möchten.",
            "Wer Sildenafil ohne Rezept sucht, findet zahlreiche Angebote, doch die Qualität der "
            "Präparate ist oft unklar und die Beratung fehlt vollständig.",
        ]
    )
    pred = clean_text_page(doorway, url="https://praxis.example/info/sildenafil.php")
    assert [x["role"] for x in pred["lines"]][2:] == ["spam"] * 3
    blog = "\n".join(
        [
            "buy viagra online",
            "I have no idea why, but this phrase shows up in dozens of comments on my blog "
            "every single day now.",
            "To fight it I changed the settings so that links in comments are no longer rendered "
            "as HTML at all.",
            "Spammers only want better search rankings, and they will have to find another way "
            "to get them.",
        ]
    )
    pred = clean_text_page(blog)
    assert pred["title"] == "buy viagra online"
    assert all(x["role"] == "body" for x in pred["lines"][1:])


@pytest.mark.parametrize(
    "title_tag",
    [
        "城市绿道建设提速 市民休闲有了好去处 - 本地新闻网",
        "城市绿道建设提速 市民休闲有了好去处",
        None,
        "",
    ],
)
def test_clean_article_ordinary_title_tag(title_tag):
    paragraphs = [
        "发布时间:2023-04-01 来源:本地日报",
        "今年以来,我市新建绿道一百二十公里,串联起公园、河道和历史街区。",
        "市民表示,周末带孩子到绿道骑行已经成为新的生活方式。",
    ]
    article = clean_article(
        title="城市绿道建设提速 市民休闲有了好去处", title_tag=title_tag, paragraphs=paragraphs
    )
    assert article.title == "城市绿道建设提速 市民休闲有了好去处"
    assert article.paragraphs == paragraphs[1:]
    assert not article.is_spam_page
    assert not [r for r in article.removals if r.rule not in ("meta",)]


@pytest.mark.parametrize("text", ["", "\n \n", "?\n??"])
def test_degenerate_text_pages(text):
    pred = clean_text_page(text)
    assert len(pred["lines"]) == len([t for t in text.split("\n") if t.strip()])
    assert all(x["role"] == "spam" and x["text"] == "" for x in pred["lines"])


def test_empty_article_is_not_spam():
    article = clean_article(title="", title_tag=None, paragraphs=["", "  "])
    assert not article.is_spam_page and article.paragraphs == []


def test_link_list_page_is_all_injection():
    lines = [
        "金鼎国际官方网站-真人视讯-电子游艺娱乐平台",
        "金鼎国际娱乐,金鼎国际官网注册,金鼎国际手机版下载,金鼎国际真人百家乐",
        "日韩无码av在线观看,精品久久热视频,亚洲熟女人妻一区二区,午夜成人免费视频",
        "最新资讯",
        "老虎机在线试玩",
        "棋牌游戏提现秒到账",
        "友情链接",
    ]
    article = clean_article(title=None, title_tag=lines[0], paragraphs=lines[1:])
    assert article.is_spam_page and "all injection" in article.spam_reason
    assert article.paragraphs == []


def test_related_reading_list_is_chrome():
    text = "\n".join(
        [
            "城市绿道建设提速 市民休闲有了好去处",
            "发布时间:2023-04-01",
            "今年以来,我市新建绿道一百二十公里,串联起公园、河道和历史街区,受到市民欢迎。",
            "相关阅读",
            "老旧小区改造完成过半",
            "地铁三号线月底试运行",
        ]
    )
    roles = [x["role"] for x in clean_text_page(text)["lines"]]
    assert roles == ["title", "meta", "body", "boilerplate", "boilerplate", "boilerplate"]


def test_title_line_unrelated_to_the_article_is_dropped():
    para = (
        "市政府昨日召开会议，研究部署今年的城市绿化工作，提出在全市新建公园十二座，"
        "改造街头绿地三十处，并要求各区在年底前完成全部建设任务，向社会公开进度。"
    )
    other = (
        "据了解，今年全市计划投入资金两亿元，重点建设滨河绿道和社区口袋公园，"
        "市民可以通过政务平台查看各项目的施工安排，也可以就选址和设计提出意见建议。"
    )
    third = (
        "园林部门负责人表示，新栽树木将优先选用本地树种，养护工作交由专业队伍承担，"
        "每季度组织一次检查评比，对进度滞后的单位进行通报，确保绿化成果长期保持。"
    )
    fourth = "多位居民接受采访时说，家门口多了绿地以后，傍晚散步、带孩子玩耍都方便多了。"
    page_lines = ["某品牌发布新款智能眼镜搭载大模型", para, other, third, fourth]
    text = "\n".join(page_lines)
    pred = clean_text_page(text)
    assert pred["lines"][0]["role"] == "spam" and pred["title"] is None
    assert "swapped-title" in pred["hijack_patterns"]


def test_title_line_sharing_words_is_kept():
    para = (
        "市政府昨日召开会议，研究部署今年的城市绿化工作，提出在全市新建公园十二座，"
        "改造街头绿地三十处，并要求各区在年底前完成全部建设任务，向社会公开进度。"
    )
    text = "\n".join(["市政府部署城市绿化工作", para, para.replace("公园", "广场")])
    assert clean_text_page(text)["lines"][0]["role"] == "title"


def test_a_paragraph_that_repairs_leave_empty_is_not_kept():
    from newscrawl.clean import clean_article

    cleaned = clean_article(title="", title_tag="", paragraphs=["\x80\x80\x80",
                            "正常的一段新闻文字，讲述城市交通的变化。"])
    assert cleaned.paragraphs == ["正常的一段新闻文字，讲述城市交通的变化。"]
    assert [r.rule for r in cleaned.removals] == ["mojibake.repaired"]
