"""Per-site health tallies and the drift alarm."""

import json

import pytest

from newscrawl.health import DRIFT_MIN_PAGES, SiteTally, drift, site_of


@pytest.mark.parametrize("url, site", [
    ("https://www.example.com/a", "example.com"),
    ("http://News.Example.com:8080/x", "news.example.com"),
    ("file:///srv/site/a.html", "local"),
])
def test_site_of(url, site):
    assert site_of(url) == site


def tally(pages: int, *, titled: int, dated: int, body: int = 1500) -> dict:
    t = SiteTally()
    for i in range(pages):
        t.add_article(has_title=i < titled, has_date=i < dated, body_chars=body, method="trafilatura",
                      hijacked=False)
    return t.row("example.com")


def test_row():
    t = SiteTally()
    t.add_article(has_title=True, has_date=False, body_chars=100, method="jsonld", hijacked=True)
    t.add_article(has_title=True, has_date=True, body_chars=300, method="trafilatura", hijacked=False)
    t.add_drop()
    row = t.row("example.com")
    assert row["pages"] == 3 and row["articles"] == 2
    assert row["title_fill"] == 0.667 and row["date_fill"] == 0.333 and row["body_fill"] == 0.667
    assert row["hijacked_share"] == 0.5 and row["median_body_chars"] == 200
    assert json.loads(row["methods"]) == {"jsonld": 1, "trafilatura": 1}


def test_no_alarm_on_a_steady_site():
    history = [tally(20, titled=20, dated=19) for _ in range(3)]
    assert drift(tally(20, titled=20, dated=18), history) is None


def test_alarm_when_dates_vanish():
    history = [tally(20, titled=20, dated=20) for _ in range(3)]
    why = drift(tally(20, titled=20, dated=2), history)
    assert why and why.startswith("date_fill 0.10 against 1.00")


def test_alarm_when_bodies_shrink_to_teasers():
    history = [tally(20, titled=20, dated=20, body=2000) for _ in range(3)]
    assert "median body 150 chars" in drift(tally(20, titled=20, dated=20, body=150), history)


def test_no_alarm_without_enough_pages_or_history():
    history = [tally(20, titled=20, dated=20) for _ in range(3)]
    assert drift(tally(DRIFT_MIN_PAGES - 1, titled=0, dated=0), history) is None
    assert drift(tally(20, titled=0, dated=0), history[:1]) is None
