"""Soak: a long crawl of a generated local site with faulty pages mixed in.

Run from the repository root::

    python -m benchmarks.soak [--pages 20000] [--fault-share 0.05] [--keep DIR]

1. Serves a generated site of N article pages from a separate process on 127.0.0.1 (pages are
   generated per request, nothing is written to disk): a sitemap index of sitemaps of 1,000 URLs,
   and the pages. A fixed 5 % of the pages (every 20th, offset 7) are faulty, in turn: 404, a
   500 that never recovers, an empty 200, binary bytes as text/html, a truncated gzip body, a
   connection reset mid-body. Every other page is a good article with its own text.
2. Runs the real ``scrapy crawl news`` into a fresh archive with politeness off (no AutoThrottle,
   no delay, 32 concurrent requests), sampling the resident memory of the crawl and its worker
   processes every two seconds.
3. Prints: good pages lost (must be 0), RSS over time (should stay flat), and whether the
   ``crawls`` row adds up: every page requested ends as exactly one of archived, dropped (by
   reason) or failed (by kind).

Exits 1 when a good page is lost or the counts do not add up. ``--pages 300`` takes seconds and is
run by the tests (tests/test_faults_soak.py).
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAULTS = ["http-404", "http-500", "empty", "binary", "truncated-gzip", "reset"]
#: What each fault becomes in the crawls row: (column, kind).
FAULT_OUTCOME = {"http-404": ("errors", "http:404"), "http-500": ("errors", "http:500"),
                 "empty": ("dropped", "empty-page"), "binary": ("dropped", "binary"),
                 "truncated-gzip": ("errors", "download:truncated-body"),
                 "reset": ("errors", "download:connection-lost")}
SITEMAP_SIZE = 1000
WORDS = ("harbor council river market school budget rail bridge farmers museum festival library "
         "weather report mayor transit water energy hospital court housing teachers visitors "
         "season program village coast park research students workers district station tea "
         "ferry orchard clinic airport garden theatre bakery factory stadium canal").split()


def fault_of(i: int, share: float) -> str | None:
    """The fault page ``i`` has, or None for a good page (deterministic)."""
    every = max(1, round(1 / share)) if share > 0 else 0
    if every and i % every == 7 % every:
        return FAULTS[(i // every) % len(FAULTS)]
    return None


def article(i: int) -> bytes:
    rng = random.Random(i)
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} report number {i}"
    paras = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + f" ({i}.{k})</p>\n"
                    for k in range(4))
    day = 1 + i % 28
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="2025-05-{day:02d}T08:00:00+00:00">'
            f"</head><body><header><a href='/'>Home</a></header><article><h1>{title}</h1>\n"
            f"{paras}</article><footer>Contact</footer></body></html>").encode()


class SoakHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, body: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8",
             headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901
        pages, share = self.server.pages, self.server.share
        base = f"http://127.0.0.1:{self.server.server_address[1]}/"
        path = self.path
        try:
            if path == "/robots.txt":
                return self.send(b"User-agent: *\nAllow: /\n", ctype="text/plain")
            if path == "/sitemap.xml":
                count = (pages + SITEMAP_SIZE - 1) // SITEMAP_SIZE
                body = "".join(f"<sitemap><loc>{base}sitemap-{n}.xml</loc></sitemap>"
                               for n in range(count))
                return self.send(('<?xml version="1.0"?><sitemapindex xmlns="http://www.'
                                  f'sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
                                  ).encode(), ctype="application/xml")
            if path.startswith("/sitemap-"):
                n = int(path[9:-4])
                body = "".join(f"<url><loc>{base}a/{i}.html</loc></url>"
                               for i in range(n * SITEMAP_SIZE, min(pages, (n + 1) * SITEMAP_SIZE)))
                return self.send(('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                                  f'schemas/sitemap/0.9">{body}</urlset>').encode(),
                                 ctype="application/xml")
            if not path.startswith("/a/"):
                return self.send(b"no", 404, "text/plain")
            i = int(path[3:-5])
            fault = fault_of(i, share)
            if fault is None:
                return self.send(article(i))
            if fault == "http-404":
                return self.send(b"<h1>Not found</h1>", 404)
            if fault == "http-500":
                return self.send(b"<h1>Error</h1>", 500)
            if fault == "empty":
                return self.send(b"")
            if fault == "binary":
                return self.send(b"%PDF-1.4\n" + random.Random(i).randbytes(4000))
            if fault == "truncated-gzip":
                packed = zlib.compress(article(i) * 2, 9, 31)
                return self.send(packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
            if fault == "reset":
                body = article(i) * 4
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:1500])
                self.wfile.flush()
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError, ValueError):
            self.close_connection = True


def serve(pages: int, share: float, port_file: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SoakHandler)
    server.daemon_threads = True
    server.pages, server.share = pages, share
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the worker pool), in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def run(pages: int, share: float, folder: Path, quiet: bool = False) -> dict:
    port_file = folder / "port"
    server = subprocess.Popen([sys.executable, "-m", "benchmarks.soak", "--serve",
                               "--pages", str(pages), "--fault-share", str(share),
                               "--port-file", str(port_file)], cwd=ROOT)
    try:
        for _ in range(100):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port_file.read_text()}/"
        sources = folder / "sources.toml"
        sources.write_text(f'[[source]]\nname = "soak"\nbase_url = "{base}"\n'
                           "sitemaps = ['sitemap.xml']\narticle_patterns = ['/a/']\n")
        db = folder / "news.db"
        settings = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0",
                    "CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
                    "LOG_LEVEL": "INFO", "LOGSTATS_INTERVAL": "30", "DOWNLOAD_TIMEOUT": "30"}
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWSCRAWL_SOURCES={sources}",
                   "-s", f"NEWSCRAWL_DB={db}"]
        for key, value in settings.items():
            command += ["-s", f"{key}={value}"]
        log = open(folder / "crawl.log", "w")
        started = time.monotonic()
        crawl = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        samples = []
        while crawl.poll() is None:
            samples.append((time.monotonic() - started, tree_rss_mb(crawl.pid)))
            if not quiet and len(samples) % 15 == 0:
                print(f"  {samples[-1][0]:6.0f} s  RSS {samples[-1][1]:7.1f} MB", flush=True)
            time.sleep(2)
        elapsed = time.monotonic() - started
        log.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return report(db, pages, share, base, crawl.returncode, elapsed, samples)


def report(db: Path, pages: int, share: float, base: str, returncode: int, elapsed: float,
           samples: list) -> dict:
    conn = sqlite3.connect(db)
    archived = {r[0] for r in conn.execute("select url from articles")}
    crawl = dict(zip(["requests", "articles_new", "dropped", "errors", "status", "finish_reason"],
                     conn.execute("select requests, articles_new, dropped, errors, status, "
                                  "finish_reason from crawls order by id desc").fetchone()))
    conn.close()
    good = {f"{base}a/{i}.html" for i in range(pages) if fault_of(i, share) is None}
    expected_dropped, expected_errors = {}, {}
    for i in range(pages):
        fault = fault_of(i, share)
        if fault:
            column, kind = FAULT_OUTCOME[fault]
            target = expected_dropped if column == "dropped" else expected_errors
            target[kind] = target.get(kind, 0) + 1
    dropped, errors = json.loads(crawl["dropped"] or "{}"), json.loads(crawl["errors"] or "{}")
    outcomes = crawl["articles_new"] + sum(dropped.values()) + sum(errors.values())
    rss = [mb for _, mb in samples if mb > 0]
    settled = rss[len(rss) // 4:] or rss
    return {
        "pages": pages, "good": len(good), "faulty": pages - len(good),
        "lost": len(good - archived), "unexpected": len(archived - good),
        "returncode": returncode, "elapsed_s": round(elapsed, 1),
        "pages_per_s": round(pages / elapsed, 1) if elapsed else 0.0,
        "status": crawl["status"], "finish_reason": crawl["finish_reason"],
        "requests": crawl["requests"], "articles_new": crawl["articles_new"],
        "dropped": dropped, "errors": errors,
        "outcomes": outcomes, "adds_up": outcomes == pages and dropped == expected_dropped
        and errors == expected_errors,
        "rss_mb": {"first": round(settled[0], 1) if settled else 0,
                   "max": round(max(rss), 1) if rss else 0,
                   "last": round(settled[-1], 1) if settled else 0},
        "rss_growth_after_warmup_mb": round(max(settled) - settled[0], 1) if settled else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--fault-share", type=float, default=0.05)
    parser.add_argument("--keep", type=Path, help="keep the archive and crawl log in this folder")
    parser.add_argument("--json", action="store_true", help="print the result as JSON only")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.pages, args.fault_share, args.port_file)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if not args.json:
            print(f"soak: {args.pages} pages, {args.fault_share:.0%} faulty, into {folder}")
        result = run(args.pages, args.fault_share, folder, quiet=args.json)
    if args.json:
        print(json.dumps(result))
    else:
        r = result
        print(f"crawl exit {r['returncode']}, {r['status']} ({r['finish_reason']}), "
              f"{r['elapsed_s']} s, {r['pages_per_s']} pages/s, {r['requests']} requests")
        print(f"good pages: {r['good']}, archived new: {r['articles_new']}, LOST: {r['lost']}")
        print(f"faulty pages: {r['faulty']}; dropped {r['dropped']}; errors {r['errors']}")
        print(f"outcomes {r['outcomes']} for {r['pages']} pages: "
              f"{'adds up' if r['adds_up'] else 'DOES NOT ADD UP'}")
        print(f"RSS MB after warm-up: first {r['rss_mb']['first']}, max {r['rss_mb']['max']}, "
              f"last {r['rss_mb']['last']} (growth {r['rss_growth_after_warmup_mb']})")
    ok = result["lost"] == 0 and result["adds_up"] and result["returncode"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
