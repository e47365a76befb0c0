"""Cleaning: keep the article, drop every trace of the injection, explain each decision.

Public API (used by the pipeline and the CLI):

* :func:`clean_article` - HTML path: a headline candidate, the raw ``<title>``, body paragraphs.
* :func:`clean_text_page` - text path: a page's visible lines, first line the ``<title>``.

* :class:`SiteProfile`, :func:`line_key`, :func:`lines_for_profile` - per-site line counts that
  the archive keeps and hands back to the cleaner.

Both run the same line classifier (:mod:`newscrawl.clean.page`).
"""

from .api import clean_article, clean_text_page
from .site_profile import SiteProfile, line_key, lines_for_profile

__all__ = ["SiteProfile", "clean_article", "clean_text_page", "line_key", "lines_for_profile"]
