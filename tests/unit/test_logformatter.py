"""Dropped items are logged in one line, without the article's text."""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.utils.test import get_crawler

from herald_scraper.logformatter import HeraldLogFormatter
from herald_scraper.pipelines.drops import drop
from tests.unit.test_pipelines import _article


def _spider(**settings: object) -> Spider:
    crawler = get_crawler(Spider, settings)
    return crawler._create_spider(name="unit")


def test_a_drop_is_one_line_with_the_reason_not_the_record() -> None:
    item = _article()
    result = HeraldLogFormatter().dropped(
        item, drop(None, "missing_title", item.url), None, _spider()
    )
    message = result["msg"] % result["args"]
    assert message == f"Dropped: missing_title: {item.url}"
    assert item.text[:40] not in message
    assert result["level"] == logging.WARNING  # DEFAULT_DROPITEM_LOG_LEVEL


def test_expected_drops_are_info_others_follow_the_setting() -> None:
    item = _article()
    formatter = HeraldLogFormatter()
    spider = _spider(DEFAULT_DROPITEM_LOG_LEVEL="ERROR")
    duplicate = formatter.dropped(item, drop(None, "duplicate_content", "x"), None, spider)
    assert duplicate["level"] == logging.INFO
    invalid = formatter.dropped(item, drop(None, "too_short", "x"), None, spider)
    assert invalid["level"] == logging.ERROR
