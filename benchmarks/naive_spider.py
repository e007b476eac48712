"""The naive baseline of benchmarks/crawl_speed.py: Scrapy + ``trafilatura.extract`` in the callback.

What a user writes first: no worker processes, no metadata, no cleaning, no gate; one record per
page with text. Run by crawl_speed.py as ``scrapy runspider benchmarks/naive_spider.py -a
urls_file=...`` with the same settings as the herald crawl.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
import trafilatura
from scrapy.http import Response


class NaiveSpider(scrapy.Spider):
    name = "naive"

    def __init__(self, urls_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_file = urls_file

    async def start(self) -> AsyncIterator[Any]:
        with open(self.urls_file, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield scrapy.Request(line.strip())

    def parse(self, response: Response) -> Any:
        text = trafilatura.extract(response.text, url=response.url)
        if text:
            yield {"url": response.url, "text": text}
