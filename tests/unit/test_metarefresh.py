"""Meta-refresh redirects are found in the page's head without decoding the whole page."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from herald_scraper.metarefresh import HEAD_BYTES, HeadMetaRefreshMiddleware

FILLER = "<p>" + "Café owners said the new rules would take effect in spring. " * 400 + "</p>"


def _middleware() -> HeadMetaRefreshMiddleware:
    return HeadMetaRefreshMiddleware.from_crawler(get_crawler(Spider))


def _page(head: str, url: str = "https://news.example/old") -> HtmlResponse:
    html = f"<html><head>{head}</head><body>{FILLER}</body></html>"
    return HtmlResponse(url, body=html.encode("utf-8"), headers={"Content-Type": "text/html"})


def test_a_refresh_in_the_head_of_a_long_page_redirects() -> None:
    page = _page('<meta http-equiv="refresh" content="0; url=/new">')
    assert len(page.body) > HEAD_BYTES
    result = _middleware().process_response(Request(page.url), page)
    assert isinstance(result, Request)
    assert result.url == "https://news.example/new"


def test_a_page_without_refresh_goes_on_whole_and_undecoded() -> None:
    page = _page("<title>Spring rules</title>")
    result = _middleware().process_response(Request(page.url), page)
    assert result is page
    assert page._cached_ubody is None  # the page was never decoded here


def test_a_delayed_refresh_is_left_alone_as_scrapy_does() -> None:
    page = _page('<meta http-equiv="refresh" content="300; url=/new">')
    assert _middleware().process_response(Request(page.url), page) is page
