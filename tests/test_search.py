"""Search finds exactly what LIKE finds, for queries of any length, in either script, any alphabet."""

import json
import random
import re
import sqlite3
import subprocess
import sys

import pytest

from newscrawl.archive import Archive, register_functions
from newscrawl.normalize import search_text, to_traditional
from newscrawl.search import (CREATE_SQL, NO_MATCH, PENDING_BUFFER_BYTES, PENDING_TABLE,
                              SEARCH_TABLE, articles_filter, create, encode, fts_query, index_tokens, is_exact,
                              rebuild, sync)
from conftest import ROOT, SHARED
from test_archive import record

DOCS = [
    "硅谷觀察：扎克伯格準備偷襲馬斯克華裔技術人才",
    "警方破获跨境网络赌博案，涉赌资金逾三亿元",
    "中国人民银行发布报告",
    "Meta hires AI researchers from OpenAI",
    "人工智能人才，争夺战升级",
    "中,国 是两个字",
    "AI 人才市场",
    "《人民日報》社論：「網絡」安全",
    "category of cats; 100% sure_thing",
    "Café naïve résumé ＡＢＣ１２３",
    "人",
    "国",
    "中文English混合text中文",
    "第一段。\n\n第二段。",
    "C++ 和 C# 都是语言; e-mail: a.b@c.d",
    "\U000f0041 private use \U000f0080 escape",
    "abcabc abc, abcd xabz; 2025年7月14日 covid19疫情 the other theory",
]


def like_truth(conn, query):
    """Ids whose normalized text contains every space-separated normalized term (LIKE, escaped)."""
    terms = search_text(query).split()
    if not terms:
        return []
    where = " and ".join(r"norm like ? escape '\'" for _ in terms)
    params = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
              for t in terms]
    return sorted(r[0] for r in conn.execute(f"select id from articles where {where}", params))


def fts_ids(conn, query):
    """The documented query: the index narrows, ``newscrawl_search_match`` confirms."""
    sql = f"select id from articles where {articles_filter(':q')}"
    return sorted(r[0] for r in conn.execute(sql, {"q": query}))


def index_ids(conn, query):
    """What the index alone finds for ``query``."""
    sql = f"select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} match newscrawl_fts_query(?)"
    return sorted(r[0] for r in conn.execute(sql, [query]))


def make_conn(docs):
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("create table articles (id integer primary key, text text, search_text text, "
                 "norm text generated always as (search_text))")
    create(conn)
    for i, doc in enumerate(docs, 1):
        conn.execute("insert into articles (id, text, search_text) values (?, ?, ?)",
                     (i, doc, search_text(doc)))
    sync(conn)
    return conn


@pytest.fixture
def conn():
    return make_conn(DOCS)


def every_substring_query(docs, max_len=5):
    """Every substring up to ``max_len`` characters of every doc without spaces, in both scripts."""
    queries = set()
    for doc in docs:
        for start in range(len(doc)):
            for length in range(1, max_len + 1):
                piece = doc[start:start + length]
                if len(piece) == length and not any(c.isspace() for c in piece):
                    queries.add(piece)
                    queries.add(to_traditional(piece))
    return sorted(queries)


def test_every_substring_finds_exactly_what_like_finds(conn):
    """1-character queries at run boundaries, punctuation, mixed Latin/CJK, both scripts."""
    queries = every_substring_query(DOCS)
    assert len(queries) > 500
    for query in queries:
        assert fts_ids(conn, query) == like_truth(conn, query), query
        assert set(index_ids(conn, query)) >= set(like_truth(conn, query)), query


def test_the_index_narrows_and_the_match_function_confirms():
    """The index holds each article's distinct tokens without positions: an article with every
    bigram of a term but not the term is a candidate, which the confirming function turns down."""
    conn = make_conn(["人才市场", "市人才", "才市 人才", "category", "cate tego gory"])
    assert index_ids(conn, "人才市") == [1, 3]
    assert fts_ids(conn, "人才市") == [1]
    assert index_ids(conn, "category") == [4, 5]
    assert fts_ids(conn, "category") == [4]
    # A term of one token needs no confirming: the index alone is exact.
    assert index_ids(conn, "才市") == fts_ids(conn, "才市") == [1, 3]
    assert index_ids(conn, "ego") == fts_ids(conn, "ego") == [4, 5]


