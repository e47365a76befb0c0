"""Parse HTML into an lxml tree and read text off it, tolerating whatever the web sends.

Every other extraction module works on the tree this returns, so the quirks of lxml (it refuses
``str`` input with an XML encoding declaration, returns no root for empty documents, raises on NUL
bytes, drops the body after some prefixed tags) are handled once, here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
_CLASS_LOOKUP = etree.ElementDefaultClassLookup(
    element=html.HtmlElement,
    comment=html.HtmlComment,
    pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
)
_PARSER.set_element_class_lookup(_CLASS_LOOKUP)
#: The same parser for UTF-8 bytes: libxml2 then reads the bytes as they came (a ``<meta>`` charset
#: does not override it), which spares lxml converting a decoded ``str`` back for libxml2.
_UTF8_PARSER = html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, encoding="utf-8"
)
_UTF8_PARSER.set_element_class_lookup(_CLASS_LOOKUP)
_BODY_TAG = re.compile(r"<body[\s>]", re.IGNORECASE)
_PREFIXED_TAG = re.compile(r"</?[A-Za-z][\w-]*:[\w:-]+[^>]*>")


def collapse(text: str | None) -> str:
    """Whitespace runs (including no-break and ideographic spaces) to one space, stripped."""
    if not text:
        return ""
    # str.split() splits on exactly the characters regex \s matches (str.isspace), no-break and
    # ideographic spaces included, and is several times faster than a regex substitution.
    return " ".join(text.split())


def parse_html(
    text: str, *, control_chars: bool = True, utf8: bytes | None = None
) -> html.HtmlElement | None:
    """The document root, or None when nothing parseable is left. Never raises.

    ``control_chars=False`` says the text is known to hold no C0 control characters (see
    :func:`newscrawl.decode.may_hold_control_chars`): the search for them is skipped. ``utf8``:
    the bytes ``text`` was decoded from, when they are exactly ``text`` in UTF-8 (no BOM, nothing
    replaced or cut); they are parsed directly, which is cheaper and gives the same tree."""
    declaration = _XML_DECLARATION.match(text)
    if declaration:
        text = text[declaration.end() :]
    if control_chars:
        text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        return None
    root = None
    if utf8 is not None and not declaration and not control_chars:
        try:
            root = html.document_fromstring(utf8, parser=_UTF8_PARSER)
        except (etree.ParserError, ValueError):
            root = None  # the text route below handles what the bytes route cannot
    if root is None:
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


def document_elements(root: html.HtmlElement, tag: str | None = None) -> Iterator[html.HtmlElement]:
    """Every element of ``root``'s document in document order, like XPath's ``//*``, or every
    ``tag`` element (``//tag``, selected in C): libxml2 puts what follows a second ``<html>`` tag
    beside the root, not inside it."""
    for top in [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]:
        for element in top.iter(tag) if tag else top.iter():
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
    try:
        walk(body if body is not None else root, top=True)
        flush()
    finally:
        del walk, flush  # see page_text: the recursive closure is a reference cycle
    return lines


#: Tags that start a new line of visible text.
BLOCK_TAGS = frozenset(
    "p div td th tr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table section article header footer "
    "aside nav blockquote pre address form figure figcaption main center br hr title".split()
)


#: How :func:`page_text` treats an element: its text is inline, starts and ends a line, or unseen.
_INLINE, _BLOCK, _HIDDEN = 0, 1, 2
_KINDS: dict[object, int] = {
    **dict.fromkeys(BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(INVISIBLE_TAGS, _HIDDEN),
}
_KINDS_CACHE_MAX = 2000
#: Marks a line break in the text gathered by :func:`page_text` (lxml text never holds a NUL).
_LINE_BREAK = "\x00"


def _kind(tag: object) -> int:
    if not isinstance(tag, str):
        return _HIDDEN  # comments and processing instructions
    kind = _KINDS.get(tag)
    if kind is None:
        kind = _KINDS.get(tag.lower(), _INLINE)
        if len(_KINDS) < _KINDS_CACHE_MAX:
            _KINDS[tag] = kind  # remembered: most elements are a handful of inline tags
    return kind


@dataclass
class PageText:
    """What one walk over the tree gathers, for the steps that would each walk it again."""

    #: :func:`visible_lines` of the root.
    lines: list[str]
    #: Every element of the document in document order (XPath's ``//*``) that has a text node
    #: child, with the first one (XPath's ``text()[1]``); elements without text are left out.
    texts: list[tuple[html.HtmlElement, str]]


def page_text(root: html.HtmlElement, limit: int = 100_000) -> PageText:
    """``visible_lines(root, limit)`` and the first own text of every element, in one walk."""
    body = root.find("body")
    top = body if body is not None else root
    parts: list[str] = []
    append = parts.append
    texts: list[tuple[html.HtmlElement, str] | None] = []
    add = texts.append
    kinds = _KINDS

    def first_text(element: html.HtmlElement) -> str | None:
        text = element.text
        if text is None:
            for child in element:
                if child.tail is not None:
                    return child.tail
        return text

    def plain(element: html.HtmlElement) -> None:
        """``element`` and its subtree into ``texts``, no visible lines."""
        if element is top:
            shown(element)
            return
        text = first_text(element)
        if text is not None:
            add((element, text))
        for child in element:
            if isinstance(child.tag, str):
                plain(child)

    def walk(element: html.HtmlElement) -> str | None:
        """The children of ``element`` into ``parts`` and ``texts``; its first child tail."""
        first_tail = None
        for child in element:
            tag = child.tag
            kind = kinds.get(tag)
            if kind is None:
                kind = _kind(tag)
            tail = child.tail
            if first_tail is None:
                first_tail = tail
            if kind == _HIDDEN:
                if isinstance(tag, str):
                    plain(child)
            else:
                if kind:
                    append(_LINE_BREAK)
                text = child.text
                if text is not None:
                    add((child, text))
                    append(text)
                    if len(child):
                        walk(child)
                else:
                    slot = len(texts)
                    add(None)
                    if len(child):
                        texts[slot] = (child, text) if (text := walk(child)) is not None else None
                if kind:
                    append(_LINE_BREAK)
            if tail:
                append(tail)
        return first_tail

    def shown(element: html.HtmlElement) -> None:
        """The element whose visible lines are wanted (its own tail left out)."""
        kind = _kind(element.tag)
        slot = len(texts)
        add(None)
        if element.text:
            append(element.text)
        child_tail = walk(element)
        text = element.text if element.text is not None else child_tail
        texts[slot] = (element, text) if text is not None else None
        if kind == _HIDDEN:
            parts.clear()  # text of a hidden root is not shown: visible_lines decides below

    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    try:
        for element in tops:
            if isinstance(element.tag, str):
                plain(element)
    finally:
        # The nested functions reach each other through their closure: a reference cycle that also
        # holds ``texts``, so its element proxies, and through them the whole parsed document,
        # waited for the garbage collector instead of going when this function returns (freeing
        # them in collections cost about a millisecond per page).
        del first_text, plain, walk, shown
    joined = "".join(parts)
    if len(joined) > limit or _kind(top.tag) == _HIDDEN:
        lines = visible_lines(root, limit)  # cut short at the limit, as visible_lines does
    else:
        # collapse() inlined: most pieces between two line breaks are empty
        lines = [" ".join(piece.split()) for piece in joined.split(_LINE_BREAK) if piece]
        lines = [line for line in lines if line]
    return PageText(lines=lines, texts=[entry for entry in texts if entry is not None])
