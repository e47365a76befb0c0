"""Project commands for Scrapy (``COMMANDS_MODULE``): our ``crawl`` replaces Scrapy's."""
