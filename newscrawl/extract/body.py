"""The article body as a list of paragraphs.

Generic main-content detection is trafilatura's job (``bare_extraction``, Apache-2.0): it scores
well on varied news templates. Around it this module adds what trafilatura does not know: the
JSON-LD ``articleBody`` a publisher hands us (used when trafilatura finds much less), and trimming
of the page furniture that trafilatura keeps at the edges of the text (the headline repeated as the
first line, "责任编辑：…" and copyright lines at the end, a closing list of links), and the rest of a
body that the template split into sibling blocks (trafilatura keeps the first block only).
"""

from __future__ import annotations

import copy
import logging
import re

from lxml import etree, html

from newscrawl.extract.density import container_paragraphs, densest_container, split_chunks
from newscrawl.extract.kind import text_units, units_up_to
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
    # trafilatura's own heuristics only, no readability/justext comparison: as good on most pages
    # and ~40% cheaper; the comparison runs only when this result looks poor (see extract_body).
    "fast": True,
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
#: The headline repeated in the text is looked for among this many first paragraphs (a section
#: name or a kicker may come before it).
HEADLINE_MAX_INDEX = 3
#: A list-item mark trafilatura puts before a line ("- Headline").
LIST_BULLET = re.compile(r"^[-•·*]\s+")
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
#: A paragraph reads like running text with this many text units (a headline rarely has more)...
PROSE_MIN_UNITS = 15
#: ...or when it ends like a sentence and has this many (a one-line lead).
SENTENCE_MIN_UNITS = 5
SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»）)]?$")

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


#: A chunk of a split body is taken only when this share of its text reads as prose.
CHUNK_PROSE_SHARE = 0.7
#: A list in such a chunk whose items all hold links, this share of its text, is a link list.
LINK_LIST_SHARE = 0.35
#: In such a chunk, a line that is all link text is a link list entry, whatever its length.
CHUNK_LINK_LINE_MAX_CHARS = 1000


#: Trailing lines that are whole link texts are a link list when there are this many...
TRAILING_LINKS_MIN = 2
#: ...each at most this long (a headline-sized link).
LINK_LINE_MAX_CHARS = 200
_LINK_WITH_TEXT = etree.XPath("//a[normalize-space(.) = $text]")


def extract_body(
    root: html.HtmlElement,
    url: str,
    *,
    jsonld_body: str | None = None,
    texts: list[tuple[html.HtmlElement, str]] | None = None,
) -> tuple[list[str], str]:
    """``(paragraphs, method)``; method is "trafilatura", "trafilatura-recall", "density",
    "jsonld" or "" (none). ``texts``: the page's element texts (see
    :func:`~newscrawl.extract.tree.page_text`), when already gathered."""
    paragraphs = trafilatura_paragraphs(root, url)
    if _short(paragraphs) and table_share(paragraphs) < TABLE_LAYOUT_SHARE:
        # fast mode missed the article: let trafilatura compare with readability/justext
        paragraphs = trafilatura_paragraphs(root, url, fast=False)
    method = "trafilatura" if paragraphs else ""
    size = sum(map(len, paragraphs))
    if _short(paragraphs) and table_share(paragraphs) < TABLE_LAYOUT_SHARE:
        fuller = trafilatura_paragraphs(root, url, recall=True, fast=False)
        if sum(map(len, fuller)) > RECALL_WIN_RATIO * size:
            paragraphs, method = fuller, "trafilatura-recall"
    if method.startswith("trafilatura") and table_share(paragraphs) < TABLE_LAYOUT_SHARE:
        paragraphs = _with_chunks(root, paragraphs, texts)
    if table_share(paragraphs) >= TABLE_LAYOUT_SHARE:
        container = densest_container(root)
        dense = container_paragraphs(container) if container is not None else []
        if sum(map(len, dense)) >= DENSITY_MIN_CHARS:
            paragraphs, method = dense, "density"
    if method.startswith("trafilatura"):
        paragraphs = drop_trailing_links(root, paragraphs)
    paragraphs = [cell for paragraph in paragraphs for cell in split_table_row(paragraph)]
    ld_paragraphs = _jsonld_paragraphs(jsonld_body)
    if ld_paragraphs:
        ld_len, tr_len = sum(map(len, ld_paragraphs)), sum(map(len, paragraphs))
        if ld_len >= JSONLD_BODY_MIN_CHARS and ld_len > tr_len * JSONLD_BODY_RATIO:
            paragraphs, method = ld_paragraphs, "jsonld"
    return paragraphs, method


def _with_chunks(
    root: html.HtmlElement,
    paragraphs: list[str],
    texts: list[tuple[html.HtmlElement, str]] | None = None,
) -> list[str]:
    """``paragraphs`` plus the other chunks of a body split into sibling blocks (see
    :func:`~newscrawl.extract.density.split_chunks`), in page order: the chunks right before and
    after the extracted one, as long as they read as article text (layout rows of one class hold
    headers, link lists and author boxes too)."""
    chunks = split_chunks(root, paragraphs, texts)
    kept = set(paragraphs)
    texts = [_chunk_paragraphs(chunk) for chunk in chunks]
    own = next((i for i, lines in enumerate(texts) if kept.intersection(lines)), None)
    if own is None:
        return paragraphs
    first = last = own
    while first > 0 and _article_text(texts[first - 1]):
        first -= 1
    while last + 1 < len(texts) and _article_text(texts[last + 1]):
        last += 1
    before = [line for lines in texts[first:own] for line in lines]
    after = [line for lines in texts[own + 1 : last + 1] for line in lines]
    while after and not reads_as_prose(after[-1]):
        after.pop()  # a heading with nothing under it ("More stories", its list dropped)
    return before + paragraphs + after


