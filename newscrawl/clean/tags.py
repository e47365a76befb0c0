"""Markup that leaked into text: ``</p>`` and ``<br>`` as literal characters, hidden-tag injection.

Hijack kits wrap injected links in nests of empty tags with random ids (``<nobr id="311hv">``) and
some mirrors double-escape so that closing tags show up as text. A line made only of tags is
injected
page furniture; tags inside a line of prose are stripped and the prose kept.
"""

from __future__ import annotations

import re

from newscrawl.items import Removal

TAG_RE = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s+[a-zA-Z_:-]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
)
#: Tags that leaked HTML-escaped: "&lt;/p&gt;".
ESCAPED_TAG_RE = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*(?:\s[^&]*)?/?&gt;")
ENTITY_RE = re.compile(r"&(?:nbsp|lt|gt|amp|quot|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
BULLET_RE = re.compile(r"^[\s•·\-*]+")


def is_tag_only(text: str) -> bool:
    """The line is nothing but markup (hidden-tag injection)."""
    if "<" not in text:
        return False  # no tag without its '<'
    core = BULLET_RE.sub("", text).strip()
    return bool(core) and TAG_RE.search(core) is not None and not TAG_RE.sub("", core).strip()


def strip_tags(text: str, position: int) -> tuple[str, list[Removal]]:
    """Remove literal tags (and stray entities) from a line of text, recording each."""
    removals: list[Removal] = []
    if "<" not in text and "&" not in text:
        return text, removals  # every pattern below starts with one of these

    def repl(m: re.Match[str]) -> str:
        removals.append(Removal(position, m.group(0), "markup leaked into the text", "leaked-tag"))
        return ""

    text = TAG_RE.sub(repl, text)
    text = ESCAPED_TAG_RE.sub(repl, text)
    text = ENTITY_RE.sub(repl, text)
    return text, removals
