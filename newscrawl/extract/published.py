"""Where on a page the publication and modification dates are, in order of trust.

Parsing one date string is ``newscrawl.extract.dates``' job; this module decides *which* strings to
parse: JSON-LD, then ``<meta>`` tags, then ``<time datetime>`` in the article, then labeled lines
near the headline ("发布时间：…", "Published …"), then the first plausible date near the headline,
then the URL. Structured sources come first because publishers fill them for search engines; text is
searched only near the headline because sidebars, comment threads and footers (copyright years) are
full of other dates. Metadata instants are then shown in the publisher's own UTC offset, learned
from the wall-clock time the page displays (:func:`reconcile`), so the published *day* is the
reader's day, not UTC's.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from lxml import etree, html

from newscrawl.extract import dates
from newscrawl.extract.metadata import MODIFIED_META_KEYS, PUBLISHED_META_KEYS, PageMetadata
from newscrawl.extract.tree import collapse
from newscrawl.items import FoundDate

#: ``<time>`` elements that are about the article (not comments or related links).
TIME_XPATH = (
    "//time[@datetime or @pubdate] | //*[@itemprop='datePublished' or @itemprop='dateModified']"
    " | //abbr[@title][contains(@class,'published') or contains(@class,'updated')]"
    " | //*[@content][contains(@property,'dc:date') or contains(@property,'dateCreated')"
    " or contains(@property,'datePublished')]"
)
#: class/id tokens of ancestors whose dates are not the article's ("comment-list", "related",
#: "sidebar-widget"); a token must start with the word, so a layout class on <body> such as
#: "has-sidebar" does not disqualify the whole page.
FOREIGN_DATE_CONTAINER = re.compile(
    r"^(?:comments?|commentlist|related|recommend\w*|sidebar|footer|widget|popular|trending|"
    r"more-stories|read-?more|teaser-list|instagram-media|twitter-tweet|tiktok-embed)(?:$|[-_])",
    re.IGNORECASE,
)
#: class/id tokens of a comment thread's containers (a subset of :data:`FOREIGN_DATE_CONTAINER`).
COMMENT_CONTAINER = re.compile(r"^(?:comments?|commentlist)(?:$|[-_])", re.IGNORECASE)
#: Ancestors whose dates belong to someone else: the footer, and quoted or embedded posts
#: (an Instagram or Twitter embed is a ``<blockquote>`` carrying the post's own ``<time>``).
QUOTING_TAGS = frozenset({"footer", "blockquote"})
#: Ancestors that are the page or the article itself: their classes say nothing about one date.
PAGE_LEVEL_TAGS = frozenset({"html", "body", "main", "article"})
#: An ISO-8601 value ending with its zone ("Z", "+02:00", "-0500").
_STATED_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d)\s*$", re.IGNORECASE)
#: Markers in class/id/itemprop of a date that was an update, not the publication.
MODIFIED_MARKER = re.compile(r"modif|updat|edited|lastmod", re.IGNORECASE)
PUBLISHED_MARKER = re.compile(r"publi|created|posted", re.IGNORECASE)
#: Lines searched before and after the headline for visible dates.
LINES_BEFORE_HEADLINE = 3
LINES_AFTER_HEADLINE = 30
#: Without a located headline, lines above the body text are searched...
LINES_ABOVE_BODY = 15
#: ...and without either, the first lines of the page (navigation included) are searched.
LINES_WITHOUT_HEADLINE = 80
#: Footer lines: their years are copyright, never publication.
COPYRIGHT_LINE = re.compile(
    r"©|copyright|版权所有|\(c\)\s*\d{4}|all rights reserved", re.IGNORECASE
)
#: An embedded post's attribution: a social account in parentheses ("— Name (@handle) March 16,
#: 2020", "Ein Beitrag geteilt von Name (@handle) am ..."). Its date is the post's.
EMBED_ATTRIBUTION = re.compile(r"\(@[A-Za-z0-9_.]{1,30}\)")
#: Wall-clock offsets come in quarter hours; a visible time may be rounded to the minute.
OFFSET_STEP = timedelta(minutes=15)
WALL_CLOCK_SLACK = timedelta(minutes=2)
MAX_OFFSET = timedelta(hours=14)
#: A visible date at most this far from a bare metadata day is preferred to it (time zones).
VISIBLE_DAY_OVERRIDE = timedelta(days=1)
#: A visible byline date at most this far from UTC metadata is preferred to it (re-saves, zones).
BYLINE_OVERRIDE_DAYS = timedelta(days=2)
#: The zones in use span UTC-12 to UTC+14: the local days a UTC instant can fall on.
WESTMOST_OFFSET = timedelta(hours=-12)
EASTMOST_OFFSET = timedelta(hours=14)
#: A URL's date this far from the found date replaces it (see :func:`_url_day_check`).
URL_DAY_MIN_GAP = timedelta(days=2)
#: ... and a bare day shown in the text this far from it (a date line one day off the URL's).
BARE_DAY_URL_GAP = timedelta(days=1)
#: A year written out in a shown date ("29 juin 2019"), unlike a relative one ("1 day ago").
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: Oldest publication year believed; older "dates" are usually history mentioned in the text.
EARLIEST_YEAR = 1990
#: How far into the future (relative to the fetch) a publication date may be (time zones, embargo).
FUTURE_SLACK = timedelta(days=2)


@dataclass(frozen=True)
class PageDates:
    """The publication and modification dates found on a page (each may be missing)."""

    published: FoundDate | None
    modified: FoundDate | None


def find_page_dates(
    root: html.HtmlElement,
    meta: PageMetadata,
    lines: list[str],
    url: str,
    *,
    headline: str | None,
    tz: str,
    now: datetime | None,
    body_start: int | None = None,
    day_first: bool | None = None,
) -> PageDates:
    """Run the cascade for both dates; a modified date is never taken for the published one.

    ``body_start`` is the index in ``lines`` where the article text starts, when known;
    ``day_first`` how to read 05/07/2019 (default: from the page, :func:`dates.day_first_for`).
    """
    if day_first is None:
        day_first = dates.day_first_for(meta.html_lang, url, "\n".join(lines))
    elements = date_elements(root)  # one tree search, read by the steps below
    window = _without_comment_dates(headline_window(lines, headline, body_start), elements)
    labeled: dict[str, FoundDate] | None = None  # parsed only when needed: text scans are costly

    def labeled_dates() -> dict[str, FoundDate]:
        nonlocal labeled
        if labeled is None:
            labeled = _labeled(window, tz=tz, now=now, day_first=day_first)
        return labeled

    structured = _structured_published(elements, meta, tz, now, day_first)
    shown = _time_element_text(elements, tz=tz, now=now, day_first=day_first)
    byline = labeled_dates().get("published") or shown
    first_text = _first_text_date(window, tz=tz, now=now, day_first=day_first)
    modified = (
        _structured(meta.jsonld.get("dateModified"), "jsonld", tz, now, day_first)
        or _meta_date(meta, MODIFIED_META_KEYS, tz, now, day_first)
        or _time_element(elements, modified=True, tz=tz, now=now, day_first=day_first)
        or labeled_dates().get("modified")
    )
    structured = _shown_first(structured, [byline, first_text])
    shown_date = byline or first_text
    if structured and shown_date and _generic_meta_only(meta, structured[0]):
        structured = [] if _differs(structured[0], shown_date, first_text, modified) else structured
    if structured:
        published: FoundDate | None = reconcile(
            structured[0], byline, [first_text, *structured[1:]], visible=[shown, first_text],
            modified=modified,
        )
    else:
        published = (
            byline or first_text or _plausible(dates.date_from_url(url, tz=tz, now=now), now)
        )
    if published is None:
        published = _htmldate_fallback(root, url, modified, tz=tz, now=now, day_first=day_first)
    else:
        published = _url_day_check(published, dates.date_from_url(url, tz=tz, now=now))
    return PageDates(published=published, modified=modified)


def _shown_first(structured: list[FoundDate], shown: list[FoundDate | None]) -> list[FoundDate]:
    """Metadata candidates with the one the page shows first.

    Pages often carry several publication values (JSON-LD, ``article:published_time``,
    ``dc.date.issued``) that disagree after a re-publication; the one whose day the byline (or
    else the first date near the headline) shows is the publisher's current statement.
    """
    visible = [c for c in shown if c is not None]
    if len(structured) < 2 or any(_day_possible(structured[0], c, None) for c in visible):
        return structured  # the first value can mean a day the page shows: reconcile() decides
    for day in (c.value.date() for c in visible):
        match = next(
            (c for c in structured[1:] if c.source in METADATA_SOURCES and c.value.date() == day),
            None,
        )
        if match is not None:
            return [match, *(c for c in structured if c is not match)]
    return structured


#: Where a machine-readable publication value comes from (not a ``<time>``, whose own text is
#: the "shown" date it would be checked against).
METADATA_SOURCES = frozenset({"jsonld", "meta"})
#: ``<meta>`` names that say only "a date" (CMS templates fill them with the page's generation or
#: last edit), unlike ``article:published_time`` or JSON-LD ``datePublished``.
GENERIC_DATE_META_KEYS = frozenset({"date", "dc.date", "dcterms.date"})


def _generic_meta_only(meta: PageMetadata, first: FoundDate) -> bool:
    """The best metadata value came from a generic ``date`` meta (nothing more specific)."""
    if first.source != "meta":
        return False
    key = next((k for k in PUBLISHED_META_KEYS if meta.meta.get(k)), None)
    return key in GENERIC_DATE_META_KEYS


def _differs(
    structured: FoundDate,
    byline: FoundDate,
    first_text: FoundDate | None,
    modified: FoundDate | None,
) -> bool:
    """The byline is on another day than a generic meta date, the first date near the headline
    is not the meta's day either, and the byline is not on a revision's day."""
    day = byline.value.date()
    shown_first = first_text is not None and first_text.value.date() == structured.value.date()
    if day == structured.value.date() or shown_first:
        return False
    return modified is None or modified.value.date() != day


def _url_day_check(published: FoundDate, from_url: FoundDate | None) -> FoundDate:
    """The URL's day when the found date falls on another day.

    A CMS writes the publication day into the article's URL once, when it is first published, in
    the publisher's own calendar; metadata and ``<time>`` values are often a later revision, the
    server's UTC instant, or a template's default. The URL's day replaces a found date
    :data:`URL_DAY_MIN_GAP` or more away from it, and a bare day read from the page's text one
    day away (an instant's day is left to :func:`reconcile`, which knows its zone).
    """
    if from_url is None or from_url.value.date() == published.value.date():
        return published
    gap = abs(from_url.value.date() - published.value.date())
    if gap >= URL_DAY_MIN_GAP:
        return from_url
    shown_day = published.source == "text" and not published.has_time
    return from_url if shown_day and gap == BARE_DAY_URL_GAP else published


def date_elements(root: html.HtmlElement) -> list[html.HtmlElement]:
    """The page's ``<time>`` and itemprop date elements, in document order (:data:`TIME_XPATH`).

    One pass over the elements in Python: an XPath union walks the tree once per branch, and this
    is the one full-tree walk of the date cascade.
    """
    return [element for element in root.iter(etree.Element) if _is_date_element(element)]


def _is_date_element(element: html.HtmlElement) -> bool:
    """What :data:`TIME_XPATH` selects, tested on one element."""
    attrib = element.attrib
    if not attrib:
        return False
    if attrib.get("itemprop") in ("datePublished", "dateModified"):
        return True
    tag = element.tag
    if tag == "time":
        return "datetime" in attrib or "pubdate" in attrib
    if tag == "abbr" and "title" in attrib:
        classes = attrib.get("class", "")
        return "published" in classes or "updated" in classes
    if "content" in attrib and "property" in attrib:
        prop = attrib["property"]
        return "dc:date" in prop or "dateCreated" in prop or "datePublished" in prop
    return False


def _structured_published(
    elements: list[html.HtmlElement],
    meta: PageMetadata,
    tz: str,
    now: datetime | None,
    day_first: bool = False,
) -> list[FoundDate]:
    """Publication dates from JSON-LD, ``<meta>`` and ``<time>``, strongest first (``<time>`` is
    parsed only when metadata is missing or gives an instant whose local day it may tell)."""
    candidates = [
        _structured(
            meta.jsonld.get("datePublished") or meta.jsonld.get("dateCreated"), "jsonld", tz, now
        ),
        *(
            _structured(meta.meta.get(key), "meta", tz, now, day_first)
            for key in PUBLISHED_META_KEYS
        ),
    ]
    found = [date for date in candidates if date is not None]
    if not found or _needs_local_day(found[0]):  # <time> is parsed only when it can matter
        element = _time_element(elements, modified=False, tz=tz, now=now, day_first=day_first)
        found += [element] if element else []
    return found


def _needs_local_day(found: FoundDate) -> bool:
    """An instant: its calendar day may not be the publisher's (UTC metadata, or a CMS writing
    UTC wall time with the local offset), so what the page shows is consulted (see
    :func:`reconcile`). A bare day is the publisher's day already."""
    return found.has_time


