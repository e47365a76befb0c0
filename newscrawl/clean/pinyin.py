"""Injected pinyin annotations: ``網(wǎng)絡(luò)`` -> ``網絡``.

Hijack kits annotate characters with tone-marked pinyin in parentheses to defeat duplicate-content
checks. Language lessons carry pinyin too, so stripping is a page-level decision: only where the
page
shows the injection pattern (several single-syllable annotations right after Han characters) and
does
not look like a lesson (pinyin words standing on their own, outside parentheses).
"""

from __future__ import annotations

import re

from newscrawl.items import Removal

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = "a-zü" + TONED
#: Han character (or a '?' left by mojibake) + "(syllable)"; a stray space before ")" is tolerated.
ANNOTATION_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff?？])[(（](?=[a-zü]*["
    + TONED
    + r"])["
    + _LETTERS
    + r"]{1,6} ?[)）]"
)
#: Neutral-tone syllables carry no tone mark; stripped only on pages already shown to be injected.
NEUTRAL_RE = re.compile(
    r"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]"
    r"(?:de|le|me|ma|men|zi|ne|ba|zhe|guo|li|tou|shang) ?[)）]"
)
#: What mojibake leaves of an annotation whose "(" was swallowed: "?jìng)".
ORPHAN_RE = re.compile(r"(?<=[?？])(?=[a-zü]*[" + TONED + r"])[" + _LETTERS + r"]{1,6} ?[)）]")
#: A tone-marked pinyin word standing free (lesson content), not inside an annotation.
FREE_PINYIN_RE = re.compile(
    r"(?<![(（a-zA-Z"
    + TONED
    + r"])(?=[a-zA-Z]*["
    + TONED
    + r"])[a-zA-Z"
    + TONED
    + r"]{2,}(?![)）a-zA-Z"
    + TONED
    + r"])"
)

#: Annotations a page needs before they are treated as injection (one or two can be a citation).
PAGE_MIN_ANNOTATIONS = 2
#: Free-standing pinyin words that mark a language lesson, whose pinyin must stay.
LESSON_MIN_FREE_PINYIN = 4


def count_annotations(lines: list[str]) -> int:
    """Tone-marked annotations right after a Han character, over the whole page."""
    # an annotation needs its opening parenthesis: most lines are settled by looking for one
    return sum(len(ANNOTATION_RE.findall(line)) for line in lines if "(" in line or "（" in line)


def is_lesson(lines: list[str]) -> bool:
    """The page shows pinyin as content (lines or words of pinyin outside parentheses)."""
    return sum(len(FREE_PINYIN_RE.findall(line)) for line in lines) >= LESSON_MIN_FREE_PINYIN


def page_has_injection(lines: list[str]) -> bool:
    """Strip annotations on this page? Several of them, and no sign of a language lesson."""
    return count_annotations(lines) >= PAGE_MIN_ANNOTATIONS and not is_lesson(lines)


def strip_annotations(text: str, position: int) -> tuple[str, list[Removal]]:
    """Remove every annotation from one line (call only on injected pages)."""
    removals: list[Removal] = []

    def _drop(rule: str, reason: str):
        def repl(m: re.Match[str]) -> str:
            removals.append(Removal(position, m.group(0), reason, rule))
            return ""

        return repl

    text = ANNOTATION_RE.sub(
        _drop("pinyin", "injected pinyin annotation after a Han character"), text
    )
    text = NEUTRAL_RE.sub(_drop("pinyin", "injected neutral-tone pinyin annotation"), text)
    text = ORPHAN_RE.sub(_drop("pinyin", "pinyin annotation whose '(' was lost to mojibake"), text)
    return text, removals
