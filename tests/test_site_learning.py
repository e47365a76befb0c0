"""Per-site learning across pages and crawls: a line a site repeats everywhere is not article text."""

import json
import sqlite3
import subprocess
import sys

from conftest import ROOT, LocalSite, run_crawl

REPEATED = "本站部分内容转载自网络，如有侵权请及时联系我们删除，谢谢合作与理解支持"
TOPICS = ["城市交通", "乡村教育", "海洋保护", "山区旅游", "农业科技", "社区医疗", "老城改造", "公共图书馆",
          "河道治理", "新能源车", "夜间经济", "体育赛事", "非遗传承", "高校招生", "冬季供暖", "港口物流",
          "森林防火", "早餐工程", "旧物回收", "数字政务", "候鸟迁徙", "稻田养鱼", "城市绿道", "电梯加装",
          "文物修复"]


def page(i: int, topic: str) -> str:
    paragraphs = "".join(
        f"<p>{topic}工作第{i}期报道：记者在第{n}站走访时了解到，{topic}相关的新做法正在逐步铺开，"
        f"当地居民普遍表示欢迎，并对{topic}的下一步安排提出了{n + i}条具体建议。</p>" for n in range(1, 5))
    return (f"<html><head><meta charset='utf-8'><title>{topic}新进展 - 测试新闻</title></head><body>"
            f"<article><h1>{topic}新进展</h1><p>发布时间：2024年3月{i % 27 + 1}日 10:30</p>"
            f"{paragraphs}<p>{REPEATED}</p></article></body></html>")


def test_repeated_line_is_learned_and_removed(tmp_path):
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    urls = []
    for i, topic in enumerate(TOPICS):
        (site / "articles" / f"a{i}.html").write_text(page(i, topic), encoding="utf-8")
        urls.append(f"articles/a{i}.html")
    sources = tmp_path / "sources.toml"
    with LocalSite(site) as server:
        sources.write_text(f'[[source]]\nname = "learn"\nbase_url = "{server.url}"\n'
                           f'urls = {json.dumps(urls)}\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
        db = tmp_path / "news.db"
        assert run_crawl(sources, db).returncode == 0
    conn = sqlite3.connect(db)
    assert conn.execute("select pages from site_profiles").fetchone()[0] == len(TOPICS)
    result = subprocess.run([sys.executable, "-m", "newscrawl.cli", "reprocess", "--db", str(db),
                             "--sources", str(sources)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    bodies = [r[0] for r in conn.execute("select body from articles")]
    assert len(bodies) == len(TOPICS)
    assert not any(REPEATED in body for body in bodies)
    assert all("具体建议" in body for body in bodies)
    rules = {r[0] for r in conn.execute("select rule from removed_lines where text = ?", [REPEATED])}
    assert rules and all("site-repeated" in rule for rule in rules)
