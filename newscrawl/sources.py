"""The source registry: which sites to crawl and how, declared as data in a TOML file.

A source names its entry points (sitemaps, feeds, start pages, plain URL lists), where they live
(``base_url`` for a site on the web, ``local_root`` for a folder on disk such as the bundled sample
site), which links count as articles, its time zone and language, and optional per-site extraction
selectors. Loading validates everything before the crawl sends a single request, and every error
names the source and the field at fault.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENTRY_POINT_FIELDS = ("sitemaps", "feeds", "start_pages", "urls")
EXTRACT_FIELDS = ("title", "date", "body")
KNOWN_FIELDS = {
    "name", "base_url", "local_root", "domains", "timezone", "language",
    "article_patterns", "listing_patterns", "extract", "enabled", *ENTRY_POINT_FIELDS,
}
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class SourceConfigError(ValueError):
    """The sources file is unreadable or a source in it is invalid."""

    def __init__(self, message: str, *, source: str | None = None, field: str | None = None):
        where = ""
        if source is not None:
            where = f"source {source!r}"
            if field is not None:
                where += f", field {field!r}"
            where += ": "
        super().__init__(where + message)
        self.source = source
        self.field = field


@dataclass(frozen=True)
class Source:
    """One validated source. Entry-point URLs are absolute (http(s):// or, for local roots, file://)."""

    name: str
    timezone: str = "UTC"
    language: str | None = None
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    start_pages: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    #: Host names whose pages belong to this source (links elsewhere are not followed).
    domains: tuple[str, ...] = ()
    #: For a source on disk, the file:// URL of its folder: only URLs below it are fetched.
    local_root: str | None = None
    article_patterns: tuple[str, ...] = ()
    listing_patterns: tuple[str, ...] = ()
    #: Per-site extraction selectors: {"title"|"date"|"body": CSS or XPath}.
    extract: dict[str, str] = field(default_factory=dict)

    def is_article_url(self, url: str) -> bool:
        """True when ``url`` matches one of the article patterns (or there are none)."""
        return not self.article_patterns or any(re.search(p, url) for p in self.article_patterns)

    def is_listing_url(self, url: str) -> bool:
        """True when ``url`` is a listing page worth following for more links."""
        return any(re.search(p, url) for p in self.listing_patterns)

    def owns(self, url: str) -> bool:
        """True when ``url`` belongs to this source: its domains, or below its local folder."""
        parsed = urlparse(url)
        if self.local_root is not None:
            return parsed.scheme == "file" and url.startswith(self.local_root)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            return False
        host = parsed.hostname.lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file. Raises :class:`SourceConfigError` on the first problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourceConfigError(f"sources file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceConfigError(f"sources file {path} is not valid TOML: {exc}") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourceConfigError(f"sources file {path} declares no [[source]] tables")
    sources = [parse_source(entry, base_dir=path.parent, index=i) for i, entry in enumerate(entries)]
    _check_unique_names(sources)
    return sources


def select_sources(sources: list[Source], name: str | None) -> list[Source]:
    """All sources, or the one called ``name`` (``-a source=NAME``)."""
    if name is None:
        return sources
    chosen = [s for s in sources if s.name == name]
    if not chosen:
        known = ", ".join(s.name for s in sources)
        raise SourceConfigError(f"no source named {name!r} (known: {known})")
    return chosen


def parse_source(entry: Any, *, base_dir: Path, index: int = 0) -> Source:
    """Validate one ``[[source]]`` table into a :class:`Source`."""
    if not isinstance(entry, dict):
        raise SourceConfigError(f"entry #{index + 1} is not a table")
    name = entry.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise SourceConfigError(
            "needs a 'name' of lowercase letters, digits, '-' or '_'",
            source=str(name) if name is not None else f"#{index + 1}", field="name",
        )
    unknown = sorted(set(entry) - KNOWN_FIELDS)
    if unknown:
        raise SourceConfigError(f"unknown field (known: {', '.join(sorted(KNOWN_FIELDS))})",
                                source=name, field=unknown[0])
    base = _base_url(entry, name, base_dir)
    entry_points = {f: _url_list(entry, f, name, base) for f in ENTRY_POINT_FIELDS}
    if not any(entry_points.values()):
        raise SourceConfigError("declares no entry point (sitemaps, feeds, start_pages or urls)",
                                source=name, field="sitemaps")
    local_root = base if base.startswith("file://") else None
    return Source(
        name=name,
        timezone=_timezone(entry, name),
        language=_optional_str(entry, "language", name),
        domains=_domains(entry, name, entry_points, local_root),
        local_root=local_root,
        article_patterns=_patterns(entry, "article_patterns", name),
        listing_patterns=_patterns(entry, "listing_patterns", name),
        extract=_extract_overrides(entry, name),
        **entry_points,
    )


def _base_url(entry: dict, name: str, base_dir: Path) -> str:
    has_web, has_local = "base_url" in entry, "local_root" in entry
    if has_web and has_local:
        raise SourceConfigError("give base_url or local_root, not both", source=name, field="local_root")
    if has_local:
        root = entry["local_root"]
        if not isinstance(root, str):
            raise SourceConfigError("must be a folder path", source=name, field="local_root")
        folder = (base_dir / root).resolve()
        if not folder.is_dir():
            raise SourceConfigError(f"folder {folder} does not exist", source=name, field="local_root")
        return folder.as_uri() + "/"
    base = entry.get("base_url", "")
    if has_web and (not isinstance(base, str) or urlparse(base).scheme not in ("http", "https")):
        raise SourceConfigError("must be an http(s):// URL", source=name, field="base_url")
    return base


def _url_list(entry: dict, key: str, name: str, base: str) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise SourceConfigError("must be a list of URLs or paths", source=name, field=key)
    urls = []
    for value in values:
        url = urljoin(base, value) if base else value
        scheme = urlparse(url).scheme
        if scheme == "file" and not base.startswith("file://"):
            raise SourceConfigError(f"{value!r}: file:// URLs need a local_root", source=name, field=key)
        if scheme not in ("http", "https", "file"):
            raise SourceConfigError(f"{value!r} is not an absolute http(s) URL (set base_url?)",
                                    source=name, field=key)
        if base.startswith("file://") and not url.startswith(base):
            raise SourceConfigError(f"{value!r} points outside local_root", source=name, field=key)
        urls.append(url)
    return tuple(urls)


def _timezone(entry: dict, name: str) -> str:
    tz = entry.get("timezone", "UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise SourceConfigError(f"unknown time zone {tz!r} (use an IANA name such as "
                                "'Asia/Shanghai')", source=name, field="timezone") from None
    return tz


def _optional_str(entry: dict, key: str, name: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise SourceConfigError("must be a string", source=name, field=key)
    return value


def _domains(entry: dict, name: str, entry_points: dict, local_root: str | None) -> tuple[str, ...]:
    declared = entry.get("domains", [])
    if not isinstance(declared, list) or not all(isinstance(d, str) and d for d in declared):
        raise SourceConfigError("must be a list of host names", source=name, field="domains")
    if local_root is not None:
        return ()
    hosts = {urlparse(u).hostname for urls in entry_points.values() for u in urls}
    return tuple(sorted({d.lower().lstrip(".") for d in declared} | {h for h in hosts if h}))


def _patterns(entry: dict, key: str, name: str) -> tuple[str, ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SourceConfigError("must be a list of regular expressions", source=name, field=key)
    for value in values:
        try:
            re.compile(value)
        except re.error as exc:
            raise SourceConfigError(f"bad regular expression {value!r}: {exc}",
                                    source=name, field=key) from None
    return tuple(values)


def _extract_overrides(entry: dict, name: str) -> dict[str, str]:
    overrides = entry.get("extract", {})
    if not isinstance(overrides, dict):
        raise SourceConfigError("must be a table of selectors", source=name, field="extract")
    for key, value in overrides.items():
        if key not in EXTRACT_FIELDS or not isinstance(value, str) or not value.strip():
            raise SourceConfigError(f"must map {', '.join(EXTRACT_FIELDS)} to a CSS or XPath "
                                    "selector", source=name, field=f"extract.{key}")
    return dict(overrides)


def _check_unique_names(sources: list[Source]) -> None:
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourceConfigError("declared twice", source=source.name, field="name")
        seen.add(source.name)
