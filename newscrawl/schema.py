"""The archive's schema, described once: column types and the documentation of every column.

The migrations in :mod:`newscrawl.archive` create these tables, ``data/metadata.json`` (datasette) is
generated from these descriptions by ``newscrawl metadata``, and a test fails when either drifts.
"""

from __future__ import annotations

TABLES: dict[str, dict] = {
    "articles": {
        "description": "One row per article (keyed by canonical URL), as last archived: cleaned title "
        "and body in the page's own script, dates with their UTC offsets, and provenance.",
        "columns": {
            "id": ("INTEGER", "Row id; also the rowid of the article's row in articles_search."),
            "url": ("TEXT", "The URL the page was fetched from (after redirects)."),
            "canonical_url": ("TEXT", "The page's declared canonical URL, else its URL; unique."),
            "site": ("TEXT", "Host name of the page without a leading www. (for a source on disk: "
                     "the source name)."),
            "site_name": ("TEXT", "The publisher's name as the page gives it (og:site_name, "
                          "JSON-LD publisher)."),
            "source": ("TEXT", "Name of the source in sources.toml that led to the page."),
            "title": ("TEXT", "Headline as a reader sees it, injections removed, page's own script."),
            "published_at": ("TEXT", "Publication date-time, ISO-8601 with the page's UTC offset "
                             "(e.g. 2025-07-14T08:20:28+08:00), or the day alone when the page gives "
                             "no time. A page-local time without a zone uses the source's time zone."),
            "published_utc": ("TEXT", "published_at converted to UTC (ISO-8601, ends in +00:00); sort "
                              "by this."),
            "published_day": ("TEXT", "The publisher's local calendar day of published_at (YYYY-MM-DD)."),
            "published_raw": ("TEXT", "The text the publication date was read from."),
            "published_source": ("TEXT", "Where the date came from: override, jsonld, meta, "
                                 "time-element, text, url or listing."),
            "modified_at": ("TEXT", "Last-modified date-time as the page states it, ISO-8601 with offset."),
            "authors": ("TEXT", "JSON array of author names."),
            "lang": ("TEXT", "Language code (e.g. zh, en)."),
            "script": ("TEXT", "Script of the stored text: Hans, Hant, Latn, Jpan, Kore."),
            "description": ("TEXT", "The page's own summary (meta description), cleaned."),
            "body": ("TEXT", "Article body, paragraphs separated by blank lines, injections removed."),
            "search_text": ("TEXT", "Title and body normalized to Simplified Chinese and lower case, "
                            "for LIKE queries in either script."),
            "char_count": ("INTEGER", "Number of characters in body."),
            "content_hash": ("TEXT", "SHA-256 of title, body and published_at: changes when they do."),
            "encoding": ("TEXT", "Character encoding the page bytes were read with."),
            "extraction_method": ("TEXT", "Which extractor produced the body (override, jsonld, "
                                  "trafilatura, ...)."),
            "hijacked": ("INTEGER", "1 when injected spam was removed from the page, else 0."),
            "lines_removed": ("INTEGER", "Number of whole lines removed as injected spam or junk."),
            "inline_removed": ("INTEGER", "Number of spliced-in brands or tags removed inside kept lines."),
            "pinyin_removed": ("INTEGER", "Number of injected pinyin annotations stripped."),
            "mojibake_repaired": ("INTEGER", "Number of mojibake runs repaired."),
            "mojibake_removed": ("INTEGER", "Number of mojibake runs that could not be repaired and "
                                 "were removed."),
            "first_seen": ("TEXT", "When the article was first archived (UTC, ISO-8601)."),
            "last_seen": ("TEXT", "When the article was last fetched (UTC, ISO-8601)."),
            "crawl_id": ("INTEGER", "The crawl (crawls.id) that last wrote this row."),
            "hijack_score": ("REAL", "0 to 1: how strongly the page showed injection (0 = clean)."),
            "hijack_patterns": ("TEXT", "JSON array of the injection patterns found, e.g. "
                                "keyword-list, inline-brand, pinyin-annotation."),
            "version": ("INTEGER", "Number of the current version in article_versions."),
            "cluster_id": ("INTEGER", "Duplicate cluster: the id of the earliest archived article "
                           "that is the same article (same canonical URL, or a near-duplicate "
                           "body: wire copies, mirrors, the other Chinese script, truncated "
                           "copies). Equal to id for an article with no duplicate."),
        },
    },
    "article_signatures": {
        "description": "MinHash signature of each article's normalized title and body, for "
        "near-duplicate detection (newscrawl/dedupe.py).",
        "columns": {
            "article_id": ("INTEGER", "The article (articles.id)."),
            "signature": ("BLOB", "The MinHash signature."),
        },
    },
    "cluster_keys": {
        "description": "LSH band keys of the signatures: articles sharing a key are compared.",
        "columns": {
            "key": ("INTEGER", "64-bit hash of one LSH band of the signature."),
            "article_id": ("INTEGER", "The article (articles.id)."),
        },
    },
    "article_versions": {
        "description": "Every distinct version of every article: a re-crawl that changed the title, "
        "body or dates adds a version; an unchanged re-crawl only moves last_seen.",
        "columns": {
            "id": ("INTEGER", "Row id."),
            "article_id": ("INTEGER", "The article (articles.id)."),
            "version": ("INTEGER", "1 for the first version seen, then 2, 3, ..."),
            "content_hash": ("TEXT", "SHA-256 of title, body and published_at of this version."),
            "title": ("TEXT", "Title of this version."),
            "body": ("TEXT", "Body of this version."),
            "published_at": ("TEXT", "Publication date-time of this version (ISO-8601 with offset)."),
            "modified_at": ("TEXT", "Modification date-time the page stated in this version."),
            "first_seen": ("TEXT", "When this version was first fetched (UTC, ISO-8601)."),
            "last_seen": ("TEXT", "When this version was last fetched (UTC, ISO-8601)."),
            "crawl_id": ("INTEGER", "The crawl that first saw this version."),
        },
    },
    "pages": {
        "description": "Every fetched article page: HTTP validators for conditional re-fetching, and "
        "the raw bytes (gzip) and headers, so that `newscrawl reprocess` can re-extract without "
        "fetching again.",
        "columns": {
            "url": ("TEXT", "The page URL (primary key)."),
            "source": ("TEXT", "Source name."),
            "article_id": ("INTEGER", "The article archived from it (articles.id), if any."),
            "outcome": ("TEXT", "Last processing outcome: new, updated, unchanged, or dropped:<reason>."),
            "status": ("INTEGER", "HTTP status of the last full fetch."),
            "fetched_at": ("TEXT", "When the page was last fetched in full (UTC, ISO-8601)."),
            "checked_at": ("TEXT", "When the page was last checked, 304 answers included (UTC)."),
            "etag": ("TEXT", "ETag response header, sent back as If-None-Match."),
            "last_modified": ("TEXT", "Last-Modified response header, sent back as If-Modified-Since."),
            "headers": ("TEXT", "JSON object of the kept response headers."),
            "charset": ("TEXT", "Charset declared by the Content-Type header."),
            "raw_size": ("INTEGER", "Size of the response body in bytes."),
            "raw_gzip": ("BLOB", "The response body, gzip-compressed; null when raw pages are not "
                         "kept (NEWSCRAWL_KEEP_RAW = False)."),
        },
    },
    "site_health": {
        "description": "Per crawl and site: how well extraction went, and a drift alarm when a site's "
        "figures drop sharply against its own history (a sign that its layout changed).",
        "columns": {
            "id": ("INTEGER", "Row id."),
            "crawl_id": ("INTEGER", "The crawl (crawls.id)."),
            "site": ("TEXT", "Host name."),
            "pages": ("INTEGER", "Article pages processed."),
            "articles": ("INTEGER", "Pages archived as articles."),
            "title_fill": ("REAL", "Share of processed pages with a title."),
            "date_fill": ("REAL", "Share of processed pages with a publication date."),
            "body_fill": ("REAL", "Share of processed pages that yielded a body."),
            "hijacked_share": ("REAL", "Share of archived articles from which injection was removed."),
            "methods": ("TEXT", "JSON object: extraction method -> pages."),
            "median_body_chars": ("INTEGER", "Median body length of the archived articles."),
            "drift": ("TEXT", "Why the drift alarm fired, or null."),
        },
    },
    "removed_lines": {
        "description": "Every piece of text cleaning removed or repaired, with the reason and the rule "
        "that fired: what the archive left out, and why.",
        "columns": {
            "id": ("INTEGER", "Row id."),
            "article_id": ("INTEGER", "The article (articles.id)."),
            "position": ("INTEGER", "Index of the paragraph it came from; -1 for the title."),
            "text": ("TEXT", "The removed text (or the original of a repaired run)."),
            "reason": ("TEXT", "Why it was removed, in words."),
            "rule": ("TEXT", "Identifier of the rule that fired, e.g. spam-line.keyword-list."),
        },
    },
    "dropped_pages": {
        "description": "Pages fetched but not archived as articles (all spam, not an article, empty "
        "body, undecodable), latest outcome per URL.",
        "columns": {
            "url": ("TEXT", "The page URL."),
            "source": ("TEXT", "Source name."),
            "reason": ("TEXT", "Why the page yielded no article (rule identifier)."),
            "detail": ("TEXT", "The explanation, in words."),
            "title_tag": ("TEXT", "The page's <title>, to see what it was."),
            "crawl_id": ("INTEGER", "The crawl that dropped it."),
            "seen_at": ("TEXT", "When (UTC, ISO-8601)."),
        },
    },
    "crawls": {
        "description": "One row per run of the crawler: when, why it ended, and what it did.",
        "columns": {
            "id": ("INTEGER", "Crawl id."),
            "started_at": ("TEXT", "Start (UTC, ISO-8601)."),
            "finished_at": ("TEXT", "End (UTC, ISO-8601); null while running or when killed."),
            "finish_reason": ("TEXT", "Scrapy's finish reason: finished, shutdown, closespider_*, ..."),
            "status": ("TEXT", "running; ok (every page fetched); partial (some pages failed, "
                       "see errors); failed (no page could be fetched, or the run crashed). A killed "
                       "run stays 'running' with no finished_at."),
            "sources": ("TEXT", "JSON array of the source names crawled."),
            "requests": ("INTEGER", "Requests sent."),
            "pages_fetched": ("INTEGER", "Responses received."),
            "not_modified": ("INTEGER", "Conditional requests answered 304 Not Modified."),
            "skipped_known": ("INTEGER", "Article URLs not requested: already archived and "
                              "outside the re-visit window, with no newer listing date."),
            "articles_new": ("INTEGER", "Articles archived for the first time."),
            "articles_updated": ("INTEGER", "Archived articles whose content changed."),
            "articles_unchanged": ("INTEGER", "Archived articles fetched again unchanged."),
            "dropped": ("TEXT", "JSON object: pages not archived, counted by reason."),
            "errors": ("TEXT", "JSON object: download and processing errors, counted by kind."),
        },
    },
    "site_profiles": {
        "description": "Per site: how many pages were counted into site_lines (per-site learning "
        "of repeated lines).",
        "columns": {
            "site": ("TEXT", "Host name (primary key)."),
            "pages": ("INTEGER", "Pages counted."),
        },
    },
    "site_lines": {
        "description": "Per site and line: on how many of the site's pages a line appeared. A line "
        "repeated on many pages of a site is its chrome or an injected header, never one article's "
        "own text; the cleaner removes such lines.",
        "columns": {
            "site": ("TEXT", "Host name."),
            "line_key": ("TEXT", "Hash of the line, normalized (Simplified, folded spaces and digits)."),
            "pages": ("INTEGER", "Pages of the site on which the line appeared."),
        },
    },
    "migrations": {
        "description": "Schema migrations applied to this archive, in order.",
        "columns": {
            "name": ("TEXT", "Migration name."),
            "applied_at": ("TEXT", "When it was applied (UTC, ISO-8601)."),
        },
    },
}


def column_types(table: str) -> dict[str, str]:
    """``{column: SQL type}`` for ``table``."""
    return {name: spec[0] for name, spec in TABLES[table]["columns"].items()}


def column_descriptions(table: str) -> dict[str, str]:
    """``{column: description}`` for ``table``."""
    return {name: spec[1] for name, spec in TABLES[table]["columns"].items()}
