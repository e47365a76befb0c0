"""The newscrawl command on real files: extract, clean-text, search; bad input exits non-zero."""

import gzip
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_SITE

EXPECTED = json.loads((SAMPLE_SITE / "expected.json").read_text(encoding="utf-8"))


def newscrawl(*args, input=None):
    return subprocess.run([sys.executable, "-m", "newscrawl.cli", *args], cwd=ROOT, input=input,
                          capture_output=True, text=True, timeout=120)


def test_extract_one_page_prints_the_archived_record():
    path = "articles/simplified-date-line.html"
    result = newscrawl("extract", str(SAMPLE_SITE / path), "--url", "https://sample.test/" + path,
                       "--source", "sample")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == EXPECTED[path]["title"]
    assert record["published"] == "2024-03-05T10:30:00+08:00"
    assert record["body"].count("\n\n") >= 2


def test_extract_batch_reads_gzip_and_keeps_ids(tmp_path):
    pages = []
    for i, path in enumerate(["articles/english-jsonld.html", "articles/spam-only.html"]):
        gz = tmp_path / f"{i}.html.gz"
        gz.write_bytes(gzip.compress((SAMPLE_SITE / path).read_bytes()))
        pages.append({"id": f"p{i}", "url": "https://sample.test/" + path, "path": gz.name})
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("\n".join(json.dumps(p) for p in pages), encoding="utf-8")
    result = newscrawl("extract", "--jsonl", str(jsonl))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["p0", "p1"]
    assert lines[0]["published"] == "2025-07-14T08:20:00-04:00"
    assert lines[1]["dropped"] == "all-spam" and lines[1]["body"] == ""


def test_clean_text_gives_one_line_entry_per_input_line(tmp_path):
    text = "某某娱乐官方网站-电子平台\n\n成人视频,无码在线观看,午夜福利,澳门赌场\n新闻标题在这里\n" \
           "发布时间：2024年3月5日 10:30\n这是一篇普通新闻的正文，讲述了本市的交通情况。"
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    result = newscrawl("clean-text", str(page))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert len(out["lines"]) == 5
    assert out["published"].startswith("2024-03-05T10:30")
    assert out["lines"][1]["role"] in ("spam", "boilerplate")
    batch = tmp_path / "pages.jsonl"
    batch.write_text(json.dumps({"id": "x", "url": None, "text": text}, ensure_ascii=False))
    result = newscrawl("clean-text", "--jsonl", str(batch))
    assert json.loads(result.stdout)["id"] == "x"


@pytest.mark.parametrize("args, message", [
    (["extract", "/nonexistent/page.html"], "cannot read"),
    (["clean-text", "/nonexistent/page.txt"], "cannot read"),
    (["extract"], "give a FILE"),
    (["extract", "x.html", "--source", "nope"], "no source named"),
])
def test_unreadable_input_is_a_clear_error(args, message):
    result = newscrawl(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_jsonl_line_is_reported(tmp_path):
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text('{"id": 1, "path": "missing.html"}\nnot json\n')
    result = newscrawl("extract", "--jsonl", str(jsonl))
    assert result.returncode == 2
    assert "missing.html" in result.stderr and "not a JSON line" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["error"]


def test_search_needs_an_archive(tmp_path):
    result = newscrawl("search", "人才", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "no archive" in result.stderr
