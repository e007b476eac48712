"""SSRF guard: which addresses are public, and the middleware's verdict on IP-literal URLs
(hostnames are covered end to end with a stub resolver in tests/e2e/test_scope.py)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from herald_scraper.addressguard import (
    AddressGuardMiddleware,
    BlockedAddress,
    is_public,
    parse_address,
)


@pytest.mark.parametrize(
    ("text", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared (CGNAT)
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:169.254.169.254", False),  # IPv4 written as IPv6
        ("2002:a9fe:a9fe::1", False),  # 6to4 around 169.254.169.254
    ],
)
def test_is_public(text: str, public: bool) -> None:
    address = parse_address(text)
    assert address is not None and is_public(address) is public


def _guard(trusted: set[str]) -> tuple[AddressGuardMiddleware, MemoryStatsCollector]:
    crawler = get_crawler()
    crawler.spider = SimpleNamespace(trusted_hosts=trusted)  # type: ignore[assignment]
    stats = MemoryStatsCollector(crawler)
    crawler.stats = stats
    return AddressGuardMiddleware(crawler), stats


def test_literal_non_public_address_is_blocked_and_counted() -> None:
    guard, stats = _guard({"93.184.215.14"})
    with pytest.raises(BlockedAddress):
        asyncio.run(guard.process_request(Request("http://169.254.169.254/latest/meta-data/")))
    assert stats.get_value("herald/skipped/blocked_address") == 1
    assert stats.get_value("herald/skipped") == 1


def test_start_url_on_a_private_address_may_be_crawled() -> None:
    guard, stats = _guard({"127.0.0.1"})
    assert asyncio.run(guard.process_request(Request("http://127.0.0.1:8000/a"))) is None
    with pytest.raises(BlockedAddress):  # trusting 127.0.0.1 trusts no other private address
        asyncio.run(guard.process_request(Request("http://[::ffff:10.0.0.1]/")))
    assert asyncio.run(guard.process_request(Request("http://93.184.215.14/"))) is None
