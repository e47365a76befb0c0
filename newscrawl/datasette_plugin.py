"""Datasette plugin: SQL functions and Chinese search for the newscrawl archive.

Registered through the ``datasette`` entry point, so installing newscrawl is enough. It adds

- the SQL functions ``newscrawl_fts_query(q)``, ``newscrawl_fts_exact(q)`` and
  ``newscrawl_search_match(search_text, q)`` (query rewriting and confirming, see
  :mod:`newscrawl.search`),
  ``to_simplified(text)`` and ``to_traditional(text)`` (OpenCC) on every connection;
- search on the ``articles`` table page: ``?_search=`` (and the search box) finds articles whose title
  or body contains the query in either script, for queries of one character or more. Datasette's
  built-in search cannot, since it quotes the query for a stock tokenizer.
"""

from __future__ import annotations

from html import escape

from datasette import hookimpl
from markupsafe import Markup
from datasette.filters import FilterArguments

from .archive import SEARCH_TABLE, register_functions
from .search import articles_filter
from .normalize import register_script_functions

SEARCHABLE_TABLE = "articles"

#: Table pages of the archive stay readable: the long list of column descriptions folds into a
#: <details> element, and long text cells are clamped to a few lines (the row page shows them whole).
#: Nodes are moved, never re-parsed, so cell text stays inert.
TABLE_PAGE_SCRIPT = """
(function () {
  var style = document.createElement('style');
  style.textContent = 'td.col-title{min-width:14em}' +
    '.newscrawl-clamp{display:-webkit-box;-webkit-line-clamp:4;' +
    '-webkit-box-orient:vertical;overflow:hidden;min-width:18em;max-width:36em}';
  document.head.appendChild(style);
  document.querySelectorAll('dl.column-descriptions').forEach(function (dl) {
    var details = document.createElement('details');
    var summary = document.createElement('summary');
    summary.textContent = 'Column descriptions';
    dl.parentNode.insertBefore(details, dl);
    details.appendChild(summary);
    details.appendChild(dl);
  });
  var cells = 'table.rows-and-columns td.col-body, table.rows-and-columns td.col-search_text, ' +
    'table.rows-and-columns td.col-description, table.rows-and-columns td.col-text';
  document.querySelectorAll(cells).forEach(function (td) {
    var box = document.createElement('div');
    box.className = 'newscrawl-clamp';
    while (td.firstChild) { box.appendChild(td.firstChild); }
    td.appendChild(box);
  });
})();
"""


@hookimpl
def prepare_connection(conn):
    register_functions(conn)
    register_script_functions(conn)


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    # Canned queries link to pages of the archive through columns named *_link holding a path.
    if column.endswith("_link") and isinstance(value, str) and value.startswith("/"):
        label = column.removesuffix("_link").replace("_", " ")
        return Markup(f'<a href="{escape(datasette.urls.path(value))}">{escape(label)}</a>')
    return None


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    if view_name in ("table", "database"):
        return TABLE_PAGE_SCRIPT
    return None


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
        where = articles_filter(":newscrawl_search")
        return FilterArguments([where], {"newscrawl_search": query},
                               [f'title or body contains "{query}"'], context)

    return inner