def reconcile(
    structured: FoundDate,
    byline: FoundDate | None,
    others: list[FoundDate | None],
    *,
    visible: list[FoundDate | None] = (),
    modified: FoundDate | None = None,
) -> FoundDate:
    """The publisher's local publication date, from metadata and what the page shows.

    Metadata is often in UTC while readers see local time, so a US evening article is dated the
    next day in JSON-LD. When a visible date (or another metadata value) shows the same instant in
    local wall-clock time, the page's UTC offset follows, and the metadata instant is returned in
    that offset; one showing it in the metadata's own offset confirms the metadata as it is (a
    header clock a few hours later must not lend a made-up offset).

    ``visible`` are other dates the page shows near the headline (a ``<time>``'s text, the first
    unlabeled date). When nothing the page shows falls on the metadata's day, the page's own date
    is the publisher's day: metadata a day off is a UTC instant, a server clock, or a re-save.
    The byline (labeled, or a ``<time>``'s text: the publisher's statement) wins when it is a day
    or two from a UTC instant (:data:`BYLINE_OVERRIDE_DAYS`); else the byline, or failing it the
    first of ``visible``, wins when it is a day the metadata can mean (a bare day give or take
    one, a day the UTC instant falls on in some zone). An instant with a local offset already is
    the publisher's day and is kept. A shown date on the day of a later revision (``modified``)
    is the update's, never taken for the publication.

    A ``<time>`` element's machine value is often not the article's (a header's today, a cache's
    timestamp, a related post's): when metadata from one is kept as it is, a dated line the page
    shows (with its year; not a relative "1 day ago") on another day is the publisher's date.
    """
    found = _reconcile_metadata(structured, byline, others, list(visible), modified)
    if found is structured and _shown_over_time_element(structured, byline, modified):
        return byline
    return found


