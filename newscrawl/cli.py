"""The ``newscrawl`` command: run the pipeline's pure stages on files, without crawling.

    newscrawl extract FILE.html --url URL [--source NAME | --tz ZONE]
    newscrawl extract --jsonl PAGES.jsonl            # lines {"id", "url", "path"[, "charset"]}
    newscrawl clean-text FILE.txt
    newscrawl clean-text --jsonl PAGES.jsonl         # lines {"id", "url", "text"}
    newscrawl metadata > data/metadata.json          # datasette metadata from the schema
    newscrawl metadata --markdown                    # the same, as docs/archive.md's tables
    newscrawl search QUERY [--db data/news.db]
    newscrawl reprocess [--source NAME] [--since DATE] [--db data/news.db]

Output is JSON (one object, or one line per input line with ``--jsonl``). Unreadable input gives a
message on stderr and exit status 2; a page that yields no article is still one output line, with
``"dropped"`` saying why, so batch outputs stay aligned with their inputs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .items import FetchedPage
from .paths import DEFAULT_DB, DEFAULT_SOURCES, project_path
from .process import PageDropped, process_page
from .sources import Source, SourceConfigError, load_sources, select_sources

EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Input that cannot be read; reported on stderr with exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (InputError, SourceConfigError) as exc:
        print(f"newscrawl {args.command}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="print the record the pipeline would archive")
    extract.add_argument("file", nargs="?", help="an .html or .html.gz page")
    extract.add_argument("--url", help="the page's URL (default: file:// of FILE)")
    extract.add_argument("--jsonl", help='batch input: lines {"id", "url", "path"[, "charset"]} '
                         '(charset: as an HTTP header would declare it)')
    _add_source_options(extract)
    extract.set_defaults(func=run_extract)

    clean = commands.add_parser("clean-text", help="clean plain-text pages (first line = <title>)")
    clean.add_argument("file", nargs="?", help="a text page")
    clean.add_argument("--jsonl", help='batch input: lines {"id", "url", "text"}')
    clean.add_argument("--tz", default="Asia/Shanghai", help="time zone of page-local times")
    clean.set_defaults(func=run_clean_text)

    reprocess = commands.add_parser(
        "reprocess", help="re-run extraction and cleaning on the archive's stored raw pages")
    reprocess.add_argument("--db", default=DEFAULT_DB)
    reprocess.add_argument("--source", help="only pages of this source")
    reprocess.add_argument("--since", help="only pages fetched on or after this date (YYYY-MM-DD)")
    reprocess.add_argument("--sources", default=DEFAULT_SOURCES, help="the sources file")
    reprocess.set_defaults(func=run_reprocess)

    metadata = commands.add_parser("metadata", help="print datasette metadata for the archive")
    metadata.add_argument("--markdown", action="store_true",
                          help="print the tables and columns as Markdown (for docs/archive.md)")
    metadata.set_defaults(func=run_metadata)

    search = commands.add_parser("search", help="search the archive (either Chinese script)")
    search.add_argument("query")
    search.add_argument("--db", default=DEFAULT_DB)
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(func=run_search)
    return parser


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", help="take time zone, language and selectors from this source")
    parser.add_argument("--sources", default=DEFAULT_SOURCES, help="the sources file")
    parser.add_argument("--tz", help="time zone of page-local times (default: the source's, or UTC)")


# -- extract ------------------------------------------------------------------------------------
def run_extract(args: argparse.Namespace) -> int:
    source = _source_for(args)
    if args.jsonl:
        failures = 0
        for line in _jsonl(args.jsonl):
            try:
                path = _batch_path(line.get("path"), args.jsonl)
                body = _read_page(path)
            except InputError as exc:
                print(f"newscrawl extract: {exc}", file=sys.stderr)
                _print({"id": line.get("id"), "title": None, "published": None, "body": "",
                        "error": str(exc)})
                failures += 1
                continue
            charset = line.get("charset") if isinstance(line.get("charset"), str) else None
            _print(_extract_one(body, line.get("url") or path.resolve().as_uri(), source,
                                extra={"id": line.get("id")}, charset=charset))
        return EXIT_BAD_INPUT if failures else 0
    if not args.file:
        raise InputError("give a FILE or --jsonl PAGES.jsonl")
    path = Path(args.file)
    _print(_extract_one(_read_page(path), args.url or path.resolve().as_uri(), source), indent=2)
    return 0


def _source_for(args: argparse.Namespace) -> Source:
    source = Source(name="cli", timezone="UTC")
    if args.source:
        source = select_sources(load_sources(project_path(args.sources)), args.source)[0]
    if args.tz:
        source = replace(source, timezone=args.tz)
    return source


def _extract_one(body: bytes, url: str, source: Source, extra: dict | None = None,
                 charset: str | None = None) -> dict:
    page = FetchedPage(url=url, body=body, source=source.name, declared_charset=charset,
                       fetched_at=datetime.now(timezone.utc))
    out: dict[str, Any] = dict(extra or {})
    try:
        record = process_page(page, source)
    except PageDropped as exc:
        out.update(title=None, published=None, body="", dropped=exc.reason, detail=exc.detail)
        return out
    row = record.to_row()
    out.update(title=row["title"], published=row["published_at"], body=row["body"])
    out.update({k: v for k, v in row.items() if k not in out and k != "search_text"})
    out["authors"] = record.authors
    out["removed"] = [{"position": r.position, "text": r.text, "reason": r.reason, "rule": r.rule}
                      for r in record.removals]
    return out


def _batch_path(value: Any, jsonl: str) -> Path:
    """A batch line's path: as given, else relative to the folder of the JSONL file."""
    if not isinstance(value, str) or not value:
        raise InputError("a line has no \"path\"")
    path = Path(value)
    if path.is_absolute() or path.exists() or jsonl == "-":
        return path
    return Path(jsonl).parent / path


