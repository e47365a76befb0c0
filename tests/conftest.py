"""Shared fixtures: a real HTTP server on 127.0.0.1, and a real crawl of a folder through it."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SITE = ROOT / "data" / "sample_site"
SHARED = ROOT.parent / "shared"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - keep test output readable
        pass


class LocalSite:
    """A folder served over HTTP on 127.0.0.1 at a free port, in a background thread."""

    def __init__(self, folder: Path):
        handler = functools.partial(QuietHandler, directory=str(folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


#: Settings for test crawls: no politeness delays against our own 127.0.0.1 server.
FAST_SETTINGS = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO"}


def run_crawl(sources: Path, db: Path, *args: str, settings: dict | None = None,
              timeout: int = 180) -> subprocess.CompletedProcess:
    """Run the real ``scrapy crawl news`` in a subprocess, as an operator would."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news",
               "-s", f"NEWSCRAWL_SOURCES={sources}", "-s", f"NEWSCRAWL_DB={db}", *args]
    for key, value in {**FAST_SETTINGS, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env)


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