@pytest.mark.parametrize("query", [
    "人", "才", "赌", "中国", "中國", "人才", "網絡", "网络赌博", "技術人才", "华裔技术人才",
    "扎克伯格準備", "人民银行", "中国人民银行发布报告", "硅", "ai", "市场", "涉赌资金逾三亿元",
    "cat", "at", "c", "100%", "sure_thing", "_", "%", "abc", "ＡＢＣ", "café", "《人民日报》", "：「",
    "c++", "c#", "a.b@c", "english混合", "文e", "。", "段。", "\U000f0041", "\U000f0080",
])
def test_search_matches_like_in_either_script(conn, query):
    assert fts_ids(conn, query) == like_truth(conn, query)
    assert fts_ids(conn, query), f"{query!r} should find something in the sample documents"


def test_random_queries_on_random_text_match_like():
    rng = random.Random(5)
    alphabet = "中国人民國們abc1，, .。\n_%A人才"
    docs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(60)]
    conn = make_conn(docs)
    for _ in range(600):
        doc = rng.choice(docs)
        start = rng.randrange(len(doc) + 1)
        query = doc[start:start + rng.randint(1, 6)] or rng.choice(alphabet)
        assert fts_ids(conn, query) == like_truth(conn, query), repr(query)


def test_no_match_across_punctuation_or_spaces_unless_the_query_has_them(conn):
    assert fts_ids(conn, "中国是") == like_truth(conn, "中国是") == []
    assert fts_ids(conn, "才争") == []
    assert fts_ids(conn, "ai人才") == []
    assert fts_ids(conn, "中,国") == [6]
    assert fts_ids(conn, "ai 人才") == [7]


def test_latin_trigrams_do_not_span_runs():
    conn = make_conn(["xab, abz", "xabz"])
    assert fts_ids(conn, "xabz") == [2]
    assert fts_ids(conn, "xab") == [1, 2]
    assert fts_ids(conn, "b,") == [1]


def test_terms_separated_by_spaces_must_all_occur(conn):
    assert fts_ids(conn, "meta hires") == [4]
    assert fts_ids(conn, "人才 市场") == [7]
    assert fts_ids(conn, "人才 赌博") == []


@pytest.mark.parametrize("query", ["", "   ", "\n", None])
def test_empty_query_matches_nothing(conn, query):
    assert fts_query(query) == NO_MATCH
    assert fts_ids(conn, query) == []
    assert not is_exact(query)  # so the filter never takes a match of the index on trust


@pytest.mark.parametrize("query, exact", [
    ("人", True), ("人才", True), ("cat", True), ("人才 cat a", True), ("ab", True),
    ("人才市", False), ("category", False), ("人才 category", False), ("2025年", False),
])
def test_only_single_token_terms_are_exact(query, exact):
    assert is_exact(query) is exact


def test_query_rewriting():
    assert fts_query("網絡") == '"网络"'
    assert fts_query("人 Meta") == '"人" AND "met" AND "eta"'
    assert fts_query("人民银行") == '"人民" AND "民银" AND "银行"'
    assert fts_query("2025年") == '"20" AND "02" AND "25" AND "5年"'
    assert fts_query("ab") == '"ab"'
    assert fts_query("a-b") == f'"a{encode("-")[0]}" AND "{encode("-")[0]}b"'
    assert fts_query('"') == f'"{encode(chr(34))[0]}"'
    assert fts_query("人人人 人") == '"人人" AND "人"'  # each token once


def test_encoding_keeps_distinct_characters_distinct():
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and c % 7 == 0]
    chars += [chr(c) for c in range(0x80)] + [chr(c) for c in range(0xF0000, 0xF0100)]
    encoded = [encode(c) for c in chars]
    assert all(len(e) == 1 for e in encoded)
    assert len(set(e[0] for e in encoded)) == len(set(chars))
    # No token character is one the ascii tokenizer splits on.
    assert not any(c < "\x80" and not c.isalnum() for e in encoded for c in e[0])


def test_index_tokens_are_distinct_and_in_a_fixed_order():
    assert index_tokens("中国中国") == "中 国 中国 国中"
    assert index_tokens("") == index_tokens(None) == ""
    comma, space = encode(", ")
    assert index_tokens("abcd, xyz").split() == (
        sorted(f"abcdxyz{comma}{space}") + sorted(["ab", "bc", "cd", "d" + comma, comma + space,
                                                     space + "x", "xy", "yz"])
        + ["abc", "bcd", "xyz"])


