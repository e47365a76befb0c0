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


def test_jsonld_with_stray_characters_after_the_object_is_still_read():
    """Hand-written JSON-LD: a closing brace too many after the object, then a semicolon."""
    html = """<script type="application/ld+json">
    {"@type":"NewsArticle","headline":"Headline","datePublished":"2020-10-26T18:10:00+01:00"}
    }</script>
    <script type="application/ld+json">{"@type":"BreadcrumbList","itemListElement":[]};</script>
    <h1>Headline</h1><p>Related: <span>09.08.2020 u 10:52</span></p>"""
    meta = read_metadata(parse_html(html), "https://x.example.com/a")
    assert meta.jsonld["@type"] == "NewsArticle"
    assert dates_of(html).published.isoformat() == "2020-10-26T18:10:00+01:00"


def test_time_element_outside_comments():
    html = """<h1>Headline</h1>
    <div class="comments"><time datetime="2024-06-09T08:00:00Z">x</time></div>
    <article><time datetime="2024-06-01T08:00:00Z">June 1</time></article>"""
    found = dates_of(html).published
    assert (found.isoformat(), found.source) == ("2024-06-01T08:00:00+00:00", "time-element")


def test_a_comment_date_on_its_own_line_is_never_the_byline():
    """Under a short post the headline window reaches the comments, where a reader's comment time
    stands alone on a line and reads like a byline."""
    html = """<h1>Headline</h1><p>A short post of two sentences. That is all of it.</p>
    <div class="entry-meta">Posted by Ann</div>
    <ol class="comment-list"><li><div class="comment-author">Bob says:</div>
    <div class="comment-metadata"><a href="#c1"><time datetime="2024-06-09T04:11:00Z">
    June 9, 2024 at 4:11 am</time></a></div><p>Thanks for this.</p></li></ol>"""
    found = dates_of(html, url="https://x.example.com/2024/06/08/headline/").published
    assert (found.value.date().isoformat(), found.source) == ("2024-06-08", "url")
    # The same line outside a comment thread is the byline.
    byline = html.replace('class="comment-list"', 'class="post-info"').replace(
        'class="comment-metadata"', 'class="meta"')
    assert dates_of(byline, url="https://x.example.com/headline/").published.value.date() == (
        datetime(2024, 6, 9).date())


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


def test_headline_window_prefers_the_headline_line_to_a_sentence_quoting_it():
    lines = [
        "Menu",
        "Mini SUV on the rise",
        "5 November 2021, 10:39",
        "First paragraph of the article.",
        'The article "Mini SUV on the rise" was published in the category News.',
        *["Related story", "4 November 2021"] * 8,
    ]
    window = headline_window(lines, "Mini SUV on the rise", body_start=4)
    assert window[:3] == ["Menu", "Mini SUV on the rise", "5 November 2021, 10:39"]


def test_an_embedded_posts_attribution_does_not_date_the_article():
    html = """<h1>Headline</h1>
    <blockquote class="twitter-tweet"><p>We are hiring.</p>— Elon Musk (@elonmusk) March 16, 2020
    </blockquote><p>March 18, 2020</p><p>Text of the article about the post.</p>"""
    assert dates_of(html).published.value.date().isoformat() == "2020-03-18"
    lines = ["Headline", "Ein Beitrag geteilt von Anna (@anna.b) am Mär 12, 2018 um 12:30 PDT"]
    assert headline_window(lines, "Headline") == ["Headline"]


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


def test_url_day_one_off_wins_over_a_bare_day_in_the_text():
    """A date line one day off the URL's day (an event's or an update's day, shown without a
    time): the URL holds the day the CMS published the post on."""
    html = "<h1>Headline</h1><p>31. Oktober 2023</p><p>Text of the article.</p>"
    found = dates_of(html, url="https://blog.example.de/2023/10/30/headline/").published
    assert (found.value.date().isoformat(), found.source) == ("2023-10-30", "url")


def test_a_time_elements_own_text_beats_its_machine_value_on_another_day():
    """The ``<time>`` says "published on 29 June" while its datetime is a cache's, four days on."""
    html = """<h1>Headline</h1><div class="time">
    <time datetime="2019-07-03T10:18:46Z">Publié le 29 juin 2019</time></div>
    <p>Premier paragraphe de l'article, assez long pour être le corps du texte.</p>"""
    found = dates_of(html).published
    assert found.value.date().isoformat() == "2019-06-29"


def test_a_relative_byline_does_not_replace_a_time_element():
    html = """<h1>Headline</h1><p class="byline">1 day ago</p>
    <time datetime="2019-11-19T11:45:59Z"></time><p>Text of the article.</p>"""
    found = dates_of(html).published
    assert found.isoformat() == "2019-11-19T11:45:59+00:00"


