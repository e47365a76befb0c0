"""End-to-end crawl benchmark: a generated local site, the real ``scrapy crawl news``, one table.

    python -m benchmarks.crawl                    # 2,000 pages (quick)
    python -m benchmarks.crawl --pages 20000      # the full run of the performance issue
    python -m benchmarks.crawl --pages 300 --quick --json out.json   # a smoke run

The site's article pages are the real pages of ../shared/bench (zyte and cn_cwce), read at run
time and served under varied URLs (their canonical links removed, a page number added so that every
copy is its own article), with index pages and a sitemap index. A separate process serves it on
127.0.0.1; the crawls run with politeness delays off. Figures are ratios within one run, since these
machines are noisy. Nothing of ../shared is written into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gzip
import json
import math
import os
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
DATASETS = ("zyte", "cn_cwce")
PER_INDEX_PAGE = 100
PER_SITEMAP = 5000
CANONICAL = re.compile(r"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+og:url[^>]*>", re.I)
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "ROBOTSTXT_OBEY": "False",
    "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "LOG_LEVEL": "INFO",
    "LOGSTATS_INTERVAL": "600",
}


# -- the site ---------------------------------------------------------------------------------
def bench_pages() -> list[tuple[str, bytes]]:
    """(dataset, raw HTML bytes) of every benchmark page, canonical links removed."""
    pages = []
    for dataset in DATASETS:
        for path in sorted((BENCH / dataset / "html").glob("*.gz")):
            raw = gzip.decompress(path.read_bytes())
            pages.append((dataset, CANONICAL.sub("", raw.decode("latin-1")).encode("latin-1")))
    return pages


#: The dataset whose pages warm up the CPU comparison (never timed, never in the generated site).
WARMUP_DATASET = "htmldate"
#: How many of its pages (spread evenly over it).
WARMUP_PAGES = 60


def warmup_pages() -> list[bytes]:
    """Raw HTML of :data:`WARMUP_PAGES` pages of :data:`WARMUP_DATASET`, in many languages."""
    paths = sorted((BENCH / WARMUP_DATASET / "html").glob("*.gz"))
    step = max(1, len(paths) // WARMUP_PAGES)
    return [gzip.decompress(path.read_bytes()) for path in paths[::step][:WARMUP_PAGES]]


def build_site(folder: Path, count: int) -> list[str]:
    """Write ``count`` article pages, index pages and sitemaps; returns the article paths."""
    pages = bench_pages()
    paths = []
    for i in range(count):
        dataset, raw = pages[i % len(pages)]
        path = f"{dataset}/{2020 + i % 5}/{i % 12 + 1:02d}/story-{i}.html"
        marker = f"<p>Page {i} of the benchmark site.</p></body>".encode()
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(raw.replace(b"</body>", marker, 1))
        paths.append(path)
    for start in range(0, count, PER_INDEX_PAGE):
        links = "".join(f'<li><a href="/{p}">story</a></li>' for p in paths[start:start + PER_INDEX_PAGE])
        (folder / f"index-{start // PER_INDEX_PAGE}.html").write_text(
            f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    maps = []
    for n, start in enumerate(range(0, count, PER_SITEMAP)):
        urls = "".join(f"<url><loc>/{p}</loc></url>" for p in paths[start:start + PER_SITEMAP])
        (folder / f"sitemap-{n}.xml").write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>", encoding="utf-8")
        maps.append(f"<sitemap><loc>/sitemap-{n}.xml</loc></sitemap>")
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(maps) + "</sitemapindex>", encoding="utf-8")
    return paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(folder: Path) -> tuple[subprocess.Popen, str]:
    """The site, served by a separate process (Python's threading HTTP server) on 127.0.0.1."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return server, f"http://127.0.0.1:{port}/"


# -- running crawls ---------------------------------------------------------------------------
def tree_rss_kb(pid: int) -> dict[int, int]:
    """Resident memory of a process and each of its descendants, in kB by pid (Linux /proc)."""
    sizes: dict[int, int] = {}
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            sizes[current] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return sizes


def archived_count(db: Path) -> int | None:
    """Articles in the archive so far (the highest id: no table scan), None before it exists."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select coalesce(max(id), 0) from articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def run(command: list[str], cwd: Path = ROOT, progress_db: Path | None = None) -> dict:
    """Run a command, sampling its process tree's memory (and, with ``progress_db``, how many
    articles that archive holds); wall time, peak RSS, the progress samples and stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    peak, peak_split = 0, (0, 0)
    progress: list[tuple[float, int]] = []
    stderr: list[str] = []
    reader = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    reader.start()
    while process.poll() is None:
        sizes = tree_rss_kb(process.pid)
        if sum(sizes.values()) > peak:
            peak = sum(sizes.values())
            # The crawl process itself, and its largest child (a worker) at that moment.
            peak_split = (sizes.get(process.pid, 0), max((v for k, v in sizes.items()
                                                          if k != process.pid), default=0))
        if progress_db is not None and (count := archived_count(progress_db)):
            progress.append((time.perf_counter() - started, count))
        time.sleep(0.25)
    reader.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The crawl's worker processes were waited for by the crawl, so their CPU time is in here too.
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": peak / 1024,
            "peak_rss_split_mb": [kb / 1024 for kb in peak_split], "cpu_seconds": cpu,
            "returncode": process.returncode, "stderr": "".join(stderr), "progress": progress}


