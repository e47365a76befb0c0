"""The archive as a person sees it: real datasette, real headless Chromium, assertions on the DOM.

Screenshots are saved under the test's temporary folder (or $NEWSCRAWL_SCREENSHOTS when set), so
that a person can look at what the pages showed.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE_SITE, serve_datasette

EXPECTED = json.loads((SAMPLE_SITE / "expected.json").read_text(encoding="utf-8"))
GAMBLING_TITLE = EXPECTED["articles/gambling-crackdown.html"]["title"]
HIJACKED_TITLE = EXPECTED["articles/hijacked-tech-talent.html"]["title"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if CHROMIUM is None and os.environ.get("CI"):
    pytest.fail("chromium is not installed: .ci/run installs it", pytrace=False)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def site(crawled_sample, tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "news.db"
    shutil.copy(crawled_sample["db"], db)
    with serve_datasette(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.screenshot_dir = Path(os.environ.get("NEWSCRAWL_SCREENSHOTS") or tmp_path)
    page.screenshot_dir.mkdir(parents=True, exist_ok=True)
    yield page
    context.close()


def shot(page, name: str) -> Path:
    path = page.screenshot_dir / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def table_titles(page) -> list[str]:
    return page.locator("table.rows-and-columns td.col-title").all_inner_texts()


@pytest.mark.parametrize("query", ["赌博", "賭博"])
def test_two_character_search_from_the_search_box(site, page, query):
    page.goto(f"{site}/news/articles")
    box = page.locator('input[name="_search"]')
    assert box.is_visible()
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**_search=**")
    assert table_titles(page) == [GAMBLING_TITLE]
    assert f'contains "{query}"' in page.inner_text("body")
    assert shot(page, f"search-{'hans' if query == '赌博' else 'hant'}").stat().st_size > 10_000


def test_canned_query_lists_the_hijacked_page(site, page):
    page.goto(f"{site}/news/hijacked_pages")
    cells = page.locator("table.rows-and-columns td.col-title").all_inner_texts()
    assert HIJACKED_TITLE in cells
    assert shot(page, "hijacked-pages").exists()


def test_articles_page_shows_facets_and_descriptions(site, page):
    page.goto(f"{site}/news/articles")
    facets = page.locator(".facet-info").all_inner_texts()
    assert any(f.startswith("site") for f in facets) and any(f.startswith("lang") for f in facets)
    assert "canonical URL" in page.inner_text(".metadata-description")
    shot(page, "articles")


def test_dashboard_draws_articles_per_day(site, page):
    page.goto(f"{site}/-/dashboards/archive")
    chart = page.locator("#card-articles-per-day")
    chart.locator("svg, canvas").first.wait_for(timeout=15_000)
    assert "Articles per day" in chart.inner_text()
    shot(page, "dashboard")
