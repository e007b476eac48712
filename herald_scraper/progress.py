"""Crawl progress in the log: every ``HERALD_PROGRESS_INTERVAL`` seconds one line with the pages
done, the rate and, when the crawl knows its total (the ``urls`` spider: the length of its
list), the share done and an ETA::

    herald progress: 120 of 500 URLs done (24%), 35.2/min, ETA 10m48s; written 80

Done counts each URL once it has an outcome: fetched (an article or not), failed, or refused
before fetching (robots.txt, a blocked address, an invalid URL).

Settings:

* ``HERALD_PROGRESS_INTERVAL`` (default ``60``, as Scrapy's ``LOGSTATS_INTERVAL``): seconds
  between lines; ``0`` turns them off.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)

#: Stats whose sum is the URLs with an outcome (a fetched page, or one refused before fetching).
DONE_STATS = (
    "herald/fetched",
    "herald/failed",
    "herald/invalid_url",
    "herald/skipped/robots_txt",
    "herald/skipped/blocked_address",
)


class CrawlProgress:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("HERALD_PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.log, spider)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def log(self, spider: Spider) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        total = expected_total(spider)
        logger.info(
            "herald progress: %s", progress_line(stats, total, time.monotonic() - self.started)
        )


def expected_total(spider: Spider) -> int | None:
    """URLs the crawl will handle, when it knows: the ``urls`` spider's list."""
    urls = getattr(spider, "raw_urls", None)
    return len(urls) if isinstance(urls, list) and urls else None


def progress_line(stats: dict[str, Any], total: int | None, seconds: float) -> str:
    """``120 of 500 URLs done (24%), 35.2/min, ETA 10m48s; written 80``."""
    done = sum(int(stats.get(key, 0) or 0) for key in DONE_STATS)
    rate = done / seconds * 60 if seconds > 0 else 0.0
    written = int(stats.get("herald/written", 0) or 0)
    if total is None:
        return f"{done} pages done, {rate:.1f}/min; written {written}"
    done = min(done, total)
    share = done / total * 100
    eta = _duration((total - done) / rate * 60) if rate > 0 else "unknown"
    return (
        f"{done} of {total} URLs done ({share:.0f}%), {rate:.1f}/min, ETA {eta}; written {written}"
    )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"
