"""Count the redirects Scrapy's dupefilter drops, so no URL ends without a count.

A redirect creates a new request that goes through the scheduler, whose dupefilter silently
drops it when its URL was requested before in the run. Two cases, both counted (and logged):

* the target is in the request's own redirect chain (``/a -> /b -> /a``): a redirect loop,
  ``herald/failed/redirect_loop`` (as when ``REDIRECT_MAX_TIMES`` is reached);
* the target was requested through another URL: ``herald/skipped/redirect_to_known_page``
  (the page is fetched once, under that other URL).
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler

from herald_scraper.discovery.urls import canonicalize_url

logger = logging.getLogger(__name__)


class DroppedRedirects:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def request_dropped(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        if not chain or self.crawler.stats is None:
            return
        target = canonicalize_url(request.url) or request.url
        if target in {canonicalize_url(u) or u for u in chain}:
            key, reason = "failed", "redirect_loop"
            logger.warning("redirect loop: %s -> %s", " -> ".join(chain), request.url)
        else:
            key, reason = "skipped", "redirect_to_known_page"
            logger.info("%s redirects to %s, already requested", chain[0], request.url)
        self.crawler.stats.inc_value(f"herald/{key}")
        self.crawler.stats.inc_value(f"herald/{key}/{reason}")
