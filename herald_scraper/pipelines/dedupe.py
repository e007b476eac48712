"""Drop a record already written in this crawl: same canonical URL, or same normalised text
(``content_hash``: one article syndicated or reachable under two URLs without a canonical)."""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from herald_scraper.pipelines.drops import drop


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen_urls: set[str] = set()
        self.seen_hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter.get("canonical_url") or adapter["url"]
        if url in self.seen_urls:
            raise drop(self.stats, "duplicate_url", url)
        digest = adapter["content_hash"]
        if digest in self.seen_hashes:
            raise drop(self.stats, "duplicate_content", f"{adapter['url']} ({digest[:12]})")
        self.seen_urls.add(url)
        self.seen_hashes.add(digest)
        return item
