"""The headline a reader sees at the top of the article.

``<title>`` and ``og:title`` are written for search engines and share buttons: they carry site names
("… - 晨光新闻网", "… | The Verge", "…_新浪网"), section names and sometimes a different wording.
The visible headline is usually the article's ``<h1>``, but old portals have none and some sites
use ``<h1>`` for their logo. So every machine-readable title is cut at its separators into
candidate pieces, and the piece that a reader can actually see on the page, as a whole block of
text, wins; an ``<h1>`` that agrees with the metadata wins over everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from lxml import html

from newscrawl.extract.body import first_prose, reads_as_prose
from newscrawl.extract.metadata import PageMetadata
from newscrawl.extract.tree import collapse, document_elements, visible_text

#: Separators between a headline and site/section names in ``<title>`` and ``og:title``.
TITLE_SEPARATORS = re.compile(
    r"\s+[|\-–—:·»/]+\s+|\s*[_｜|]\s*|\s*[－—]{1,2}\s*|\s+::\s+|\s{2,}"
    r"|(?<=[\u3400-\u9fff）)」”》])-{1,2}(?=[\u3400-\u9fffA-Za-z])"
)
#: Longest text still taken for a headline (longer blocks are paragraphs).
MAX_TITLE_CHARS = 300
#: Elements searched for the visible headline when the page has no matching ``<h1>``: these tags,
#: and any element with "title" in its class or id.
HEADLINE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "strong", "b", "font", "span", "td", "div", "p", "center", "a"}
)
HEADLINE_MARKS = ("title",)
#: Most characters (whitespace aside) that the labels and separator debris cut from a visible
#: headline can add to it (FIELD_LABEL, HEADLINE_LABEL, TRAILING_SEPARATORS, icon glyphs).
MAX_LABEL_KEY_CHARS = 40
#: A category tag before a visible headline ("[湖湘文化]"), cut only when that makes it match.
HEADLINE_LABEL = re.compile(r"^[\[【][^\]】]{1,12}[\]】]\s*")
#: Similarity (Dice, words or CJK bigrams) an ``<h1>`` needs with a metadata title to count as
#: the same headline reworded.
H1_SIMILARITY = 0.5
#: A visible line taken as a piece of a metadata title needs this many characters and this share
#: of the title's length (a section name is a piece too, but a short one).
MIN_PIECE_CHARS = 6
PIECE_SHARE = 0.25
#: Only this many lines from the top are searched for title pieces (the rest is text and sidebars).
MAX_HEADLINE_LINE_INDEX = 400
#: class/id of headings that hold the site's logo or name rather than a headline.
LOGO_MARKER = re.compile(r"logo|site-?(title|name)|brand|masthead", re.IGNORECASE)
#: Lines above the body within which an ``<h1>`` is the article's headline.
H1_LINES_ABOVE_BODY = 20
#: The body may start with a byline or date above its headline: lines below the body start that
#: still count as "at the top of the article".
LINES_INTO_BODY = 3
#: Lines searched above the first body paragraph for an emphasized headline.
LINES_ABOVE_BODY = 15
#: Without emphasis, a line counts as the headline only among the first lines above the body, if
#: short and not ending like a sentence.
PLAIN_HEADLINE_LINES = 2
PLAIN_HEADLINE_MAX_CHARS = 60
SENTENCE_END = re.compile(r"[。.，,;；．]$")
#: Characters of the first paragraph used to find where the body starts among the page lines.
BODY_START_KEY_CHARS = 30
#: Page lines that may separate two consecutive body paragraphs (a caption or an ad the extractor
#: left out); paragraphs further apart are not one text.
BODY_CONTIGUOUS_GAP = 1
#: Elements whose text is emphasized the way headlines are: these tags, ``<font>`` with a size or
#: colour, and elements whose class (or id) names a title or headline.
EMPHASIS_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "b", "strong", "big"})
EMPHASIS_CLASS_MARKS = ("title", "Title", "headline", "bt")
EMPHASIS_ID_MARKS = ("title",)
#: Lines next to a headline that are not it: bylines, dates, counters, breadcrumbs.
NOT_A_HEADLINE = re.compile(
    r"(来源|作者|时间|日期|点击|浏览|编辑|发布|发表|阅读|评论|字号|\d{4}[-/年.]\d{1,2}|[>»→]|[:：]$"
    r"|^By\s|^Posted|^Published|^Updated|\|.*\||[:：]\s*[\d.]+$)",
    re.IGNORECASE,
)
#: A field label before a visible headline, always cut ("主题：", "标题:").
FIELD_LABEL = re.compile(r"^(?:主题|标题|题目|Title|Subject)\s*[:：]\s*", re.IGNORECASE)

#: Separator debris left at the end of a headline ("谁来埋单？- -").
TRAILING_SEPARATORS = re.compile(r"(?:\s*[-–—|_]){1,4}\s*$")
SEPARATOR_CHARS = frozenset("-–—|_")

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_NON_WORD = re.compile(r"[\W_]+")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def title_tag(root: html.HtmlElement) -> str | None:
    """The raw ``<title>`` text, whitespace collapsed (``<title>`` in an SVG is skipped)."""
    for element in _head_titles(root):
        return collapse(element.text_content()) or None
    return None


def _head_titles(root: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """``<title>`` children of ``<html>`` and of its ``<head>``, in document order (the parser
    puts every head title there; walking the whole tree for them costs as much as a parse)."""
    for child in root.iterchildren():
        if child.tag == "title":
            yield child
        elif child.tag == "head":
            yield from child.iterchildren("title")


@dataclass
class _Evidence:
    """What the title rules look at, gathered once per page."""

    root: html.HtmlElement
    lines: list[str]
    #: Index in ``lines`` where the body text starts, if known.
    start: int | None
    meta_titles: list[str]
    variants: list[str]
    site_names: list[str]
    h1s: list[str]


def choose_title(
    root: html.HtmlElement,
    meta: PageMetadata,
    url: str,
    *,
    lines: list[str] | None = None,
    first_paragraph: str | None = None,
    body_start: int | None = None,
) -> str | None:
    """The visible headline, or the best metadata title without its site affixes.

    ``lines`` are the page's visible block lines and ``body_start`` the index in them where the body
    text starts (else found from ``first_paragraph``, the body's first paragraph): with them, pages whose ``<title>`` is only the site's name still get the headline shown
    above the text. The rules, strongest first:

    1. an ``<h1>`` equal to a metadata title or a piece of one (not a trailing site name);
    2. an ``<h1>`` reworded from a metadata title, or shown shortly above the body text;
    3. a metadata title piece shown on the page, near the top of the article;
    4. the emphasized line just above the body text;
    5. a metadata title piece shown anywhere, the first ``<h1>``, the metadata title cut.
    """
    lines = lines or []
    if body_start is None:
        body_start = find_body_start(lines, first_paragraph)
    evidence = _gather(root, meta, url, lines, body_start)
    found = _h1_from_metadata(evidence) or _h1_near_body(evidence)
    if found:
        return found
    shown = _shown_piece(evidence)
    if shown and _above_body(shown, evidence.lines, evidence.start):
        return shown
    return (
        _headline_before_body(root, evidence.lines, evidence.start, evidence.site_names)
        or shown
        or _fallback(evidence)
    )


def _gather(
    root: html.HtmlElement,
    meta: PageMetadata,
    url: str,
    lines: list[str],
    start: int | None,
) -> _Evidence:
    sources = [
        meta.headline,
        meta.meta.get("og:title"),
        meta.meta.get("twitter:title"),
        title_tag(root),
    ]
    meta_titles = [cleaned for t in sources if t and (cleaned := clean_title(t))]
    site_names = _site_names(meta, url)
    # the sources often repeat one title: its pieces are found once
    pieces = {
        t: [v for v in segment_variants(t) if _plausible(v, site_names)]
        for t in dict.fromkeys(meta_titles)
    }
    h1s = [clean_title(visible_text(h)) for h in root.iter("h1") if not _is_logo(h)]
    return _Evidence(
        root=root,
        lines=lines,
        start=start,
        meta_titles=meta_titles,
        variants=[v for t in meta_titles for v in pieces[t]],
        site_names=site_names,
        h1s=[h for h in h1s if h and len(h) <= MAX_TITLE_CHARS and not _names_site(h, site_names)],
    )


def _h1_from_metadata(ev: _Evidence) -> str | None:
    """An ``<h1>`` that is one of the metadata titles (or a piece of one)."""
    variant_keys = {_key(v) for v in ev.variants}
    for h1 in ev.h1s:
        for candidate in (h1, FIELD_LABEL.sub("", h1), HEADLINE_LABEL.sub("", h1)):
            if _key(candidate) in variant_keys and not _short_edge_piece(candidate, ev.meta_titles):
                return candidate
    return None


def _h1_near_body(ev: _Evidence) -> str | None:
    """An ``<h1>`` reworded from a metadata title, else one shown shortly above the text."""
    plausible = [h for h in ev.h1s if _plausible(h, ev.site_names)]
    reworded = next((h for h in plausible if _reworded(h, ev.meta_titles)), None)
    return reworded or _h1_above_body(ev.h1s, ev.lines, ev.start, ev.meta_titles, ev.site_names)


def _shown_piece(ev: _Evidence) -> str | None:
    """The longer of: a metadata title piece that is a whole element's text, a visible line that
    is part of a metadata title."""
    whole = _visible_headline(ev.root, ev.variants) or ""
    part = _visible_piece(ev.lines, ev.variants, ev.meta_titles, ev.site_names) or ""
    return max(whole, part, key=len) or None


def _fallback(ev: _Evidence) -> str | None:
    """No headline shown anywhere: the first ``<h1>``, else the metadata title cut."""
    plausible = [h for h in ev.h1s if _plausible(h, ev.site_names)]
    if plausible and not ev.meta_titles:
        return plausible[0]
    if ev.meta_titles:
        return strip_site_affixes(ev.meta_titles[0], ev.site_names)
    return None


def clean_title(text: str | None) -> str:
    """Whitespace collapsed, private-use glyphs (icon fonts) removed, labels ("主题：") cut."""
    text = FIELD_LABEL.sub("", _PRIVATE_USE.sub("", collapse(text)))
    if text.rstrip()[-1:] in SEPARATOR_CHARS:  # the regex is slow to fail on every line
        text = TRAILING_SEPARATORS.sub("", text)
    return collapse(text)


def segment_variants(title: str) -> list[str]:
    """``title`` and every run of its separator-delimited pieces, longest first."""
    pieces = [p for p in TITLE_SEPARATORS.split(title) if p and p.strip()]
    if len(pieces) > 8:
        pieces = pieces[:8]
    spans = [m.span() for m in TITLE_SEPARATORS.finditer(title)]
    starts = [0] + [end for _, end in spans]
    ends = [start for start, _ in spans] + [len(title)]
    variants = {title}
    if len(starts) == len(pieces) and len(starts) <= 8:
        for i in range(len(pieces)):
            for j in range(i, len(pieces)):
                variants.add(collapse(title[starts[i] : ends[j]]))
    else:
        variants.update(collapse(p) for p in pieces)
    return sorted((v for v in variants if v), key=len, reverse=True)


def strip_site_affixes(title: str, site_names: list[str]) -> str:
    """Remove leading/trailing pieces that name the site; without a known name keep the longest."""
    pieces = [collapse(p) for p in TITLE_SEPARATORS.split(title) if collapse(p)]
    if len(pieces) < 2:
        return title
    kept = [p for p in pieces if not _names_site(p, site_names)]
    if kept and len(kept) < len(pieces):
        for variant in segment_variants(title):
            if all(not _names_site(p, site_names) for p in TITLE_SEPARATORS.split(variant) if p):
                return variant
    return max(pieces, key=len)


def _visible_headline(root: html.HtmlElement, variants: list[str]) -> str | None:
    """The longest metadata piece that a block of the page shows as its whole text."""
    if not variants:
        return None
    wanted = {_key(v): len(v) for v in variants}
    longest = max(map(len, wanted)) + MAX_LABEL_KEY_CHARS
    shortest = min(map(len, wanted))
    best: tuple[int, str] | None = None
    seen: set[str] = set()  # nested wrappers repeat their child's text: look at each text once
    for element in document_elements(root):
        if not _headline_element(element):
            continue
        text = element.text_content()
        if text in seen:
            continue
        seen.add(text)
        if len(text) > MAX_TITLE_CHARS and len(collapse(text)) > MAX_TITLE_CHARS:
            continue
        size = len(_key(text))
        if size > longest:
            continue  # longer than any metadata piece with a label around it
        if size < shortest:
            continue  # cleaning only removes characters: shorter than every metadata piece
        cleaned = clean_title(text)
        for candidate in (cleaned, HEADLINE_LABEL.sub("", cleaned)):
            size = wanted.get(_key(candidate))
            if size and (best is None or size > best[0]):
                best = (size, candidate)
    return best[1] if best else None


def _headline_element(element: html.HtmlElement) -> bool:
    """A block that may hold a headline (tested in Python: one pass over the tree is cheaper than
    lxml's XPath union of a dozen ``//tag`` searches)."""
    if element.tag in HEADLINE_TAGS:
        return True
    return _marked(element.get("class"), HEADLINE_MARKS) or _marked(
        element.get("id"), HEADLINE_MARKS
    )


def _emphasized(element: html.HtmlElement) -> bool:
    """Text styled the way headlines are: a heading, bold, big or coloured text, a title class."""
    tag = element.tag
    if tag in EMPHASIS_TAGS:
        return True
    if tag == "font" and (element.get("size") is not None or element.get("color") is not None):
        return True
    return _marked(element.get("class"), EMPHASIS_CLASS_MARKS) or _marked(
        element.get("id"), EMPHASIS_ID_MARKS
    )


def _marked(value: str | None, marks: tuple[str, ...]) -> bool:
    return bool(value) and any(mark in value for mark in marks)


def _visible_piece(
    lines: list[str], variants: list[str], meta_titles: list[str], site_names: list[str]
) -> str | None:
    """A visible line that is part of a metadata title (the title minus affixes the separators did
    not delimit, e.g. "Headline(页 1) - Forum"), or two consecutive lines that together are one
    title piece (a headline broken over two blocks)."""
    keys = {_key(v): v for v in variants}
    titles = [_key(t) for t in meta_titles]
    best = ""
    for index, line in enumerate(lines[:MAX_HEADLINE_LINE_INDEX]):
        if len(line) > MAX_TITLE_CHARS:
            continue
        line = clean_title(line)
        key = _key(line)
        joined = key + _key(lines[index + 1]) if index + 1 < len(lines) else ""
        if joined in keys and len(keys[joined]) > len(best):
            best = keys[joined]
            continue
        if len(line) <= len(best) or len(key) < MIN_PIECE_CHARS:
            continue
        # the substring test first: it is cheap, and rarely passes
        if any(
            key in title and len(key) >= PIECE_SHARE * len(title) for title in titles
        ) and _plausible(line, site_names):
            best = line
    return best or None


def _above_body(text: str, lines: list[str], start: int | None) -> bool:
    """``text`` is shown shortly above the body text (or the body start is unknown): a title
    piece found elsewhere (a blog's name in the sidebar) is only a fallback."""
    if start is None:
        return True
    key = _key(text)
    if start < len(lines) and _key(lines[start]).startswith(key):
        return True  # the text starts with its headline
    window = [
        _key(clean_title(line))
        for line in lines[max(0, start - H1_LINES_ABOVE_BODY) : start + LINES_INTO_BODY]
    ]
    # the whole headline on one line, or its first half on a line (a headline broken in two)
    return any(k == key or (len(k) * 2 >= len(key) and key.startswith(k)) for k in window if k)


def _is_logo(heading: html.HtmlElement) -> bool:
    """An ``<h1>`` holding the site's logo or name: inside a link, wrapping a link to the home
    page, or marked logo/site/brand."""
    marks = f"{heading.get('class', '')} {heading.get('id', '')}"
    if LOGO_MARKER.search(marks) or any(a.tag == "a" for a in heading.iterancestors()):
        return True
    home_links = [a for a in heading.iter("a") if urlparse(a.get("href") or "x").path in ("", "/")]
    return bool(home_links) and collapse(" ".join(home_links[0].itertext())) == collapse(
        heading.text_content()
    )


def _short_edge_piece(text: str, meta_titles: list[str]) -> bool:
    """``text`` is the last piece of a separated title and shorter than another piece: the place
    and size of a site name ("Headline - Site")."""
    key = _key(text)
    for title in meta_titles:
        pieces = [_key(p) for p in TITLE_SEPARATORS.split(title) if p and p.strip()]
        if len(pieces) > 1 and key == pieces[-1] and len(key) < max(map(len, pieces)):
            return True
    return False


def find_body_start(lines: list[str], first_paragraph: str | None) -> int | None:
    """Index of the line where the body text starts, if it can be found."""
    start_key = _key(first_paragraph or "")[:BODY_START_KEY_CHARS]
    if not start_key:
        return None
    return next((i for i, line in enumerate(lines) if start_key in _key(line)), None)


def locate_body(lines: list[str], paragraphs: list[str]) -> int | None:
    """Index of the line where the body text starts, robust to debris the extractor kept.

    A short first paragraph ("Categories", a section name) also occurs in the navigation, far
    above the article, and a search from there finds the wrong headline. So the first paragraph
    that reads as prose is found first, then the start moves up over the paragraphs before it only
    while they are shown right above it on the page (at most :data:`BODY_CONTIGUOUS_GAP` lines
    apart): the article's own kicker, headline or date line, not a far-away menu.
    """
    anchor = next((i for i, p in enumerate(paragraphs) if reads_as_prose(p)), None)
    if anchor is None:
        return find_body_start(lines, first_prose(paragraphs))
    start = find_body_start(lines, paragraphs[anchor])
    if start is None:
        return find_body_start(lines, first_prose(paragraphs))
    for paragraph in reversed(paragraphs[:anchor]):
        key = _key(paragraph)[:BODY_START_KEY_CHARS]
        window = range(start, max(-1, start - BODY_CONTIGUOUS_GAP - 2), -1)
        found = next((i for i in window if key and key in _key(lines[i])), None)
        if found is None:
            break
        start = found
    return start


def _h1_above_body(
    h1s: list[str],
    lines: list[str],
    start: int | None,
    meta_titles: list[str],
    site_names: list[str],
) -> str | None:
    """The first ``<h1>`` shown shortly above the body text: the article's own headline even when
    the metadata titles are worded differently. An ``<h1>`` that is only a piece of a metadata
    title (a site logo, a section) does not count."""
    if start is None:
        return None
    titles = [_key(t) for t in meta_titles]
    above = {_key(line) for line in lines[max(0, start - H1_LINES_ABOVE_BODY) : start]}
    for h1 in h1s:
        key = _key(h1)
        if key in above and _plausible(h1, site_names) and not any(key in t for t in titles):
            return h1
    return None


def _headline_before_body(
    root: html.HtmlElement, lines: list[str], start: int | None, site_names: list[str]
) -> str | None:
    """The headline shown above the body text: the nearest emphasized short line (heading, bold,
    "title" class), or a plain short line right above the text (old pages style headlines with
    tables and images only)."""
    if start is None:
        return None
    emphasized = {
        _key(clean_title(visible_text(e))) for e in document_elements(root) if _emphasized(e)
    }
    emphasized.discard("")
    first = clean_title(lines[start])
    short = len(first) <= PLAIN_HEADLINE_MAX_CHARS
    if short and _headline_like(first, site_names) and _key(first) in emphasized:
        return first  # the text starts with its own (emphasized) headline
    near = 0
    for line in reversed(lines[max(0, start - LINES_ABOVE_BODY) : start]):
        line = clean_title(line)
        if not _headline_like(line, site_names):
            continue
        near += 1
        if _key(line) in emphasized or (
            near <= PLAIN_HEADLINE_LINES and len(line) <= PLAIN_HEADLINE_MAX_CHARS
        ):
            return line
    return None


def _headline_like(line: str, site_names: list[str]) -> bool:
    """Not a byline, date, breadcrumb or sentence; of headline length."""
    return (
        _plausible(line, site_names)
        and not NOT_A_HEADLINE.search(line)
        and not SENTENCE_END.search(line)
    )


def _reworded(h1: str, meta_titles: list[str]) -> bool:
    """Similar to a metadata title without being just a piece of it (a site or section name)."""
    key = _key(h1)
    return any(_similarity(h1, t) >= H1_SIMILARITY and key not in _key(t) for t in meta_titles)


def _site_names(meta: PageMetadata, url: str) -> list[str]:
    names = [meta.site_name or ""]
    host = urlparse(url).hostname or ""
    labels = [label for label in host.split(".") if label not in ("www", "com", "cn", "net", "org")]
    names.extend(labels)
    return [n.lower() for n in names if n and len(n) > 1]


def _names_site(piece: str, site_names: list[str]) -> bool:
    compact = _NON_WORD.sub("", _key(piece))
    for name in site_names:
        name_compact = _NON_WORD.sub("", name)
        if name_compact and (name_compact in compact or compact in name_compact):
            return len(compact) <= len(name_compact) + 6
    return False


def _plausible(text: str, site_names: list[str]) -> bool:
    """Long enough to be a headline, short enough not to be a paragraph, not the site's name."""
    if not text or len(text) > MAX_TITLE_CHARS:
        return False
    cjk = len(_CJK.findall(text))
    if cjk < 3 and len(_WORD.findall(text)) < 2:
        return False
    return not _names_site(text, site_names) or len(text) > 40


def _key(text: str) -> str:
    """Lowercase text without whitespace: how two renderings of one headline are compared."""
    return "".join(text.split()).lower()


def _units(text: str) -> set[str]:
    """Words, with CJK runs cut into character bigrams (they have no spaces between words)."""
    units: set[str] = set()
    for word in _WORD.findall(text.lower()):
        if _CJK.search(word):
            units.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        else:
            units.add(word)
    return units


def _similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' words (CJK bigrams)."""
    units_a, units_b = _units(a), _units(b)
    if not units_a or not units_b:
        return 0.0
    return 2 * len(units_a & units_b) / (len(units_a) + len(units_b))
