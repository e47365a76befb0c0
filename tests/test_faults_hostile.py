"""Hostile input: arbitrary bytes, HTML and text through decoding, extraction and processing (never
raise, well-formed results); markup and SQL in article text stay inert data; config files are data.

The cleaner's own properties on text are in tests/test_clean_properties.py."""

import ast
import os
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawl.archive import Archive
from newscrawl.decode import Decoded, decode_html
from newscrawl.extract import extract_page
from newscrawl.items import ExtractedPage, FetchedPage
from newscrawl.process import PageDropped, process_page
from newscrawl.records import ArticleRecord
from newscrawl.sources import SourceConfigError, load_sources

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
REASONS = {"bom", "utf-8-valid", "declared-header", "declared-meta", "detected", "fallback"}
LABELS = st.one_of(st.none(), st.sampled_from(
    ["utf-8", "gbk", "gb2312", "big5", "iso-8859-1", "shift_jis", "utf-16", "text/html",
     "text/html; charset=", "x-unknown", "utf-7", "hz", "\x00", "cp1252; charset=utf-8"]),
    st.text(max_size=20))
FETCHED = datetime(2025, 6, 14, tzinfo=timezone.utc)

TAGS = ["html", "head", "body", "title", "meta", "p", "div", "article", "h1", "script", "style",
        "a", "img", "table", "td", "br", "time", "span", "iframe", "svg", "noscript", "template"]


@st.composite
def html_documents(draw):
    """Tag soup: random tags (often unclosed), attributes, entities, text in any script."""
    parts = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 5))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            attr = draw(st.sampled_from(["", ' class="x"', ' href="javascript:alert(1)"',
                                         ' content="2025-13-45"', " onerror=alert(1)",
                                         ' charset="gbk"', ' property="article:published_time"']))
            parts.append(f"<{tag}{attr}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&nbsp;", "&amp;", "&#0;", "&#xD800;", "&bogus;",
                                               "<!--", "-->", "<![CDATA[", "<?xml ?>", "<!doctype"])))
        else:
            parts.append(draw(st.text(max_size=80)))
    return "".join(parts)


def check_decoded(result):
    assert isinstance(result, Decoded)
    assert isinstance(result.text, str) and isinstance(result.encoding, str)
    assert result.reason in REASONS


def check_extracted(result, url):
    assert isinstance(result, ExtractedPage)
    assert result.url == url
    assert result.title is None or isinstance(result.title, str)
    assert all(isinstance(p, str) for p in result.paragraphs)
    assert isinstance(result.is_article, bool)
    if result.published is not None:
        assert result.published.value.tzinfo is not None


@FAST
@given(st.binary(max_size=4000), LABELS)
def test_decode_never_raises_on_bytes(body, label):
    check_decoded(decode_html(body, label))


@FAST
@given(html_documents(), st.sampled_from(["utf-8", "gbk", "utf-16-le", "big5"]), LABELS)
def test_decode_never_raises_on_encoded_html(html, codec, label):
    check_decoded(decode_html(html.encode(codec, "replace"), label))


@FAST
@given(st.one_of(st.binary(max_size=3000), html_documents()), LABELS)
def test_extract_never_raises(body, label):
    url = "https://news.example/2025/06/a.html"
    check_extracted(extract_page(body, url, declared_charset=label, fetched_at=FETCHED), url)


@FAST
@given(st.one_of(st.binary(max_size=3000), html_documents().map(str.encode)), LABELS)
def test_process_page_gives_a_record_or_a_reason(body, label):
    page = FetchedPage(url="https://news.example/a.html", body=body, declared_charset=label,
                       fetched_at=FETCHED)
    try:
        record = process_page(page)
    except PageDropped as exc:
        assert exc.reason and exc.detail
        return
    assert isinstance(record, ArticleRecord)
    assert record.title is None or isinstance(record.title, str)
    assert all(isinstance(p, str) and p.strip() for p in record.paragraphs)
    assert sum(len(p) for p in record.paragraphs) >= 40


# -- markup and SQL in article text are data ------------------------------------------------------
PAYLOAD_TITLE = """<img src=x onerror="document.title='pwned';window.__pwned=1"> Robert'); DROP TABLE articles;-- "quoted" """
PAYLOAD_BODY = [
    "<script>window.__pwned = 2; document.title = 'pwned'</script> The council met on Monday.",
    '<a href="javascript:window.__pwned=3">click here</a> and <svg onload="window.__pwned=4">',
    "'; DELETE FROM articles WHERE 1=1; -- SELECT * FROM crawls UNION SELECT sql FROM sqlite_master",
    "\"double\" 'single' `back` ; ;; /* comment */ %_ \\ \u0000 NUL and \u202e right-to-left",
]