def crawl(sources: Path, db: Path, **settings: str) -> dict:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SOURCES={sources}",
               "-s", f"NEWSCRAWL_DB={db}"]
    for key, value in {**CRAWL_SETTINGS, **settings}.items():
        command += ["-s", f"{key}={value}"]
    result = run(command, progress_db=db)
    if result["returncode"] != 0:
        raise SystemExit(f"crawl failed:\n{result['stderr'][-3000:]}")
    conn = sqlite3.connect(db)
    result["crawl"] = conn.execute("select requests, pages_fetched, articles_new, skipped_known "
                                   "from crawls order by id desc limit 1").fetchone()
    result["articles"] = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    return result


def bare_crawl(base_url: str, count: int, folder: Path) -> dict:
    """A bare Scrapy spider fetching the same sitemaps and pages, doing nothing else: the ceiling."""
    spider = folder / "bare_spider.py"
    spider.write_text(BARE_SPIDER, encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"base={base_url}",
               "-s", "TELNETCONSOLE_ENABLED=False", "-s", "LOG_LEVEL=INFO"]
    for key, value in CRAWL_SETTINGS.items():
        command += ["-s", f"{key}={value}"]
    return run(command, cwd=folder)


BARE_SPIDER = '''
import scrapy
from scrapy.spiders import SitemapSpider


class Bare(SitemapSpider):
    name = "bare"

    def __init__(self, base, **kw):
        super().__init__(**kw)
        self.sitemap_urls = [base + "sitemap.xml"]

    def sitemap_filter(self, entries):
        for entry in entries:
            entry["loc"] = self.sitemap_urls[0].rsplit("/", 1)[0] + entry["loc"]
            yield entry

    def parse(self, response):
        return None
'''


