"""decode_html: which codec is used for a page's bytes, and the reason recorded for it."""

from __future__ import annotations

import pytest

from newscrawl.decode import Decoded, decode_html, normalize_charset, sniff_meta_charset

ZH = "朱镕基总理昨天在北京会见了来访的代表团，双方就经济合作问题深入交换了意见。" * 3
TW = "臺灣的觀光列車在暑假期間加開班次，旅客可以提前在網路上訂票。" * 3


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


# (case id, bytes, declared header, expected encoding, expected reason, text that must come out)
CASES = [
    (
        "utf-8 no declaration",
        page("héllo wörld 你好").encode(),
        None,
        "utf-8",
        "utf-8-valid",
        "你好",
    ),
    (
        "utf-8 declared in header",
        page("你好").encode(),
        "utf-8",
        "utf-8",
        "declared-header",
        "你好",
    ),
    (
        "utf-8 declared in meta",
        page("你好", '<meta charset="utf-8">').encode(),
        None,
        "utf-8",
        "declared-meta",
        "你好",
    ),
    (
        "gb2312 label, GBK-only char",
        page(ZH).encode("gbk"),
        "gb2312",
        "gb18030",
        "declared-header",
        "镕",
    ),
    (
        "gbk in http-equiv meta",
        page(ZH, '<meta http-equiv="Content-Type" content="text/html; charset=gbk">').encode("gbk"),
        None,
        "gb18030",
        "declared-meta",
        "镕",
    ),
    (
        "Content-Type header value",
        page(ZH).encode("gbk"),
        "text/html; charset=GBK",
        "gb18030",
        "declared-header",
        "镕",
    ),
    (
        "big5 read as big5hkscs",
        page(TW).encode("big5"),
        "big5",
        "big5hkscs",
        "declared-header",
        "觀光列車",
    ),
    ("utf-8 mislabelled as gbk", page(ZH).encode(), "gbk", "utf-8", "utf-8-valid", "镕"),
    (
        "utf-8 mislabelled in meta",
        page(ZH, '<meta charset="gb2312">').encode(),
        None,
        "utf-8",
        "utf-8-valid",
        "镕",
    ),
    ("gbk labelled utf-8", page(ZH * 4).encode("gbk"), "utf-8", "gb18030", "detected", "镕"),
    ("utf-8 BOM", b"\xef\xbb\xbf" + page("你好").encode(), "gbk", "utf-8", "bom", "你好"),
    (
        "utf-16 BOM",
        b"\xff\xfe" + page("你好").encode("utf-16-le"),
        None,
        "utf-16-le",
        "bom",
        "你好",
    ),
    (
        "latin-1 label means cp1252",
        page("\u201cquoted\u201d caf\xe9").encode("cp1252"),
        "iso-8859-1",
        "cp1252",
        "declared-header",
        "\u201cquoted\u201d",
    ),
    (
        "utf-8 cut mid-character",
        page("你好").encode()[:-2] + "好".encode()[:2],
        None,
        "utf-8",
        "utf-8-valid",
        "你好",
    ),
    (
        "gbk with two broken bytes",
        page(ZH * 20).encode("gbk") + b"\xc7...",
        "gb2312",
        "gb18030",
        "fallback",
        "镕",
    ),
    ("empty", b"", None, "utf-8", "fallback", ""),
]


@pytest.mark.parametrize(
    ("raw", "declared", "encoding", "reason", "snippet"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_decode(raw: bytes, declared: str | None, encoding: str, reason: str, snippet: str):
    decoded = decode_html(raw, declared)
    assert (decoded.encoding, decoded.reason) == (encoding, reason)
    assert snippet in decoded.text


def test_binary_junk_never_raises():
    junk = bytes(range(256)) * 16 + b"\x00\xff\xfe\x81\x30" * 50
    decoded = decode_html(junk, "gbk")
    assert isinstance(decoded, Decoded)
    assert decoded.reason in {"detected", "fallback"}


def test_unknown_declared_label_is_ignored():
    assert decode_html(page("你好").encode(), "x-no-such-charset").text.count("你好") == 1


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("Big5", "big5hkscs"),
        ("ISO-8859-1", "cp1252"),
        ("utf8", "utf_8"),
        ('text/html; charset="UTF-8"', "utf_8"),
        ("text/html", None),
        ("", None),
    ],
)
def test_normalize_charset(label: str, codec: str | None):
    assert normalize_charset(label) == codec


def test_sniff_xml_declaration():
    assert sniff_meta_charset(b'<?xml version="1.0" encoding="GBK"?><html/>') == "gb18030"


@pytest.mark.parametrize(
    ("body", "encoding", "expected"),
    [
        ("plain <p>text</p> é".encode(), "utf-8", False),
        (b"a\x00b", "utf-8", True),
        ("中文\x1f".encode("gb18030"), "gb18030", True),
        ("中文，没有控制字符".encode("gb18030"), "gb18030", False),
        (b"caf\xe9", "cp1252", False),
        # EBCDIC decodes "/" (0x61 in ASCII, 0x2F in cp037) to a control character: not trusted
        (b"\x2f", "cp037", True),
        ("x".encode("utf-16-le"), "utf-16-le", True),
    ],
)
def test_may_hold_control_chars(body: bytes, encoding: str, expected: bool):
    from newscrawl.decode import may_hold_control_chars

    assert may_hold_control_chars(body, encoding) is expected
    if not expected:  # the promise: no control characters in the decoded text
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in body.decode(encoding))


def test_is_whole_utf8():
    from newscrawl.decode import is_whole_utf8

    page = "<p>中文 text</p>".encode()
    assert is_whole_utf8(page, decode_html(page))
    assert not is_whole_utf8(b"\xef\xbb\xbf" + page, decode_html(b"\xef\xbb\xbf" + page))  # BOM
    assert not is_whole_utf8(page + "中".encode()[:2], decode_html(page + "中".encode()[:2]))
    gbk = "<p>中文</p>".encode("gb18030")
    assert not is_whole_utf8(gbk, decode_html(gbk, "gbk"))
