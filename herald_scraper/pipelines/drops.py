"""Dropping an item is never silent: a ``DropItem`` with a reason and a ``herald/dropped/<reason>``
stat."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


def drop(stats: StatsCollector | None, reason: str, detail: str) -> DropItem:
    """Count ``reason`` and return the exception to raise (``raise drop(...)``)."""
    if stats is not None:
        stats.inc_value("herald/dropped")
        stats.inc_value(f"herald/dropped/{reason}")
    return DropItem(f"{reason}: {detail}")
