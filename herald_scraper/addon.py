"""A Scrapy add-on: herald-scraper in another Scrapy project with one line in its settings::

    ADDONS = {"herald_scraper.addon.Herald": 0}

The project then has herald's spiders (``urls``, ``sitemap``, ``feed``, ``site``) beside its own,
and its own spiders' :class:`~herald_scraper.items.Article` items (``Article.from_extraction(
herald_scraper.extract(response.body, response.url), ...)``) go through herald's pipelines:
validation, deduplication, the crawl state, cross-page boilerplate and the JSONL writer, with
extraction workers, the SSRF guard, Retry-After handling and the crawl summary.

Everything is set at the ``addon`` priority, below the project's own settings: a value the
project sets itself (``ROBOTSTXT_OBEY``, ``HERALD_OUTPUT_DIR``, a pipeline's order) wins.
Components and spider modules are added to the project's, never in place of them.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.settings import BaseSettings

from herald_scraper import distributed
from herald_scraper import settings as herald

logger = logging.getLogger(__name__)

#: Component dictionaries merged into the project's.
COMPONENTS = ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "EXTENSIONS")
#: Names of the project's own (never taken from herald: they name the project).
OWN = frozenset({"BOT_NAME", "SPIDER_MODULES", "NEWSPIDER_MODULE", "COMMANDS_MODULE"})


class Herald:
    """Scrapy add-on (``ADDONS = {"herald_scraper.addon.Herald": 0}``)."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: BaseSettings) -> None:
        # read before any crawler exists: by the spider loader and the reactor's installation
        settings.add_to_list("SPIDER_MODULES", herald.SPIDER_MODULES[0])
        settings.set("TWISTED_REACTOR", herald.TWISTED_REACTOR, priority="addon")

    def update_settings(self, settings: BaseSettings) -> None:
        settings.add_to_list("SPIDER_MODULES", herald.SPIDER_MODULES[0])
        for name in COMPONENTS:
            # herald's order for each of its components, unless the project set one; a None
            # (Scrapy's RetryMiddleware, replaced by herald's) disables it likewise
            for component, order in getattr(herald, name).items():
                settings.setdefault_in_component_priority_dict(name, component, order)
        for name, value in _plain_settings().items():
            settings.set(name, value, priority="addon")
        distributed.configure(settings)  # REDIS_URL set: the shared Redis frontier


def _plain_settings() -> dict[str, Any]:
    """herald's settings other than component dictionaries and the project's own names."""
    return {
        name: getattr(herald, name)
        for name in dir(herald)
        if name.isupper() and name not in OWN and name not in COMPONENTS
    }
