"""Is this page an article at all, or a listing/home/section page?

Crawls reach many pages that are not articles (section fronts, tag pages, home pages); archiving
their link lists as "articles" pollutes the archive. A listing page is mostly links with little
running text and none of the markers publishers put on articles.
"""

from __future__ import annotations

import re

from lxml import html

from newscrawl.extract.metadata import ARTICLE_TYPES, WEAK_TYPES, PageMetadata
from newscrawl.extract.tree import collapse

#: Below this much running text (words, or CJK characters counted half) a page is not an article.
MIN_ARTICLE_UNITS = 40
#: A dated page its publisher marks as an article (og:type, JSON-LD) is one from this much text
#: on: a news brief, a picture caption or a one-paragraph post is short but still an article.
MIN_MARKED_ARTICLE_UNITS = 10
#: Paragraph long enough to be running prose rather than a teaser or link label.
PROSE_PARAGRAPH_UNITS = 25
#: This much text is an article (an essay hard-wrapped into short lines) even without markers.
LONG_TEXT_UNITS = 300
#: Link labels shorter than this ("more", "首页") are not counted as teaser text.
MIN_LINK_LABEL_CHARS = 6
#: Share of the page's visible text inside links above which the page is a link list.
LISTING_LINK_DENSITY = 0.55
#: Listing pages have at least this many links with text.
LISTING_MIN_LINKS = 40

#: A word in any alphabetic script (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, ...): an
#: Arabic or Hindi article is as much running text as an English one. A word is a space-delimited
#: token with a letter or digit in it (Indic vowel signs are not ``\\w``, so ``\\w+`` would cut
#: one Hindi word into several).
_WORD = re.compile(r"\S*[^\W_]\S*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def text_units(text: str) -> float:
    """A language-neutral length: words of alphabetic scripts plus CJK (and kana, hangul)
    characters counted half (CJK is written without spaces, so ``\\w+`` would make a whole
    sentence one word)."""
    spaced, cjk = _CJK.subn(" ", text)
    return len(_WORD.findall(spaced)) + cjk / 2


def units_up_to(paragraphs: list[str], cap: float) -> float:
    """``sum(text_units(p) for p in paragraphs)``, counted only until it reaches ``cap``: the
    result is exact below ``cap`` and at least ``cap`` otherwise (most texts are long)."""
    units = 0.0
    for paragraph in paragraphs:
        units += text_units(paragraph)
        if units >= cap:
            break
    return units


def has_article_markers(meta: PageMetadata) -> bool:
    """The publisher says "article": og:type, an article JSON-LD type or an article date meta."""
    kinds = meta.jsonld.get("@type")
    kinds = {
        k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)
    }
    return (
        meta.meta.get("og:type", "").lower() == "article"
        or bool(kinds & (ARTICLE_TYPES - WEAK_TYPES))
        or "article:published_time" in meta.meta
    )


def link_density(root: html.HtmlElement) -> tuple[float, int]:
    """``(share of visible body text inside <a>, number of links with text)``."""
    body = root.find("body")
    if body is None:
        return 0.0, 0
    total = len(
        "".join(
            body.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
        ).split()
    )
    link_texts = [" ".join(a.itertext()).split() for a in body.iter("a")]
    linked = sum(len(words) for words in link_texts)
    return (linked / total if total else 0.0), sum(1 for words in link_texts if words)


def body_link_share(root: html.HtmlElement, paragraphs: list[str]) -> float:
    """Share of the extracted text made of link labels: on a listing page the "body" that
    extraction finds is the list of teaser links."""
    labels = {collapse(a.text_content()) for a in root.iter("a")}
    labels = [label for label in labels if len(label) >= MIN_LINK_LABEL_CHARS]
    total = linked = 0
    for paragraph in paragraphs:
        covered = sum(len(label) for label in labels if label in paragraph)
        total += len(paragraph)
        linked += min(covered, len(paragraph))
    return linked / total if total else 0.0


def is_article(
    root: html.HtmlElement, meta: PageMetadata, paragraphs: list[str], has_date: bool
) -> bool:
    """False for pages with little running text, or link lists without article markers.

    A short page counts when the publisher marks it as an article and it is dated
    (:data:`MIN_MARKED_ARTICLE_UNITS`): a listing page is rarely both.
    """
    units = units_up_to(paragraphs, LONG_TEXT_UNITS)  # no threshold below is higher
    if units < MIN_MARKED_ARTICLE_UNITS:
        return False
    if has_article_markers(meta):
        return units >= MIN_ARTICLE_UNITS or has_date
    if units < MIN_ARTICLE_UNITS:
        return False
    if body_link_share(root, paragraphs) >= LISTING_LINK_DENSITY:
        return False
    if has_date or any(text_units(p) >= PROSE_PARAGRAPH_UNITS for p in paragraphs):
        return True
    # Only a page with neither prose nor a date can be a link-dense listing: the whole page's
    # link density (a walk over every element) is measured for those alone.
    density, links = link_density(root)
    if links >= LISTING_MIN_LINKS and density >= LISTING_LINK_DENSITY:
        return False
    return units >= LONG_TEXT_UNITS
