"""Reject records a researcher could not use.

Settings:

* ``HERALD_MIN_WORDS`` (default ``50``): a record whose ``text`` has fewer words is dropped as
  ``text_too_short``.
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from herald_scraper.extraction.words import word_count
from herald_scraper.pipelines.drops import drop

#: Fields every record must carry (non-empty).
REQUIRED = ("url", "title", "text", "content_hash", "fetched_at", "source")


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_words = crawler.settings.getint("HERALD_MIN_WORDS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        for name in REQUIRED:
            if not adapter.get(name):
                raise drop(self.stats, f"missing_{name}", str(adapter.get("url")))
        words = word_count(str(adapter["text"]))
        if words < self.min_words:
            raise drop(
                self.stats,
                "text_too_short",
                f"{adapter['url']} has {words} words (< HERALD_MIN_WORDS={self.min_words})",
            )
        return item
