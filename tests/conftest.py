"""Shared fixtures: a real HTTP server on 127.0.0.1, and a real crawl of a folder through it."""

from __future__ import annotations

import contextlib
import functools
import os
import socket
import sqlite3
import re
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SITE = ROOT / "data" / "sample_site"
SHARED = ROOT.parent / "shared"


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files (with Last-Modified, and 304 for If-Modified-Since); optionally slowly."""

    slow_pattern: str | None = None
    slow_seconds: float = 0.0

    def do_GET(self):
        if self.slow_pattern and re.search(self.slow_pattern, self.path):
            time.sleep(self.slow_seconds)
        super().do_GET()

    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A crawler killed mid-download leaves a broken pipe: expected in these tests.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class LocalSite:
    """A folder served over HTTP on 127.0.0.1 at a free port, in a background thread.

    ``slow`` = (regex, seconds) delays matching paths, so that a test can act mid-crawl.
    """

    def __init__(self, folder: Path, slow: tuple[str, float] | None = None):
        attrs = {"slow_pattern": slow[0], "slow_seconds": slow[1]} if slow else {}
        handler_class = type("Handler", (QuietHandler,), attrs)
        handler = functools.partial(handler_class, directory=str(folder))
        self.server = QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sample_server():
    with LocalSite(SAMPLE_SITE) as site:
        yield site


#: Article pages answer this slowly in the tests that act mid-crawl.
SLOW = (r"/articles/", 0.8)
ONE_AT_A_TIME = {"CONCURRENT_REQUESTS_PER_DOMAIN": "1", "CONCURRENT_REQUESTS": "1"}


def query(db, sql, params=()):
    """Rows of ``sql`` on the archive ``db`` ([] while its tables do not exist yet)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


#: Settings for test crawls: no politeness delays against our own 127.0.0.1 server.
FAST_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO"}


def crawl_command(sources: Path, db: Path, *args: str, settings: dict | None = None) -> list[str]:
    """The real ``scrapy crawl news`` command line for a test crawl."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news",
               "-s", f"NEWSCRAWL_SOURCES={sources}", "-s", f"NEWSCRAWL_DB={db}", *args]
    for key, value in {**FAST_SETTINGS, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    return command


CRAWL_ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def run_crawl(sources: Path, db: Path, *args: str, settings: dict | None = None,
              timeout: int = 180) -> subprocess.CompletedProcess:
    """Run the real ``scrapy crawl news`` in a subprocess, as an operator would."""
    return subprocess.run(crawl_command(sources, db, *args, settings=settings), cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, env=CRAWL_ENV)


def start_crawl(sources: Path, db: Path, *args: str, settings: dict | None = None):
    """Start ``scrapy crawl news`` in the background; returns the Popen."""
    return subprocess.Popen(crawl_command(sources, db, *args, settings=settings), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=CRAWL_ENV)


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2):
    """Poll until ``predicate()`` is truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout}s waiting for {predicate.__name__}")


def sample_sources_file(tmp_path: Path, base_url: str) -> Path:
    """A sources file that crawls the sample site at ``base_url`` (entry points as in data/)."""
    text = (ROOT / "data" / "sources.toml").read_text(encoding="utf-8")
    text = text.replace('local_root = "sample_site"', f'base_url = "{base_url}"')
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def sample_site_server():
    """The bundled sample site on a local server shared by the whole test session."""
    with LocalSite(SAMPLE_SITE) as site:
        yield site


@pytest.fixture(scope="session")
def crawled_sample(sample_site_server, tmp_path_factory):
    """One real crawl of the sample site over HTTP into a fresh archive (news.db)."""
    folder = tmp_path_factory.mktemp("crawl")
    sources = sample_sources_file(folder, sample_site_server.url)
    db = folder / "news.db"
    result = run_crawl(sources, db)
    assert result.returncode == 0, result.stderr[-3000:]
    return {"db": db, "sources": sources, "result": result, "url": sample_site_server.url}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve_datasette(db: Path, metadata: Path = ROOT / "data" / "metadata.json"):
    """Real datasette serving ``db`` on 127.0.0.1; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(metadata),
         "--host", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("datasette did not start: " + process.stdout.read1().decode())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
