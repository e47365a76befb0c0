"""Where the sources file and the archive are, from settings.

Relative paths in ``NEWSCRAWL_SOURCES`` and ``NEWSCRAWL_DB`` are taken from the project folder (the
one holding ``scrapy.cfg``), so ``scrapy crawl news`` finds ``data/`` from any subfolder too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_SOURCES = "data/sources.toml"
DEFAULT_DB = "data/news.db"


def project_dir(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) holding scrapy.cfg."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "scrapy.cfg").is_file():
            return folder
    return here


def project_path(value: str | Path) -> Path:
    """``value`` as an absolute path, relative ones taken from the project folder."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else project_dir() / path


def sources_path(settings: Mapping[str, Any] | Any) -> Path:
    """The sources file named by ``NEWSCRAWL_SOURCES``."""
    return project_path(settings.get("NEWSCRAWL_SOURCES") or DEFAULT_SOURCES)


def archive_path(settings: Mapping[str, Any] | Any) -> Path:
    """The archive named by ``NEWSCRAWL_DB``."""
    return project_path(settings.get("NEWSCRAWL_DB") or DEFAULT_DB)
