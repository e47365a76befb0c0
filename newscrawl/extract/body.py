"""The article body as a list of paragraphs.

Generic main-content detection is trafilatura's job (``bare_extraction``, Apache-2.0): it scores
well on varied news templates. Around it this module adds what trafilatura does not know: the
JSON-LD ``articleBody`` a publisher hands us (used when trafilatura finds much less), and trimming
of the page furniture that trafilatura keeps at the edges of the text (the headline repeated as the
first line, "责任编辑：…" and copyright lines at the end).
"""

from __future__ import annotations

import copy
import logging
import re

from lxml import html

from newscrawl.extract.density import container_paragraphs, densest_container
from newscrawl.extract.kind import text_units
from newscrawl.extract.tree import collapse

log = logging.getLogger(__name__)

#: trafilatura settings: comments are not the article, and favouring precision cuts related-link
#: blocks and teasers (measured: higher F1 on both English and Chinese news pages).
TRAFILATURA_OPTIONS: dict[str, object] = {
    "include_comments": False,
    "favor_precision": True,
    "include_tables": True,
    "with_metadata": False,
    "deduplicate": False,
}

#: JSON-LD ``articleBody`` replaces the extracted text only when it is this much longer: publishers
#: often truncate it, and trafilatura keeps paragraph breaks that ``articleBody`` loses.
JSONLD_BODY_RATIO = 1.6
#: ...and only when it is at least this long (a teaser is not a body).
JSONLD_BODY_MIN_CHARS = 300

#: Lines at the end of the text that are furniture, not article (editor credits, copyright).
TRAILING_FURNITURE = re.compile(
    r"^[\[【（(]?\s*(责任编辑|责编|编辑|来源|稿源|本文来源|作者|打印|关闭窗口|返回顶部|相关新闻|"
    r"相关链接|相关阅读|推荐阅读|Copyright|©|版权所有)"
    r"|^(\d+\s+)?comments?$|^tell us what|^advertisement$|^share (this|on)|^follow us|^read more"
    r"|^related( articles| posts| stories|:)|sign up (for|to)|subscribe (to|now)|newsletter"
    r"|click here|^follow\b|^you may also like|^filed under|contributed (reporting|to this report)"
    r"|^(additional )?reporting by|^source:|^email \S+ .*follow|^reach the reporters?\b"
    r"|share it with a friend|^have a tip\b",
    re.IGNORECASE,
)
#: Lines at the start of the text that are furniture: reading time, a bare date/byline line
#: (short, with a year, not a sentence).
LEADING_FURNITURE = re.compile(
    r"^(tempo de )?leitura:|reading time|^\d+\s*min(ute)?s? read$"
    r"|^(?=.{0,80}$)(?!.*[.!?。！？]$).*\b(19|20)\d{2}\b",
    re.IGNORECASE,
)
#: A leading line counts as a date/byline only with this few words.
LEADING_MAX_WORDS = 10
#: Furniture lines are short; a long paragraph mentioning a newsletter is still article text.
FURNITURE_MAX_CHARS = 200

#: trafilatura's text rendering of a table row, and the separator between its cells.
TABLE_ROW = re.compile(r"^\|.*\|$")
TABLE_CELL_SPLIT = re.compile(r"(?<!\\)\|")
#: Above this share of table-row text, the page is a table layout and density detection decides.
TABLE_LAYOUT_SHARE = 0.5
#: The densest container must hold at least this much text to replace trafilatura's output.
DENSITY_MIN_CHARS = 100

#: The first paragraph this long (not furniture) is where the text starts (shorter ones are
#: debris such as "| |" or "›").
PROSE_MIN_CHARS = 6

_WORDLIKE = re.compile(r"[^\W_]")


#: favor_precision sometimes keeps only a caption or the first paragraph (an article split into
#: sections it scores as boilerplate). When its text is shorter than this (text units: words, or
#: CJK characters counted half; a short news item is longer)...
RECALL_RETRY_MAX_UNITS = 100
#: ...trafilatura runs again favouring recall, and that text wins when it is this many times longer
#: (measured on zyte and cn_cwce: F1 up on both; a recall text only a little longer is the same
#: article plus teasers). Table layouts are left to density detection: there recall adds the
#: navigation cells and forum replies.
RECALL_WIN_RATIO = 2.0


