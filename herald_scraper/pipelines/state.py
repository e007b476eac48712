"""Incremental runs: write an article only when it is new or its text changed since the last run.

Compares the record's ``content_hash`` with the crawl state (:mod:`herald_scraper.state`),
keyed by the canonical URL. Unchanged records are dropped (``herald/dropped/unchanged``);
changed ones get ``date_modified`` (when the page gives none: the time we saw the change) and
count in ``herald/changed``; new ones in ``herald/new``. Spiders that do not keep state (the
``urls`` spider) and ``-s HERALD_STATE=off`` pass every record through.

Runs after dedupe, so a duplicate within the run never counts as unchanged.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from herald_scraper.pipelines.drops import drop

logger = logging.getLogger(__name__)


class StatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        state = getattr(self.crawler.spider, "herald_state", None)
        if state is None:
            return item
        adapter = ItemAdapter(item)
        key = adapter.get("canonical_url") or adapter["url"]
        kind = state.observe_article(key, adapter["content_hash"])
        if kind == "unchanged":
            raise drop(self.stats, "unchanged", key)
        if self.stats is not None:
            self.stats.inc_value(f"herald/{kind}")
        if kind == "changed":
            if not adapter.get("date_modified"):
                adapter["date_modified"] = adapter.get("fetched_at") or None
            logger.info("changed since the last run: %s", key)
        return item
