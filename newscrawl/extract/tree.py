"""Parse HTML into an lxml tree and read text off it, tolerating whatever the web sends.

Every other extraction module works on the tree this returns, so the quirks of lxml (it refuses
``str`` input with an XML encoding declaration, returns no root for empty documents, raises on NUL
bytes, drops the body after some prefixed tags) are handled once, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree, html

#: Elements whose text a reader never sees.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "head"})

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Comments and processing instructions go at parse time: nobody reads them, and a comment inside a
#: paragraph splits its text in two for the content extractor (as trafilatura's own loader knows).
_PARSER = html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
#: lxml.html picks each element's Python class (FormElement, InputElement, ...) by calling a Python
#: function for every element proxy it creates, here and in trafilatura; that call was ~5% of the
#: extraction time. Nothing here uses the form classes, so one class for all, looked up in C.
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=html.HtmlElement,
        comment=html.HtmlComment,
        pi=html.HtmlProcessingInstruction,
        entity=html.HtmlEntity,
    )
)
_BODY_TAG = re.compile(r"<body[\s>]", re.IGNORECASE)
_PREFIXED_TAG = re.compile(r"</?[A-Za-z][\w-]*:[\w:-]+[^>]*>")


def collapse(text: str | None) -> str:
    """Whitespace runs (including no-break and ideographic spaces) to one space, stripped."""
    if not text:
        return ""
    # str.split() splits on exactly the characters regex \s matches (str.isspace), no-break and
    # ideographic spaces included, and is several times faster than a regex substitution.
    return " ".join(text.split())


def parse_html(text: str) -> html.HtmlElement | None:
    """The document root, or None when nothing parseable is left. Never raises."""
    text = _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return None
    root = _parse(text)
    if root is not None and root.find("body") is None and _BODY_TAG.search(text):
        # libxml2 gives up on the rest of the page after some prefixed tags in <head>
        # (``<cms:include>``); without them the body parses.
        reparsed = _parse(_PREFIXED_TAG.sub("", text))
        root = reparsed if reparsed is not None else root
    return root


def _parse(text: str) -> html.HtmlElement | None:
    try:
        return html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError):
        try:
            return html.fragment_fromstring(text, create_parent="div", parser=_PARSER)
        except (etree.ParserError, ValueError):
            return None


def document_elements(root: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """Every element of ``root``'s document in document order, like XPath's ``//*``: libxml2 puts
    what follows a second ``<html>`` tag beside the root, not inside it."""
    for top in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        for element in top.iter():
            if isinstance(element.tag, str):
                yield element


def visible_text(element: html.HtmlElement) -> str:
    """The collapsed text a reader sees in ``element`` (script, style and the like left out)."""
    parts: list[str] = []
    _collect_text(element, parts)
    return collapse(" ".join(parts))


def _collect_text(element: html.HtmlElement, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.lower() in INVISIBLE_TAGS or not isinstance(element.tag, str):
        if element.tail:
            parts.append(element.tail)
        return
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect_text(child, parts)
    if element.tail:
        parts.append(element.tail)


def visible_lines(root: html.HtmlElement, limit: int = 100_000) -> list[str]:
    """The page's visible text as block-level lines, in document order, up to ``limit`` characters.

    Used by the date and title rules that look for short labeled lines (``发布时间：…``) which
    belong to one block but would be glued to their neighbours by ``text_content()``.
    """
    lines: list[str] = []
    current: list[str] = []
    total = 0

    def flush() -> None:
        nonlocal total
        line = collapse("".join(current))
        current.clear()
        if line:
            lines.append(line)
            total += len(line)

    def walk(element: html.HtmlElement, top: bool = False) -> None:
        if total > limit:
            return
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if not tag or tag in INVISIBLE_TAGS:
            if element.tail:
                current.append(element.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
        if block or tag == "br":
            flush()
        if element.tail and not top:
            current.append(element.tail)

    body = root.find("body")
    walk(body if body is not None else root, top=True)
    flush()
    return lines


#: Tags that start a new line of visible text.
BLOCK_TAGS = frozenset(
    "p div td th tr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table section article header footer "
    "aside nav blockquote pre address form figure figcaption main center br hr title".split()
)
