"""Machine-readable metadata: JSON-LD, OpenGraph/Twitter/Dublin Core ``<meta>``, canonical, lang.

Publishers fill these for search engines and social cards, so they are the most reliable source of
dates and authors, but not of the headline (SEO titles differ from the visible one) nor always of
the body (``articleBody`` is often truncated). This module only *reads* them; deciding which value
wins is the job of the title, date and body modules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlparse

from lxml import etree, html

from newscrawl.extract.tree import collapse, document_elements

#: schema.org types that describe one article (JSON-LD objects of other types are only fallbacks).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "liveblogposting",
        "posting",
        "report",
        "webpage",
        "itempage",
        "medicalwebpage",
        "creativework",
        "videoobject",
        "review",
    }
)
#: Of those, the ones that are about a page rather than an article: used only when no article is.
WEAK_TYPES = frozenset({"webpage", "itempage", "medicalwebpage", "creativework", "videoobject"})

#: ``<meta>`` keys (name / property / itemprop, lowercased) that carry the publication date,
#: strongest first.
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "og:pubdate",
    "date",
    "dc.date",
    "dcterms.date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "date.release",
    "release_date",
    "created",
    "creation_date",
    "displaydate",
    "bt:pubdate",
    "weibo:article:create_at",
)
#: ``<meta>`` keys for the last modification.
MODIFIED_META_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "modified",
    "article.updated",
    "weibo:article:update_at",
)
AUTHOR_META_KEYS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")

_JSON_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_JSON_DECODER = json.JSONDecoder(strict=False)
#: Elements other than ``<meta>`` with an itemprop, found from the attributes: libxml2 then skips
#: elements without attributes instead of testing each (a third cheaper than ``//*[@itemprop]``).
_ITEMPROP_ELEMENTS = etree.XPath("//@itemprop/parent::*[not(self::meta)]")


@dataclass
class PageMetadata:
    """What a page says about itself in markup meant for machines."""

    #: The JSON-LD object describing the article (or the page), if any.
    jsonld: dict[str, Any] = field(default_factory=dict)
    #: ``<meta>`` contents by lowercased name/property/itemprop; first occurrence kept.
    meta: dict[str, str] = field(default_factory=dict)
    canonical_url: str | None = None
    html_lang: str | None = None

    def first(self, keys: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
        """The first ``(key, value)`` among ``keys`` with a non-empty value."""
        for key in keys:
            value = self.meta.get(key)
            if value:
                return key, value
        return None

    @property
    def site_name(self) -> str | None:
        publisher = self.jsonld.get("publisher")
        name = publisher.get("name") if isinstance(publisher, dict) else None
        return self.meta.get("og:site_name") or (name if isinstance(name, str) else None)

    @property
    def headline(self) -> str | None:
        value = self.jsonld.get("headline") or self.jsonld.get("name")
        return collapse(value) if isinstance(value, str) else None


def read_metadata(root: html.HtmlElement, url: str) -> PageMetadata:
    """Collect JSON-LD, ``<meta>`` tags, the canonical URL and the declared language."""
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        key = (
            (
                element.get("property")
                or element.get("name")
                or element.get("itemprop")
                or element.get("http-equiv")
                or ""
            )
            .strip()
            .lower()
        )
        content = element.get("content")
        if key and content and content.strip() and key not in meta:
            meta[key] = collapse(content)
    for element in _ITEMPROP_ELEMENTS(root):
        key = element.get("itemprop", "").strip().lower()
        value = element.get("datetime") or element.get("content")
        if key in ("datepublished", "datemodified") and value and key not in meta:
            meta[key] = value.strip()
    return PageMetadata(
        jsonld=_article_object(_jsonld_objects(root)),
        meta=meta,
        canonical_url=_canonical(root, url),
        html_lang=_html_lang(root, meta),
    )


def _jsonld_objects(root: html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in the page's ld+json scripts, ``@graph`` and nested lists flattened."""
    found: list[dict[str, Any]] = []
    for script in document_elements(root, "script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        text = (script.text or "").strip().removeprefix("<!--").removesuffix("-->")
        text = text.replace("<![CDATA[", "").replace("]]>", "").strip().rstrip(";")
        data = _loads(text)
        if data is not None:
            _flatten(data, found)
    return found


def _loads(text: str) -> Any:
    """JSON, forgiving the trailing commas and raw newlines hand-written JSON-LD often has, and
    stray characters after the value (a closing brace too many, a semicolon)."""
    candidates = (text, _JSON_TRAILING_COMMA.sub(r"\1", text))
    for candidate in candidates:
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    for candidate in candidates:
        try:
            return _JSON_DECODER.raw_decode(candidate)[0]
        except ValueError:
            continue
    return None


def _flatten(data: Any, found: list[dict[str, Any]]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, found)
    elif isinstance(data, dict):
        found.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], found)
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            _flatten(main, found)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _article_object(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The object that describes the article: a true article type first, a web page last."""
    strong = [o for o in objects if _types(o) & (ARTICLE_TYPES - WEAK_TYPES)]
    weak = [o for o in objects if _types(o) & WEAK_TYPES]
    for group in (strong, weak):
        dated = [o for o in group if o.get("datePublished") or o.get("headline")]
        if dated:
            return dated[0]
    return {}


def _canonical(root: html.HtmlElement, url: str) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return urljoin(url, link.get("href").strip())
    og_url = next(
        (m.get("content") for m in root.iter("meta") if m.get("property") == "og:url"), None
    )
    if og_url and urlparse(og_url).scheme in ("http", "https"):
        return og_url.strip()
    return None


def _html_lang(root: html.HtmlElement, meta: dict[str, str]) -> str | None:
    lang = (
        root.get("lang")
        or root.get("xml:lang")
        or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    lang = lang or meta.get("content-language") or meta.get("language") or meta.get("og:locale")
    return lang.strip() if lang and lang.strip() else None


def jsonld_authors(obj: dict[str, Any]) -> list[str]:
    """Author names from a JSON-LD ``author`` value (a string, an object, or a list of either)."""
    value = obj.get("author") or obj.get("creator")
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        if isinstance(name, str) and collapse(name) and collapse(name) not in names:
            names.append(collapse(name))
    return names
