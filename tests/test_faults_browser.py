"""Markup in article text is shown as text in datasette: real datasette, real headless Chromium,
and a payload that would set ``window.__pwned`` or change the title if any of it ran."""

import shutil

import pytest

from conftest import serve_datasette
from newscrawl.archive import Archive
from test_faults_hostile import PAYLOAD_BODY, PAYLOAD_TITLE, hostile_record

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    db = tmp_path_factory.mktemp("xss") / "news.db"
    with Archive(db) as archive:
        archive.save_article(hostile_record())
    with serve_datasette(db) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("path", ["/news/articles/1", "/news/articles", "/news/articles?_search=council",
                                  "/news?sql=select+title,+body+from+articles"])
def test_article_markup_is_inert_text(site, browser, path):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned" and dialogs == []
    text = page.inner_text("body")
    assert "onerror=" in text  # shown, as text
    if path != "/news/articles?_search=council":
        assert "<script>window.__pwned = 2" in text or "window.__pwned = 2" in text
    # No element came from the payload: no injected img/svg/script, no javascript: link.
    assert page.locator("img[onerror], svg[onload], a[href^='javascript:']").count() == 0
    assert page.evaluate("[...document.scripts].some(s => s.text.includes('__pwned'))") is False
    context.close()


def test_payload_is_stored_verbatim(site):
    assert "<script>" in PAYLOAD_BODY[0] and "onerror" in PAYLOAD_TITLE