def extract_body(
    root: html.HtmlElement, url: str, *, jsonld_body: str | None = None
) -> tuple[list[str], str]:
    """``(paragraphs, method)``; method is "trafilatura", "trafilatura-recall", "density",
    "jsonld" or "" (none)."""
    paragraphs = trafilatura_paragraphs(root, url)
    method = "trafilatura" if paragraphs else ""
    size = sum(map(len, paragraphs))
    short = sum(map(text_units, paragraphs)) < RECALL_RETRY_MAX_UNITS
    if short and table_share(paragraphs) < TABLE_LAYOUT_SHARE:
        fuller = trafilatura_paragraphs(root, url, recall=True)
        if sum(map(len, fuller)) > RECALL_WIN_RATIO * size:
            paragraphs, method = fuller, "trafilatura-recall"
    if table_share(paragraphs) >= TABLE_LAYOUT_SHARE:
        container = densest_container(root)
        dense = container_paragraphs(container) if container is not None else []
        if sum(map(len, dense)) >= DENSITY_MIN_CHARS:
            paragraphs, method = dense, "density"
    paragraphs = [cell for paragraph in paragraphs for cell in split_table_row(paragraph)]
    ld_paragraphs = _jsonld_paragraphs(jsonld_body)
    if ld_paragraphs:
        ld_len, tr_len = sum(map(len, ld_paragraphs)), sum(map(len, paragraphs))
        if ld_len >= JSONLD_BODY_MIN_CHARS and ld_len > tr_len * JSONLD_BODY_RATIO:
            paragraphs, method = ld_paragraphs, "jsonld"
    return paragraphs, method


def trafilatura_paragraphs(root: html.HtmlElement, url: str, *, recall: bool = False) -> list[str]:
    """trafilatura's main text split into paragraphs; [] when it finds none or fails.

    ``recall`` swaps favor_precision for favor_recall. trafilatura prunes the tree it is given, so
    it gets a copy.
    """
    from trafilatura import bare_extraction  # heavy import, deferred to first use

    options = dict(TRAFILATURA_OPTIONS, favor_precision=not recall, favor_recall=recall)
    try:
        document = bare_extraction(copy.deepcopy(root), url=url or None, **options)
    except Exception:  # a bug in a dependency must not lose the whole page
        log.warning("trafilatura failed on %s", url, exc_info=True)
        return []
    text = getattr(document, "text", None) if document is not None else None
    return split_paragraphs(text or "")


def table_share(paragraphs: list[str]) -> float:
    """Share of the text that trafilatura printed as table rows ("| cell | cell |")."""
    total = sum(map(len, paragraphs))
    rows = sum(len(p) for p in paragraphs if TABLE_ROW.match(p))
    return rows / total if total else 0.0


def split_table_row(paragraph: str) -> list[str]:
    """A "| a | b |" table row as its non-empty cells; any other paragraph unchanged."""
    if not TABLE_ROW.match(paragraph):
        return [paragraph]
    cells = (
        collapse(cell.replace("\\|", "|")) for cell in TABLE_CELL_SPLIT.split(paragraph.strip("| "))
    )
    return [cell for cell in cells if _WORDLIKE.search(cell)]


def split_paragraphs(text: str) -> list[str]:
    """Whitespace-collapsed lines of ``text`` that hold a letter or digit (not bare "| |" rows)."""
    return [
        line for line in (collapse(part) for part in text.splitlines()) if _WORDLIKE.search(line)
    ]


def first_prose(paragraphs: list[str]) -> str | None:
    """The first paragraph that reads like running text (where the article itself starts)."""
    for paragraph in paragraphs:
        if len(paragraph) >= PROSE_MIN_CHARS and not TRAILING_FURNITURE.match(paragraph):
            return paragraph
    return paragraphs[0] if paragraphs else None


def _jsonld_paragraphs(body: str | None) -> list[str]:
    if not isinstance(body, str) or not body.strip():
        return []
    if "<" in body and ">" in body:  # some publishers put HTML in articleBody
        try:
            fragment = html.fragment_fromstring(body, create_parent="div")
            body = "\n".join(fragment.itertext())
        except Exception:
            return []
    return split_paragraphs(body)


def _leading_furniture(line: str) -> bool:
    return len(line.split()) <= LEADING_MAX_WORDS and bool(LEADING_FURNITURE.search(line))


def trim_edges(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop the headline repeated as first line, date/reading-time lines before the text and
    furniture lines (credits, follow/subscribe prompts, editor lines) at the end."""
    result = list(paragraphs)
    if result and title and collapse(result[0]) == collapse(title):
        result.pop(0)
    while len(result) > 1 and _leading_furniture(result[0]):
        result.pop(0)
    while (
        len(result) > 1
        and len(result[-1]) < FURNITURE_MAX_CHARS
        and TRAILING_FURNITURE.search(result[-1])
    ):
        result.pop()
    return result
