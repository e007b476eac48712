"""Downloader middleware keeping redirects inside the crawl's scope.

The spider's ``redirect_skip_reason(url, source=first_url)`` decides: the discovery spiders
check their scope (scheme, host and port of the start URLs), the ``urls`` spider keeps each
redirect on the scheme, host and port of the URL it was given.

A discovery spider decides the scope of every URL it finds (same site, site-config allow/deny),
but a redirect creates a new request the spider never saw: ``/latest.html`` may lead off-site or
into a denied section. This middleware asks the spider about redirect targets before they are
downloaded. robots.txt needs no such help: Scrapy's RobotsTxtMiddleware sees redirected requests
too.
"""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

logger = logging.getLogger(__name__)


class AlreadyCounted(IgnoreRequest):
    """A request given up by a component that counted and logged why (the SSRF guard, the
    Retry-After limit): the spider's errback adds nothing."""


class OutOfScope(IgnoreRequest):
    """A redirect target outside the crawl; ``reason`` is the skip reason slug."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"redirect out of scope ({reason}): {url}")
        self.reason = reason


class RedirectScopeMiddleware:
    """Drop redirected requests whose target the spider's ``redirect_skip_reason`` refuses."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> Any:
        if not request.meta.get("redirect_urls"):
            return None
        check = getattr(self.crawler.spider, "redirect_skip_reason", None)
        source = request.meta["redirect_urls"][0]
        reason = check(request.url, source=source) if check is not None else None
        if reason:
            logger.info("not following redirect to %s: %s", request.url, reason)
            raise OutOfScope(reason, request.url)
        return None
