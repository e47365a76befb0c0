"""Date signals a careful reader uses: labels in other languages, the metadata value the page
shows, generic ``date`` metas, embedded posts, numeric URL slugs, and the htmldate pre-check."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.extract import dates, published
from newscrawl.extract.metadata import read_metadata
from newscrawl.extract.published import find_page_dates
from newscrawl.extract.tree import parse_html, visible_lines

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def dates_of(html: str, url: str = "https://x.example.com/a", headline: str = "Headline"):
    root = parse_html(html)
    meta = read_metadata(root, url)
    return find_page_dates(root, meta, visible_lines(root), url, headline=headline, tz="UTC", now=NOW)


@pytest.mark.parametrize(
    ("text", "published", "modified"),
    [
        ("Veröffentlicht am 16.08.2019", "2019-08-16", None),
        ("Publié le 29 juin 2019", "2019-06-29", None),
        ("Written: 2023-11-07 15:03:30 / Updated: 2023-11-08 15:30:46", "2023-11-07T15:03:30",
         "2023-11-08"),
        ("Letzte Änderung: 31.10.2023\nErschienen am: 01.11.2023", "2023-11-01", "2023-10-31"),
        ("Article mis à jour le 7 janvier 2020.", None, "2020-01-07"),
        ("Aktualisiert: 30.12.2016", None, "2016-12-30"),
    ],
)
def test_labels_in_other_languages(text, published, modified):
    found = dates.find_labeled_dates(text, tz="UTC", now=NOW)
    got_pub = found.get("published")
    got_mod = found.get("modified")
    assert (got_pub.value.isoformat()[: len(published)] if got_pub else None) == published
    assert (got_mod.value.date().isoformat() if got_mod else None) == modified


def test_label_words_in_prose_are_not_labels():
    line = ("Die Studie wurde von vielen Forschern über Jahre erstellt und am 3. März 2020 in "
            "einer Fachzeitschrift vorgestellt, die seither viel zitiert wird.")
    assert "published" not in dates.find_labeled_dates(line, tz="UTC", now=NOW)


def test_update_label_before_the_byline_keeps_the_byline():
    html = ("<h1>Headline</h1><p>Accueil | Par A. Auteur | 30 septembre 2018</p>"
            "<p>Article mis à jour le 7 janvier 2020.</p>")
    found = dates_of(html)
    assert found.published.value.date().isoformat() == "2018-09-30"
    assert found.modified.value.date().isoformat() == "2020-01-07"


def test_the_metadata_value_the_page_shows_wins():
    html = """<meta property="article:published_time" content="2021-12-14T15:41:07+01:00">
    <meta name="dc.date.issued" content="2022-02-04T15:33:00+01:00">
    <h1>Headline</h1><p>04.02.2022 | 15:33 Uhr | A. Author</p><p>Text.</p>"""
    assert dates_of(html).published.isoformat() == "2022-02-04T15:33:00+01:00"


def test_a_shown_day_the_first_value_can_mean_leaves_it_first():
    from newscrawl.items import FoundDate

    utc = FoundDate(datetime(2019, 11, 19, 1, 19, tzinfo=UTC), "x", "jsonld", True)
    bare = FoundDate(datetime(2019, 11, 18, tzinfo=UTC), "y", "meta", False)
    shown = FoundDate(datetime(2019, 11, 18, tzinfo=UTC), "z", "text", False)
    # 1:19 UTC is the 18th west of UTC: reconcile() reads it, the order is not changed
    assert published._shown_first([utc, bare], [shown]) == [utc, bare]
    far = FoundDate(datetime(2019, 11, 10, tzinfo=UTC), "y", "meta", False)
    later = FoundDate(datetime(2019, 11, 18, 9, tzinfo=UTC), "w", "meta", True)
    assert published._shown_first([far, later], [None, shown]) == [later, far]


def test_a_generic_date_meta_yields_to_the_byline():
    html = """<meta name="date" content="2021-12-20T11:02:44+01:00">
    <h1>Headline</h1><p>27.01.2022</p><p>Long article text here.</p>"""
    assert dates_of(html).published.value.date().isoformat() == "2022-01-27"


def test_a_generic_date_meta_yields_to_the_first_date_shown_without_a_byline():
    html = """<meta name="date" content="2020-02-12"><ul><li>Über uns</li><li>News</li></ul>
    <div class="date">05.02.2020 - Redaktion: Eberhard Beispiel (Pressesprecher)</div>
    <h1>Faire Lieferketten</h1><h2>Aktionen planen, die was bewegen</h2>
    <p>Eine Initiative aus Jugendverbänden hat sich zusammengetan, um sie zu unterstützen.</p>
    <p>Deshalb lädt der Weltdienst vom 6. - 7. März 2020 zum Workshop ein.</p>"""
    found = dates_of(html, headline="Faire Lieferketten").published
    assert found.value.date().isoformat() == "2020-02-05"


def test_a_generic_date_meta_shown_first_is_kept():
    html = """<meta name="date" content="2022-02-07">
    <h1>Headline</h1><p>Datum der Meldung: 07.02.2022</p><p>Folsäure ist wichtig 02.02.2022</p>"""
    assert dates_of(html).published.value.date().isoformat() == "2022-02-07"


def test_a_specific_meta_is_not_overridden_by_a_different_byline():
    html = """<meta property="article:published_time" content="2021-12-20T11:02:44+01:00">
    <h1>Headline</h1><p>27.01.2022</p>"""
    assert dates_of(html).published.value.date().isoformat() == "2021-12-20"


def test_time_element_of_an_embedded_post_is_ignored():
    html = """<h1>Headline</h1><p>Por: Agencia | 17 de Febrero 2020</p>
    <blockquote class="instagram-media"><p>A post shared by someone
    <time datetime="2020-02-16T23:02:32+00:00">Feb 16, 2020</time></p></blockquote>"""
    assert dates_of(html).published.value.date().isoformat() == "2020-02-17"


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/2023/10/3-fragen-an-jemand/", None),
        ("/2023/10/03/drei-fragen/", "2023-10-03"),
        ("/2019-12-9-title", "2019-12-09"),
    ],
)
def test_a_slug_starting_with_a_number_is_not_a_day(path, day):
    found = dates.date_from_url("https://x.example.com" + path, now=NOW)
    assert (found.value.date().isoformat() if found else None) == day


def test_htmldate_is_not_asked_when_no_day_is_written_near_a_year(monkeypatch):
    import htmldate

    def fail(*args, **kwargs):
        raise AssertionError("htmldate called")

    monkeypatch.setattr(htmldate, "find_date", fail)
    root = parse_html("<h1>Headline</h1><p>第3期 no full date here, only 2001 as a year</p>"[:38])
    assert published._htmldate_fallback(root, "", None, tz="UTC", now=NOW) is None
    assert published.ANY_DAY_NEAR_YEAR.search("am 5. Juli 2019")
    assert published.ANY_DAY_NEAR_YEAR.search("2019-07-05")
    assert not published.ANY_DAY_NEAR_YEAR.search("<p>Volume 2001</p>")
