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
        "script. Terms are separated by spaces; each matches as a substring of any length, exactly "
        "as LIKE '%term%' on search_text would (so cat also finds category).",
        "sql": "select id, published_at, site, title, url from articles "
        "indexed by idx_articles_published_utc where id in "
        "(select rowid from articles_search where articles_search match newscrawl_fts_query(:q)) "
        "and (newscrawl_fts_exact(:q) or newscrawl_search_match(search_text, :q)) "
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
    "recently_edited": {
        "title": "Recently edited articles",
        "description": "Articles whose title, body or dates changed between crawls; follow "
        "versions to compare every version.",
        "sql": "select a.id, a.title, a.site, a.version as versions, a.last_seen, "
        "'/news/article_versions?article_id=' || a.id || '&_sort=version' as versions_link "
        "from articles a where a.version > 1 order by a.last_seen desc limit 200",
    },
    "duplicate_clusters": {
        "title": "Duplicate clusters",
        "description": "Articles archived more than once: syndicated wire copies, mirrors on "
        "hijacked domains, Traditional/Simplified copies, truncated copies.",
        "sql": "select cluster_id, size, sites, site_list, earliest_published_utc, title, "
        "'/news/articles?cluster_id=' || cluster_id as members_link from article_clusters "
        "where size > 1 order by size desc, earliest_published_utc desc limit 500",
    },
    "most_hijacked_sites": {
        "title": "Most hijacked sites",
        "sql": "select site, count(*) as articles, sum(hijacked) as hijacked_articles, "
        "round(avg(hijacked), 3) as hijacked_share, round(avg(hijack_score), 3) as mean_score "
        "from articles group by site having sum(hijacked) > 0 order by hijacked_articles desc",
    },
    "site_drift": {
        "title": "Sites whose extraction drifted",
        "description": "Runs where a site's fill rates or body length dropped sharply against its "
        "own history: a sign that the site changed its layout.",
        "sql": "select h.crawl_id, c.started_at, h.site, h.pages, h.title_fill, h.date_fill, "
        "h.body_fill, h.median_body_chars, h.drift from site_health h join crawls c on "
        "c.id = h.crawl_id where h.drift is not null order by h.crawl_id desc",
    },
    "last_crawl": {
        "title": "Last crawl",
        "description": "For monitoring: the status of the most recent run.",
        "sql": "select id, started_at, finished_at, status, finish_reason, requests, "
        "pages_fetched, not_modified, skipped_known, articles_new, articles_updated, "
        "articles_unchanged, dropped, errors from crawls order by id desc limit 1",
    },
    "recent_crawls": {
        "title": "Recent crawls",
        "sql": "select * from crawls order by id desc limit 50",
    },
}

TABLE_OPTIONS: dict[str, dict] = {
    "articles": {"facets": ["site", "lang", "script", "published_day", "hijacked", "source"],
                 "sort_desc": "published_utc", "label_column": "title"},
    "removed_lines": {"facets": ["rule"]},
    "dropped_pages": {"facets": ["reason", "source"]},
    "crawls": {"sort_desc": "id", "facets": ["status"]},
    "article_versions": {"sort_desc": "id"},
    "pages": {"facets": ["outcome", "source"]},
    "site_health": {"sort_desc": "id", "facets": ["site"]},
}


#: The archive overview dashboard (datasette-dashboards, which ships Vega-Lite: no CDN needed).
DASHBOARDS: dict[str, dict] = {
    "archive": {
        "title": "Archive overview",
        "description": "Articles per day, per site, and how many were hijacked.",
        "layout": [["articles-count", "hijacked-count"], ["articles-per-day", "articles-per-day"],
                   ["articles-per-site", "hijacked-per-site"]],
        "charts": {
            "articles-count": {
                "title": "Articles", "db": DATABASE, "library": "metric",
                "query": "select count(*) as count from articles",
                "display": {"field": "count", "prefix": "", "suffix": ""},
            },
            "hijacked-count": {
                "title": "Hijacked pages cleaned", "db": DATABASE, "library": "metric",
                "query": "select count(*) as count from articles where hijacked = 1",
                "display": {"field": "count", "prefix": "", "suffix": ""},
            },
            "articles-per-day": {
                "title": "Articles per day", "db": DATABASE, "library": "vega-lite",
                "query": "select published_day as day, count(*) as articles from articles "
                "where published_day is not null group by day order by day",
                "display": {"mark": {"type": "bar", "tooltip": True},
                            "encoding": {"x": {"field": "day", "type": "temporal"},
                                         "y": {"field": "articles", "type": "quantitative"}}},
            },
            "articles-per-site": {
                "title": "Articles per site", "db": DATABASE, "library": "vega-lite",
                "query": "select site, count(*) as articles from articles group by site "
                "order by articles desc limit 30",
                "display": {"mark": {"type": "bar", "tooltip": True},
                            "encoding": {"y": {"field": "site", "type": "nominal", "sort": "-x"},
                                         "x": {"field": "articles", "type": "quantitative"}}},
            },
            "hijacked-per-site": {
                "title": "Hijacked share per site", "db": DATABASE, "library": "vega-lite",
                "query": "select site, round(avg(hijacked), 3) as hijacked_share from articles "
                "group by site order by hijacked_share desc limit 30",
                "display": {"mark": {"type": "bar", "tooltip": True},
                            "encoding": {"y": {"field": "site", "type": "nominal", "sort": "-x"},
                                         "x": {"field": "hijacked_share",
                                               "type": "quantitative"}}},
            },
        },
    },
}


def build_metadata() -> dict:
    """The whole metadata document for ``datasette data/news.db -m data/metadata.json``."""
    tables = {}
    for name, spec in TABLES.items():
        tables[name] = {"description": spec["description"], "columns": column_descriptions(name),
                        **TABLE_OPTIONS.get(name, {})}
    tables["articles_search"] = {"hidden": True}
    tables["cluster_keys"] = {**tables["cluster_keys"], "hidden": True}
    tables["article_clusters"] = {
        "description": "One row per duplicate cluster (a view over articles): its size, how many "
        "sites carry it, and the earliest publication.",
        "facets": ["sites"], "sort_desc": "size"}
    return {
        "title": "newscrawl archive",
        "description": "News articles archived by newscrawl: cleaned of injected spam, dated with "
        "their UTC offsets, searchable in Simplified and Traditional Chinese.",
        "databases": {DATABASE: {"tables": tables, "queries": CANNED_QUERIES}},
        "plugins": {"datasette-dashboards": DASHBOARDS},
    }


def schema_markdown() -> str:
    """The "Tables and columns" part of docs/archive.md, from the same descriptions."""
    out = []
    for table, spec in TABLES.items():
        out += [f"### `{table}`", "", spec["description"], "", "| column | type | meaning |",
                "| --- | --- | --- |"]
        out += [f"| `{name}` | {sql_type} | {text.replace('|', '/')} |"
                for name, (sql_type, text) in spec["columns"].items()]
        out.append("")
    return "\n".join(out)
