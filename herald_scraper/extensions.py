"""Crawl summary: when a crawl ends, one log line a user can read (found, fetched, written,
skipped/failed/dropped by reason), from the ``herald/...`` stats."""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_HEADLINE = ("found", "fetched", "extracted", "written", "skipped", "failed", "dropped")


class CrawlSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        logger.info("herald summary (%s): %s", reason, summarize(stats))


def summarize(stats: dict[str, object]) -> str:
    """``found 12, fetched 12, written 8, skipped 4 (not_article_listing_page: 3, ...)``."""
    parts = []
    for key in _HEADLINE:
        total = stats.get(f"herald/{key}", 0)
        reasons = sorted(
            (k.split("/", 2)[2], v) for k, v in stats.items() if k.startswith(f"herald/{key}/")
        )
        detail = f" ({', '.join(f'{r}: {v}' for r, v in reasons)})" if reasons else ""
        parts.append(f"{key} {total}{detail}")
    return ", ".join(parts)
