"""Issue 10, case 11: a URL listed by two sitemaps with different dates is recorded with the
latest date, so the next run does not download it again.

A Google News sitemap gives the article its ``publication_date``; the posts sitemap, read
later (it sits in an index), gives a later ``lastmod``. Whether that later listing comes before
the page is fetched, while its record is written, or after it is recorded, the state ends
with the later date.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from herald_scraper.spiders.discovery import META_STAMP
from herald_scraper.spiders.sitemap import SitemapSpider
from herald_scraper.state import CrawlState

URL = "https://news.example/2024/07/10/bridge-reopens-after-repairs"
NEWS_DATE = "2024-07-10T08:00:00+00:00"  # Google News publication_date
POSTS_DATE = "2024-07-11T09:30:00+00:00"  # the posts sitemap's lastmod, a day later


def _spider(state_path: Path) -> SitemapSpider:
    crawler = get_crawler(SitemapSpider, {"HERALD_STATE_PATH": str(state_path)})
    spider = SitemapSpider.from_crawler(crawler, url="https://news.example/")
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def _fetched(spider: SitemapSpider, request: Request) -> None:
    """The page was fetched and is no article (recorded at once)."""
    response = HtmlResponse(URL, body=b"<html></html>", request=request)
    spider.page_done(response, None)


@pytest.mark.parametrize("late", ["before_fetch", "after_record"])
def test_the_later_listing_date_is_recorded(tmp_path: Path, late: str) -> None:
    state_path = tmp_path / "state.sqlite3"
    spider = _spider(state_path)
    request = spider.route(URL, stamp=NEWS_DATE)
    assert request is not None and request.meta[META_STAMP] == NEWS_DATE
    if late == "before_fetch":
        assert spider.route(URL, stamp=POSTS_DATE) is None  # one URL, one request
        _fetched(spider, request)
    else:
        _fetched(spider, request)
        assert spider.route(URL, stamp=POSTS_DATE) is None
    state = spider.herald_state
    assert state is not None
    known = state.known_url(URL)
    assert known is not None and known.stamp == POSTS_DATE
    state.db.close()

    # The next run: both listings again; neither downloads the page.
    again = _spider(state_path)
    assert again.route(URL, stamp=NEWS_DATE) is None
    assert again.route(URL, stamp=POSTS_DATE) is None
    assert again.crawler.stats.get_value("herald/skipped/unchanged") == 1


def test_recording_never_lowers_a_date(tmp_path: Path) -> None:
    state = CrawlState.open(tmp_path / "state.sqlite3")
    state.record_url(URL, article=None, stamp=POSTS_DATE)
    state.record_url(URL, article=None, stamp=NEWS_DATE)
    state.record_url(URL, article=None, stamp=None)
    known = state.known_url(URL)
    assert known is not None and known.stamp == POSTS_DATE
    assert not state.should_fetch(URL, NEWS_DATE) and not state.should_fetch(URL, POSTS_DATE)
