"""A misbehaving web server on 127.0.0.1 for the fault tests: a real HTTP server (port 0, a thread)
serving good article pages mixed with every kind of broken response a crawler meets.

Routes (article URLs all match ``/a/``):

=============================  ====================================================================
``/a/good-N.html``             a good article (English), N = 1..GOOD_COUNT
``/a/burst-500.html``          500 twice, then the article (Scrapy retries twice)
``/a/burst-503.html``          503 twice, then the article
``/a/missing.html``            404;  ``/a/gone.html``: 410
``/a/slow-drip.html``          headers, then one byte a second (past a small DOWNLOAD_TIMEOUT)
``/a/reset.html``              Content-Length 40000, 6000 bytes, then a TCP reset
``/a/truncated-gzip.html``     a gzip-encoded article cut at 60 % (Content-Length matches the cut)
``/a/gzip-bomb.html``          Content-Encoding gzip: ~2 MB on the wire, 2000 MiB of zeros unpacked,
                               generated while it is sent (never held in memory)
``/a/gzip-bomb-nested.html``   Content-Encoding "gzip, gzip": a few KB on the wire, 8 GiB unpacked
``/a/pdf.html`` ``/a/image.html`` ``/a/random.html``  a PDF, a PNG, random bytes as text/html
``/a/huge.html``               a 15 MB page (over DOWNLOAD_MAXSIZE)
``/a/loop-1.html``             302 to loop-2, which 302s back
``/a/invalid-utf8.html``       a good article with a few invalid UTF-8 bytes, labeled UTF-8
``/a/gbk-as-utf8.html``        a good Chinese article in GBK, labeled UTF-8
``/a/utf8-as-gbk.html``        a good Chinese article in UTF-8, labeled GBK
``/a/empty.html``              an empty 200
``/a/deep.html``               20,000 nested elements around an article's text
``/a/js-only.html``            text only inside a script (document.write)
``/sitemap.xml``               lists good pages and faults;  ``/broken-sitemap.xml``: broken XML
``/feed.xml``                  RSS;  ``/bad-feed.xml``: RSS with undefined entities
=============================  ====================================================================

Every request is counted in ``hits`` (path -> count). ``python tests/faulty_server.py`` serves it
on a free port until interrupted.
"""

from __future__ import annotations

import random
import socket
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD_COUNT = 12
#: Good pages that need retries or decoding repairs: they must be archived too.
GOOD_AFTER_TROUBLE = ["burst-500", "burst-503", "invalid-utf8", "gbk-as-utf8", "utf8-as-gbk"]
GOOD_PAGES = [f"good-{n}" for n in range(1, GOOD_COUNT + 1)] + GOOD_AFTER_TROUBLE

#: Fault pages, with what the crawl row must say about each: ("errors"|"dropped", kind) or None
#: when the outcome may be either an article or a counted drop.
FAULTS: dict[str, tuple[str, str] | None] = {
    "missing": ("errors", "http:404"),
    "gone": ("errors", "http:410"),
    "slow-drip": ("errors", "download:timeout"),
    "reset": ("errors", "download:connection-lost"),
    "truncated-gzip": ("errors", "download:truncated-body"),
    "gzip-bomb": ("errors", "download:too-large"),
    "gzip-bomb-nested": ("errors", "download:too-large"),
    "huge": ("errors", "download:too-large"),
    "loop-1": ("errors", "download:redirect-loop"),
    "pdf": ("dropped", "binary"),
    "image": ("dropped", "binary"),
    "random": ("dropped", "binary"),
    "empty": ("dropped", "empty-page"),
    "deep": None,
    "js-only": ("dropped", "not-article"),
}

WORDS = ("harbor council river market school budget rail bridge farmers museum festival library "
         "weather report mayor transit water energy hospital court housing teachers visitors "
         "season program village coast park research students workers district station").split()
CHINESE = ["市政府今天公布了新的公共交通计划，将在明年增加十二条公交线路。",
           "据统计，今年上半年全市接待游客人数比去年同期增长了百分之十五。",
           "专家表示，这项措施有助于缓解城市中心区域的交通压力。",
           "当地居民对此普遍表示欢迎，并希望相关部门尽快落实各项工作。"]


def paragraph(rng: random.Random, words: int = 40) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article_html(key: str, *, title: str | None = None, paragraphs: list[str] | None = None,
                 charset: str = "utf-8", lang: str = "en", day: int = 14) -> str:
    """A small, plain article page whose text is unique to ``key``."""
    rng = random.Random(key)
    title = title or f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} story {key}"
    paragraphs = paragraphs or [paragraph(rng) for _ in range(4)]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="{charset}">'
            f"<title>{title}</title>"
            f'<meta property="article:published_time" content="2025-06-{day:02d}T08:00:00+00:00">'
            f'</head><body><header><a href="/">Home</a></header>\n<article><h1>{title}</h1>\n'
            f'<time datetime="2025-06-{day:02d}T08:00:00+00:00">2025-06-{day:02d}</time>\n'
            f"{body}\n</article><footer>Contact us</footer></body></html>\n")


