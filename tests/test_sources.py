"""The source registry: valid files load into Source objects; every bad field is named."""

from pathlib import Path

import pytest

from newscrawl.sources import SourceConfigError, load_sources, select_sources

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_sources_file_loads():
    sources = load_sources(ROOT / "data" / "sources.toml")
    sample = select_sources(sources, "sample")[0]
    assert sample.timezone == "Asia/Shanghai"
    assert sample.local_root.startswith("file://") and sample.local_root.endswith("/sample_site/")
    assert sample.sitemaps == (sample.local_root + "sitemap.xml",)


def test_web_source_resolves_entry_points_against_base_url(tmp_path):
    path = write(tmp_path, '''
[[source]]
name = "example"
base_url = "https://news.example.com/"
sitemaps = ["sitemap.xml", "https://cdn.example.net/sm.xml"]
feeds = ["rss"]
domains = ["example.org"]
article_patterns = ['/\\d{4}/']
timezone = "Asia/Taipei"
[source.extract]
title = "h1.headline"
''')
    source = load_sources(path)[0]
    assert source.sitemaps == ("https://news.example.com/sitemap.xml", "https://cdn.example.net/sm.xml")
    assert source.feeds == ("https://news.example.com/rss",)
    assert source.domains == ("cdn.example.net", "example.org", "news.example.com")
    assert source.extract == {"title": "h1.headline"}
    assert source.owns("https://www.example.org/a") and not source.owns("https://evil.com/a")
    assert not source.owns("file:///etc/passwd")
    assert source.is_article_url("https://news.example.com/2024/x") and not source.is_article_url(
        "https://news.example.com/about")


def test_local_source_owns_only_its_folder(tmp_path):
    (tmp_path / "site").mkdir()
    path = write(tmp_path, '[[source]]\nname = "disk"\nlocal_root = "site"\nurls = ["a.html"]\n')
    source = load_sources(path)[0]
    assert source.owns(source.local_root + "a.html")
    assert not source.owns("file:///etc/passwd")
    assert not source.owns("http://127.0.0.1/")


@pytest.mark.parametrize("body, source, field", [
    ('[[source]]\nname = "Bad Name"\nurls = ["https://a.example/"]', "Bad Name", "name"),
    ('[[source]]\nname = "a"\n', "a", "sitemaps"),
    ('[[source]]\nname = "a"\nurls = ["/relative"]', "a", "urls"),
    ('[[source]]\nname = "a"\nurls = ["https://a.example/"]\ntimezone = "Mars/Base"', "a", "timezone"),
    ('[[source]]\nname = "a"\nurls = ["https://a.example/"]\narticle_patterns = ["("]', "a",
     "article_patterns"),
    ('[[source]]\nname = "a"\nurls = ["https://a.example/"]\nsitemap = ["x"]', "a", "sitemap"),
    ('[[source]]\nname = "a"\nbase_url = "ftp://x/"\nurls = ["y"]', "a", "base_url"),
    ('[[source]]\nname = "a"\nlocal_root = "nowhere"\nurls = ["y"]', "a", "local_root"),
    ('[[source]]\nname = "a"\nurls = ["file:///etc/passwd"]', "a", "urls"),
    ('[[source]]\nname = "a"\nurls = ["https://a.example/"]\n[source.extract]\nauthor = "x"', "a",
     "extract.author"),
    ('[[source]]\nname = "a"\nurls = ["https://a.example/"]\n[[source]]\nname = "a"\n'
     'urls = ["https://a.example/"]', "a", "name"),
])
def test_bad_source_names_source_and_field(tmp_path, body, source, field):
    with pytest.raises(SourceConfigError) as info:
        load_sources(write(tmp_path, body))
    assert info.value.source == source and info.value.field == field
    assert f"source {source!r}, field {field!r}" in str(info.value)


@pytest.mark.parametrize("body, message", [
    ("not toml [", "not valid TOML"),
    ("title = 'x'", "declares no [[source]]"),
])
def test_bad_file_is_reported(tmp_path, body, message):
    with pytest.raises(SourceConfigError, match=message.replace("[", r"\[")):
        load_sources(write(tmp_path, body))


def test_missing_file_and_unknown_source(tmp_path):
    with pytest.raises(SourceConfigError, match="not found"):
        load_sources(tmp_path / "absent.toml")
    sources = load_sources(ROOT / "data" / "sources.toml")
    with pytest.raises(SourceConfigError, match="no source named 'nope'"):
        select_sources(sources, "nope")
