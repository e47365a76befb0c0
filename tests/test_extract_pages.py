"""Every page fixture under tests/pages/<kind>/<case>/ is extracted and checked against its goldens.

A case folder holds ``input.html`` (a small hand-written page), ``meta.json`` (url, tz, optional
declared_charset/overrides/fetched_at, and ``why`` the case exists) and ``expected.json`` (only the
fields it pins: title, published, modified, is_article, lang, encoding, body snippets that must or
must not appear). To see what the code produces now, for review before editing a golden:

    python tests/test_extract_pages.py [CASE_SUBSTRING]
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newscrawl.extract import extract_page
from newscrawl.items import ExtractedPage

PAGES = Path(__file__).resolve().parent / "pages"
CASES = sorted(p.parent for p in PAGES.glob("*/*/input.html"))


def run_case(folder: Path) -> ExtractedPage:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    fetched_at = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else None
    return extract_page(
        (folder / "input.html").read_bytes(),
        meta["url"],
        declared_charset=meta.get("declared_charset"),
        tz=meta.get("tz", "UTC"),
        fetched_at=fetched_at,
        overrides=meta.get("overrides"),
    )


def as_dict(page: ExtractedPage) -> dict:
    """The page in the vocabulary of expected.json."""
    return {
        "title": page.title,
        "published": page.published.isoformat() if page.published else None,
        "published_source": page.published.source if page.published else None,
        "modified": page.modified.isoformat() if page.modified else None,
        "modified_present": page.modified is not None,
        "authors": page.authors,
        "lang": page.lang,
        "is_article": page.is_article,
        "encoding": page.encoding,
        "canonical_url": page.canonical_url,
        "body_method": page.body_method,
        "body": "\n".join(page.paragraphs),
    }


def test_every_case_folder_is_complete():
    assert CASES, "no page fixtures found"
    for folder in CASES:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert meta.get("url") and meta.get("why"), f"{folder}: meta.json needs url and why"
        assert (folder / "expected.json").is_file(), f"{folder}: expected.json missing"


@pytest.mark.parametrize("folder", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_page(folder: Path):
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    got = as_dict(run_case(folder))
    hint = f"{folder.relative_to(PAGES)} (see: python tests/test_extract_pages.py {folder.name})"
    for key, want in expected.items():
        if key == "must_contain":
            missing = [s for s in want if s not in got["body"]]
            assert not missing, f"{hint}: body lacks {missing}"
        elif key == "must_not_contain":
            present = [s for s in want if s in got["body"]]
            assert not present, f"{hint}: body has {present}"
        else:
            assert got[key] == want, f"{hint}: {key}"


if __name__ == "__main__":  # print what the code produces now, for review
    pattern = sys.argv[1] if len(sys.argv) > 1 else ""
    for case_folder in CASES:
        if pattern in str(case_folder):
            print(f"== {case_folder.relative_to(PAGES)}")
            print(json.dumps(as_dict(run_case(case_folder)), ensure_ascii=False, indent=2))
