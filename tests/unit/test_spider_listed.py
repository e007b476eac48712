"""URLs a sitemap or feed lists as articles: marked on the request, judged with a higher bar,
and their rejections counted apart (``herald/skipped/not_article_listed_<why>``)."""

from __future__ import annotations

import asyncio

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from herald_scraper.spiders.base import META_LISTED
from herald_scraper.spiders.sitemap import SitemapSpider
from herald_scraper.spiders.urls import UrlsSpider

URL = "https://news.example/a/b/c/x1"
SENTENCE = "The county council approved the new bypass on Monday after a long debate. "


def _cards(n: int, summary: str) -> str:
    return "".join(
        f'<article><h3><a href="/news/story-{i}-slug">Council approves bypass plan {i}</a></h3>'
        f"<p>Item {i}: {summary}</p></article>"
        for i in range(n)
    )


# A section-like page: website og:type, an intro paragraph, four teasers.
SECTION = (
    '<html><head><meta property="og:type" content="website"><title>Local</title></head><body>'
    f"<main><h1>Local</h1><p>{SENTENCE * 5}</p><section>{_cards(4, SENTENCE * 2)}</section>"
    "</main></body></html>"
)
# A grid of teasers and nothing else.
GRID = f"<html><body><main><h1>Local</h1><section>{_cards(10, SENTENCE * 2)}</section></main></body></html>"


def _parse(html: str, listed: bool) -> tuple[list, dict]:
    crawler = get_crawler(UrlsSpider)
    spider = UrlsSpider.from_crawler(crawler, urls=URL)
    crawler.spider = spider
    crawler.stats.open_spider()
    meta = {META_LISTED: True} if listed else {}
    response = HtmlResponse(
        URL,
        body=html.encode(),
        request=Request(URL, meta=meta),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )

    async def collect() -> list:  # parse_article is an async generator (it awaits the pool)
        return [item async for item in spider.parse_article(response)]

    items = asyncio.run(collect())
    return items, crawler.stats.get_stats()


def test_a_listed_url_is_kept_where_an_unlisted_one_is_rejected() -> None:
    items, stats = _parse(SECTION, listed=False)
    assert items == [] and stats["herald/skipped/not_article_listing_page"] == 1
    items, stats = _parse(SECTION, listed=True)
    assert len(items) == 1 and stats["herald/extracted"] == 1


def test_a_rejected_listed_url_is_counted_apart() -> None:
    items, stats = _parse(GRID, listed=True)
    assert items == []
    assert stats["herald/skipped/not_article_listed_listing_structure"] == 1
    assert not any(k.startswith("herald/skipped/not_article_listing") for k in stats)


def test_sitemap_spider_marks_its_entries_as_listed() -> None:
    crawler = get_crawler(SitemapSpider)
    spider = SitemapSpider.from_crawler(crawler, url="https://news.example/sitemap.xml")
    crawler.spider = spider
    crawler.stats.open_spider()
    listed = spider.route("https://news.example/news/harbour-bridge-reopens-today", listed=True)
    plain = spider.route("https://news.example/news/ferry-timetable-changes-today")
    assert listed is not None and listed.meta[META_LISTED] is True
    assert plain is not None and META_LISTED not in plain.meta
