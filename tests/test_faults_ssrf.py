"""SSRF: pages of a source never make the crawler fetch file://, loopback, private-range or link-local
addresses it did not declare, whether they come as sitemap locs, feed links, page links or redirects.

Two sides, both with real crawls: a public-looking source (``news.example``, mapped to the local
server with ``NEWSCRAWL_HOSTS`` as an operator would map a host) may reach no loopback address at
all; a source declared on ``http://127.0.0.1:PORT/`` may reach that host and port, and nothing else.
A canary server, listening on every interface, records any request that got through.
"""

import json
import re
import socket
import sqlite3
from http.server import BaseHTTPRequestHandler

import pytest

from conftest import QuietServer, run_crawl
from faulty_server import article_html
from newscrawl.safety import blocked_reason, private_origins, resolution_allowed
from newscrawl.sources import parse_source

import threading


class Canary:
    """A server on 0.0.0.0 that must never be reached."""

    def __init__(self):
        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<html><title>secret</title><p>" + b"secret " * 40 + b"</p>")

            def log_message(self, *args):
                pass

        self.server = QuietServer(("0.0.0.0", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def unsafe_targets(canary_port: int) -> list[str]:
    host = socket.gethostname()
    return [f"http://127.0.0.1:{canary_port}/a/loopback.html",
            f"http://127.0.0.2:{canary_port}/a/loopback-2.html",
            f"http://2130706433:{canary_port}/a/decimal.html",
            f"http://0x7f.1:{canary_port}/a/hex.html",
            f"http://localhost:{canary_port}/a/localhost.html",
            f"http://[::1]:{canary_port}/a/ipv6.html",
            f"http://{host}:{canary_port}/a/hostname.html",  # resolves to loopback (/etc/hosts)
            "http://10.0.0.1/a/private.html",
            "http://172.16.5.4/a/private.html",
            "http://192.168.0.1/a/private.html",
            "http://169.254.169.254/a/latest-meta-data.html",
            "http://[fe80::1]/a/link-local.html",
            "file:///etc/passwd"]


class HostileSite:
    """Serves a sitemap, a feed and a start page linking to ``targets``, redirects to each of
    them, and two good articles."""

    def __init__(self, targets: list[str]):
        site = self
        self.targets = targets

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path
                redirects = {f"/a/redirect-{i}.html": t for i, t in enumerate(site.targets)}
                if path in redirects:
                    self.send_response(302)
                    self.send_header("Location", redirects[path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                links = site.targets + [f"/a/redirect-{i}.html" for i in range(len(site.targets))]
                if path == "/sitemap.xml":
                    locs = "".join(f"<url><loc>{u}</loc></url>" for u in links + ["/a/good-1.html"])
                    body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                            f'schemas/sitemap/0.9">{locs}</urlset>').encode()
                elif path == "/feed.xml":
                    items = "".join(f"<item><title>x</title><link>{u}</link></item>" for u in links)
                    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
                    body = body.encode()
                elif path == "/index.html":
                    anchors = "".join(f'<a href="{u}">link</a>' for u in links + ["/a/good-2.html"])
                    body = f"<html><body>{anchors}</body></html>".encode()
                elif path.startswith("/a/good-"):
                    body = article_html(path[3:-5]).encode()
                elif path == "/robots.txt":
                    body = b"User-agent: *\nAllow: /\n"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def crawl(tmp_path, base_url: str, settings: dict | None = None):
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\nname = "hostile"\nbase_url = "{base_url}"\n'
                       'sitemaps = ["sitemap.xml"]\nfeeds = ["feed.xml"]\n'
                       "start_pages = ['index.html']\narticle_patterns = ['/a/']\n"
                       "listing_patterns = ['index']\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = run_crawl(sources, db, settings={"LOG_LEVEL": "DEBUG", **(settings or {})})
    conn = sqlite3.connect(db)
    rows = {
        "articles": [r[0] for r in conn.execute("select url from articles")],
        "pages": [r[0] for r in conn.execute("select url from pages")],
        "crawl": conn.execute("select status, errors from crawls").fetchone(),
    }
    conn.close()
    return result, rows


@pytest.fixture
def canary():
    canary = Canary()
    yield canary
    canary.close()


@pytest.fixture
def hostile(canary):
    site = HostileSite(unsafe_targets(canary.port))
    yield site
    site.close()


def assert_nothing_unsafe_fetched(result, rows, canary, origin: str):
    assert result.returncode == 0, result.stderr[-3000:]
    assert canary.hits == []
    fetched = re.findall(r"Crawled \(\d+\) <GET ([^>]+)>", result.stderr)
    assert fetched and all(url.startswith(origin) for url in fetched), fetched
    assert not any("file://" in u for u in rows["articles"] + rows["pages"])
    assert "root:x:0:0" not in result.stderr  # nothing of /etc/passwd anywhere


def test_public_source_reaches_no_local_address(tmp_path, canary, hostile):
    hosts = json.dumps({"news.example": "127.0.0.1"})
    result, rows = crawl(tmp_path, f"http://news.example:{hostile.port}/",
                         settings={"NEWSCRAWL_HOSTS": hosts})
    assert_nothing_unsafe_fetched(result, rows, canary, f"http://news.example:{hostile.port}/")
    assert sorted(u.rsplit("/", 1)[1] for u in rows["articles"]) == ["good-1.html", "good-2.html"]
    errors = json.loads(rows["crawl"][1])
    # Every redirect to a non-public address was refused and counted: file:// is not followed by
    # Scrapy's RedirectMiddleware at all (the 302 is the failure); the host name that resolves to
    # loopback is refused by the resolver; the rest by the safety middleware.
    assert errors == {"blocked:unsafe-url": len(hostile.targets)}, errors
    assert "(blocked:unsafe-url): blocked: redirect to file:///etc/passwd" in result.stderr
    assert f"Failed http://{socket.gethostname()}:{canary.port}/a/hostname.html (blocked:" in result.stderr
    assert "Failed http://169.254.169.254/a/latest-meta-data.html (blocked:unsafe-url)" in result.stderr


def test_loopback_source_reaches_its_own_port_only(tmp_path, canary, hostile):
    result, rows = crawl(tmp_path, f"http://127.0.0.1:{hostile.port}/")
    assert_nothing_unsafe_fetched(result, rows, canary, f"http://127.0.0.1:{hostile.port}/")
    assert sorted(u.rsplit("/", 1)[1] for u in rows["articles"]) == ["good-1.html", "good-2.html"]
    # Sitemap locs on 127.0.0.1 belong to the source's host, but not to its port: refused.
    assert f"Failed http://127.0.0.1:{canary.port}/a/loopback.html (blocked:unsafe-url)" in result.stderr


PUBLIC = parse_source({"name": "pub", "base_url": "https://news.example/", "urls": ["a.html"]},
                      base_dir=".")
LOOPBACK = parse_source({"name": "loc", "base_url": "http://127.0.0.1:8080/", "urls": ["a.html"]},
                        base_dir=".")


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "http://127.0.0.1/", "http://127.1:8080/", "http://2130706433/",
    "http://0x7f000001/", "http://0177.0.0.1/", "http://[::1]/", "http://localhost/",
    "http://LOCALHOST./", "http://a.b.localhost/", "http://10.1.2.3/", "http://172.16.0.1/",
    "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
    "http://0.0.0.0/", "http://[::]/", "http://[fc00::1]/", "http://224.0.0.1/",
    "gopher://news.example/", "ftp://news.example/", "javascript:alert(1)", "data:text/html,x",
])
def test_public_source_may_not_fetch(url):
    assert blocked_reason(url, PUBLIC, private_origins([PUBLIC])) is not None


@pytest.mark.parametrize("url", ["https://news.example/a.html", "http://93.184.216.34/x",
                                 "https://[2606:4700::1111]/", "http://172.32.0.1/"])
def test_public_source_may_fetch_public_addresses(url):
    assert blocked_reason(url, PUBLIC, private_origins([PUBLIC])) is None


def test_loopback_source_may_fetch_its_own_origin_only():
    allowed = private_origins([LOOPBACK])
    assert blocked_reason("http://127.0.0.1:8080/a/b.html", LOOPBACK, allowed) is None
    assert blocked_reason("http://127.0.0.1:8081/", LOOPBACK, allowed)
    assert blocked_reason("http://127.0.0.1/", LOOPBACK, allowed)
    assert blocked_reason("http://10.0.0.1:8080/", LOOPBACK, allowed)
    assert blocked_reason("file:///etc/passwd", LOOPBACK, allowed)


def test_file_urls_only_below_a_local_root(tmp_path):
    (tmp_path / "site").mkdir()
    local = parse_source({"name": "disk", "local_root": "site", "urls": ["a.html"]},
                         base_dir=tmp_path)
    root = local.local_root
    assert blocked_reason(root + "a.html", local, set()) is None
    assert blocked_reason(root + "../../etc/passwd", local, set())
    assert blocked_reason(root + "%2e%2e/%2e%2e/etc/passwd", local, set())
    assert blocked_reason("file:///etc/passwd", local, set())
    assert blocked_reason("file:///etc/passwd", PUBLIC, set())


def test_names_resolving_to_local_addresses_are_refused_unless_mapped():
    assert not resolution_allowed("evil.example", ["127.0.0.1"], set())
    assert not resolution_allowed("evil.example", ["10.0.0.8"], set())
    assert not resolution_allowed("evil.example", ["169.254.169.254"], set())
    assert resolution_allowed("news.example", ["93.184.216.34"], set())
    assert resolution_allowed("news.example", ["127.0.0.1"], {"news.example"})
