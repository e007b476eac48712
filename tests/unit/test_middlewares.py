"""The redirect scope middleware asks the spider about redirect targets only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request

from herald_scraper.middlewares import OutOfScope, RedirectScopeMiddleware


class _Spider:
    def redirect_skip_reason(self, url: str, source: str | None = None) -> str | None:
        return "offsite" if "other.test" in url else None


def _mw(spider: object) -> RedirectScopeMiddleware:
    return RedirectScopeMiddleware.from_crawler(SimpleNamespace(spider=spider))  # type: ignore[arg-type]


def test_first_hop_requests_are_not_checked() -> None:
    assert _mw(_Spider()).process_request(Request("https://other.test/a")) is None


def test_redirect_in_scope_passes() -> None:
    request = Request("https://news.test/b", meta={"redirect_urls": ["https://news.test/a"]})
    assert _mw(_Spider()).process_request(request) is None


def test_redirect_out_of_scope_is_ignored_with_reason() -> None:
    request = Request("https://other.test/b", meta={"redirect_urls": ["https://news.test/a"]})
    with pytest.raises(OutOfScope) as err:
        _mw(_Spider()).process_request(request)
    assert err.value.reason == "offsite"


def test_spiders_without_a_scope_are_left_alone() -> None:
    request = Request("https://other.test/b", meta={"redirect_urls": ["https://news.test/a"]})
    assert _mw(object()).process_request(request) is None
