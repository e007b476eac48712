"""The urls spider hands its start requests to Scrapy as the downloader has room, not the whole
list at once (a 20,000-URL list would otherwise sit in the scheduler from the first second)."""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import signals
from scrapy.utils.test import get_crawler

from herald_scraper.spiders.urls import UrlsSpider


class _Engine:
    full = False

    def needs_backout(self) -> bool:
        return self.full


def test_start_waits_for_the_scheduler_while_the_downloader_is_full() -> None:
    crawler = get_crawler(UrlsSpider)
    spider = UrlsSpider.from_crawler(crawler, urls="https://a.example/1,https://a.example/2")
    engine = crawler.engine = _Engine()  # type: ignore[assignment]
    waited: list[Any] = []

    async def run() -> None:
        released = asyncio.Event()

        async def wait_for(signal: Any) -> None:
            waited.append(signal)
            await released.wait()

        crawler.signals.wait_for = wait_for  # type: ignore[method-assign]
        requests = spider.start()
        first = await anext(requests)
        engine.full = True
        second = asyncio.ensure_future(anext(requests))
        await asyncio.sleep(0.01)
        assert not second.done()  # held back while the downloader has no room
        assert waited == [signals.scheduler_empty]
        released.set()
        assert [first.url, (await second).url] == ["https://a.example/1", "https://a.example/2"]

    asyncio.run(run())


def test_start_yields_at_once_while_there_is_room() -> None:
    crawler = get_crawler(UrlsSpider)
    spider = UrlsSpider.from_crawler(crawler, urls="https://a.example/1,https://a.example/2")
    crawler.engine = _Engine()  # type: ignore[assignment]

    async def run() -> list[str]:
        return [request.url async for request in spider.start()]

    assert asyncio.run(run()) == ["https://a.example/1", "https://a.example/2"]
