"""A page over the extraction budget is reduced in the worker and counted by the spider
(``herald/extract_reduced/<how>``), its article still written."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from herald_scraper.items import Article
from herald_scraper.page_worker import extract_article
from herald_scraper.spiders.urls import UrlsSpider
from tests.unit.test_extraction_budget import ARTICLE, URL, page, small_budget, thread

__all__ = ["small_budget"]  # the fixture, used by name


async def _collect(spider: UrlsSpider, response: HtmlResponse) -> list[object]:
    return [item async for item in spider.parse_article(response)]


@pytest.mark.usefixtures("small_budget")
def test_the_spider_counts_a_reduced_page_and_writes_its_article() -> None:
    html = page(article=ARTICLE, after=thread(300))
    assert extract_article(html.encode(), URL, None, False, "urls").reduced
    crawler = get_crawler(UrlsSpider)
    spider = crawler._create_spider(urls="https://example.org/")
    crawler.spider = spider
    crawler.stats.open_spider()
    response = HtmlResponse(
        URL, body=html.encode(), headers={"Content-Type": "text/html"}, request=Request(URL)
    )
    [article] = asyncio.run(_collect(spider, response))
    assert isinstance(article, Article) and "harbour council voted" in article.text
    stats = crawler.stats.get_stats()
    assert stats["herald/extract_reduced"] == 1
    assert any(k.startswith("herald/extract_reduced/") for k in stats)


def test_a_page_within_the_budget_is_not_counted() -> None:
    result = extract_article(page(article=ARTICLE, after="").encode(), URL, None, False, "urls")
    assert result.article is not None and result.reduced is None