def _read_page(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path} is not valid gzip: {exc}") from None
    return data


# -- clean-text ---------------------------------------------------------------------------------
def run_clean_text(args: argparse.Namespace) -> int:
    from .clean import clean_text_page

    if args.jsonl:
        for line in _jsonl(args.jsonl):
            result = clean_text_page(line.get("text") or "", url=line.get("url"), tz=args.tz)
            _print({"id": line.get("id"), **result})
        return 0
    if not args.file:
        raise InputError("give a FILE or --jsonl PAGES.jsonl")
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {args.file} as UTF-8 text: {exc}") from None
    _print(clean_text_page(text, tz=args.tz), indent=2)
    return 0


# -- metadata and search ------------------------------------------------------------------------
def run_metadata(args: argparse.Namespace) -> int:
    from .datasette_metadata import build_metadata, schema_markdown

    if args.markdown:
        sys.stdout.write(schema_markdown())
        return 0
    _print(build_metadata(), indent=2)
    return 0


def run_search(args: argparse.Namespace) -> int:
    from .archive import Archive

    path = project_path(args.db)
    if not path.exists():
        raise InputError(f"no archive at {path} (run `scrapy crawl news` first)")
    with Archive(path) as archive:
        for row in archive.search(args.query, limit=args.limit):
            _print({k: row[k] for k in ("id", "published_at", "site", "title", "url")})
    return 0


def run_reprocess(args: argparse.Namespace) -> int:
    from .reprocess import reprocess_archive

    path = project_path(args.db)
    if not path.exists():
        raise InputError(f"no archive at {path} (run `scrapy crawl news` first)")
    sources_file = project_path(args.sources)
    sources = {s.name: s for s in load_sources(sources_file)} if sources_file.exists() else {}
    summary = reprocess_archive(path, sources, source=args.source, since=args.since)
    for line in summary.lines():
        print(line)
    return 0


# -- helpers ------------------------------------------------------------------------------------
def _jsonl(path: str) -> Iterator[dict]:
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}: not a JSON line ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{number}: expected a JSON object")
            yield obj


def _print(obj: Any, indent: int | None = None) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=indent) + "\n")


if __name__ == "__main__":
    sys.exit(main())
