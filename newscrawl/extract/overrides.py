"""Per-site selectors that take precedence over the generic cascade.

Some sites defeat generic extraction (a headline in an image alt, a date only in a sidebar widget);
the source registry can then name the element. A selector starting with "/" or "(" is XPath,
anything else CSS (translated by ``cssselect``). A selector that is invalid or matches nothing
yields nothing, so the generic cascade takes over instead of the page being lost.
"""

from __future__ import annotations

import logging

from lxml import html

from newscrawl.extract.tree import collapse, visible_lines, visible_text

log = logging.getLogger(__name__)

#: Override keys the cascade understands.
OVERRIDE_FIELDS = ("title", "date", "body")


def is_xpath(selector: str) -> bool:
    """XPath selectors start with "/" or "(" (``//h1``, ``(//time)[1]``); others are CSS."""
    return selector.lstrip().startswith(("/", "("))


def select(root: html.HtmlElement, selector: str) -> list[html.HtmlElement | str]:
    """Elements (or strings, for XPath ending in ``/@attr`` or ``text()``) ``selector`` matches."""
    try:
        if is_xpath(selector):
            result = root.xpath(selector.strip())
        else:
            from cssselect import GenericTranslator  # a dependency of lxml's CSS support

            result = root.xpath(GenericTranslator().css_to_xpath(selector.strip()))
    except Exception as err:  # XPathError, SelectorError, ImportError: all mean "no match"
        log.warning("override selector %r failed: %s", selector, err)
        return []
    if not isinstance(result, list):
        result = [str(result)]
    return result


def _text(item: html.HtmlElement | str) -> str:
    return collapse(str(item)) if isinstance(item, str) else visible_text(item)


def select_text(root: html.HtmlElement, selector: str) -> str | None:
    """The text of the first non-empty match."""
    for item in select(root, selector):
        text = _text(item)
        if text:
            return text
    return None


def select_date_text(root: html.HtmlElement, selector: str) -> str | None:
    """Like :func:`select_text`, but a ``datetime``/``content`` attribute beats the element text."""
    for item in select(root, selector):
        if not isinstance(item, str):
            raw = item.get("datetime") or item.get("content")
            if raw and raw.strip():
                return raw.strip()
        text = _text(item)
        if text:
            return text
    return None


def select_paragraphs(root: html.HtmlElement, selector: str) -> list[str]:
    """Paragraphs of every match: each ``<p>``/line of a matched container, in order."""
    paragraphs: list[str] = []
    for item in select(root, selector):
        if isinstance(item, str):
            lines = [collapse(item)]
        else:
            lines = visible_lines(item)
        paragraphs.extend(line for line in lines if line)
    return paragraphs
