"""Clustering benchmark: pairwise precision and recall of near-duplicate detection, throughput.

Run from the repository root::

    python -m benchmarks.clustering [--seed S] [--truncate 0.6]

Cases are generated at run time from the ground-truth titles and bodies of ``../shared/bench/zyte``
and ``../shared/bench/cn_cwce`` (read here, never copied into the repository). Every page gives an
original and copies, one per transformation kind:

- ``boilerplate``: a mirror's header (navigation) and footer (copyright, ICP number) lines added.
  All pages of one source host go to one mirror with the *same* lines, so two different articles
  from one site share that boilerplate: the hard negatives a real mirror produces.
- ``s2t``: the page converted to Traditional (OpenCC s2t); Chinese pages only.
- ``t2s``: a Traditional copy converted back to Simplified (s2t then t2s; OpenCC is not one-to-one,
  so it differs from the original where a character has several readings); Chinese pages only.
- ``truncated``: the first ``--truncate`` share of the body (a copy cut short).
- ``spam``: 3 to 6 lines of porn/gambling keywords (drawn from the project's lexicons) on top.
- ``combined``: all at once (spam header, boilerplate, truncated to 80%, and s2t for Chinese).

Negatives are every pair of distinct pages, in particular pages from the same host (with the same
mirror boilerplate in their ``boilerplate`` and ``combined`` copies). The truth clusters are the
pages; the benchmark feeds everything, shuffled, through :class:`newscrawl.dedupe.Clusterer` and
counts pairs: precision = share of predicted same-cluster pairs that are truly one page, recall =
share of true pairs put in one cluster. Per kind, the pairs counted are those with at least one
member of that kind. Targets: both >= 0.98.

When ``../shared`` is absent it says so and exits 0. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path
from urllib.parse import urlparse

from newscrawl.dedupe import Clusterer, signature
from newscrawl.normalize import is_han, to_simplified, to_traditional

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATASETS = {"zyte": SHARED / "bench" / "zyte" / "ground-truth.jsonl",
            "cn_cwce": SHARED / "bench" / "cn_cwce" / "ground-truth.jsonl"}
TARGET = 0.98
DEFAULT_TRUNCATE = 0.6
COMBINED_TRUNCATE = 0.8
SPAM_LINES = (3, 6)
SPAM_TERMS_PER_LINE = (4, 8)
#: A page counts as Chinese (gets the s2t/t2s copies) above this share of Han characters.
CHINESE_SHARE = 0.3
#: Body length used for the signature timing (the brief's budget: well under 5 ms for it).
TIMED_CHARS = 3000
KINDS = ("boilerplate", "s2t", "t2s", "truncated", "spam", "combined")

NAV_ZH = ("首页", "新闻中心", "国内", "国际", "财经", "娱乐", "体育", "科技", "专题", "评论",
          "图片", "视频", "论坛", "博客", "房产", "汽车")
NAV_EN = ("Home", "World", "U.S.", "Politics", "Business", "Tech", "Science", "Health", "Sports",
          "Opinion", "Arts", "Travel", "Video", "Podcasts")
SYLLABLES = ("xin", "hua", "tian", "bao", "wang", "hai", "jing", "nan", "dong", "kuai", "zhong")


@dataclass(frozen=True)
class Case:
    """One generated article: its truth (the page it copies) and the kind of copy it is."""

    key: str
    truth: str
    kind: str
    host: str
    url: str
    title: str | None
    body: str


def load_pages() -> list[dict]:
    """Ground-truth pages of both datasets with a host (``<dataset>:unknown`` where no URL)."""
    pages = []
    for name, path in DATASETS.items():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if not row.get("body"):
                continue
            host = urlparse(row["url"]).hostname if row.get("url") else None
            pages.append({**row, "dataset": name, "host": host or f"{name}:unknown"})
    return pages


def spam_terms() -> list[str]:
    """Porn and gambling keywords from the project's lexicons (package data, not ../shared)."""
    terms = []
    for name in ("porn.txt", "gambling.txt"):
        text = resources.files("newscrawl.lexicons").joinpath(name).read_text(encoding="utf-8")
        terms += [t.strip() for t in text.splitlines() if t.strip() and not t.startswith("#")]
    return terms


