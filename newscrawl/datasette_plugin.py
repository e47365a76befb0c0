"""Datasette plugin: SQL functions and Chinese search for the newscrawl archive.

Registered through the ``datasette`` entry point, so installing newscrawl is enough. It adds

- the SQL functions ``newscrawl_fts_query(q)`` (query rewriting, see :mod:`newscrawl.search`),
  ``to_simplified(text)`` and ``to_traditional(text)`` (OpenCC) on every connection;
- search on the ``articles`` table page: ``?_search=`` (and the search box) finds articles whose title
  or body contains the query in either script, for queries of one character or more. Datasette's
  built-in search cannot, since it quotes the query for a stock tokenizer.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.filters import FilterArguments

from .archive import SEARCH_TABLE, register_functions
from .normalize import register_script_functions

SEARCHABLE_TABLE = "articles"


@hookimpl
def prepare_connection(conn):
    register_functions(conn)
    register_script_functions(conn)


@hookimpl(trylast=True)
def filters_from_request(request, database, table, datasette):
    # trylast: this hook then runs after datasette's own search filter, so the search box it shows
    # (supports_search) is not switched off again by the built-in, which finds no FTS table here.
    if table != SEARCHABLE_TABLE:
        return None

    async def inner():
        db = datasette.get_database(database)
        if not await db.table_exists(SEARCH_TABLE):
            return None
        query = request.args.get("_search", "").strip()
        context = {"supports_search": True, "search": query}
        if not query:
            return FilterArguments([], extra_context=context)
        where = (f"id in (select rowid from {SEARCH_TABLE} where {SEARCH_TABLE} "
                 "match newscrawl_fts_query(:newscrawl_search))")
        return FilterArguments([where], {"newscrawl_search": query},
                               [f'title or body contains "{query}"'], context)

    return inner
