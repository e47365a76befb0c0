"""Datasette metadata for the archive, generated from :mod:`newscrawl.schema`.

``newscrawl metadata > data/metadata.json`` writes it; a test fails when the file in ``data/`` is
stale. Canned queries live here so that they are reviewed with the code that shapes the tables.
"""

from __future__ import annotations

from .schema import TABLES, column_descriptions

DATABASE = "news"

CANNED_QUERIES: dict[str, dict] = {
    "search": {
        "title": "Search articles (Simplified or Traditional, any length)",
        "description": "Articles whose title or body contains every term of q, in either Chinese "
        "script. Terms are separated by spaces; Chinese terms match as written.",
        "sql": "select id, published_at, site, title, url from articles where id in "
        "(select rowid from articles_search where articles_search match newscrawl_fts_query(:q)) "
        "order by published_utc desc limit 200",
    },
    "articles_per_day_per_site": {
        "title": "Articles per day per site",
        "sql": "select published_day, site, count(*) as articles from articles "
        "where published_day is not null group by published_day, site "
        "order by published_day desc, articles desc",
    },
    "removals_by_reason": {
        "title": "Removed text by rule",
        "description": "What cleaning removed or repaired, counted by the rule that fired.",
        "sql": "select rule, count(*) as removals, count(distinct article_id) as articles, "
        "min(reason) as example_reason from removed_lines group by rule order by removals desc",
    },
    "hijacked_pages": {
        "title": "Pages that were hijacked",
        "description": "Articles from which injected spam was removed, most polluted first.",
        "sql": "select id, site, title, url, lines_removed, inline_removed, pinyin_removed, "
        "mojibake_repaired, mojibake_removed from articles where hijacked = 1 "
        "order by lines_removed + inline_removed + pinyin_removed desc",
    },
    "dropped_by_reason": {
        "title": "Pages not archived, by reason",
        "sql": "select reason, count(*) as pages, min(url) as example_url from dropped_pages "
        "group by reason order by pages desc",
    },
    "recent_crawls": {
        "title": "Recent crawls",
        "sql": "select * from crawls order by id desc limit 50",
    },
}

TABLE_OPTIONS: dict[str, dict] = {
    "articles": {"facets": ["site", "lang", "script", "published_day", "source"],
                 "sort_desc": "published_utc", "label_column": "title"},
    "removed_lines": {"facets": ["rule"]},
    "dropped_pages": {"facets": ["reason", "source"]},
    "crawls": {"sort_desc": "id"},
}


def build_metadata() -> dict:
    """The whole metadata document for ``datasette data/news.db -m data/metadata.json``."""
    tables = {}
    for name, spec in TABLES.items():
        tables[name] = {"description": spec["description"], "columns": column_descriptions(name),
                        **TABLE_OPTIONS.get(name, {})}
    tables["articles_search"] = {"hidden": True}
    return {
        "title": "newscrawl archive",
        "description": "News articles archived by newscrawl: cleaned of injected spam, dated with "
        "their UTC offsets, searchable in Simplified and Traditional Chinese.",
        "databases": {DATABASE: {"tables": tables, "queries": CANNED_QUERIES}},
    }