def test_tokens_of_the_three_kinds_never_coincide():
    """Characters, bigrams and trigrams share one column, so no token of one kind may be a token
    of another: an escaped character is two code points, like a bigram, but starts with the escape."""
    rng = random.Random(3)
    alphabet = "ab1 ,中国" + chr(0xF0041) + chr(0xF0080) + chr(0xF0000)
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        encoded = encode(text)
        chars = set(encoded)
        bigrams = {a + b for a, b in zip(encoded, encoded[1:])}
        trigrams = {run[i:i + 3] for run in re.findall("[a-z0-9]{3,}", text)
                    for i in range(len(run) - 2)}
        assert not chars & bigrams and not chars & trigrams and not bigrams & trigrams, repr(text)
        assert set(index_tokens(text).split()) == chars | bigrams | trigrams


def test_archives_have_the_current_search_table(tmp_path):
    with Archive(tmp_path / "news.db") as archive:
        sql = archive.db.execute("select sql from sqlite_master where name = ?",
                                 [SEARCH_TABLE]).fetchone()[0]
        assert sql == CREATE_SQL[0]
        assert "detail='none'" in sql


@pytest.mark.parametrize("seed", range(20))
def test_workers_index_tokens_equal_the_writers(seed):
    """Workers compute the tokens with numpy; the writer deletes a row's old tokens with the
    pure-Python function: both must give the same tokens, or the contentless index keeps stale ones."""
    from newscrawl.search_grams import index_tokens as worker_tokens

    rng = random.Random(seed)
    alphabet = ("abcxyz019 ,.-'\"\t\n中國国文éß\u3000\U00020000" + chr(0xF0000) * (seed % 2)
                + chr(0xF0080) * (seed % 3 == 0))
    texts = ["", "a", "ab", "abc", "ab,", " a b c ", "abcd, xyz", "中国中", "aaa aaa", "x1y2z3 4"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 400))) for _ in range(50)]
    texts += [search_text(t) for t in texts]
    for text in texts:
        assert worker_tokens(text) == index_tokens(text), repr(text)


def test_triggers_keep_the_index_current_on_update_and_delete(conn):
    conn.execute("update articles set search_text = ? where id = 3", [search_text("全新的内容")])
    conn.execute("delete from articles where id = 7")
    conn.execute("insert into articles (id, text, search_text) values (7, 'x', ?)",
                 [search_text("重用的编号")])
    assert conn.execute(f"select count(*) from {PENDING_TABLE}").fetchone()[0] == 2
    sync(conn)
    assert conn.execute(f"select count(*) from {PENDING_TABLE}").fetchone()[0] == 0
    assert fts_ids(conn, "人民银行") == []
    assert fts_ids(conn, "全新") == [3]
    assert fts_ids(conn, "市场") == []
    assert fts_ids(conn, "编号") == [7]
    assert fts_ids(conn, "人才") == like_truth(conn, "人才")
    conn.execute(f"insert into {SEARCH_TABLE} ({SEARCH_TABLE}) values ('integrity-check')")


def test_rebuild_gives_the_same_answers_as_incremental_writes(conn):
    fresh = make_conn([])
    fresh.executemany("insert into articles (id, text, search_text) values (?, ?, ?)",
                      conn.execute("select id, text, search_text from articles").fetchall())
    fresh.execute(f"delete from {PENDING_TABLE}")
    rebuild(fresh)
    for query in ["人", "中国", "cat", "，", "混合text"]:
        assert fts_ids(fresh, query) == fts_ids(conn, query)


def test_archive_search_follows_edits(tmp_path):
    with Archive(tmp_path / "news.db") as archive:
        archive.save_article(record(title="硅谷觀察：人才爭奪戰", body="第一段。\n\n第二段。"))
        assert [r["id"] for r in archive.search("争夺")] == [1]
        assert [r["id"] for r in archive.search("爭")] == [1]
        archive.save_article(record(title="新标题", body="改過的第二段。"))
        assert archive.search("争夺") == []
        assert [r["id"] for r in archive.search("改过")] == [1]
        assert archive.search("第一") == []
        assert [r["id"] for r in archive.search("段")] == [1]
        conn = archive.db.conn
        assert conn.execute(f"select count(*) from {PENDING_TABLE}").fetchone()[0] == 0