def hostile_record(url="https://news.example/2025/06/hostile.html"):
    from faulty_server import article_html

    html = article_html("hostile").encode()
    record = process_page(FetchedPage(url=url, body=html, source="hostile", fetched_at=FETCHED))
    return replace(record, title=PAYLOAD_TITLE, paragraphs=list(PAYLOAD_BODY))


def test_quotes_semicolons_and_sql_keywords_round_trip_unchanged(tmp_path):
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        record = hostile_record()
        assert archive.save_article(record) == "new"
        assert archive.save_article(hostile_record()) == "unchanged"
    conn = sqlite3.connect(db)
    (title, body), = conn.execute("select title, body from articles").fetchall()
    assert title == PAYLOAD_TITLE
    assert body == "\n\n".join(PAYLOAD_BODY)
    assert conn.execute("select count(*) from crawls").fetchone() == (0,)  # nothing ran
    conn.close()


@FAST
@given(st.text(min_size=1, max_size=200), st.lists(st.text(min_size=1, max_size=200), min_size=1,
                                                   max_size=4))
def test_any_title_and_body_round_trip(tmp_path_factory, title, paragraphs):
    db = tmp_path_factory.mktemp("rt") / "news.db"
    with Archive(db) as archive:
        archive.save_article(replace(hostile_record(), title=title, paragraphs=paragraphs))
        row = archive.db.execute("select title, body from articles").fetchone()
    assert row == (title, "\n\n".join(paragraphs))


# -- config and lexicon files are data -------------------------------------------------------------
CANARY = "/tmp/newscrawl-config-canary"


@pytest.mark.parametrize("field, value", [
    ("name", f"__import__('os').system('touch {CANARY}')"),
    ("timezone", f"$(touch {CANARY})"),
    ("base_url", f"javascript:require('child_process').exec('touch {CANARY}')"),
    ("article_patterns", ["(?P<x>"]),
    ("extract", {"title": "", "body": "x"}),
    ("language", ["__import__('os')"]),
])
def test_code_looking_config_values_fail_validation(tmp_path, field, value):
    toml = {"name": "ok", "base_url": "https://news.example/", "urls": ["a.html"], field: value}
    path = tmp_path / "sources.toml"
    path.write_text("[[source]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in toml.items()
                                             if not isinstance(v, dict))
                    + "".join(f"[source.{k}]\n" + "".join(f"{a} = {toml_value(b)}\n"
                                                         for a, b in v.items())
                              for k, v in toml.items() if isinstance(v, dict)), encoding="utf-8")
    with pytest.raises(SourceConfigError):
        load_sources(path)
    assert not os.path.exists(CANARY)


def test_code_looking_strings_load_as_plain_strings(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "ok"\nbase_url = "https://news.example/"\nurls = ["a.html"]\n'
        "article_patterns = [\"__import__\\\\('os'\\\\)\"]\n"
        'language = "{{7*7}} ${jndi:ldap://x} __import__(\'os\').system(\'id\')"\n'
        '[source.extract]\ntitle = "//h1[contains(., \'\');DROP TABLE x;--\')]"\n',
        encoding="utf-8")
    (source,) = load_sources(path)
    assert source.language == "{{7*7}} ${jndi:ldap://x} __import__('os').system('id')"
    assert source.article_patterns == ("__import__\\('os'\\)",)
    assert source.extract["title"].startswith("//h1[contains(")


def test_no_module_evaluates_or_unpickles_anything():
    """Config (TOML), lexicons (plain text) and archive rows are only ever parsed as data."""
    package = Path(__file__).resolve().parents[1] / "newscrawl"
    offenders = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in {"eval", "exec", "compile", "__import__"} and not isinstance(
                        node.func, ast.Attribute):
                    offenders.append(f"{path.name}:{node.lineno} {name}")
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.split(".")[0] in {"pickle", "marshal", "shelve", "yaml", "dill"}
                       for n in names):
                    offenders.append(f"{path.name}:{node.lineno} import")
    assert offenders == []
    lexicons = package / "lexicons"
    assert all(p.suffix == ".txt" for p in lexicons.iterdir() if p.is_file())


def toml_value(value):
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