def first_and_last_ms(progress: list[tuple[float, int]], window: int) -> tuple[float, float]:
    """Mean ms per article over the first and the last ``window`` articles archived.

    From the archive's article count sampled during the crawl (every 0.25 s): the time the count
    took to grow by ``window`` from its first sample, and to reach its last sample from
    ``window`` below it. Sampling the count, rather than reading write timestamps, is not
    blurred by the batching of writes (a batch is 100 articles, a window 1,000); both windows
    leave out the crawl's start-up (before anything is archived) and its close (the last batch,
    the run's summary), which are not per-page costs.
    """
    if len(progress) < 2:
        return math.nan, math.nan  # all written in one batch at the end: too small to tell
    (start_t, start_n), (end_t, end_n) = progress[0], progress[-1]
    window = min(window, (end_n - start_n) // 2)
    if window < 1:
        return math.nan, math.nan

    def reached(count: int) -> float:
        return next(t for t, n in progress if n >= count)

    first = (reached(start_n + window) - start_t) / window * 1000
    last = (end_t - reached(end_n - window)) / window * 1000
    return first, last


# -- CPU cost, in process ---------------------------------------------------------------------
def cpu_costs(sample: int) -> dict:
    """CPU ms/page of the pipeline's work beside trafilatura's ``bare_extraction`` alone.

    The pipeline's work is what a crawl does per page, split as in a crawl: in a worker process
    (:func:`newscrawl.workers.process_in_worker`: decode, extract, clean, normalize, signature,
    search index columns, gzip of the raw page) and in the archive's writer (the
    ``ArchivePipeline`` writes, in batches of ``NEWSCRAWL_ARCHIVE_BATCH`` per transaction). Both
    sides are prepared as a worker process is when it starts
    (:func:`newscrawl.workers.prepare_worker`), then warmed up on pages of another dataset
    (:data:`WARMUP_DATASET`): imports and lazily built tables are one-time costs of a worker
    process, not per-page costs, and no cache then holds the text of a timed page. The writer
    likewise first writes the warm-up pages' articles (compiled statements and a non-empty
    archive are how a crawl's writer runs). Then the worker's work and trafilatura are timed
    page by page, interleaved, and the writer on the timed pages' records.
    """
    from datetime import datetime, timezone

    from trafilatura import bare_extraction

    from newscrawl.archive import Archive
    from newscrawl.items import FetchedPage
    from newscrawl.process import PageDropped
    from newscrawl.settings import NEWSCRAWL_ARCHIVE_BATCH
    from newscrawl.workers import prepare_worker, process_in_worker

    raw_pages = [raw for _, raw in bench_pages()[:sample]]
    warmup = [FetchedPage(url=f"http://warmup.test/{i}.html", body=raw, source="bench",
                          fetched_at=datetime.now(timezone.utc))
              for i, raw in enumerate(warmup_pages())]
    pages = [FetchedPage(url=f"http://bench.test/{i}.html", body=raw, source="bench",
                         fetched_at=datetime.now(timezone.utc)) for i, raw in enumerate(raw_pages)]
    texts = [raw.decode("utf-8", "replace") for raw in raw_pages]

    def work(page: FetchedPage):
        try:
            record = process_in_worker(page, None)
        except PageDropped:
            return None
        record.page = page
        return record

    def trafilatura(i: int) -> None:
        bare_extraction(texts[i], url=pages[i].url)

    prepare_worker()  # as a worker does when it starts (trafilatura is timed under it too)
    warmup_records = []
    for page in warmup:
        if (record := work(page)) is not None:
            warmup_records.append(record)
        bare_extraction(page.body.decode("utf-8", "replace"), url=page.url)
    process_ms, trafilatura_ms, records = [], [], []
    for i, page in enumerate(pages):
        start = time.process_time()
        record = work(page)
        middle = time.process_time()
        trafilatura(i)
        end = time.process_time()
        process_ms.append((middle - start) * 1000)
        trafilatura_ms.append((end - middle) * 1000)
        if record is not None:
            records.append(record)
    def write(archive: Archive, records: list) -> None:
        for offset in range(0, len(records), NEWSCRAWL_ARCHIVE_BATCH):
            with archive.batch():
                for record in records[offset:offset + NEWSCRAWL_ARCHIVE_BATCH]:
                    archive.save_article(record)
                    archive.save_page(record.page, outcome="new", article_id=record.article_id,
                                      raw_gzip=record.raw_gzip)
                    archive.count_site_lines("bench.test", record.profile_keys)

    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "cpu.db")
        write(archive, warmup_records)  # the writer warmed up as the workers were
        start = time.process_time()
        write(archive, records)
        archive_total = (time.process_time() - start) * 1000
        grown_ms, grown_articles = _grown_archive_ms(archive, records, write)
        archive.close()
    archive_ms = archive_total / len(pages)
    worker_ms = statistics.mean(process_ms)
    pipeline = worker_ms + archive_ms
    return {"pipeline_ms": pipeline, "worker_ms": worker_ms,
            "archive_ms": archive_ms, "trafilatura_ms": statistics.mean(trafilatura_ms),
            "ratio": pipeline / statistics.mean(trafilatura_ms),
            "archive_share": archive_ms / pipeline, "pages": len(pages),
            "grown_archive_ms": grown_ms, "grown_archive_articles": grown_articles,
            "grown_archive_share": grown_ms / (worker_ms + grown_ms)}


