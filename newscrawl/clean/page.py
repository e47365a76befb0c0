"""Orchestration: one classifier for both the text path and the HTML path.

The order matters and is the same for both paths:

1. page-level signals (pinyin injection, emoji injection, page script, doorway/salad);
2. per-line repairs that keep the line (leaked tags, mojibake, pinyin, emoji), each recorded;
3. spam lines (:mod:`.spam_lines`), then brands learned from them (:mod:`.brands`) and cut inline
   from the remaining lines;
4. boilerplate and meta (:mod:`.structure`), then the headline (:mod:`.title`) and its repeats;
5. everything left is body.

A line of prose is never dropped for its vocabulary; only form, position and page-level evidence
drop
lines, so genuine reporting about gambling, porn crackdowns, lotteries or pharma comes through
intact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newscrawl.items import Removal

from . import brands, doorway, emoji, mojibake, pinyin, spam_lines, structure, tags, title
from .lexicon import normalize
from .site_profile import SiteProfile
from .structure import SURNAMES

ROLES = ("title", "meta", "body", "spam", "boilerplate")
#: Longest line that a learned brand can drop by itself (longer lines get the brand cut out
#: instead).
BRAND_LINE_MAX = 12
#: Lines that merely repeat the headline with a few characters of keyword around it.
REPEAT_EXTRA_MAX = 12


@dataclass
class LineResult:
    """One input line: its role, the text as archived, and why."""

    index: int
    original: str
    text: str
    role: str | None = None
    reason: str | None = None
    rule: str | None = None


@dataclass
class PageResult:
    """Everything the cleaner decided about one page."""

    lines: list[LineResult]
    title: str | None = None
    title_index: int | None = None
    removals: list[Removal] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    spam_page_reason: str | None = None
    injected: bool = False


def _set(line: LineResult, role: str, reason: str, rule: str, removals: list[Removal]) -> None:
    line.role, line.reason, line.rule = role, reason, rule
    if role in ("spam", "boilerplate") and line.original:
        removals.append(Removal(line.index, line.original, reason, rule))


def classify_lines(
    raw_lines: list[str],
    *,
    url: str | None = None,
    title_at: int | None = None,
    title_tag_at: int | None = None,
    choose_title: bool = True,
    site_profile: SiteProfile | None = None,
) -> PageResult:
    """Classify and clean a page's non-empty lines (on the text path the first is its <title>).

    The HTML path knows more: ``title_at`` is the line extraction took for the headline (it keeps
    the title role unless it is itself injected), ``title_tag_at`` the raw ``<title>`` line, which
    informs the classifier (its spam, its brand) but is never the headline. With ``choose_title``
    False no other line is promoted to headline (the HTML path without an extracted headline).
    ``site_profile`` (counts of lines across the site's pages) drops the lines the site repeats.
    """
    lines = [LineResult(i, t, t) for i, t in enumerate(raw_lines)]
    removals: list[Removal] = []
    pinyin_page, emoji_page = _repair(lines, removals)
    spam_page_reason = _page_level(lines, url, removals)
    _spam_lines(lines, removals)
    learned = _learn_brands(lines, removals)
    injected = any(ln.role == "spam" for ln in lines) or pinyin_page or emoji_page
    injected = _cut_brands(lines, learned, injected, removals)
    spam_page_reason = spam_page_reason or _all_injection(lines, removals)
    if site_profile is not None:
        _site_lines(lines, site_profile, title_at, removals)
    head_at = title_tag_at if title_tag_at is not None else (0 if title_at is None else None)
    if spam_page_reason is None and head_at is not None and head_at < len(lines):
        _unrelated_title(lines, head_at, removals)
    _structure(lines, removals)
    result = PageResult(
        lines=lines,
        removals=removals,
        brands=learned,
        spam_page_reason=spam_page_reason,
        injected=injected,
    )
    if spam_page_reason is None:
        _headline(result, title_at=title_at, title_tag_at=title_tag_at, choose=choose_title)
    for ln in lines:
        if ln.role is None:
            ln.role = "body"
    return result


_TRAILING_BLANKS_RE = re.compile(r"[ \t]+$")
#: How a line that :data:`_TRAILING_BLANKS_RE` changes ends (its ``$`` also matches before a final
#: newline); any other line is left as it is without running the regex.
_BLANK_ENDS = (" ", "\t", "\n")


def _repair(lines: list[LineResult], removals: list[Removal]) -> tuple[bool, bool]:
    """Repairs that keep the line: leaked tags, mojibake, page-level pinyin / emoji injection."""
    texts = [ln.text for ln in lines]
    pinyin_page = pinyin.page_has_injection(texts)
    emoji_page = emoji.page_has_injection(texts)
    for ln in lines:
        if tags.is_tag_only(ln.text):
            continue  # a markup-only line is injection as a whole (spam_lines drops it)
        t, r = tags.strip_tags(ln.text, ln.index)
        removals += r
        t, r = mojibake.repair_line(t, ln.index)
        removals += r
        if pinyin_page:
            t, r = pinyin.strip_annotations(t, ln.index)
            removals += r
        if emoji_page:
            t, r = emoji.strip_emoji(t, ln.index)
            removals += r
        ln.text = _TRAILING_BLANKS_RE.sub("", t) if t.endswith(_BLANK_ENDS) else t
    return pinyin_page, emoji_page


def _page_level(lines: list[LineResult], url: str | None, removals: list[Removal]) -> str | None:
    """Doorways and news salad: pages with no article at all. Returns the reason, or None."""
    texts = [ln.text for ln in lines]
    start = doorway.pharma_doorway_start(texts)
    if start is not None:
        reason = "pharma doorway (keyword headline, paragraphs all about the drug)"
        for ln in lines[start:]:
            _set(ln, "spam", reason, "page.pharma-doorway", removals)
        for ln in lines[:start]:
            _set(ln, "boilerplate", "host chrome around a doorway", "page.pharma-doorway", removals)
        return reason
    if doorway.casino_doorway(texts, url):
        reason = "casino doorway (gambling slug on a non-gambling site)"
        for ln in lines:
            if len(ln.text.split()) <= 3:
                _set(
                    ln,
                    "boilerplate",
                    "widget heading on a doorway",
                    "page.casino-doorway",
                    removals,
                )
            else:
                _set(ln, "spam", reason, "page.casino-doorway", removals)
        return reason
    if doorway.is_news_salad(texts):
        reason = "news salad (several wire datelines, unrelated paragraphs)"
        for ln in lines:
            if len(ln.text) >= doorway.LONG_LINE_MIN // 2:
                _set(ln, "spam", reason, "page.news-salad", removals)
        return reason
    return None


#: Share of a page's lines that must be injected before its short leftovers are taken for injection.
ALL_SPAM_MIN_SHARE = 0.5
ALL_SPAM_MIN_LINES = 3


def _all_injection(lines: list[LineResult], removals: list[Removal]) -> str | None:
    """A page that is mostly injected lines and has no paragraph of prose left is all injection:
    its remaining short lines are the same link list (a genuine article always has a paragraph)."""
    spam = sum(1 for ln in lines if ln.role == "spam")
    left = [ln for ln in lines if ln.role is None]
    if spam < ALL_SPAM_MIN_LINES or spam < ALL_SPAM_MIN_SHARE * len(lines):
        return None
    if any(title.is_paragraph(ln.text) for ln in left):
        return None
    reason = f"all injection ({spam} of {len(lines)} lines injected, no paragraph of prose)"
    for ln in left:
        _set(ln, "spam", reason, "page.all-spam", removals)
    return reason


#: A headline-shaped ``<title>`` line with at least this many letter bigrams ...
UNRELATED_TITLE_MIN_BIGRAMS = 8
#: ... on a page whose paragraphs hold at least this many ...
UNRELATED_BODY_MIN_BIGRAMS = 200
#: ... is a swapped-in headline when at most this share of its bigrams occur in the paragraphs.
UNRELATED_MAX_OVERLAP = 0.05
_LETTERS_RE = re.compile(r"[^\u3400-\u9fffa-z0-9]+")


def _letters(text: str) -> str:
    """The line's Han, Latin letters and digits only (normalized), for comparing vocabulary."""
    return _LETTERS_RE.sub("", normalize(text))


def _letter_bigrams(text: str) -> set[str]:
    t = _letters(text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def _unrelated_title(lines: list[LineResult], at: int, removals: list[Removal]) -> None:
    """A ``<title>`` that shares no words with the article below it was swapped in by the hijacker.

    A real headline always repeats some of its article's words (names, places, the topic); a
    headline of another story put in the ``<title>`` shares none, however fluent it is.
    """
    ln = lines[at]
    if ln.role is not None or title.is_paragraph(ln.text) or len(ln.text) > title.TITLE_MAX_LEN:
        return
    if structure.boilerplate_reason(ln.text) or structure.meta_reason(ln.text):
        return  # chrome and bylines share no words with the article either, and are no headline
    grams = _letter_bigrams(ln.text)
    if len(grams) < UNRELATED_TITLE_MIN_BIGRAMS:
        return
    # The title is swapped in only when the paragraphs share (almost) none of its bigrams, so the
    # shared ones are looked up in each paragraph's letters (a title has a few dozen bigrams, a
    # paragraph hundreds); as soon as they pass the share, more paragraphs cannot bring it back
    # down. Only a title that stays under it needs the paragraphs' own bigrams counted.
    paragraphs: list[str] = []
    shared: set[str] = set()
    for other in lines:
        if other.index != at and other.role is None and title.is_paragraph(other.text):
            letters = _letters(other.text)
            paragraphs.append(letters)
            shared.update([g for g in grams - shared if g in letters])
            if len(shared) / len(grams) > UNRELATED_MAX_OVERLAP:
                return  # it shares words already, and more paragraphs only add to the overlap
    body = {t[i : i + 2] for t in paragraphs for i in range(len(t) - 1)}
    if len(body) < UNRELATED_BODY_MIN_BIGRAMS:
        return
    overlap = len(grams & body) / len(grams)
    if overlap <= UNRELATED_MAX_OVERLAP:
        why = f"<title> sharing no words with the article ({overlap:.0%} of its bigrams)"
        _set(ln, "spam", why, "spam-line.unrelated-title", removals)


def _site_lines(
    lines: list[LineResult], profile: SiteProfile, title_at: int | None, removals: list[Removal]
) -> None:
    """Lines the site repeats on many pages: its chrome, or a header injected into every page.

    The extracted headline is kept (a site may reuse a headline for a series) and so is a line
    that contains it; anything else seen on a large share of the site's pages is not this
    article's text, however fluent (a wire-service disclaimer reads as prose too).
    """
    if not profile.trusted:
        return
    head = title.squash(lines[title_at].text) if title_at is not None else ""
    for ln in lines:
        if ln.role is not None or ln.index == title_at or not profile.is_site_line(ln.original):
            continue
        if len(head) >= title.TITLE_MIN_LEN and head in title.squash(ln.text):
            continue
        share = profile.seen_share(ln.original)
        if spam_lines.lexicon_score(normalize(ln.text))[1] >= 1:
            why = f"injected header repeated on {share:.0%} of the site's pages"
            _set(ln, "spam", why, "spam-line.site-repeated", removals)
        else:
            why = f"site line repeated on {share:.0%} of the site's pages"
            _set(ln, "boilerplate", why, "boilerplate.site-repeated", removals)


def _spam_lines(lines: list[LineResult], removals: list[Removal]) -> None:
    ctx = spam_lines.page_context([ln.text for ln in lines])
    for ln in lines:
        if ln.role is None:
            verdict = spam_lines.classify(ln.text, ctx)
            if verdict:
                _set(ln, "spam", verdict.reason, verdict.rule, removals)


def _learn_brands(lines: list[LineResult], removals: list[Removal]) -> list[str]:
    """Brands named by hijacker site names and fake nav items; such nav items are spam too."""
    learned: list[str] = []
    for ln in lines:
        brand = None
        if ln.role == "spam" and ln.rule in ("spam-line.site-name", "spam-line.keyword-list"):
            brand = brands.brand_from_site_name(ln.text)
        elif ln.role is None:
            brand = brands.brand_from_nav(ln.text)
            if brand:
                why = f"fake nav item naming the hijacker brand {brand!r}"
                _set(ln, "spam", why, "spam-line.brand-nav", removals)
        if brand and brand not in learned:
            learned.append(brand)
    return learned


def _cut_brands(
    lines: list[LineResult], learned: list[str], injected: bool, removals: list[Removal]
) -> bool:
    """Drop short lines that only name a learned brand; cut brands spliced into the others."""
    for ln in lines:
        if ln.role is None and learned and len(ln.text) <= BRAND_LINE_MAX:
            if brands.mentions_brand(ln.text, learned):
                why = "short line naming the learned hijacker brand"
                _set(ln, "spam", why, "spam-line.brand", removals)
    for ln in lines:
        if ln.role is None:
            ln.text, r = brands.remove_inline(ln.text, ln.index, learned, injected=injected)
            removals += r
            injected = injected or bool(r)
    return injected


def _structure(lines: list[LineResult], removals: list[Removal]) -> None:
    """Boilerplate and meta among the lines still undecided."""
    nav_runs = structure.nav_run_indices([ln.text for ln in lines])
    related = structure.related_list_indices([ln.text for ln in lines], title.is_paragraph)
    pars = [ln.index for ln in lines if ln.role is None and title.is_paragraph(ln.text)]
    inside = range(pars[0], pars[-1] + 1) if pars else range(0)
    for ln in lines:
        if ln.role is not None:
            continue
        if ln.index in nav_runs:
            _set(ln, "boilerplate", "run of short bullet links", "boilerplate.nav-run", removals)
            continue
        if ln.index in related:
            why = "headline of another story under a related-reading label"
            _set(ln, "boilerplate", why, "boilerplate.related", removals)
            continue
        why = structure.boilerplate_reason(ln.text)
        if why:
            _set(ln, "boilerplate", why, "boilerplate", removals)
            continue
        if ln.index not in inside and structure.is_nav_segments(ln.text):
            _set(ln, "boilerplate", "navigation words", "boilerplate.nav", removals)
            continue
        why = structure.meta_reason(ln.text)
        if why and not (why == "author affiliation" and pars and ln.index > pars[0]):
            # (a paper's English block - title, authors, affiliation - after the body is body)
            _set(ln, "meta", why, "meta", removals)
    # a lone 2-3 character name, or a line of capitalized Latin names, next to the byline block
    for ln in lines:
        if ln.role is not None:
            continue
        is_name = (2 <= len(ln.text) <= 3 and normalize(ln.text)[:1] in SURNAMES) or bool(
            structure.LATIN_NAMES_RE.match(ln.text.strip())
        )
        if is_name:
            near = [lines[j].role for j in (ln.index - 1, ln.index + 1) if 0 <= j < len(lines)]
            if "meta" in near:
                _set(ln, "meta", "author name beside the byline", "meta", removals)


def _headline(
    result: PageResult, *, title_at: int | None, title_tag_at: int | None, choose: bool
) -> None:
    """Pick (or take) the headline, cut a keyword prefix, drop its repeats and the chrome above."""
    lines, removals = result.lines, result.removals
    texts = [ln.text for ln in lines]
    roles = [ln.role for ln in lines]
    if title_tag_at is not None and roles[title_tag_at] is None:
        roles[title_tag_at] = "title-tag"  # informs the choice, never chosen
    for ln in lines:
        if ln.rule == "spam-line.unrelated-title":
            # a swapped-in headline is not the keyword block that precedes a real one
            roles[ln.index] = "unrelated-title"
    if title_at is not None and roles[title_at] != "spam":
        choice: title.TitleChoice | None = title.TitleChoice(title_at, ["extracted headline"])
    elif not choose:
        return
    else:
        choice = title.choose(texts, roles)
    if choice is None:
        return
    tl = lines[choice.index]
    # an extracted headline that the line rules took for chrome is the headline all the same
    removals[:] = [
        r for r in removals if not (r.position == tl.index and r.rule.startswith("boilerplate"))
    ]
    others = [ln.text for ln in lines if ln.index != choice.index]
    cleaned, prefix = title.strip_keyword_prefix(tl.text, others)
    if prefix:
        why = "keyword prefix before the headline"
        removals.append(Removal(tl.index, prefix, why, "title.keyword-prefix"))
    tl.role, tl.rule = "title", "title"
    tl.reason = "headline: " + ", ".join(choice.evidence)
    tl.text = cleaned
    result.title, result.title_index = cleaned, choice.index
    _mark_repeats(lines, tl, removals)
    for ln in lines[: choice.index]:
        if ln.role is None and not title.is_paragraph(ln.text):
            why = "site chrome above the headline"
            _set(ln, "boilerplate", why, "boilerplate.above-headline", removals)


def _mark_repeats(lines: list[LineResult], tl: LineResult, removals: list[Removal]) -> None:
    core = title.squash(tl.text)
    if len(core) < title.TITLE_MIN_LEN:
        return
    for ln in lines:
        if ln is tl or ln.role is not None:
            continue
        sq = title.squash(ln.text)
        if sq == core:
            _set(
                ln,
                "boilerplate",
                "repeat of the headline",
                "boilerplate.repeated-headline",
                removals,
            )
        elif core in sq and len(sq) - len(core) <= REPEAT_EXTRA_MAX:
            _set(
                ln,
                "spam",
                "headline repeated with keywords around it",
                "spam-line.keyword-headline",
                removals,
            )
        elif sq.startswith("《" + core + "》"):
            _set(
                ln,
                "spam",
                "headline-templated filler (《headline》 + stitched text)",
                "spam-line.title-template",
                removals,
            )


def published_of(result: PageResult, *, tz: str, now: datetime | None) -> str | None:
    """The first dated meta line's date (a date with a year; month-day datelines are too vague)."""
    try:
        from newscrawl.extract.dates import find_labeled_dates
    except ImportError:  # pragma: no cover - the date module ships with the project
        return None
    for ln in result.lines:
        if ln.role != "meta":
            continue
        found = find_labeled_dates(ln.text, tz=tz, now=now)
        fd = found.get("published") or found.get("modified")
        if fd is None or not re.search(r"(?:19|20)\d{2}", fd.raw):
            continue
        return fd.isoformat()
    return None