def test_ambiguous_numeric_byline_read_in_the_page_order():
    """05/07/2019 on a German page is 5 July; on an en-US page, May 7."""
    body = "<h1>Headline</h1><p>Veröffentlicht: 05/07/2019</p><p>Text des Artikels.</p>"
    german = dates_of(f'<html lang="de"><body>{body}</body></html>').published
    american = dates_of(f'<html lang="en-US"><body>{body}</body></html>').published
    assert german.value.date().isoformat() == "2019-07-05"
    assert american.value.date().isoformat() == "2019-05-07"


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_reconcile_keeps_metadata_the_page_shows_in_its_own_offset():
    """A header clock a few hours later must not lend a made-up offset when a <time> shows the
    metadata's own wall-clock time."""
    kyiv = timezone(timedelta(hours=3))
    meta = FoundDate(datetime(2020, 9, 20, 23, 32, tzinfo=kyiv), "2020-09-20T23:32:00+03:00", "jsonld")
    clock = FoundDate(_utc(2020, 9, 21, 0, 3), "21 September 2020, 00:03", "text")
    shown = FoundDate(_utc(2020, 9, 20, 23, 32), "20.09.2020 23:32", "time-element")
    assert reconcile(meta, clock, [], visible=[shown, None]) is meta


def test_reconcile_takes_the_visible_day_a_utc_instant_can_fall_on():
    """09:49 UTC on the 20th is still the 19th west of UTC-10: the page's "January 19" wins."""
    meta = FoundDate(_utc(2020, 1, 20, 9, 49), "2020-01-20T09:49:32+0000", "meta")
    first = FoundDate(_utc(2020, 1, 19), "January 19, 2020", "text", has_time=False)
    assert reconcile(meta, None, [first], visible=[None, first]) is first


def test_reconcile_ignores_a_visible_day_no_zone_gives_the_instant():
    """23:12 UTC on the 28th is the 28th or the 29th somewhere, never the 27th."""
    meta = FoundDate(_utc(2020, 9, 28, 23, 12), "2020-09-28T23:12:35+00:00", "jsonld")
    first = FoundDate(_utc(2020, 9, 27), "September 27, 2020", "text", has_time=False)
    assert reconcile(meta, None, [first], visible=[None, first]) is meta


def test_reconcile_takes_a_shown_day_next_to_a_bare_metadata_day():
    meta = FoundDate(_utc(2020, 4, 30), "2020-04-30", "meta", has_time=False)
    shown = FoundDate(_utc(2020, 4, 29, 12, 1), "29.04.2020, 12:01", "time-element")
    assert reconcile(meta, shown, [], visible=[shown, None]) is shown


def test_reconcile_never_takes_the_revision_day_shown_on_the_page():
    """The byline shows the update ("By admin - 2018-09-16"), a day after the publication."""
    meta = FoundDate(_utc(2018, 9, 15), "2018-09-15", "jsonld", has_time=False)
    updated = FoundDate(_utc(2018, 9, 16), "2018-09-16", "jsonld", has_time=False)
    byline = FoundDate(_utc(2018, 9, 16), "2018-09-16", "text", has_time=False)
    assert reconcile(meta, byline, [], visible=[None, byline], modified=updated) is meta


def test_reconcile_takes_a_byline_on_the_revision_day_of_a_quick_edit():
    """Published 23:01 UTC, edited the next afternoon: the byline's day is the local day."""
    meta = FoundDate(_utc(2023, 11, 1, 23, 1), "2023-11-01T23:01:00Z", "jsonld")
    edited = FoundDate(_utc(2023, 11, 2, 15, 58), "2023-11-02T15:58:23Z", "jsonld")
    byline = FoundDate(_utc(2023, 11, 2), "02 Novembre 2023", "time-element", has_time=False)
    assert reconcile(meta, byline, [], visible=[byline, None], modified=edited) is byline


def test_visible_byline_with_bar_separated_time_gives_the_local_day():
    html = """<script type="application/ld+json">
    {"@type":"NewsArticle","datePublished":"2020-02-25T02:25:54Z"}</script>
    <h1>Headline</h1><div>February 24, 2020 | 9:25pm</div><p>Text.</p>"""
    found = dates_of(html).published
    assert found.isoformat() == "2020-02-24T21:25:54-05:00"


def test_date_elements_in_document_order():
    from newscrawl.extract.published import TIME_XPATH, date_elements

    root = parse_html(
        """<html><body><time>no attribute</time><time datetime="2020-01-01">a</time>
        <span itemprop="datePublished" content="2020-01-02">b</span>
        <abbr class="published" title="2020-01-03">c</abbr><abbr title="x">not a date</abbr>
        <div property="dc:date" content="2020-01-04">d</div><div property="og:x" content="y"></div>
        <time pubdate>e</time></body></html>"""
    )
    assert date_elements(root) == root.xpath(TIME_XPATH)
    assert len(date_elements(root)) == 5


