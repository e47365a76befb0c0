"""One crawl at a time per archive and source set, with no stale locks.

The lock is an advisory ``flock`` on a small file beside the archive, named after the set of
sources crawled. The kernel releases it when the process ends, however it ends (``kill -9``
included), so a lock left by a killed run never blocks the next one. Crawls of different sources
may share one archive at the same time; SQLite's WAL mode and busy timeout serialize their writes.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

#: Exit status of ``scrapy crawl news`` when another run holds the lock (EX_TEMPFAIL).
EXIT_LOCKED = 75


class CrawlLocked(RuntimeError):
    """Another crawl of the same sources into the same archive is running."""


class RunLock:
    """An exclusive, non-blocking lock; use :meth:`acquire` and :meth:`release`."""

    def __init__(self, archive: str | Path, sources: list[str]):
        key = hashlib.sha1(",".join(sorted(sources)).encode()).hexdigest()[:10]
        self.path = Path(f"{archive}.{key}.lock")
        self.sources = sorted(sources)
        self._handle = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`CrawlLocked` naming the process that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise CrawlLocked(f"another crawl of {', '.join(self.sources)} into this archive is "
                              f"running ({holder}; lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
