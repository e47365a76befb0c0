"""Text-density main-content detection for table-layout pages.

Pages built before CSS layouts (most Chinese portals and blogs before ~2008) are one big
``<table>``; trafilatura then keeps the whole table, navigation cells included, and prints it as
``| cell |`` rows. The article is still easy to find: it is the layout cell holding the most
non-link text. This is the classic readability idea: each run of text scores for its nearest block
container, half for the container above (so an article split into one ``<div>`` per paragraph
still wins as a whole). On blog and forum pages the *first* strong container wins (see
:func:`_first_strong`)."""

from __future__ import annotations

import re

from lxml import etree, html

from newscrawl.extract.tree import INVISIBLE_TAGS, collapse, visible_lines

#: Elements that can hold an article.
CONTAINER_TAGS = frozenset(
    {"td", "div", "article", "section", "main", "body", "blockquote", "center", "font"}
)
#: Text runs shorter than this (characters) are labels, menu items or counters, not article text.
MIN_TEXT_RUN = 12
#: Share of a text run's score passed to the container above its nearest one.
PARENT_SHARE = 0.5
#: A container scoring this share of the best one, and appearing earlier, is taken instead.
EARLY_SHARE = 0.2
#: ...provided it holds at least this much text.
MIN_CONTAINER_SCORE = 150
#: Lines of the chosen container shorter than this and mostly link text are dropped.
LINK_LINE_MAX_CHARS = 40