def test_htmldate_reads_free_text_dates_in_a_limited_set_of_languages():
    """htmldate's dateparser is given the languages of news, not left to try ~200 locales (which
    costs ~40 MB per worker process); German, French and Chinese dates still parse."""
    from htmldate import extractors

    from newscrawl.extract import published

    published._limit_htmldate_languages()
    parser = extractors.get_external_parser()
    assert list(parser.languages) == list(published.HTMLDATE_LANGUAGES)
    for text, day in (("7. Juli 2019", 7), ("27 juin 2019", 27), ("2019年6月27日", 27)):
        assert parser.get_date_data(text)["date_obj"].day == day


def test_a_worker_compiles_the_date_parsers_before_its_first_page():
    """What dateparser compiles on first use is compiled when a worker starts: the same limited
    parser, which still reads dates afterwards, and no language is compiled again for a page."""
    from dateparser.languages.dictionary import Dictionary
    from htmldate import extractors

    from newscrawl.extract import published

    published.compile_date_parsers()
    parser = extractors.get_external_parser()
    assert list(parser.languages) == list(published.HTMLDATE_LANGUAGES)
    def compiled() -> dict:
        return {key: set(patterns) for key, patterns in Dictionary._split_regex_cache.items()}

    before = compiled()
    assert parser.get_date_data("27 juin 2019")["date_obj"].day == 27
    assert parser.get_date_data("another string no language reads")["date_obj"] is None
    assert compiled() == before


def test_another_metadata_instant_is_not_read_as_a_wall_clock():
    """A modified time 58 minutes before a UTC publication time is another instant, not the
    publication shown at UTC-1; the byline's day (Hawaii, the evening before in UTC) stands."""
    utc = timezone.utc
    hst = timezone(timedelta(hours=-10))
    structured = FoundDate(datetime(2019, 11, 19, 2, 46, 42, tzinfo=utc),
                           "2019-11-19T02:46:42.471Z", "jsonld", True)
    byline = FoundDate(datetime(2019, 11, 18, 14, 26, tzinfo=hst),
                       "Nov. 18, 2019 at 2:26 PM HST", "text", True)
    modified = FoundDate(datetime(2019, 11, 19, 1, 48, 3, tzinfo=utc),
                         "2019-11-19T01:48:03.835Z", "meta", True)
    found = reconcile(structured, byline, [modified])
    assert found.value.date().isoformat() == "2019-11-18"
    assert found.value.utcoffset() == timedelta(hours=-10)
    # The same instant stated in the publisher's offset still gives the offset.
    local = FoundDate(datetime(2019, 11, 18, 16, 46, 42, tzinfo=hst),
                      "2019-11-18T16:46:42-10:00", "meta", True)
    shifted = reconcile(structured, None, [local])
    assert shifted.isoformat() == "2019-11-18T16:46:42-10:00"


def test_utc_wall_time_labeled_with_the_local_offset_is_read_as_the_page_shows_it():
    """A CMS writes the UTC wall-clock time with the local offset: "04:31-06:00" on a page that
    shows 10:31 pm the evening before. The instant is 04:31 UTC, shown at -06:00."""
    labeled = FoundDate(datetime(2019, 11, 20, 4, 31, 13, tzinfo=timezone(timedelta(hours=-6))),
                        "2019-11-20T04:31:13-06:00", "jsonld")
    shown = FoundDate(datetime(2019, 11, 19, 22, 31, tzinfo=UTC), "Nov 19, 2019, 10:31 pm", "text")
    found = reconcile(labeled, None, [shown])
    assert found.value.isoformat() == "2019-11-19T22:31:13-06:00"
    assert found.source == "jsonld"


def test_a_local_instant_is_not_given_a_made_up_offset_by_an_update_time():
    """Metadata at +05:30 and a byline showing the update 46 minutes later, without a zone the
    parser knows: the two clocks differ by 6 h 15 min, an offset no zone uses."""
    india = timezone(timedelta(hours=5, minutes=30))
    local = FoundDate(datetime(2020, 10, 2, 18, 16, 21, tzinfo=india),
                      "2020-10-02T18:16:21+05:30", "jsonld")
    update = FoundDate(datetime(2020, 10, 2, 19, 2, 47, tzinfo=UTC), "Oct 02, 2020, 19:02:47 IST",
                       "text")
    assert reconcile(local, update, []) is local


def test_a_local_instant_shown_in_another_zone_takes_that_zone():
    """Metadata at -05:00 shown on the page three hours earlier: the same instant at -08:00."""
    eastern = FoundDate(datetime(2019, 11, 18, 19, 5, tzinfo=timezone(timedelta(hours=-5))),
                        "2019-11-18T19:05:00-05:00", "jsonld")
    pacific = FoundDate(datetime(2019, 11, 18, 16, 5, tzinfo=UTC), "Nov 18, 2019 4:05 pm", "text")
    found = reconcile(eastern, None, [pacific])
    assert found.value.isoformat() == "2019-11-18T16:05:00-08:00"
    assert found.value == eastern.value
