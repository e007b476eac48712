"""Retry-After values: delta-seconds and HTTP-dates."""

from __future__ import annotations

from datetime import UTC, datetime

from herald_scraper.retry import parse_retry_after

NOW = datetime(2024, 6, 10, 12, 0, 0, tzinfo=UTC)


def test_parse_retry_after() -> None:
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after(" 0 ", NOW) == 0
    assert parse_retry_after("Mon, 10 Jun 2024 12:00:30 GMT", NOW) == 30
    assert parse_retry_after("Mon, 10 Jun 2024 11:00:00 GMT", NOW) == 0  # in the past
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after("-5", NOW) is None