def _shown_over_time_element(structured: FoundDate, byline: FoundDate | None,
                             modified: FoundDate | None) -> bool:
    """A dated line with its year, on another day than a ``<time>`` value (see :func:`reconcile`)."""
    return (
        structured.source == "time-element"
        and byline is not None
        and byline.source == "text"
        and bool(_YEAR_IN_TEXT.search(byline.raw or ""))
        and byline.value.date() != structured.value.date()
        and not _revision_day(structured, byline, modified)
    )


def _reconcile_metadata(structured: FoundDate, byline: FoundDate | None,
                        others: list[FoundDate | None], visible: list[FoundDate | None],
                        modified: FoundDate | None) -> FoundDate:
    """:func:`reconcile` for metadata values of every source."""
    shown = [c for c in (byline, *visible) if c is not None]
    own = structured.value.utcoffset()
    if any(_wall_clock_offset(structured, c) == timezone(own) for c in shown if own is not None):
        return structured
    candidates = [c for c in (byline, *others) if c is not None]
    if own:
        mislabeled = next((_utc_wall_time(structured, c) for c in candidates
                           if _utc_wall_time(structured, c) is not None), None)
        if mislabeled is not None:
            return mislabeled
    offsets = [_wall_clock_offset(structured, c) for c in candidates]
    # An instant that states a local offset of its own is shifted only into an offset some zone
    # uses: a shown time that is another instant (an update's, 46 minutes later) would otherwise
    # lend it a made-up one (+06:15 for +05:30).
    shifted = next((o for o in offsets if o is not None and o.utcoffset(None)
                    and (not own or o.utcoffset(None) in _zone_offsets())), None)
    if shifted is not None:
        return FoundDate(structured.value.astimezone(shifted), structured.raw, structured.source, True)
    if any(c.value.date() == structured.value.date() for c in shown):
        return structured
    if structured.has_time and own:
        return structured  # a local instant is the publisher's day already
    if byline is not None and _byline_wins(structured, byline, modified):
        return byline
    first = next((c for c in visible if c is not None), None)
    if first is not None and _day_possible(structured, first, modified):
        return first
    return structured


