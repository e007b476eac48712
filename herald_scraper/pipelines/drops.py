"""Dropping an item is never silent: a ``DropItem`` with a reason and a ``herald/dropped/<reason>``
stat."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


#: Reasons that are the crawl working as meant (the same story under two URLs, an article not
#: changed since the last run): logged at INFO, not as warnings (``herald_scraper.logformatter``).
EXPECTED = frozenset({"duplicate_url", "duplicate_content", "unchanged"})


def drop(stats: StatsCollector | None, reason: str, detail: str) -> DropItem:
    """Count ``reason`` and return the exception to raise (``raise drop(...)``)."""
    if stats is not None:
        stats.inc_value("herald/dropped")
        stats.inc_value(f"herald/dropped/{reason}")
    return DropItem(f"{reason}: {detail}", log_level="INFO" if reason in EXPECTED else None)
