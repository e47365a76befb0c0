"""Cleaning: keep the article, drop every trace of the injection, explain each decision.

Public API (used by the pipeline and the CLI):

* :func:`clean_article` - HTML path: a headline candidate, the raw ``<title>``, body paragraphs.
* :func:`clean_text_page` - text path: a page's visible lines, first line the ``<title>``.

Both run the same line classifier (:mod:`newscrawl.clean.page`).
"""

from .api import clean_article, clean_text_page

__all__ = ["clean_article", "clean_text_page"]