def _byline_wins(structured: FoundDate, byline: FoundDate, modified: FoundDate | None) -> bool:
    """A byline a day or two from UTC metadata, or on a day the metadata instant has somewhere."""
    in_utc = structured.has_time and not structured.value.utcoffset()
    gap = abs(byline.value.date() - structured.value.date())
    if in_utc and gap <= BYLINE_OVERRIDE_DAYS and not _revision_day(structured, byline, modified):
        return True
    return _day_possible(structured, byline, modified)


def _day_possible(structured: FoundDate, shown: FoundDate, modified: FoundDate | None) -> bool:
    """``shown``'s day is one the metadata can mean: a bare day give or take one, an instant's
    day in some zone (UTC-12 to UTC+14); and not the day of a later revision."""
    day = shown.value.date()
    if _revision_day(structured, shown, modified):
        return False
    if not structured.has_time:
        return abs(day - structured.value.date()) <= VISIBLE_DAY_OVERRIDE
    instant = structured.value.astimezone(UTC)
    return (instant + WESTMOST_OFFSET).date() <= day <= (instant + EASTMOST_OFFSET).date()


def _revision_day(structured: FoundDate, shown: FoundDate, modified: FoundDate | None) -> bool:
    """``shown`` falls on the day of a revision made a day or more after the publication."""
    if modified is None or modified.value.date() != shown.value.date():
        return False
    return modified.value - structured.value >= VISIBLE_DAY_OVERRIDE


