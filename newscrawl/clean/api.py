"""The two entry points: the HTML path (:func:`clean_article`) and the text path
(:func:`clean_text_page`).

Both feed :func:`newscrawl.clean.page.classify_lines`; they differ only in how lines come in and how
the result goes out.
"""

from __future__ import annotations

from datetime import datetime

from newscrawl.items import CleanedArticle, Removal

from .page import PageResult, classify_lines, published_of
from .site_profile import SiteProfile
from .verdict import hijack_score, patterns_of

INLINE_RULES = ("inline-brand", "emoji", "leaked-tag", "title.keyword-prefix")


def _count(removals: list[Removal], rule_prefix: str | tuple[str, ...]) -> int:
    prefixes = (rule_prefix,) if isinstance(rule_prefix, str) else rule_prefix
    return sum(1 for r in removals if r.rule.startswith(prefixes))


def clean_text_page(
    text: str,
    *,
    url: str | None = None,
    tz: str = "Asia/Shanghai",
    now: datetime | None = None,
    site_profile: SiteProfile | None = None,
) -> dict:
    """Text path: classify each non-empty line of a page (first line = its ``<title>``).

    Returns the prediction object of the corpus scorer, minus "id": the cleaned headline, the
    publication date from the meta lines, and one ``{"role", "text"}`` per non-empty input line in
    order, with "" as the text of dropped (spam / boilerplate) lines, plus "hijack_score" (0..1) and
    "hijack_patterns" (the page verdict; the corpus scorer ignores these extra keys).
    """
    raw = [line.strip() for line in text.split("\n")]
    raw = [line for line in raw if line]
    result = classify_lines(raw, url=url, site_profile=site_profile)
    patterns = patterns_of(r.rule for r in result.removals)
    return {
        "title": result.title,
        "published": published_of(result, tz=tz, now=now),
        "lines": [
            {"role": ln.role, "text": "" if ln.role in ("spam", "boilerplate") else ln.text}
            for ln in result.lines
        ],
        "hijack_score": hijack_score(patterns),
        "hijack_patterns": patterns,
    }


def explain_text_page(text: str, *, url: str | None = None) -> PageResult:
    """The full decision record for a text page (roles, reasons, removals), for debugging and the
    CLI."""
    raw = [line.strip() for line in text.split("\n") if line.strip()]
    return classify_lines(raw, url=url)


def clean_article(
    *,
    title: str | None,
    title_tag: str | None,
    paragraphs: list[str],
    lang: str | None = None,
    url: str | None = None,
    site_profile: SiteProfile | None = None,
) -> CleanedArticle:
    """HTML path: clean an extracted headline candidate and body paragraphs.

    The raw ``<title>`` goes in first, as on the text path, so that its spam (and the brand it
    names)
    is learned; it is never used as the headline. The headline candidate keeps the title role unless
    it is itself injected, in which case the classifier's own choice among the paragraphs is used.
    Removal positions are paragraph indexes, -1 for the title. ``url`` (optional) lets the
    page-level doorway rules see a gambling slug; ``lang`` is accepted for the pipeline's sake (the
    rules read the script of the text itself). ``site_profile`` holds the archive's counts of the
    site's lines (:mod:`newscrawl.clean.site_profile`): lines the site repeats on many pages are
    dropped as its chrome or as an injected header. The result carries the page verdict
    (``hijack_score``, ``hijack_patterns``).
    """
    head: list[str] = []
    if title_tag and title_tag.strip():
        head.append(title_tag.strip())
    title_at = None
    if title and title.strip():
        title_at = len(head)
        head.append(title.strip())
    paras = [p.strip() for p in paragraphs]
    keep_idx = [i for i, p in enumerate(paras) if p]
    lines = head + [paras[i] for i in keep_idx]
    result = classify_lines(
        lines,
        url=url,
        title_at=title_at,
        title_tag_at=0 if title_tag and title_tag.strip() else None,
        # a paragraph is promoted to headline only when the extracted one was injected
        choose_title=title_at is not None,
        site_profile=site_profile,
    )
    offset = len(head)

    def pos(line_index: int) -> int:
        return -1 if line_index < offset else keep_idx[line_index - offset]

    removals = [
        Removal(pos(r.position), r.text, r.reason, r.rule)
        for r in result.removals
        if not (r.position < offset and r.position != title_at)
    ]

    clean_title: str | None = None
    title_line = result.lines[title_at] if title_at is not None else None
    if title_line is not None and title_line.role == "title":
        clean_title = title_line.text
    elif title_line is not None and result.title_index is not None and result.title_index >= offset:
        # The extracted headline was itself injected: take the classifier's headline from the page.
        clean_title = result.title

    kept: list[str] = []
    for ln in result.lines[offset:]:
        if ln.role == "body" or (ln.role == "title" and ln.index != title_at):
            if ln.role == "title" and clean_title is not None and ln.text == clean_title:
                continue  # the headline chosen from the paragraphs is not repeated in the body
            if ln.text.strip():  # a line that repairs left empty is not a paragraph
                kept.append(ln.text)
        elif ln.role == "meta":
            removals.append(Removal(pos(ln.index), ln.original, ln.reason or "metadata", "meta"))

    spam_reason = result.spam_page_reason
    if spam_reason is None and keep_idx and not kept:
        spam_reason = "nothing of an article left after removing the injection"
    lines_removed = sum(1 for ln in result.lines[offset:] if ln.role in ("spam", "boilerplate"))
    # the <title> line's own injection counts for the page verdict even though it is not archived
    patterns = patterns_of(r.rule for r in result.removals)
    return CleanedArticle(
        title=clean_title,
        paragraphs=kept,
        removals=removals,
        is_spam_page=spam_reason is not None,
        spam_reason=spam_reason,
        brands=list(result.brands),
        lines_removed=lines_removed,
        inline_removed=_count(removals, INLINE_RULES),
        pinyin_removed=_count(removals, "pinyin"),
        mojibake_repaired=_count(removals, "mojibake.repaired"),
        mojibake_removed=_count(removals, ("mojibake.removed", "spam-line.junk")),
        hijack_score=hijack_score(patterns),
        hijack_patterns=patterns,
    )
