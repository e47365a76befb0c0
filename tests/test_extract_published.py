"""The date cascade: which source wins, and the publisher's local day from UTC metadata."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newscrawl.extract.metadata import read_metadata
from newscrawl.extract.published import find_page_dates, headline_window, reconcile
from newscrawl.extract.tree import parse_html, visible_lines
from newscrawl.items import FoundDate

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def dates_of(
    html: str,
    url: str = "https://x.example.com/a",
    headline: str | None = "Headline",
    tz: str = "UTC",
):
    root = parse_html(html)
    meta = read_metadata(root, url)
    return find_page_dates(root, meta, visible_lines(root), url, headline=headline, tz=tz, now=NOW)


def test_jsonld_beats_meta_and_text():
    html = """<script type="application/ld+json">
    {"@type":"NewsArticle","datePublished":"2024-05-02T10:00:00+02:00"}</script>
    <meta property="article:published_time" content="2024-05-01T10:00:00+02:00">
    <h1>Headline</h1><p>Posted 3 May 2024</p>"""
    assert dates_of(html).published.isoformat() == "2024-05-02T10:00:00+02:00"


def test_time_element_outside_comments():
    html = """<h1>Headline</h1>
    <div class="comments"><time datetime="2024-06-09T08:00:00Z">x</time></div>
    <article><time datetime="2024-06-01T08:00:00Z">June 1</time></article>"""
    found = dates_of(html).published
    assert (found.isoformat(), found.source) == ("2024-06-01T08:00:00+00:00", "time-element")


def test_labeled_line_near_headline_in_source_zone():
    html = (
        "<div>2019年1月1日 旧闻</div>"
        + "<p>x</p>" * 40
        + "<h1>Headline</h1><div>发布时间：2024-03-05 10:30</div>"
    )
    found = dates_of(html, tz="Asia/Shanghai").published
    assert found.isoformat() == "2024-03-05T10:30:00+08:00"


def test_url_date_is_the_last_resort():
    found = dates_of(
        "<h1>Headline</h1><p>no dates here</p>", url="https://x.example.com/2023/11/07/story"
    ).published
    assert (found.isoformat(), found.source) == ("2023-11-07", "url")


def test_modified_label_never_becomes_published():
    html = "<h1>Headline</h1><p>更新时间：2024-03-06 09:00</p>"
    found = dates_of(html, tz="Asia/Shanghai")
    assert found.published is None
    assert found.modified.isoformat() == "2024-03-06T09:00:00+08:00"


def test_reconcile_takes_the_offset_from_a_visible_local_time():
    utc = FoundDate(datetime(2019, 11, 20, 4, 31, tzinfo=UTC), "2019-11-20T04:31:13Z", "jsonld")
    local = FoundDate(datetime(2019, 11, 19, 22, 31, tzinfo=UTC), "Nov 19, 2019, 10:31 pm", "text")
    found = reconcile(utc, None, [local])
    assert found.value.utcoffset() == timedelta(hours=-6)
    assert found.value.date().isoformat() == "2019-11-19"
    assert found.source == "jsonld"


def test_reconcile_prefers_a_byline_day_over_utc_metadata():
    utc = FoundDate(datetime(2019, 11, 19, 19, 31, tzinfo=UTC), "2019-11-19 19:31:39", "meta")
    byline = FoundDate(
        datetime(2019, 11, 18, tzinfo=UTC), "November 18, 2019", "text", has_time=False
    )
    assert reconcile(utc, byline, []) is byline


def test_reconcile_keeps_local_metadata():
    local = FoundDate(
        datetime(2018, 9, 15, 10, 15, tzinfo=timezone(timedelta(hours=2))), "x", "jsonld"
    )
    byline = FoundDate(datetime(2018, 9, 16, tzinfo=UTC), "2018-09-16", "text", has_time=False)
    assert reconcile(local, byline, []) is local


def test_headline_window_uses_the_occurrence_above_the_body():
    lines = [
        "Headline",
        "2020-01-01",
        *["nav"] * 10,
        "Headline",
        "2024-02-02",
        "body text",
        "Headline (more)",
    ]
    window = headline_window(lines, "Headline", body_start=14)
    assert "2020-01-01" not in window
    assert window[3:5] == ["Headline", "2024-02-02"]


def test_htmldate_fallback_reads_other_languages_but_not_copyright_years():
    german = (
        "<html><body><h1>Headline</h1><p>Gespeichert am 7. Juli 2019 von Anna</p></body></html>"
    )
    assert dates_of(german).published.isoformat() == "2019-07-07"
    footer = (
        "<html><body><h1>Headline</h1><p>Text.</p><footer>© 2024 Example</footer></body></html>"
    )
    assert dates_of(footer).published is None


def test_url_day_far_from_metadata_wins():
    """A CMS writes the first publication day into the URL; metadata two years later is a
    revision or a template default."""
    html = """<script type="application/ld+json">
    {"@type":"BlogPosting","datePublished":"2019-06-17T18:28:00+02:00"}</script>
    <h1>Headline</h1><p>Text.</p>"""
    found = dates_of(html, url="https://blog.example.de/home/2017/7/12/unter-uns").published
    assert (found.value.date().isoformat(), found.source) == ("2017-07-12", "url")


def test_url_day_one_off_does_not_override_an_instant():
    """One day apart is a time-zone slip, as often on the URL's side: the metadata stays."""
    html = """<meta property="article:published_time" content="2019-11-18T21:30:00-05:00">
    <h1>Headline</h1><p>Text.</p>"""
    found = dates_of(html, url="https://news.example.com/2019/11/19/story").published
    assert found.isoformat() == "2019-11-18T21:30:00-05:00"


def test_ambiguous_numeric_byline_read_in_the_page_order():
    """05/07/2019 on a German page is 5 July; on an en-US page, May 7."""
    body = "<h1>Headline</h1><p>Veröffentlicht: 05/07/2019</p><p>Text des Artikels.</p>"
    german = dates_of(f'<html lang="de"><body>{body}</body></html>').published
    american = dates_of(f'<html lang="en-US"><body>{body}</body></html>').published
    assert german.value.date().isoformat() == "2019-07-05"
    assert american.value.date().isoformat() == "2019-05-07"
