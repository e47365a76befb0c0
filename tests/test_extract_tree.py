"""Parsing and visible text: what lxml gets wrong on real pages is repaired here, once."""

from __future__ import annotations

from newscrawl.extract.tree import collapse, parse_html, visible_lines, visible_text


def test_script_before_html_and_prefixed_tag_in_head_keep_the_body():
    # libxml2 alone returns a tree with only <head> for this shape (seen on an old portal CMS)
    page = (
        "<script>var a=1;</script>\n<html><head><title>t</title><cms:include>"
        "<link href=/a.css rel=stylesheet><style>h1{x:1}</style></head>"
        "<body><p>hello</p></body></html>"
    )
    assert visible_lines(parse_html(page)) == ["hello"]


def test_xml_declaration_control_chars_and_empty_input():
    root = parse_html('<?xml version="1.0" encoding="gbk"?><html><body><p>a\x00b</p></body></html>')
    assert visible_lines(root) == ["ab"]
    assert parse_html("") is None and parse_html("   ") is None


def test_visible_lines_split_blocks_and_br_but_not_inline_tags():
    root = parse_html(
        "<body><div>one <b>two</b><br>three</div><script>x</script><p>four</p></body>"
    )
    assert visible_lines(root) == ["one two", "three", "four"]


def test_comments_are_dropped_at_parse_time():
    root = parse_html("<body><p>split<!-- ad slot --> paragraph</p></body>")
    assert visible_text(root.find("body")) == "split paragraph"


def test_collapse_handles_nbsp_and_ideographic_space():
    assert collapse(" a\u3000\xa0b\n") == "a b"


def test_collapse_treats_every_unicode_space_alike():
    assert collapse(" a\u3000b\xa0\u2003c\n\td ") == "a b c d"


def test_elements_are_plain_html_elements_with_text_content():
    # one element class for all (no per-element Python class lookup); text_content still works
    root = parse_html("<html><body><form><input value='1'><p>a <b>b</b></p></form></body></html>")
    assert {type(e).__name__ for e in root.iter()} == {"HtmlElement"}
    assert root.find(".//p").text_content() == "a b"


def test_document_elements_include_content_beside_the_root():
    from newscrawl.extract.tree import document_elements

    root = parse_html("<html><body><p>a</p></body></html><html><p id='late'>b</p></html>")
    ids = [e.get("id") for e in document_elements(root)]
    assert "late" in ids and len(ids) == len(root.xpath("//*"))