def chinese_article(key: str, charset: str) -> str:
    rng = random.Random(key)
    paras = [p.replace("十二", str(rng.randint(2, 99))) for p in CHINESE]
    return article_html(key, title=f"城市交通新计划公布 {key}", paragraphs=paras, charset=charset,
                        lang="zh")


def expected_chinese_text() -> str:
    """A sentence every Chinese article of the server holds, however its bytes were labeled."""
    return CHINESE[2]


# -- gzip bombs, generated as they are sent ------------------------------------------------------
MIB = 1 << 20


class _Bomb:
    """Pieces of a gzip stream of ``mib`` MiB of zeros: each MiB compresses, after a full flush, to
    the same ~1 KB, so the stream is header + first + block * (mib - 1) + end, built lazily."""

    def __init__(self):
        deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        zeros = bytes(MIB)
        self.first = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
        self.block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
        self.end = deflate.flush()

    def chunks(self, mib: int):
        yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip header, no name, mtime 0
        yield self.first
        for _ in range(mib - 1):
            yield self.block
        yield self.end
        yield struct.pack("<II", zeros_crc32(mib), (mib * MIB) & 0xFFFFFFFF)

    def wire_size(self, mib: int) -> int:
        return 10 + len(self.first) + len(self.block) * (mib - 1) + len(self.end) + 8


#: zlib.crc32 of N MiB of zeros (seconds to compute at run time, so computed once, here).
ZEROS_CRC32 = {2000: 2942669728, 8192: 1104745215}


def zeros_crc32(mib: int) -> int:
    if mib not in ZEROS_CRC32:
        crc, zeros = 0, bytes(MIB)
        for _ in range(mib):
            crc = zlib.crc32(zeros, crc)
        ZEROS_CRC32[mib] = crc
    return ZEROS_CRC32[mib]


_BOMB: _Bomb | None = None


def bomb() -> _Bomb:
    global _BOMB
    if _BOMB is None:
        _BOMB = _Bomb()
    return _BOMB


BOMB_MIB = 2000
NESTED_BOMB_MIB = 8192


def nested_bomb_body() -> bytes:
    """gzip(gzip(8 GiB of zeros)): a few KB."""
    outer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [outer.compress(chunk) for chunk in bomb().chunks(NESTED_BOMB_MIB)]
    return b"".join(parts) + outer.flush()


_NESTED: bytes | None = None