def _utc_wall_time(structured: FoundDate, visible: FoundDate) -> FoundDate | None:
    """``structured`` read as a CMS wrote it, when ``visible`` shows that: the UTC wall-clock time
    labeled with the local offset ("04:31-06:00" for a page showing 22:31 the evening before).
    The instant is then the wall time in UTC, shown in the offset the label gives."""
    if not (structured.has_time and visible.has_time) or visible.source != "text":
        return None
    own = structured.value.utcoffset()
    wall = structured.value.replace(tzinfo=None)
    if abs(visible.value.replace(tzinfo=None) - (wall + own)) > WALL_CLOCK_SLACK:
        return None
    value = wall.replace(tzinfo=UTC).astimezone(timezone(own))
    return FoundDate(value, structured.raw, structured.source, True)


@functools.lru_cache(maxsize=1)
def _zone_offsets() -> frozenset[timedelta]:
    """The UTC offsets the time zones of the tz database use, in winter and in summer."""
    import zoneinfo

    offsets = set()
    for name in zoneinfo.available_timezones():
        zone = zoneinfo.ZoneInfo(name)
        for month in (1, 7):
            offsets.add(datetime(2024, month, 15, 12, tzinfo=zone).utcoffset())
    return frozenset(offsets)


def _wall_clock_offset(structured: FoundDate, visible: FoundDate) -> timezone | None:
    """The UTC offset under which ``visible``'s wall-clock time is ``structured``'s instant.

    A metadata value that states its own zone is an instant, not a wall clock: it gives its
    offset only when it is the same instant (a modified time 58 minutes before a UTC publication
    time must not read as a page at UTC-1).
    """
    if not (structured.has_time and visible.has_time):
        return None
    if visible.source != "text" and _STATED_ZONE.search(visible.raw or ""):
        same = visible.value == structured.value
        return timezone(visible.value.utcoffset()) if same and visible.value.utcoffset() else None
    utc_wall = structured.value.astimezone(UTC).replace(tzinfo=None)
    delta = visible.value.replace(tzinfo=None) - utc_wall
    quarters = round(delta / OFFSET_STEP)
    if (
        abs(delta - quarters * OFFSET_STEP) > WALL_CLOCK_SLACK
        or abs(quarters * OFFSET_STEP) > MAX_OFFSET
    ):
        return None
    return timezone(quarters * OFFSET_STEP)


