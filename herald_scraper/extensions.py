"""Crawl summary: when a crawl ends, one log line a user can read (found, fetched, written,
skipped/failed/dropped by reason), from the ``herald/...`` stats.

Settings:

* ``HERALD_STATS_FILE`` (default ``None``): also write all crawl stats as one JSON object to this
  path when the crawl ends (for schedulers, monitoring and tests).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_HEADLINE = (
    "found",
    "fetched",
    "redirected",
    "extracted",
    "written",
    "new",
    "changed",
    "skipped",
    "failed",
    "dropped",
)


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
        path = self.crawler.settings.get("HERALD_STATS_FILE")
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")


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
