"""Parsing and visible text: what lxml gets wrong on real pages is repaired here, once."""

from __future__ import annotations

from newscrawl.extract.tree import collapse, page_text, parse_html, visible_lines, visible_text


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


def test_page_text_lines_equal_visible_lines():
    from newscrawl.extract.tree import page_text

    page = (
        "<html><head><title>t</title><style>p{}</style></head><body>lead <i>in</i>"
        "<div>one <b>two</b><br>three<!-- c --> tail</div><script>x</script>after script"
        "<svg><text>no</text></svg><ul><li>a</li><li>b <span>c</span></li></ul>"
        "<template><p>hidden</p></template>end</body></html>"
    )
    root = parse_html(page)
    assert page_text(root).lines == visible_lines(root)
    # past the limit the lines are cut where visible_lines cuts them
    long_page = "<body>" + "<p>" + "word " * 50 + "</p>" * 1 + "<p>more words</p>" * 40 + "</body>"
    assert page_text(parse_html(long_page), limit=300).lines == visible_lines(
        parse_html(long_page), limit=300
    )


def test_page_text_texts_are_first_text_nodes_in_document_order():
    from newscrawl.extract.tree import page_text

    root = parse_html(
        "<html><head><title>t</title></head><body><div><img>after image</div>"
        "<p>own <b>bold</b> tail</p><script>code</script><span></span></body></html>"
        "<html><p>beside</p></html>"
    )
    got = [(element.tag, text) for element, text in page_text(root).texts]
    expected = [(e.tag, str(e.xpath("text()[1]")[0])) for e in root.xpath("//*[text()]")]
    assert got == expected
    assert ("div", "after image") in got and ("p", "beside") in got


def test_parse_html_can_skip_the_control_character_search():
    text = "<html><body><p>plain text</p></body></html>"
    assert visible_lines(parse_html(text, control_chars=False)) == ["plain text"]


def test_parse_html_from_utf8_bytes_gives_the_text_tree():
    from lxml import etree

    # a <meta> naming another charset does not make libxml2 re-read the UTF-8 bytes
    page = '<html><head><meta charset="gb2312"><title>标题</title></head><body><p>中文 ü</p></body></html>'
    from_bytes = parse_html(page, control_chars=False, utf8=page.encode())
    assert etree.tostring(from_bytes) == etree.tostring(parse_html(page))
    assert visible_lines(from_bytes) == ["中文 ü"]
    declared = '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>'
    assert visible_lines(parse_html(declared, control_chars=False, utf8=declared.encode())) == ["x"]


def test_page_text_and_visible_lines_leave_no_garbage_cycles():
    """What they gather holds the document's elements: it must go when the caller lets it go,
    not wait for the garbage collector (and keep the whole parsed page alive until then)."""
    import gc

    root = parse_html("<html><body><h1>Title</h1><div><p>One <b>two</b></p><script>x</script>"
                      "<p>three</p></div></body></html>")
    gc.collect()
    gc.disable()
    try:
        gathered = page_text(root)
        assert gathered.lines == ["Title", "One two", "three"]
        assert visible_lines(root) == ["Title", "One two", "three"]
        del gathered
        assert gc.collect() == 0
    finally:
        gc.enable()