def parse_override(
    text: str, *, tz: str, now: datetime | None, day_first: bool = False
) -> FoundDate | None:
    """A date read by a per-site selector: the whole text, else a labeled/unlabeled date in it."""
    found = dates.parse_date(text, tz=tz, now=now, day_first=day_first, source="override")
    if found is None:
        found = dates.find_labeled_dates(text, tz=tz, now=now, day_first=day_first).get("published")
        found = found or next(
            iter(dates.find_text_dates(text, tz=tz, now=now, day_first=day_first)), None
        )
    if found is not None and found.source != "override":
        found = FoundDate(found.value, found.raw, "override", found.has_time)
    return found


def headline_window(
    lines: list[str], headline: str | None, body_start: int | None = None
) -> list[str]:
    """The visible lines around the headline, without copyright lines and embedded posts'
    attributions (:data:`EMBED_ATTRIBUTION`).

    The headline also appears in sidebars and "read next" lists, so the occurrence nearest above
    the body text is taken; without one, the lines above the body start, else the page top. A line
    that is the headline is preferred to one that quotes it ('The article "Headline" was
    published on ...' closing the body).
    """
    key = re.sub(r"\s+", "", headline or "")
    probe = (headline or "").split()[0] if key else ""  # cheap test before the whitespace strip
    hits = [
        i
        for i, line in enumerate(lines)
        if key and probe in line and key in re.sub(r"\s+", "", line)
    ]
    if body_start is not None:
        above = [i for i in hits if i <= body_start]
        whole = [i for i in above if re.sub(r"\s+", "", lines[i]) == key]
        hits = (whole or above)[-1:]
    if hits:
        start, end = max(0, hits[0] - LINES_BEFORE_HEADLINE), hits[0] + LINES_AFTER_HEADLINE
    elif body_start is not None:
        start, end = max(0, body_start - LINES_ABOVE_BODY), body_start + LINES_AFTER_HEADLINE
    else:
        start, end = 0, LINES_WITHOUT_HEADLINE
    return [line for line in lines[start:end]
            if not COPYRIGHT_LINE.search(line) and not EMBED_ATTRIBUTION.search(line)]


def _plausible(found: FoundDate | None, now: datetime | None) -> FoundDate | None:
    """Drop dates before :data:`EARLIEST_YEAR` or after the fetch."""
    if found is None or found.value.year < EARLIEST_YEAR:
        return None
    if now is not None and now.tzinfo is not None and found.value > now + FUTURE_SLACK:
        return None
    return found


def _structured(
    value: object, source: str, tz: str, now: datetime | None, day_first: bool = False
) -> FoundDate | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not value.strip():
        return None
    return _plausible(
        dates.parse_date(value.strip(), tz=tz, now=now, day_first=day_first, source=source), now
    )


def _meta_date(
    meta: PageMetadata,
    keys: tuple[str, ...],
    tz: str,
    now: datetime | None,
    day_first: bool = False,
) -> FoundDate | None:
    for key in keys:
        found = _structured(meta.meta.get(key), "meta", tz, now, day_first)
        if found:
            return found
    return None


def _time_element(
    elements: list[html.HtmlElement],
    *,
    modified: bool,
    tz: str,
    now: datetime | None,
    day_first: bool = False,
) -> FoundDate | None:
    """The first ``<time>`` (or itemprop date) outside comments and related links."""
    for element in elements:
        if _is_modified(element) != modified or _in_foreign_container(element):
            continue
        raw = (
            element.get("datetime")
            or element.get("content")
            or (element.get("title") if element.tag == "abbr" else None)
            or collapse(element.text_content())
        )
        found = _structured(raw, "time-element", tz, now, day_first)
        if found:
            return found
    return None


