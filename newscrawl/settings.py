"""Scrapy settings for newscrawl. ``NEWSCRAWL_*`` settings are the project's own.

Defaults are safe for unattended, scheduled runs: the remote-control server (which runs code sent to
it) and the telnet console are off, robots.txt is obeyed, AutoThrottle adapts the pace to each
server, and responses are capped in size.
"""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
# Our `crawl` command: one run at a time per archive and source set, meaningful exit statuses.
COMMANDS_MODULE = "newscrawl.commands"

#: The sources file. Relative paths are taken from the project folder (the one with scrapy.cfg).
NEWSCRAWL_SOURCES = "data/sources.toml"
#: The SQLite archive. Relative paths are taken from the project folder.
NEWSCRAWL_DB = "data/news.db"
#: Skip article pages already archived (see newscrawl/incremental.py).
NEWSCRAWL_INCREMENTAL = True
#: Articles published within this many days are re-checked on every run (conditional requests).
NEWSCRAWL_REVISIT_DAYS = 2
#: Worker processes for extraction and cleaning (empty: one per core; 0: in the reactor thread).
NEWSCRAWL_WORKERS = ""
#: Keep each fetched article page's raw bytes (gzip) in the archive, for `newscrawl reprocess`.
NEWSCRAWL_KEEP_RAW = True
#: Archive writes are batched: one transaction per this many articles and dropped pages...
NEWSCRAWL_ARCHIVE_BATCH = 100
#: ...or once the oldest waiting one has waited this many seconds (and always at the end of a run).
NEWSCRAWL_ARCHIVE_FLUSH_S = 2.0

USER_AGENT = "newscrawl/0.1 (news archive; respects robots.txt)"
ROBOTSTXT_OBEY = True

# Off: Scrapy 2.19's remote-control server executes code it is sent; the telnet console is a shell.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Files of a source with a local_root (the bundled sample site) are read without delays.
DOWNLOAD_SLOTS = {"newscrawl-local-files": {"delay": 0, "concurrency": 8}}

DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 10
DEPTH_LIMIT = 3

DOWNLOADER_MIDDLEWARES = {
    # First of all: no request to file://, loopback, private or link-local addresses that the
    # source did not declare (redirect targets included). See newscrawl/safety.py.
    "newscrawl.middlewares.SafetyMiddleware": 40,
    "newscrawl.middlewares.RetryingIncrementalMiddleware": 50,
    # Sees responses before HttpCompressionMiddleware (590): refuses cut-off gzip/deflate bodies.
    "newscrawl.middlewares.TruncatedBodyMiddleware": 595,
    # Scrapy's meta-refresh redirects, without decoding (and keeping) each page's whole text:
    # see newscrawl/metarefresh.py.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.metarefresh.HeadMetaRefreshMiddleware": 580,
}
# Host names are checked again when resolved: none may lead to a non-public address.
TWISTED_DNS_RESOLVER = "newscrawl.middlewares.SafeResolver"
#: Operator-mapped host names, like /etc/hosts: {"news.example": "127.0.0.1"}. Trusted.
NEWSCRAWL_HOSTS = {}

ITEM_PIPELINES = {
    "newscrawl.pipelines.ProcessPipeline": 300,
    "newscrawl.pipelines.ArchivePipeline": 800,
}

LOG_LEVEL = "INFO"
# Progress of long runs: Scrapy's periodic "Crawled N pages" line.
LOGSTATS_INTERVAL = 60.0
# Stop a scheduled run that takes too long (seconds; 0 = no limit): -s CLOSESPIDER_TIMEOUT=3600
CLOSESPIDER_TIMEOUT = 0
FEED_EXPORT_ENCODING = "utf-8"
