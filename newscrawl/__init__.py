"""newscrawl: archive news articles, hijacked pages included, into a clean SQLite archive."""

__version__ = "0.1.0"