def _time_element_text(
    elements: list[html.HtmlElement], *, tz: str, now: datetime | None, day_first: bool = False
) -> FoundDate | None:
    """The date a ``<time>`` element shows to readers (its text, not its attribute)."""
    for element in elements:
        text = collapse(element.text_content())
        if not text or _is_modified(element) or MODIFIED_MARKER.search(text[:12]):
            continue
        if _in_foreign_container(element):
            continue
        found = _plausible(
            dates.parse_date(text, tz=tz, now=now, day_first=day_first, source="time-element"), now
        )
        if found:
            return found
    return None


def _is_modified(element: html.HtmlElement) -> bool:
    """Marked as an update ("updated", "dateModified") and not also as the publication
    (WordPress writes class="entry-date published updated" on the one date it shows)."""
    marks = " ".join(
        filter(None, (element.get("class"), element.get("id"), element.get("itemprop")))
    )
    return bool(MODIFIED_MARKER.search(marks)) and not PUBLISHED_MARKER.search(marks)


def _in_foreign_container(element: html.HtmlElement) -> bool:
    """Inside a footer, comment thread, related-links list or sidebar widget."""
    return _inside(element, FOREIGN_DATE_CONTAINER, QUOTING_TAGS)


def _in_comment_thread(element: html.HtmlElement) -> bool:
    """Inside a readers' comment thread."""
    return _inside(element, COMMENT_CONTAINER)


def _inside(
    element: html.HtmlElement, container: re.Pattern[str], tags: frozenset[str] = frozenset()
) -> bool:
    """An ancestor is one of ``tags``, or has a class/id token ``container`` matches (ancestors
    that are the page or the article itself, :data:`PAGE_LEVEL_TAGS`, are not judged by class)."""
    for ancestor in element.iterancestors():
        if ancestor.tag in tags:
            return True
        if ancestor.tag in PAGE_LEVEL_TAGS:
            continue
        tokens = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".split()
        if any(container.match(token) for token in tokens):
            return True
    return False


def _without_comment_dates(window: list[str], elements: list[html.HtmlElement]) -> list[str]:
    """``window`` without the lines that are the shown date of a reader's comment.

    Under a short article the headline window reaches the comment thread, where a comment's
    ``<time>`` stands on a line of its own and reads like a byline ("August 3, 2019 at 4:11 am").
    A line is left when a date element outside the comments shows the same text.
    """
    if not elements:
        return window
    in_comments: set[str] = set()
    elsewhere: set[str] = set()
    for element in elements:
        text = collapse(element.text_content())
        if text:
            (in_comments if _in_comment_thread(element) else elsewhere).add(text)
    dropped = in_comments - elsewhere
    return [line for line in window if line not in dropped] if dropped else window


def _labeled(
    window: list[str], *, tz: str, now: datetime | None, day_first: bool = False
) -> dict[str, FoundDate]:
    found = dates.find_labeled_dates("\n".join(window), tz=tz, now=now, day_first=day_first)
    return {key: value for key, value in found.items() if _plausible(value, now)}


def _htmldate_fallback(
    root: html.HtmlElement,
    url: str,
    modified: FoundDate | None,
    *,
    tz: str,
    now: datetime | None,
    day_first: bool = False,
) -> FoundDate | None:
    """Last resort: htmldate's (Apache-2.0, a trafilatura dependency) wider heuristics, which read
    dates in many languages and layouts the rules above do not (German "7. Juli 2019", French
    "27 juin 2019", CMS data in scripts). Its answer is kept only if the page writes that day
    out in full (htmldate also guesses from a bare copyright year) and it is not the page's
    modification day; only the day is kept, as a text date without a time."""
    source = etree.tostring(root, encoding="unicode")
    if not ANY_DAY_NEAR_YEAR.search(source):
        return None  # no answer could pass _day_written_out: htmldate's ~5 ms are saved
    try:
        from htmldate import find_date  # deferred: heavy import, needed on few pages

        _limit_htmldate_languages()
        day = find_date(
            copy.deepcopy(root), original_date=True, url=url or None, max_date=_max_day(now)
        )
    except Exception:  # a dependency's bug must not lose the page
        return None
    found = (
        dates.parse_date(day, tz=tz, now=now, day_first=day_first, source="text") if day else None
    )
    if found is None or (modified is not None and modified.value.date() == found.value.date()):
        return None
    if not _day_written_out(source, found.value):
        return None
    return _plausible(FoundDate(found.value, f"htmldate:{day}", "text", has_time=False), now)


