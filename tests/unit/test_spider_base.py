"""ArticleSpider.parse_article on in-memory responses: records, reasons, encodings."""

from __future__ import annotations

import asyncio

from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from herald_scraper.items import Article
from herald_scraper.spiders.urls import UrlsSpider

URL = "https://news.example/2024/05/embalse-critico-cortes-de-agua.html"
BODY = (
    "<html><head><title>Cortes de agua</title></head><body><article><h1>Cortes de agua</h1>"
    + "".join(
        f"<p>La señora Muñoz explicó que la situación del embalse es crítica y que los cortes "
        f"seguirán durante semanas, según el párrafo número {i} de esta noticia.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
)


def _spider() -> UrlsSpider:
    crawler = get_crawler(UrlsSpider)
    spider = UrlsSpider.from_crawler(crawler, urls=URL)
    crawler.spider = spider
    crawler.stats.open_spider()
    return spider


def _parse(spider: UrlsSpider, response: Response) -> list:
    async def collect() -> list:  # parse_article is an async generator (it awaits the pool)
        return [item async for item in spider.parse_article(response)]

    return asyncio.run(collect())


def test_http_declared_charset_is_used_for_decoding() -> None:
    spider = _spider()
    response = HtmlResponse(
        URL, body=BODY.encode("latin-1"), request=Request(URL),
        headers={"Content-Type": "text/html; charset=ISO-8859-1"},
    )  # fmt: skip
    [article] = _parse(spider, response)
    assert isinstance(article, Article)
    assert "señora Muñoz" in article.text and "\ufffd" not in article.text
    assert spider.crawler.stats.get_value("herald/extracted") == 1


def test_non_html_and_non_article_responses_are_counted_with_a_reason() -> None:
    spider = _spider()
    pdf = Response(
        URL, body=b"%PDF-1.4", request=Request(URL), headers={"Content-Type": "application/pdf"}
    )
    assert _parse(spider, pdf) == []
    listing = HtmlResponse(
        "https://news.example/", body=b"<html><body><a href='/a'>A</a></body></html>",
        request=Request("https://news.example/"), headers={"Content-Type": "text/html"},
    )  # fmt: skip
    assert _parse(spider, listing) == []
    stats = spider.crawler.stats
    assert stats.get_value("herald/skipped/not_html") == 1
    assert stats.get_value("herald/skipped/not_article_too_little_text") == 1