def densest_container(root: html.HtmlElement) -> html.HtmlElement | None:
    """The container with the highest text score, or None for a page without running text."""
    body = root.find("body")
    if body is None:
        return None
    scores: dict[html.HtmlElement, float] = {}
    order: dict[html.HtmlElement, int] = {}
    for index, element in enumerate(body.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in CONTAINER_TAGS:
            order[element] = index
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            _score(text, owner, scores)
    if not scores:
        return None
    return _first_strong(scores, order)


def _first_strong(
    scores: dict[html.HtmlElement, float], order: dict[html.HtmlElement, int]
) -> html.HtmlElement:
    """The earliest container scoring within :data:`EARLY_SHARE` of the best, that no ancestor or
    descendant outscores: on blog and forum pages the first post is the page's own article, the
    longer posts below it are other articles."""
    best = max(scores.values())
    strong = {c: v for c, v in scores.items() if v >= max(EARLY_SHARE * best, MIN_CONTAINER_SCORE)}
    # A container outscored by something inside it is only a wrapper of the real one (found from
    # the inside out: ancestors are few, descendants of a page-wide wrapper are the whole page)...
    wrappers = {a for c, v in strong.items() for a in c.iterancestors() if strong.get(a, v) < v}
    leaves = {c: v for c, v in strong.items() if c not in wrappers}
    # ...and one outscored by a real container around it is only a part of that one.
    for container, value in sorted(leaves.items(), key=lambda item: order.get(item[0], 0)):
        if all(leaves.get(a, 0.0) <= value for a in container.iterancestors()):
            return container
    return max(scores, key=scores.get)


def _score(
    text: str | None, owner: html.HtmlElement | None, scores: dict[html.HtmlElement, float]
) -> None:
    size = len(collapse(text))
    if size < MIN_TEXT_RUN or owner is None:
        return
    containers: list[html.HtmlElement] = []
    for node in [owner, *owner.iterancestors()]:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in INVISIBLE_TAGS or tag == "a":
            return  # script text and link text are not article text
        if tag in CONTAINER_TAGS:
            containers.append(node)
            if len(containers) == 2:
                break
    for weight, container in zip((1.0, PARENT_SHARE), containers, strict=False):
        scores[container] = scores.get(container, 0.0) + weight * size


def container_paragraphs(
    container: html.HtmlElement, link_line_max_chars: int = LINK_LINE_MAX_CHARS
) -> list[str]:
    """The container's visible lines, without lines up to ``link_line_max_chars`` long that are
    all link text (menus)."""
    link_texts = {collapse(a.text_content()) for a in container.iter("a")}
    return [
        line
        for line in visible_lines(container)
        if not (len(line) <= link_line_max_chars and line in link_texts)
    ]


#: Paragraph starts tried when locating the extracted text in the tree (one may begin inside a
#: link or bold element, where the text search cannot see it).
LOCATE_TRIES = 3
#: Characters of a paragraph's start used to find its element.
LOCATE_KEY_CHARS = 30
#: Levels above the element holding the extracted text searched for sibling chunks.
CHUNK_MAX_LEVELS = 2
_STARTS_WITH = etree.XPath("//*[starts-with(normalize-space(text()), $key)]")
#: XML whitespace, the only whitespace XPath's ``normalize-space()`` collapses (not no-break or
#: ideographic spaces, which :func:`~newscrawl.extract.tree.collapse` does).
_XML_SPACE = re.compile(r"[ \t\r\n]+")
_XML_SPACE_CHARS = frozenset(" \t\r\n")
_LEADING_SPACE = re.compile(r"[ \t\r\n]*")


def split_chunks(
    root: html.HtmlElement,
    paragraphs: list[str],
    texts: list[tuple[html.HtmlElement, str]] | None = None,
) -> list[html.HtmlElement]:
    """The chunks of an article body split by ads or embeds, when the extractor kept only one.

    Some templates cut the article into sibling blocks of one kind (``<div class="body chunk">``
    … ad … ``<div class="body chunk">``); an extractor that scores blocks one by one keeps the
    first. The block holding the extracted text is found; if it (or a wrapper up to
    :data:`CHUNK_MAX_LEVELS` above it) has siblings with the same tag and class, all of them are
    returned in document order (the extracted one included); else [].

    ``texts`` are the page's element texts from :func:`~newscrawl.extract.tree.page_text`, if
    already gathered: then no search over the tree is needed.
    """
    if texts is None:
        first = _locate(root, paragraphs[:LOCATE_TRIES])
        last = _locate(root, paragraphs[::-1][:LOCATE_TRIES])
    else:
        head = _locate_keys(paragraphs[:LOCATE_TRIES])
        tail = _locate_keys(paragraphs[::-1][:LOCATE_TRIES])
        found = locate_starts(texts, head + tail)
        first = next((found[key] for key in head if key in found), None)
        last = next((found[key] for key in tail if key in found), None)
    if first is None or last is None:
        return []
    node: html.HtmlElement | None = _common_ancestor(first, last)
    for _ in range(CHUNK_MAX_LEVELS + 1):
        if node is None or node.getparent() is None:
            return []
        kind = node.get("class")
        if kind:
            chunks = [s for s in node.getparent() if s.tag == node.tag and s.get("class") == kind]
            if len(chunks) > 1:
                return chunks
        node = node.getparent()
    return []


def _locate(root: html.HtmlElement, paragraphs: list[str]) -> html.HtmlElement | None:
    """The element whose own text starts like one of ``paragraphs``."""
    for paragraph in paragraphs:
        key = paragraph[:LOCATE_KEY_CHARS]
        if len(key) < LOCATE_KEY_CHARS or "'" in key and '"' in key:
            continue
        found = _STARTS_WITH(root, key=key)
        if found:
            return found[0]
    return None


def _locate_keys(paragraphs: list[str]) -> list[str]:
    """The paragraph starts :func:`_locate` looks for (too short ones would match anywhere)."""
    keys = (paragraph[:LOCATE_KEY_CHARS] for paragraph in paragraphs)
    return [key for key in keys if len(key) == LOCATE_KEY_CHARS and not ("'" in key and '"' in key)]


def locate_starts(
    texts: list[tuple[html.HtmlElement, str]], keys: list[str]
) -> dict[str, html.HtmlElement]:
    """For each of ``keys``, the first element of ``texts`` (elements and their first text node,
    in document order) whose text starts with it once whitespace is normalized: what
    ``//*[starts-with(normalize-space(text()), $key)]`` finds first."""
    wanted = [key for key in dict.fromkeys(keys) if key]
    if not wanted:
        return {}
    firsts = {key[0] for key in wanted}
    # normalize-space() of a prefix is a prefix of normalize-space() of the whole text, so a
    # prefix this long decides (texts include whole inline scripts)
    span = 2 * max(map(len, wanted)) + 64
    found: dict[str, html.HtmlElement] = {}
    for element, text in texts:
        if text[:1] not in firsts:
            if text[:1] not in _XML_SPACE_CHARS:
                continue
            start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
            if text[start : start + 1] not in firsts:
                continue
        normalized = _XML_SPACE.sub(" ", text[:span]).strip(" ")
        if len(text) > span and len(normalized) < span // 2:
            normalized = _XML_SPACE.sub(" ", text).strip(" ")
        for key in wanted:
            if key not in found and normalized.startswith(key):
                found[key] = element
        if len(found) == len(wanted):
            break
    return found


def _common_ancestor(a: html.HtmlElement, b: html.HtmlElement) -> html.HtmlElement | None:
    above_a = {a, *a.iterancestors()}
    return next((n for n in (b, *b.iterancestors()) if n in above_a), None)