#: Rounds of the timed articles written again, under new URLs, before the writer is timed once
#: more in the grown archive (:func:`_grown_archive_ms`).
GROW_ROUNDS = 6


def _grown_archive_ms(archive, records: list, write) -> tuple[float, int]:
    """The writer's ms per article once the archive holds :data:`GROW_ROUNDS` more copies of the
    timed articles (new URLs): its indexes, and above all the search index's segments, grow with
    the archive, so a fresh archive shows the writer at its cheapest. The copies also join
    duplicate clusters, which distinct articles would not (measured apart: without clustering the
    cost grows about as much). Returns (ms, articles held after the last round)."""
    elapsed = 0.0
    for round_ in range(1, GROW_ROUNDS + 1):
        for record in records:  # the worker's share of the work, not timed: new URL, new row
            url = record.url.replace("://bench.test/", f"://bench.test/r{round_}/", 1)
            record.url = record.canonical_url = url
            record.page = dataclasses.replace(record.page, url=url)
            record.freeze()
        start = time.process_time()
        write(archive, records)
        elapsed = (time.process_time() - start) * 1000
    held = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    return elapsed / max(1, len(records)), held


def cpu_costs_in_fresh_process(sample: int) -> dict:
    """:func:`cpu_costs` in a new Python process, as the crawl's work runs in new worker processes.

    This process holds the crawls' logs, progress samples and the site's pages by then; their
    objects slowed every full garbage collection of the timed code (ratio 1.66 in this process
    against 1.61 in a fresh one, same pages, same build).
    """
    result = subprocess.run([sys.executable, "-m", "benchmarks.crawl", "--cpu-only", str(sample)],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


# -- the table --------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--quick", action="store_true", help="skip the reactor-thread comparison")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the generated site and archives")
    parser.add_argument("--rss-baseline", type=int, default=None,
                        help="also crawl a site of this many pages, for the peak-RSS ratio "
                             "(default: a quarter of --pages from 8,000 pages up, else none)")
    parser.add_argument("--cpu-only", type=int, metavar="SAMPLE",
                        help="only the in-process CPU comparison on SAMPLE pages, as JSON")
    args = parser.parse_args(argv)
    if not BENCH.is_dir():
        print(f"{BENCH} is not there: nothing to benchmark.")
        return 0
    if args.cpu_only:
        print(json.dumps(cpu_costs(args.cpu_only)))
        return 0
    if args.rss_baseline is None:
        args.rss_baseline = args.pages // 4 if args.pages >= 8000 else 0
    folder = Path(tempfile.mkdtemp(prefix="newscrawl-bench-"))
    try:
        figures = measure(folder, args.pages, quick=args.quick)
        if args.rss_baseline:
            figures["baseline"] = baseline_rss(folder / "baseline", args.rss_baseline)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print_table(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


@contextlib.contextmanager
def served_site(folder: Path, count: int) -> Iterator[tuple[Path, str]]:
    """A generated site of ``count`` articles served on 127.0.0.1, and a sources file naming it:
    ``(sources file, base URL)`` while the context lasts."""
    site = folder / "site"
    site.mkdir(parents=True)
    build_site(site, count)
    server, base = serve(site)
    try:
        sources = folder / "sources.toml"
        sources.write_text(f'[[source]]\nname = "bench"\nbase_url = "{base}"\nsitemaps = '
                           f'["sitemap.xml"]\ntimezone = "UTC"\n', encoding="utf-8")
        yield sources, base
    finally:
        server.terminate()
        server.wait()


def measure(folder: Path, count: int, *, quick: bool) -> dict:
    figures: dict = {"pages": count}
    with served_site(folder, count) as (sources, base):
        bare = bare_crawl(base, count, folder)
        first = crawl(sources, folder / "news.db")
        second = crawl(sources, folder / "news.db")
        figures.update(
            bare_pages_per_s=count / bare["seconds"],
            pages_per_s=count / first["seconds"],
            peak_rss_mb=first["peak_rss_mb"], peak_rss_split_mb=first["peak_rss_split_mb"],
            articles=first["articles"],
            archive_kb_per_article=(folder / "news.db").stat().st_size / 1024 / max(first["articles"], 1),
            first_seconds=first["seconds"], second_seconds=second["seconds"],
            cpu_busy=first["cpu_seconds"] / first["seconds"], cores=os.cpu_count() or 1,
            first_requests=first["crawl"][0], second_requests=second["crawl"][0],
        )
        figures["first_ms"], figures["last_ms"] = first_and_last_ms(first["progress"], 1000)
        if not quick:
            reactor = crawl(sources, folder / "reactor.db", NEWSCRAWL_WORKERS="0")
            figures["reactor_pages_per_s"] = count / reactor["seconds"]
    figures["cpu"] = cpu_costs_in_fresh_process(min(count, 250))
    return figures


def baseline_rss(folder: Path, count: int) -> dict:
    """Peak RSS of the same crawl on a smaller site: memory must not grow with the crawl."""
    with served_site(folder, count) as (sources, _):
        result = crawl(sources, folder / "news.db")
    return {"pages": count, "peak_rss_mb": result["peak_rss_mb"]}


def print_table(f: dict) -> None:
    cpu = f["cpu"]
    rows = [
        ("pages in the site", f"{f['pages']}", ""),
        ("articles archived", f"{f['articles']}", ""),
        ("end to end, pages/s", f"{f['pages_per_s']:.1f}", ""),
        ("bare Scrapy ceiling, pages/s", f"{f['bare_pages_per_s']:.1f}",
         f"end-to-end / ceiling = {f['pages_per_s'] / f['bare_pages_per_s']:.2f}"),
    ]
    rows.append(("CPU busy during the crawl, cores", f"{f['cpu_busy']:.2f}",
                 f"of {f['cores']} ({f['cpu_busy'] / f['cores']:.0%} busy; the rest of the time "
                 "the crawl waited)"))
    if "reactor_pages_per_s" in f:
        rows.append(("extraction in the reactor thread, pages/s", f"{f['reactor_pages_per_s']:.1f}",
                     f"pool / reactor = {f['pages_per_s'] / f['reactor_pages_per_s']:.2f} "
                     "(target >= 1.6)"))
    rows += [
        ("pipeline CPU ms/page", f"{cpu['pipeline_ms']:.1f}",
         f"/ trafilatura {cpu['trafilatura_ms']:.1f} = {cpu['ratio']:.2f} (target <= 1.5)"),
        ("  of which: worker process / archive writer",
         f"{cpu['worker_ms']:.1f} / {cpu['archive_ms']:.1f}", "(writes in batches of 100)"),
        ("archive writes, share of pipeline time", f"{cpu['archive_share']:.1%}", "(target < 5%)"),
        ("  in a grown archive", f"{cpu['grown_archive_share']:.1%}",
         f"({cpu['grown_archive_ms']:.1f} ms per article with {cpu['grown_archive_articles']:,} "
         "articles held)"),
        ("peak RSS, MB (crawl process tree)", f"{f['peak_rss_mb']:.0f}", "(target < 600)"),
        ("  of which: crawl process / largest worker",
         "{:.0f} / {:.0f}".format(*f["peak_rss_split_mb"]), ""),
    ]
    if "baseline" in f:
        base = f["baseline"]
        rows.append((f"peak RSS, {base['pages']:,}-page crawl, MB", f"{base['peak_rss_mb']:.0f}",
                     f"{f['pages']:,} / {base['pages']:,} pages = "
                     f"{f['peak_rss_mb'] / base['peak_rss_mb']:.2f} (target <= 1.2)"))
    rows += [
        ("archive size per article, kB", f"{f['archive_kb_per_article']:.1f}", "raw pages included"),
        ("ms/page, first 1,000 / last 1,000", f"{f['first_ms']:.1f} / {f['last_ms']:.1f}",
         f"ratio {f['last_ms'] / max(f['first_ms'], 1e-9):.2f} (target <= 1.2)"),
        ("second crawl, unchanged site: seconds", f"{f['second_seconds']:.1f}",
         f"/ first {f['first_seconds']:.1f} = {f['second_seconds'] / f['first_seconds']:.2f} "
         "(target <= 0.1)"),
        ("second crawl: requests", f"{f['second_requests']}", f"first: {f['first_requests']}"),
    ]
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>12}  {note}")


if __name__ == "__main__":
    sys.exit(main())
