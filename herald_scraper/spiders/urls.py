"""``scrapy crawl urls -a urls=URL[,URL...]`` or ``-a urls_file=PATH``: one Article per article page.

Lines of ``urls_file`` that are blank or start with ``#`` are ignored; a value that is not an
http(s) URL is logged and counted (``herald/invalid_url``), never fetched. A redirect is followed
only on the scheme, host and port of the URL given (``skipped/redirect_offsite``).

Requests are handed to Scrapy as the downloader has room for them (Scrapy's "delaying start
request iteration"), not all at once: a list of 20,000 URLs would otherwise sit in the scheduler
as 20,000 requests (~0.7 KB each, with their fingerprints) from the first second of the crawl.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals

from herald_scraper.discovery.urls import canonicalize_url, same_origin
from herald_scraper.errors import ArgumentError
from herald_scraper.spiders.base import ArticleSpider

logger = logging.getLogger(__name__)


class UrlsSpider(ArticleSpider):
    name = "urls"
    source = "urls"

    def __init__(
        self, urls: str | None = None, urls_file: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not urls and not urls_file:
            raise ArgumentError("urls: give -a urls=URL[,URL...] or -a urls_file=PATH")
        self.raw_urls: list[str] = [u.strip() for u in (urls or "").split(",") if u.strip()]
        if urls_file:
            self.raw_urls.extend(_read_url_file(Path(urls_file)))

    async def start(self) -> AsyncIterator[Any]:
        for raw in self.raw_urls:
            url = canonicalize_url(raw)
            if url is None:
                self.count("invalid_url")
                logger.warning("not an http(s) URL, skipped: %r", raw)
                continue
            self.count("found")
            engine = self.crawler.engine
            if engine is not None and engine.needs_backout():
                # no request can be sent now: wait until the scheduler runs dry
                await self.crawler.signals.wait_for(signals.scheduler_empty)
            yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error)

    def redirect_skip_reason(self, url: str, source: str | None = None) -> str | None:
        """``offsite`` for a redirect away from the origin of the URL given (``source``)."""
        return None if source is None or same_origin(url, source) else "offsite"

    @property
    def trusted_hosts(self) -> set[str]:
        """Hosts of the URLs given: the only ones that may be on a non-public address."""
        return {h for u in self.raw_urls if (h := _hostname(u))}


def _hostname(url: str) -> str | None:
    try:
        return urlsplit(url.strip()).hostname
    except ValueError:
        return None


def _read_url_file(path: Path) -> Iterable[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArgumentError(f"urls: cannot read urls_file {path}: {exc}") from exc
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
