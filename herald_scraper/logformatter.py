"""Scrapy's log lines for dropped items, one short line each.

Scrapy's own ``dropped`` line carries the whole item: for an article that is its full text, so
a crawl that meets the same story under many URLs would write megabytes of log and spend a
noticeable share of the reactor's time formatting it. Here the line names the reason (which
already holds the URL, see :func:`herald_scraper.pipelines.drops.drop`); the level is the
``DropItem``'s own ``log_level`` (``INFO`` for the expected outcomes: duplicates, unchanged
articles) or ``DEFAULT_DROPITEM_LOG_LEVEL`` (Scrapy's default ``WARNING``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class HeraldLogFormatter(LogFormatter):
    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        result = super().dropped(item, exception, response, spider)
        level = result["level"]
        return {
            "level": getattr(logging, level) if isinstance(level, str) else level,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }
