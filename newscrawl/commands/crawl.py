"""``scrapy crawl news``, with what scheduled runs need around Scrapy's own crawl command.

Before anything is fetched it validates the sources file (an error naming the source and field,
exit status 1), checks that the archive opens and takes writes (corrupt, read-only: one clear line,
exit status 1) and takes the run lock for this archive and source set (if another run holds it:
a message and exit status 75, at once). After the crawl, the exit status says how it went: 0 when
pages were fetched (failed pages are recorded in the ``crawls`` row), 1 when the run failed
outright (bad config, unusable archive, no page could be fetched).
"""

from __future__ import annotations

import argparse
import logging
import sqlite3

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from ..archive import Archive, ArchiveError
from ..paths import archive_path, sources_path
from ..runlock import EXIT_LOCKED, CrawlLocked, RunLock
from ..sources import SourceConfigError, load_sources, select_sources

logger = logging.getLogger(__name__)
NEWS_SPIDER = "news"


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name, e.g. scrapy crawl news")
        if args[0] != NEWS_SPIDER:
            return super().run(args, opts)
        lock = self._preflight(opts)
        if lock is None:
            return
        try:
            crawler = self._create_crawler(NEWS_SPIDER)
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            lock.release()
        status = getattr(crawler, "newscrawl_status", None)
        if self.crawler_process.bootstrap_failed or status == "failed" or status is None:
            self.exitcode = 1

    def _preflight(self, opts: argparse.Namespace) -> RunLock | None:
        """Validate the sources and take the run lock; None (with exitcode set) when that fails."""
        try:
            sources = select_sources(load_sources(sources_path(self.settings)),
                                     opts.spargs.get("source"))
        except SourceConfigError as exc:
            logger.error("Bad sources configuration: %s", exc)
            self.exitcode = 1
            return None
        lock = RunLock(archive_path(self.settings), [s.name for s in sources])
        try:
            lock.acquire()
        except CrawlLocked as exc:
            logger.error("Not starting: %s", exc)
            self.exitcode = EXIT_LOCKED
            return None
        except OSError as exc:  # the archive's folder is missing rights or not a folder
            logger.error("Not starting: cannot open archive %s: %s", archive_path(self.settings), exc)
            self.exitcode = 1
            return None
        problem = archive_problem(archive_path(self.settings))
        if problem:
            lock.release()
            logger.error("Not starting: %s", problem)
            self.exitcode = 1
            return None
        return lock


def archive_problem(path) -> str | None:
    """Why the archive cannot be used for a crawl (corrupt, read-only, not a file, unreachable), or
    None. It is opened (and migrated) and a write transaction is begun and rolled back, so that the
    run fails here, with one clear line, before any request is sent."""
    try:
        archive = Archive(path)
    except ArchiveError as exc:
        return str(exc)
    try:
        # Rewriting the header is a write even when nothing changes: read-only files fail here.
        version = archive.db.execute("PRAGMA user_version").fetchone()[0]
        archive.db.execute("BEGIN IMMEDIATE")
        try:
            archive.db.execute(f"PRAGMA user_version = {int(version)}")
        finally:
            archive.db.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        return f"cannot write archive {path}: {exc}"
    finally:
        archive.close()
    return None