def is_chinese(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(map(is_han, letters)) > len(letters) * CHINESE_SHARE


def mirror_boilerplate(rng: random.Random, chinese: bool) -> tuple[str, str]:
    """A mirror site's header and footer lines (one mirror per source host)."""
    name = "".join(rng.choice(SYLLABLES) for _ in range(3))
    if chinese:
        site = "".join(rng.choice("新华天宝网海京南东快中人民日报") for _ in range(3)) + "网"
        header = " | ".join(rng.sample(NAV_ZH, 8)) + f"\n{site} www.{name}.com 您现在的位置：首页 > 新闻"
        footer = (f"责任编辑：{rng.choice('王李张刘陈杨')}{rng.choice('明华伟芳')}\n"
                  f"关于我们 | 联系我们 | 广告服务 | 网站地图\n"
                  f"版权所有 © 2006-2024 {site} 未经授权禁止转载 京ICP备{rng.randrange(10**7, 10**8)}号")
    else:
        site = name.capitalize() + " Daily"
        header = " | ".join(rng.sample(NAV_EN, 8)) + f"\n{site} Subscribe Sign in"
        footer = (f"Sign up for the {site} newsletter to get the news in your inbox.\n"
                  f"About us | Contact | Advertise | Privacy Policy | Terms of Service\n"
                  f"Copyright © 2024 {site} Media Group. All rights reserved.")
    return header, footer


def spam_header(rng: random.Random, terms: list[str]) -> str:
    lines = []
    for _ in range(rng.randint(*SPAM_LINES)):
        lines.append(" ".join(rng.sample(terms, rng.randint(*SPAM_TERMS_PER_LINE))))
    return "\n".join(lines)


def truncate(body: str, share: float) -> str:
    return body[: max(1, round(len(body) * share))]


def make_cases(pages: list[dict], rng: random.Random, truncate_share: float) -> list[Case]:
    """The originals and their copies of every kind (s2t/t2s for Chinese pages only)."""
    terms = spam_terms()
    mirrors: dict[str, tuple[str, str]] = {}
    cases = []
    for page in pages:
        pid, title, body, host = page["id"], page.get("title"), page["body"], page["host"]
        chinese = is_chinese(body)
        if host not in mirrors:
            mirrors[host] = mirror_boilerplate(rng, chinese)
        header, footer = mirrors[host]
        mirror = f"http://mirror-{len(mirrors)}.example"

        def case(kind: str, t: str | None, b: str, pid: str = pid, url: str | None = page.get("url"),
                 host: str = host, mirror: str = mirror) -> Case:
            where = (url or f"http://{host}/{pid}") if kind == "original" else f"{mirror}/{pid}/{kind}"
            return Case(f"{pid}/{kind}", pid, kind, host, where, t, b)

        cases.append(case("original", title, body))
        cases.append(case("boilerplate", title, f"{header}\n{body}\n{footer}"))
        if chinese:
            cases.append(case("s2t", to_traditional(title or "") or None, to_traditional(body)))
            cases.append(case("t2s", to_simplified(to_traditional(title or "")) or None,
                              to_simplified(to_traditional(body))))
        cases.append(case("truncated", title, truncate(body, truncate_share)))
        cases.append(case("spam", title, f"{spam_header(rng, terms)}\n{body}"))
        combined = f"{spam_header(rng, terms)}\n{header}\n{truncate(body, COMBINED_TRUNCATE)}\n{footer}"
        cases.append(case("combined", to_traditional(title or "") or None if chinese else title,
                          to_traditional(combined) if chinese else combined))
    return cases


def pair_counts(cases: list[Case], predicted: dict[str, str]) -> dict[str, Counter]:
    """TP/FP/FN pair counts overall, per kind, and for same-host pairs of distinct pages."""
    counts: dict[str, Counter] = defaultdict(Counter)
    by_cluster: dict[str, list[Case]] = defaultdict(list)
    by_truth: dict[str, list[Case]] = defaultdict(list)
    for c in cases:
        by_cluster[predicted[c.key]].append(c)
        by_truth[c.truth].append(c)

    def tally(a: Case, b: Case, outcome: str) -> None:
        counts["all"][outcome] += 1
        for kind in {a.kind, b.kind} - {"original"}:
            counts[kind][outcome] += 1
        if a.kind == b.kind == "original":
            counts["original"][outcome] += 1

    for members in by_cluster.values():
        for a, b in combinations(members, 2):
            tally(a, b, "tp" if a.truth == b.truth else "fp")
            if a.truth != b.truth and a.host == b.host:
                counts["same_site"]["fp"] += 1
    for members in by_truth.values():
        for a, b in combinations(members, 2):
            if predicted[a.key] != predicted[b.key]:
                tally(a, b, "fn")
    hosts = Counter(c.host for c in cases)
    truths_per_host: dict[str, Counter] = defaultdict(Counter)
    for c in cases:
        truths_per_host[c.host][c.truth] += 1
    counts["same_site"]["pairs"] = sum(
        (n * n - sum(k * k for k in per.values())) // 2
        for n, per in ((hosts[h], truths_per_host[h]) for h in hosts))
    return counts


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def print_table(counts: dict[str, Counter], n_cases: Counter) -> None:
    print("| kind | articles | true pairs | predicted pairs | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- |")
    for kind in ("original", *KINDS, "all"):
        c = counts.get(kind, Counter())
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        articles = sum(n_cases.values()) if kind == "all" else n_cases[kind]
        print(f"| {kind} | {articles} | {tp + fn} | {tp + fp} | {ratio(tp, tp + fp)} | "
              f"{ratio(tp, tp + fn)} |")
    same = counts["same_site"]
    print(f"\nsame-site negative pairs (distinct pages of one host, copies included): "
          f"{same['pairs']}, wrongly clustered: {same['fp']}")


def signature_ms(pages: list[dict]) -> tuple[float, float]:
    """Mean milliseconds of signature() on 3,000-character Chinese and English bodies."""
    result = []
    for chinese in (True, False):
        bodies = [p["body"] for p in pages if is_chinese(p["body"]) == chinese]
        text = "\n".join(bodies)
        samples = [text[i:i + TIMED_CHARS] for i in range(0, len(text) - TIMED_CHARS, TIMED_CHARS)]
        samples = samples[:50]
        start = time.perf_counter()
        for s in samples:
            signature(None, s)
        result.append((time.perf_counter() - start) / len(samples) * 1000)
    return result[0], result[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--truncate", type=float, default=DEFAULT_TRUNCATE,
                        help="share of the body kept by the truncated copies (default 0.6)")
    parser.add_argument("--no-merge", action="store_true",
                        help="never merge clusters (Clusterer(merge=False)), for comparison")
    parser.add_argument("--dump-errors", action="store_true", help="print the wrong pairs")
    args = parser.parse_args(argv)
    if not all(p.exists() for p in DATASETS.values()):
        print(f"shared data not found at {SHARED}: nothing to benchmark")
        return 0
    rng = random.Random(args.seed)
    pages = load_pages()
    cases = make_cases(pages, rng, args.truncate)
    rng.shuffle(cases)
    clusterer = Clusterer(merge=not args.no_merge)
    start = time.perf_counter()
    for c in cases:
        clusterer.add(c.key, c.title, c.body, canonical_url=c.url)
    elapsed = time.perf_counter() - start
    predicted = {c.key: clusterer.cluster_of(c.key) for c in cases}
    counts = pair_counts(cases, predicted)
    n_cases = Counter(c.kind for c in cases)
    print(f"## clustering on generated cases ({len(pages)} pages of zyte and cn_cwce, "
          f"{len(cases)} articles, seed {args.seed}, truncated to {args.truncate:.0%}, "
          f"{'no merging' if args.no_merge else 'merging'})\n")
    print_table(counts, n_cases)
    print(f"\ntarget: precision and recall >= {TARGET} overall")
    zh_ms, en_ms = signature_ms(pages)
    print(f"\n## throughput\n\nClusterer.add: {len(cases) / elapsed:,.0f} articles/s "
          f"({len(cases)} articles, mean {sum(len(c.body) for c in cases) / len(cases):,.0f} chars, "
          f"one process)\nsignature() on {TIMED_CHARS:,} characters: {zh_ms:.2f} ms Chinese, "
          f"{en_ms:.2f} ms English")
    if args.dump_errors:
        dump_errors(cases, predicted)
    return 0


def dump_errors(cases: list[Case], predicted: dict[str, str]) -> None:
    """The articles split from their page, and the clusters that mix pages (for tuning)."""
    by_key = {c.key: c for c in cases}
    print("\n## errors\n")
    for c in cases:
        root = by_key[predicted[c.key]]
        if root.truth != c.truth:
            print(f"merged: {c.key} ({len(c.body)} chars) into {root.key} ({len(root.body)} chars)")
    by_truth: dict[str, set[str]] = defaultdict(set)
    for c in cases:
        by_truth[c.truth].add(predicted[c.key])
    for truth, clusters in by_truth.items():
        if len(clusters) > 1:
            kinds = {cl: [c.kind for c in cases if c.truth == truth and predicted[c.key] == cl]
                     for cl in clusters}
            print(f"split: {truth}: {kinds}")


if __name__ == "__main__":
    sys.exit(main())
