"""Word lists load from the package and match after Traditional->Simplified normalization."""

import pytest

from newscrawl.clean.lexicon import lexicon, load_terms, normalize, normalize_aligned

LISTS = [
    "porn",
    "gambling",
    "lottery_spam",
    "pharma_spam",
    "hijack_patterns",
    "boilerplate",
    "brands",
    "spam_common",
    "inline_spam",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_load_and_are_normalized(name):
    terms = load_terms(name)
    assert terms, name
    assert all(t == normalize(t) for t in terms)
    assert all(not t.startswith("#") for t in terms)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("網絡賭博", "网络赌博"),
        ("ＡＢＣ１２３", "abc123"),
        ("無碼", "无码"),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


def test_aligned_normalization_keeps_length():
    for text in ["張純信:凯捷體育娛樂", "ＡＢ１…x", "Straße"]:
        assert len(normalize_aligned(text)) == len(text)


@pytest.mark.parametrize(
    "text, hits",
    [
        ("java web course", 0),  # "av" must not match inside a Latin word
        ("成人av在线", 1),
        ("亞洲無碼", 1),  # Traditional input matches the Simplified list
    ],
)
def test_porn_hits(text, hits):
    assert len(lexicon("porn").hits(normalize(text))) == hits