def _chunk_paragraphs(chunk: html.HtmlElement) -> list[str]:
    """The lines of one chunk without its link lists ("More stories" and the like)."""
    chunk = copy.deepcopy(chunk)
    for listing in chunk.xpath(".//ul|.//ol"):
        if _link_list(listing):
            listing.drop_tree()
    return container_paragraphs(chunk, CHUNK_LINK_LINE_MAX_CHARS)


def _link_list(listing: html.HtmlElement) -> bool:
    """Every item of the list holds a link, and links are most of its text."""
    items = listing.findall("li")
    if not items or any(item.find(".//a") is None for item in items):
        return False
    text = len(collapse(listing.text_content()))
    linked = sum(len(collapse(a.text_content())) for a in listing.iter("a"))
    return text > 0 and linked >= LINK_LIST_SHARE * text


def _article_text(lines: list[str]) -> bool:
    """Most of the text is in sentences, not in headers, bylines and link lists."""
    total = sum(map(len, lines))
    prose = sum(len(line) for line in lines if reads_as_prose(line))
    return total > 0 and prose >= CHUNK_PROSE_SHARE * total


def drop_trailing_links(root: html.HtmlElement, paragraphs: list[str]) -> list[str]:
    """Without the list of links the text ends with ("related stories" kept by the extractor):
    at least :data:`TRAILING_LINKS_MIN` last paragraphs that are each the whole text of a link on
    the page. One such line alone (a source, "Read the report") is left."""
    end = len(paragraphs)
    while end > 1 and _furniture_line(paragraphs[end - 1]):
        end -= 1  # a copyright line after the list
    start = end
    while start > 1 and _link_line(root, paragraphs[start - 1]):
        start -= 1
    return paragraphs[:start] if end - start >= TRAILING_LINKS_MIN else paragraphs


def _furniture_line(paragraph: str) -> bool:
    return len(paragraph) < FURNITURE_MAX_CHARS and bool(TRAILING_FURNITURE.search(paragraph))


def _link_line(root: html.HtmlElement, paragraph: str) -> bool:
    text = LIST_BULLET.sub("", paragraph)
    return len(text) <= LINK_LINE_MAX_CHARS and bool(_LINK_WITH_TEXT(root, text=text))


def _short(paragraphs: list[str]) -> bool:
    """Less text than a short news item: trafilatura probably missed the article."""
    return units_up_to(paragraphs, RECALL_RETRY_MAX_UNITS) < RECALL_RETRY_MAX_UNITS


def trafilatura_paragraphs(
    root: html.HtmlElement, url: str, *, recall: bool = False, fast: bool | None = None
) -> list[str]:
    """trafilatura's main text split into paragraphs; [] when it finds none or fails.

    ``recall`` swaps favor_precision for favor_recall; ``fast`` overrides the option of
    :data:`TRAFILATURA_OPTIONS`. ``root`` is not modified: ``bare_extraction`` prunes a copy of
    the tree it is given (it copies an element input itself, so no copy is made here).
    """
    from trafilatura import bare_extraction  # heavy import, deferred to first use

    options = dict(TRAFILATURA_OPTIONS, favor_precision=not recall, favor_recall=recall)
    if fast is not None:
        options["fast"] = fast
    try:
        document = bare_extraction(root, url=url or None, **options)
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
    """The first paragraph that is not debris ("| |", "›") or a furniture line."""
    for paragraph in paragraphs:
        if len(paragraph) >= PROSE_MIN_CHARS and not TRAILING_FURNITURE.match(paragraph):
            return paragraph
    return paragraphs[0] if paragraphs else None


def reads_as_prose(paragraph: str) -> bool:
    """Running text rather than a headline, section name, kicker or date line: sentence length, or
    a shorter line that ends like a sentence."""
    units = text_units(paragraph)
    return units >= PROSE_MIN_UNITS or (
        units >= SENTENCE_MIN_UNITS and bool(SENTENCE_END.search(paragraph))
    )


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


def _headline_span(paragraphs: list[str], title: str) -> tuple[int, int] | None:
    """``(first, past)`` indexes of the headline when the text repeats it near its start (whole,
    as a list item, or broken over two lines)."""
    wanted = _compact(title)
    for index, paragraph in enumerate(paragraphs[:HEADLINE_MAX_INDEX]):
        key = _compact(LIST_BULLET.sub("", paragraph))
        if key == wanted:
            return index, index + 1
        pair = key + _compact(paragraphs[index + 1]) if index + 1 < len(paragraphs) else ""
        if key and wanted.startswith(key) and pair == wanted:
            return index, index + 2
    return None


def _drop_headline(paragraphs: list[str], title: str) -> list[str]:
    """The text without its repeated headline. Short lines above it (a section name, "Top
    stories") go too; prose above it stays (some templates put the lead before the headline)."""
    span = _headline_span(paragraphs, title)
    if span is None:
        return paragraphs
    first, past = span
    if any(reads_as_prose(p) for p in paragraphs[:first]):
        return paragraphs[:first] + paragraphs[past:]
    return paragraphs[past:]


def _compact(text: str) -> str:
    return "".join(text.split())


def trim_edges(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop the headline repeated near the start (and what precedes it), date/reading-time lines
    before the text and furniture lines (credits, follow/subscribe prompts, editor lines) at the
    end."""
    result = list(paragraphs)
    if title:
        result = _drop_headline(result, title)
    while len(result) > 1 and _leading_furniture(result[0]):
        result.pop(0)
    while len(result) > 1 and _furniture_line(result[-1]):
        result.pop()
    return result
