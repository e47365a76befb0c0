"""Which known article pages a run fetches again."""

from datetime import datetime, timedelta, timezone

from newscrawl.incremental import FETCH, REVISIT, SKIP, KnownPage, conditional_headers, decide

NOW = datetime(2025, 7, 20, 12, 0, tzinfo=timezone.utc)
OLD = KnownPage(url="u", fetched_at=NOW - timedelta(days=30), etag='"abc"',
                last_modified="Mon, 14 Jul 2025 08:00:00 GMT",
                published_utc=NOW - timedelta(days=40))


def test_new_pages_are_fetched():
    assert decide(None, listing_dates={}, now=NOW) == FETCH


def test_old_unchanged_pages_are_skipped():
    assert decide(OLD, listing_dates={"lastmod": "2025-06-01"}, now=NOW) == SKIP


def test_pages_relisted_with_a_newer_date_are_revisited():
    assert decide(OLD, listing_dates={"lastmod": "2025-07-19T10:00:00+00:00"}, now=NOW) == REVISIT
    assert decide(OLD, listing_dates={"published": "Sat, 19 Jul 2025 10:00:00 +0800"}, now=NOW) == REVISIT


def test_recent_articles_are_revisited_inside_the_window():
    recent = KnownPage(url="u", fetched_at=NOW - timedelta(hours=3),
                       published_utc=NOW - timedelta(hours=20))
    assert decide(recent, listing_dates={}, now=NOW, revisit=timedelta(days=2)) == REVISIT
    assert decide(recent, listing_dates={}, now=NOW, revisit=timedelta(hours=10)) == SKIP


def test_unparseable_listing_dates_are_ignored():
    assert decide(OLD, listing_dates={"lastmod": "n/a"}, now=NOW) == SKIP


def test_conditional_headers():
    assert conditional_headers(OLD) == {"If-None-Match": '"abc"',
                                        "If-Modified-Since": "Mon, 14 Jul 2025 08:00:00 GMT"}
