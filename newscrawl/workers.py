"""Decode, extract and clean in a pool of worker processes, off Scrapy's reactor thread.

Extraction and cleaning are CPU work; run in the reactor thread they stall downloading and use one
core. The pipeline hands each page to a process pool instead (``NEWSCRAWL_WORKERS``, default one
per core). Each worker opens its own read connection to the archive for the per-site line counts
(:mod:`newscrawl.site_lines`); the archive's writing code stays in the crawl process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .dropped import PageDropped
from .health import page_site
from .items import FetchedPage
from .rawpages import compress_raw
from .records import ArticleRecord
from .site_lines import SiteProfileReader
from .sources import Source

_profiles: SiteProfileReader | None = None


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_pool(workers: int, archive_path: str | Path) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes, started with "spawn" (safe beside a running event loop)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(str(archive_path), os.getpid()))


#: Allocations between collections of the youngest garbage-collector generation (Python: 700).
#: Parsing a page creates and drops tens of thousands of objects, nearly none in cycles; at 700
#: the collector ran dozens of times per page, 1.3-2 ms of it. Measured over 750 pages (CPU
#: ms/page, peak RSS of one worker): 700: 29.8, 229 MB; 10,000: 28.1, 236 MB; 50,000: 26.8,
#: 271 MB (garbage cycles that hold a parsed page live longer between collections).
GC_GEN0_THRESHOLD = 10_000


def tune_gc() -> None:
    """The garbage-collector thresholds of a process that does page processing."""
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)


def _init_worker(archive_path: str, parent_pid: int) -> None:
    global _profiles
    _die_with_parent(parent_pid)
    _profiles = SiteProfileReader(archive_path)
    prepare_worker()


def prepare_worker() -> None:
    """What a worker process does once before its first page: garbage-collector thresholds,
    imports, and patterns compiled lazily by dependencies.

    Extraction and cleaning are imported here, in the workers only: the crawl process that
    imports this module to start the pool does none of that work.
    """
    tune_gc()
    from . import process  # noqa: F401
    from .extract.published import compile_date_parsers

    compile_date_parsers()


#: Linux prctl option: a signal delivered to this process when its parent dies.
PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to end this worker when the crawl process dies, even by ``kill -9``.

    Otherwise orphaned workers would linger (holding the crawl's output pipes) after the crawl
    was killed. A crawl that died while this worker was still starting is caught by the parent
    check. Elsewhere than Linux this does nothing; the pool's own shutdown still applies.
    """
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:
        os._exit(1)


def process_in_worker(page: FetchedPage, source: Source | None, *,
                      keep_raw: bool = True) -> ArticleRecord:
    """:func:`newscrawl.process.process_page` with the site's profile, in a worker process.

    The record comes back without the page's bytes (the caller still has them) but, with
    ``keep_raw``, with them compressed for the archive (``raw_gzip``, also on a
    :class:`PageDropped`): compressing is CPU work the archive's single writer should not do.
    """
    from .process import process_page

    profile = _profiles.site_profile(page_site(page.url, page.source)) if _profiles else None
    try:
        record = process_page(page, source, site_profile=profile)
    except PageDropped as exc:
        if keep_raw and page.body:
            exc.raw_gzip = compress_raw(page.body)
        raise
    record.page = None  # keeps the row computed here; the bytes need not travel back
    if keep_raw:
        record.raw_gzip = compress_raw(page.body)
    return record