# -- the handler ---------------------------------------------------------------------------------
class FaultyHandler(BaseHTTPRequestHandler):
    server: FaultyHTTPServer

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.hits[path] += 1
            hit = self.server.hits[path]
        try:
            self.route(path, hit)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up (size limit, timeout): expected here

    def send(self, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route(self, path: str, hit: int):  # noqa: C901 - one branch per case, read top to bottom
        base = self.server.url
        name = path.removeprefix("/a/").removesuffix(".html")
        if path == "/robots.txt":
            return self.send(b"User-agent: *\nAllow: /\n", content_type="text/plain")
        if path == "/sitemap.xml":
            return self.send(sitemap([base + f"a/{n}.html" for n in self.server.sitemap_pages]),
                             content_type="application/xml")
        if path == "/broken-sitemap.xml":
            good = sitemap([base + f"a/{n}.html" for n in self.server.broken_sitemap_pages])
            # Cut off inside an entry, with a stray "<" before: not well-formed.
            broken = good.replace(b"</urlset>", b"<url><lastmod>2025 < 06</lastmod></ur")
            return self.send(broken, content_type="application/xml")
        if path == "/feed.xml":
            return self.send(feed([base + f"a/{n}.html" for n in self.server.feed_pages]),
                             content_type="application/rss+xml")
        if path == "/bad-feed.xml":
            return self.send(feed([base + f"a/{n}.html" for n in self.server.bad_feed_pages],
                                  entity="&nbsp;&bogus;"), content_type="application/rss+xml")
        if not path.startswith("/a/"):
            return self.send(b"not found", 404, "text/plain")
        if name.startswith("good-"):
            return self.send(article_html(name).encode())
        if name in ("burst-500", "burst-503"):
            if hit <= 2:
                return self.send(b"<h1>busy</h1>", int(name[-3:]))
            return self.send(article_html(name).encode())
        if name == "missing":
            return self.send(b"<h1>Not found</h1>", 404)
        if name == "gone":
            return self.send(b"<h1>Gone</h1>", 410)
        if name == "slow-drip":
            body = article_html(name).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1.0)
                if self.server.stopping.is_set():
                    return
            return
        if name == "reset":
            body = (article_html(name) * 20).encode()[:40000]
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:6000])
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if name == "truncated-gzip":
            packed = zlib.compress(article_html(name).encode() * 3, 9, 16 + zlib.MAX_WBITS)
            return self.send(packed[: len(packed) * 6 // 10], headers={"Content-Encoding": "gzip"})
        if name == "gzip-bomb":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(bomb().wire_size(BOMB_MIB)))
            self.end_headers()
            for chunk in bomb().chunks(BOMB_MIB):
                self.wfile.write(chunk)
            return
        if name == "gzip-bomb-nested":
            global _NESTED
            if _NESTED is None:
                _NESTED = nested_bomb_body()
            return self.send(_NESTED, headers={"Content-Encoding": "gzip, gzip"})
        if name == "pdf":
            return self.send(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n"
                             + bytes(random.Random(1).randbytes(3000)) + b"\n%%EOF\n")
        if name == "image":
            return self.send(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(2).randbytes(3000))
        if name == "random":
            return self.send(random.Random(3).randbytes(8000))
        if name == "huge":
            block = (article_html(name) * 4).encode()
            size = 15 * MIB
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            sent = 0
            while sent < size:
                part = block[: size - sent]
                self.wfile.write(part)
                sent += len(part)
            return
        if name in ("loop-1", "loop-2"):
            other = "loop-2" if name == "loop-1" else "loop-1"
            self.send_response(302)
            self.send_header("Location", f"/a/{other}.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if name == "invalid-utf8":
            html = article_html(name).encode()
            cut = html.index(b"<p>") + 20
            return self.send(html[:cut] + b"\xff\xfe\xc3(" + html[cut:])
        if name == "gbk-as-utf8":
            return self.send(chinese_article(name, "utf-8").encode("gbk"))
        if name == "utf8-as-gbk":
            return self.send(chinese_article(name, "gbk").encode("utf-8"),
                             content_type="text/html; charset=gbk")
        if name == "empty":
            return self.send(b"")
        if name == "deep":
            inner = article_html(name).split("<article>", 1)[1].split("</article>", 1)[0]
            html = ("<html><head><title>Deep</title></head><body>" + "<div>" * 20000 + inner
                    + "</div>" * 20000 + "</body></html>")
            return self.send(html.encode())
        if name == "js-only":
            text = paragraph(random.Random(name), 60)
            return self.send((f"<html><head><title>Script page</title></head><body><div id=app>"
                              f"</div><script>document.getElementById('app').innerHTML = "
                              f"'<p>{text}</p>';</script></body></html>").encode())
        self.send(b"<h1>Not found</h1>", 404)


def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{u}</loc><lastmod>2025-06-14</lastmod></url>" for u in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n').encode()


def feed(urls: list[str], entity: str = "") -> bytes:
    items = "".join(f"<item><title>Story {i} {entity}</title><link>{u}</link>"
                    f"<pubDate>Sat, 14 Jun 2025 08:00:00 +0000</pubDate></item>"
                    for i, u in enumerate(urls))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>News {entity}</title><link>http://example/</link>{items}</channel></rss>\n"
            ).encode()


class FaultyHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, OSError)):
            super().handle_error(request, client_address)


class FaultyServer:
    """The server in a background thread; a context manager. ``url`` ends with "/".

    Which pages each listing holds is set here: every good page and every fault is reachable from
    at least one of the sitemap, the broken sitemap, the feed, the bad feed and the URL list.
    """

    def __init__(self):
        self.server = FaultyHTTPServer(("127.0.0.1", 0), FaultyHandler)
        self.server.hits = Counter()
        self.server.lock = threading.Lock()
        self.server.stopping = threading.Event()
        self.url = self.server.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        faults = list(FAULTS)
        self.server.sitemap_pages = GOOD_PAGES[:4] + GOOD_AFTER_TROUBLE + faults[::2]
        self.server.broken_sitemap_pages = GOOD_PAGES[4:6]
        self.server.feed_pages = GOOD_PAGES[6:8] + faults[1::2]
        self.server.bad_feed_pages = GOOD_PAGES[8:10]
        self.url_list = GOOD_PAGES[10:12]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def hits(self) -> Counter:
        return self.server.hits

    def sources_toml(self, name: str = "faulty") -> str:
        urls = ", ".join(f'"a/{n}.html"' for n in self.url_list)
        return (f'[[source]]\nname = "{name}"\nbase_url = "{self.url}"\n'
                'sitemaps = ["sitemap.xml", "broken-sitemap.xml"]\n'
                'feeds = ["feed.xml", "bad-feed.xml"]\n'
                f"urls = [{urls}]\n"
                "article_patterns = ['/a/']\n")

    def __enter__(self) -> FaultyServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    with FaultyServer() as running:
        print(running.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