def test_migration_rebuilds_an_old_index(tmp_path):
    """An archive whose search table predates 0005 gets the new index of its existing articles."""
    path = tmp_path / "news.db"
    with Archive(path) as archive:
        archive.save_article(record())
        archive.db.execute("delete from migrations where name = '0005_search_index_v2'")
        archive.db.execute(f"drop table {SEARCH_TABLE}")
        archive.db.execute(f"create virtual table {SEARCH_TABLE} using fts5(title, body)")
        archive.db.execute("update articles set search_text = null")
        for name in ("ai", "au", "ad"):
            archive.db.execute(f"drop trigger {SEARCH_TABLE}_{name}")
        archive.db.execute(f"drop table {PENDING_TABLE}")
        archive.db.conn.commit()
    with Archive(path) as archive:
        assert [r["id"] for r in archive.search("人才爭奪")] == [1]
        assert [r["id"] for r in archive.search("段")] == [1]
        assert archive.db.execute("select search_text from articles").fetchone()[0]


@pytest.mark.skipif(not (SHARED / "bench" / "cn_cwce").exists(), reason="needs ../shared/bench")
def test_benchmark_smoke_run_is_exact(tmp_path):
    """The search benchmark, small: it builds, times, and every sampled query equals LIKE."""
    out = tmp_path / "search.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks.search", "--articles", "300",
                           "--queries", "12", "--exact", "12", "--json", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert result["articles"] == 300
    assert {r["class"] for r in result["exactness"]} == {"zh 1 char", "zh 2 char", "zh 3 char",
                                                          "zh 4 char", "en word"}
    assert all(r["checked"] == 12 and r["mismatched"] == 0 for r in result["exactness"])


def archive_with_old_search_table(tmp_path, migration: str, columns: str, *, body: str):
    """An archive of one article whose search table has an earlier layout (``columns``,
    contentless, ascii tokens) and which has not applied ``migration`` yet."""
    path = tmp_path / "news.db"
    with Archive(path) as archive:
        archive.save_article(record(title="Category theory", body=body))
        archive.db.execute("delete from migrations where name = ?", [migration])
        archive.db.execute(f"drop table {SEARCH_TABLE}")
        archive.db.execute(f"create virtual table {SEARCH_TABLE} using fts5({columns}, "
                           "content='', tokenize='ascii')")
        archive.db.conn.commit()
    return path


def test_migration_replaces_a_two_column_index(tmp_path):
    """Archives migrated when 0005 made two columns get the current table from 0007."""
    path = archive_with_old_search_table(tmp_path, "0007_search_trigrams", "grams, chars",
                                         body="第一段。")
    with Archive(path) as archive:
        assert [r["id"] for r in archive.search("ego")] == [1]
        assert [r["id"] for r in archive.search("段")] == [1]


def test_archives_buffer_a_whole_writer_batch_of_tokens(tmp_path):
    """The search table holds a batch's new tokens in memory and writes them out at commit."""
    with Archive(tmp_path / "news.db") as archive:
        config = dict(archive.db.execute(f"select k, v from {SEARCH_TABLE}_config").fetchall())
        assert config["hashsize"] == PENDING_BUFFER_BYTES > 1 << 20
        archive.save_article(record(title="Category theory", body="第一段。"))
        assert [r["id"] for r in archive.search("段")] == [1]


def test_migration_reindexes_a_positional_index_as_distinct_tokens(tmp_path):
    """Archives indexed before 0009 (positional bigrams, characters and trigrams in three columns)
    are re-indexed: the old table is replaced, its buffer size kept, every article found again."""
    path = archive_with_old_search_table(tmp_path, "0009_search_distinct_tokens",
                                         "grams, chars, tri", body="第一段。人才市场")
    with Archive(path) as archive:
        sql = archive.db.execute("select sql from sqlite_master where name = ?",
                                 [SEARCH_TABLE]).fetchone()[0]
        assert sql == CREATE_SQL[0]
        config = dict(archive.db.execute(f"select k, v from {SEARCH_TABLE}_config").fetchall())
        assert config["hashsize"] == PENDING_BUFFER_BYTES
        assert [r["id"] for r in archive.search("theory 人才市")] == [1]
        assert [r["id"] for r in archive.search("段。 cat")] == [1]
        assert archive.search("市人") == []
