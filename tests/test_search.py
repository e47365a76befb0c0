"""Search finds exactly what LIKE finds, for Chinese queries of any length in either script."""

import sqlite3

import pytest

from newscrawl.archive import SEARCH_TABLE, register_functions
from newscrawl.normalize import search_text
from newscrawl.search import GAP_TOKEN, NO_MATCH, fts_query, index_text, tokens

DOCS = [
    "硅谷觀察：扎克伯格準備偷襲馬斯克華裔技術人才",
    "警方破获跨境网络赌博案，涉赌资金逾三亿元",
    "中国人民银行发布报告",
    "Meta hires AI researchers from OpenAI",
    "人工智能人才，争夺战升级",
    "中,国 是两个字",
    "AI 人才市场",
]


@pytest.mark.parametrize("text, expected", [
    ("中国", ["中", "国"]),
    ("ai人才", ["ai", "人", "才"]),
    ("hello, world", ["hello", "world"]),
    ("人才，争夺", ["人", "才", GAP_TOKEN, "争", "夺"]),
    ("AI 人才", ["ai", GAP_TOKEN, "人", "才"]),
    ("", []),
])
def test_tokens(text, expected):
    assert tokens(search_text(text)) == expected


@pytest.mark.parametrize("query, expected", [
    ("網絡", '"网 络"'),
    ("人 Meta", '"人" AND "meta"'),
    ("", NO_MATCH),
    ("   ", NO_MATCH),
    ('"', NO_MATCH),
])
def test_fts_query(query, expected):
    assert fts_query(query) == expected


@pytest.fixture
def conn():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create table docs (id integer primary key, text text, norm text)")
    conn.execute(f"create virtual table {SEARCH_TABLE} using fts5(title, body, "
                 "tokenize = 'unicode61 remove_diacritics 0')")
    for i, doc in enumerate(DOCS, 1):
        conn.execute("insert into docs values (?, ?, ?)", (i, doc, search_text(doc)))
        conn.execute(f"insert into {SEARCH_TABLE} (rowid, title, body) values (?, '', ?)",
                     (i, index_text(doc)))
    return conn


def fts_ids(conn, query):
    sql = f"select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match newscrawl_fts_query(?)"
    return sorted(r[0] for r in conn.execute(sql, [query]))


def like_ids(conn, query):
    return sorted(r[0] for r in conn.execute("select id from docs where norm like ?",
                                             ["%" + search_text(query) + "%"]))


@pytest.mark.parametrize("query", [
    "人", "才", "赌", "中国", "中國", "人才", "網絡", "网络赌博", "技術人才", "华裔技术人才",
    "扎克伯格準備", "人民银行", "中国人民银行发布报告", "硅", "ai", "市场", "涉赌资金逾三亿元",
])
def test_search_matches_like_in_either_script(conn, query):
    assert fts_ids(conn, query) == like_ids(conn, query)
    assert fts_ids(conn, query), f"{query!r} should find something in the sample documents"


def test_search_does_not_match_across_punctuation_or_spaces(conn):
    assert fts_ids(conn, "中国是") == like_ids(conn, "中国是") == []
    assert fts_ids(conn, "才争") == []
    assert fts_ids(conn, "国是") == like_ids(conn, "国是") == []
    assert fts_ids(conn, "ai人才") == like_ids(conn, "ai人才") == []
    assert fts_ids(conn, "ai 人才") == [7]


def test_english_words_and_empty_query(conn):
    assert fts_ids(conn, "OpenAI") == [4]
    assert fts_ids(conn, "meta hires") == [4]
    assert fts_ids(conn, "") == []
