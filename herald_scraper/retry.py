"""Retries that honour ``Retry-After``: Scrapy's RetryMiddleware, replaced (``DOWNLOADER_MIDDLEWARES``
maps Scrapy's to None and this one to its place).

A 429 or 503 response with ``Retry-After`` (delta-seconds or an HTTP-date) is retried after the
time the server asked for, not Scrapy's immediate retry a server just said it cannot take.
Beyond ``HERALD_RETRY_AFTER_MAX`` the URL is given up at once (retrying early is rude and
useless; waiting that long holds the crawl): ``herald/failed/retry_after_too_long``, one log
line. Retries still count against ``RETRY_TIMES``; responses without the header are retried as
Scrapy does. Only the retried request waits: AutoThrottle (on by default) slows the rest of the
site's requests, as the 429/503 latency tells it to.

Settings:

* ``HERALD_RETRY_AFTER_MAX`` (default ``60``): the longest wait in seconds a server may ask for.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet.task import deferLater

from herald_scraper.middlewares import AlreadyCounted

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})


class RetryAfterTooLong(AlreadyCounted):
    """The server asked for a longer wait than ``HERALD_RETRY_AFTER_MAX``."""


def parse_retry_after(value: str, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (``120`` or an HTTP-date); a date in the
    past is 0; None when unreadable."""
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    crawler: Crawler  # set by RetryMiddleware.from_crawler

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("HERALD_RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        header = response.headers.get("Retry-After")
        if (
            header is None
            or response.status not in RETRY_AFTER_STATUSES
            or response.status not in self.retry_http_codes
            or request.meta.get("dont_retry", False)
        ):
            return super().process_response(request, response)
        wait = parse_retry_after(header.decode("latin-1"))
        if wait is None:
            return super().process_response(request, response)
        if wait > self.max_wait:
            stats = self.crawler.stats
            if stats is not None:
                stats.inc_value("herald/failed")
                stats.inc_value("herald/failed/retry_after_too_long")
            logger.warning(
                "giving up %s: HTTP %d asks to retry after %.0f s (> HERALD_RETRY_AFTER_MAX=%s)",
                request.url,
                response.status,
                wait,
                self.max_wait,
            )
            raise RetryAfterTooLong(f"Retry-After {wait:.0f} s for {request.url}")
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:  # RETRY_TIMES used up: the response goes on (counted as http_<status>)
            return response
        if wait > 0:
            logger.info(
                "%s: HTTP %d, retrying in %.1f s (Retry-After)", request.url, response.status, wait
            )
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, wait))  # type: ignore[arg-type]
        return retry