#: Languages htmldate's free-text search may read dates in. htmldate hands dateparser no language,
#: and dateparser then tries every one of its ~200 locales on each string, compiling each one's
#: patterns: about 40 MB per worker process, kept for the life of the process. These are the
#: languages of nearly all news on the web.
HTMLDATE_LANGUAGES = (
    "en", "zh", "ja", "ko", "de", "fr", "es", "pt", "it", "nl", "pl", "ru", "uk", "cs", "sk", "sv",
    "da", "nb", "fi", "hu", "ro", "tr", "el", "ar", "he", "fa", "hi", "id", "ms", "vi", "th",
)


#: htmldate's own dateparser settings (htmldate 1.9, ``extractors.get_external_parser``).
HTMLDATE_PARSER_SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}


@functools.cache
def _limit_htmldate_languages() -> None:
    """Give htmldate a dateparser restricted to :data:`HTMLDATE_LANGUAGES`, once per process.

    htmldate builds its parser in ``htmldate.extractors.get_external_parser`` (a cached factory
    looked up at call time); we replace that factory with one that passes the languages and
    otherwise htmldate's own settings (:data:`HTMLDATE_PARSER_SETTINGS`). If a later htmldate
    moves it, nothing is replaced.
    """
    try:
        from dateparser import DateDataParser
        from htmldate import extractors
    except ImportError:
        return
    if not callable(getattr(extractors, "get_external_parser", None)):
        return

    @functools.cache
    def get_external_parser():  # noqa: ANN202 - dateparser's parser object
        return DateDataParser(languages=list(HTMLDATE_LANGUAGES),
                              settings=dict(HTMLDATE_PARSER_SETTINGS))

    extractors.get_external_parser = get_external_parser


def compile_date_parsers() -> None:
    """Compile now the patterns that htmldate's dateparser compiles on first use.

    dateparser compiles a language's patterns the first time a string reaches that language, and
    a string that no language reads reaches every one of :data:`HTMLDATE_LANGUAGES`: about half a
    second, otherwise spent in the middle of whichever page first needs it. The crawl's worker
    processes call this when they start.
    """
    _limit_htmldate_languages()
    try:
        from htmldate import extractors

        extractors.get_external_parser().get_date_data("newscrawl 0")  # read by no language
    except Exception:  # noqa: BLE001 - a dependency's change must not stop a worker starting
        return


#: Any day number within a few characters of a year: what :func:`_day_written_out` looks for,
#: with every day and year at once (a page without it cannot pass that test).
ANY_DAY_NEAR_YEAR = re.compile(
    r"(?<!\d)\d{1,3}(?!\d)[^<>\d]{0,20}(?:\d{1,2}[^<>\d]{1,3})?(?:19|20)\d\d"
    r"|(?:19|20)\d\d\D{1,3}\d{1,2}\D{1,3}\d{1,3}(?!\d)"
)


def _day_written_out(source: str, value: datetime) -> bool:
    """The page's source holds the day's number within a few characters of its year."""
    day, year = rf"(?<!\d)0?{value.day}(?!\d)", str(value.year)
    day_first = rf"{day}[^<>\d]{{0,20}}(?:\d{{1,2}}[^<>\d]{{1,3}})?{year}"
    year_first = rf"{year}\D{{1,3}}\d{{1,2}}\D{{1,3}}{day}"
    near = f"{day_first}|{year_first}"
    return re.search(near, source) is not None


def _max_day(now: datetime | None) -> str | None:
    return (now + FUTURE_SLACK).date().isoformat() if now is not None else None


def _first_text_date(
    window: list[str], *, tz: str, now: datetime | None, day_first: bool = False
) -> FoundDate | None:
    """The first unlabeled date with digits: a bare "刚才"/"just now" in prose dates nothing."""
    for found in dates.find_text_dates("\n".join(window), tz=tz, now=now, day_first=day_first):
        if _plausible(found, now) and any(ch.isdigit() for ch in found.raw):
            return found
    return None
