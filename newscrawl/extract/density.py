"""Text-density main-content detection for table-layout pages.

Pages built before CSS layouts (most Chinese portals and blogs before ~2008) are one big
``<table>``; trafilatura then keeps the whole table, navigation cells included, and prints it as
``| cell |`` rows. The article is still easy to find: it is the layout cell holding the most
non-link text. This is the classic readability idea: each run of text scores for its nearest block
container, half for the container above (so an article split into one ``<div>`` per paragraph
still wins as a whole). On blog and forum pages the *first* strong container wins (see
:func:`_first_strong`)."""

from __future__ import annotations

from lxml import html

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
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for text, owner in ((element.text, element), (element.tail, element.getparent())):
            _score(text, owner, scores)
    if not scores:
        return None
    order = {element: index for index, element in enumerate(body.iter())}
    return _first_strong(scores, order)


def _first_strong(
    scores: dict[html.HtmlElement, float], order: dict[html.HtmlElement, int]
) -> html.HtmlElement:
    """The earliest container scoring within :data:`EARLY_SHARE` of the best, that no ancestor or
    descendant outscores: on blog and forum pages the first post is the page's own article, the
    longer posts below it are other articles."""
    best = max(scores.values())
    strong = {c: v for c, v in scores.items() if v >= max(EARLY_SHARE * best, MIN_CONTAINER_SCORE)}
    # A container outscored by something inside it is only a wrapper of the real one...
    leaves = {
        c: v for c, v in strong.items() if all(strong.get(d, 0.0) <= v for d in c.iterdescendants())
    }
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


def container_paragraphs(container: html.HtmlElement) -> list[str]:
    """The container's visible lines, without short lines that are all link text (menus)."""
    link_texts = {collapse(a.text_content()) for a in container.iter("a")}
    return [
        line
        for line in visible_lines(container)
        if not (len(line) <= LINK_LINE_MAX_CHARS and line in link_texts)
    ]
