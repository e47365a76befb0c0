"""Stored raw pages are plain gzip: any reader opens them, and the same page gives the same blob."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import zlib

import pytest

from newscrawl.rawpages import compress_raw

PAGES = [
    b"",
    "<html><body><p>發布時間:2025-07-14 08:20:28</p></body></html>".encode("gbk"),
    ("<p>" + "新闻正文。" * 5000 + "</p>").encode("utf-8"),
    os.urandom(200_000),  # incompressible bytes still round-trip
]


@pytest.mark.parametrize("body", PAGES, ids=["empty", "gbk", "utf8-long", "binary"])
def test_raw_pages_are_gzip_streams_every_reader_opens(body):
    blob = compress_raw(body)
    assert blob[:2] == b"\x1f\x8b"
    assert gzip.decompress(blob) == body
    assert zlib.decompress(blob, wbits=31) == body
    assert compress_raw(body) == blob  # no timestamp in the header


@pytest.mark.skipif(shutil.which("gzip") is None, reason="no gzip command")
def test_the_gzip_command_reads_a_stored_page():
    body = ("<p>" + "正文" * 3000 + "</p>").encode("utf-8")
    result = subprocess.run(["gzip", "-dc"], input=compress_raw(body), capture_output=True,
                            check=True)
    assert result.stdout == body


def test_raw_pages_are_compressed_to_about_a_quarter_of_their_size():
    body = ("<div class='article'><p>" + "A paragraph of an ordinary news article. " * 40
            + "</p></div>\n").encode("utf-8") * 50
    assert len(compress_raw(body)) < len(body) / 4
