"""docs/archive.md: every column is documented, and every recipe runs on a crawled archive."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, serve_datasette
from newscrawl.schema import TABLES

DOC = (ROOT / "docs" / "archive.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", DOC, flags=re.S)


def test_tables_section_is_generated_from_the_schema():
    from newscrawl.datasette_metadata import schema_markdown

    assert DOC.endswith(schema_markdown()), "stale: regenerate with `newscrawl metadata --markdown`"


def test_every_table_and_column_is_documented():
    for table, spec in TABLES.items():
        assert f"### `{table}`" in DOC
        for column, (_, description) in spec["columns"].items():
            assert f"| `{column}` |" in DOC, f"{table}.{column} is not in docs/archive.md"
            assert description.replace("|", "/") in DOC, f"{table}.{column}: description out of date"


@pytest.fixture(scope="module")
def archive_copy(crawled_sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "data").mkdir()
    shutil.copy(crawled_sample["db"], folder / "data" / "news.db")
    return folder


@pytest.mark.parametrize("code", [b for lang, b in BLOCKS if lang == "python"])
def test_python_recipes_run(archive_copy, code):
    result = subprocess.run([sys.executable, "-c", code], cwd=archive_copy, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "[]" not in result.stdout.splitlines()[0]


SHELL_LINES = [line for lang, block in BLOCKS if lang == "bash" for line in block.splitlines()
               if line.startswith(("sqlite3 ", "sqlite-utils "))]


@pytest.mark.parametrize("line", SHELL_LINES)
def test_shell_recipes_run(archive_copy, line):
    tool = line.split()[0]
    path = shutil.which(tool) or shutil.which(tool, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip(f"{tool} is not installed")
    result = subprocess.run(["sh", "-c", line.replace(tool, path, 1)], cwd=archive_copy,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_datasette_export_recipes(archive_copy):
    urls = [u for lang, block in BLOCKS if lang == "bash" for u in re.findall(r'"(http[^"]+)"', block)]
    assert len(urls) == 3
    with serve_datasette(archive_copy / "data" / "news.db") as base:
        for url in urls:
            result = subprocess.run(["curl", "-sf", url.replace("http://127.0.0.1:8001", base)],
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 0 and len(result.stdout) > 20, url
