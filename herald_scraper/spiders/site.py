"""``scrapy crawl site``: follow a site's own links from its home page, keep the articles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from herald_scraper.routing import link_decision, parse_bool_arg, parse_int_arg
from herald_scraper.spiders.discovery import DiscoverySpider

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 500
DEFAULT_MAX_DEPTH = 4


class SiteSpider(DiscoverySpider):
    """Crawl a site from its home page(s) and emit only its article pages.

    ``scrapy crawl site -a url=HOME_URL [-a max_pages=500] [-a max_depth=4] [-a recheck=false]
    [-a site=NAME]``

    * ``url``: home page(s), comma-separated; or ``start_urls`` of ``-a site=NAME``.
    * ``max_pages`` (default 500): at most this many pages are requested (0: no limit).
    * ``max_depth`` (default 4): links are followed up to this many clicks from a start page.
    * ``recheck`` (default false): with the crawl state on, pages already known to be articles
      are not fetched again (a site crawl has no date to tell a change); ``recheck=true``
      fetches them and writes those whose text changed.

    Only links on the same site (and allowed by the site config) are followed; tag, author,
    search, login, feed and media links are skipped by URL shape; likely article URLs are
    fetched first. Every fetched page goes through the article detector: listings, section
    and about pages are followed but never written.
    """

    name = "site"
    source = "site"
    keeps_frontier = True

    def __init__(
        self,
        *args: Any,
        max_pages: str | int | None = None,
        max_depth: str | int | None = None,
        recheck: str | bool | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages = parse_int_arg("max_pages", max_pages, DEFAULT_MAX_PAGES)
        self.max_depth = parse_int_arg("max_depth", max_depth, DEFAULT_MAX_DEPTH)
        self.recheck = parse_bool_arg(recheck)
        self.requested = 0

    async def start(self) -> AsyncIterator[Any]:
        for url in self.entry_urls:
            request = self.follow(url, 0)
            if request is not None:
                yield request
        # Pages a previous run requested and never finished (it was killed): links to them
        # may sit on pages that are now known articles, which this run does not re-read.
        state = self.herald_state
        unfinished = state.frontier(self.name) if state is not None else []
        if unfinished:
            logger.info(
                "%d page(s) left unfinished by the last run: requesting them", len(unfinished)
            )
        for url, depth in unfinished:
            request = self.follow(url, depth, resumed=True)
            if request is not None:
                yield request

    def follow(self, raw_url: str, depth: int, resumed: bool = False) -> scrapy.Request | None:
        """A request for an absolute link found at ``depth``, or None (skip reason counted by
        ``route``); the request is remembered in the frontier until its page is done."""
        skip, priority = link_decision(raw_url)
        if skip is None and self.max_pages and self.requested >= self.max_pages:
            skip = "max_pages"
        request = self.route(
            raw_url,
            skip_reason=skip,
            incremental="none" if self.recheck else "article",
            priority=priority,
            callback="parse_page",
            depth=depth if resumed else None,
        )
        if request is not None:
            self.requested += 1
            if self.herald_state is not None:
                self.herald_state.add_frontier(self.name, request.url, depth)
        return request

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        """Follow the page's links (within depth), then emit it if it is an article."""
        depth = int(response.meta.get("depth", 0))  # maintained by Scrapy's DepthMiddleware
        if isinstance(response, TextResponse) and depth < self.max_depth:
            for href in response.xpath("//a[@href]/@href").getall():
                request = self.follow(response.urljoin(href.strip()), depth + 1)
                if request is not None:
                    yield request
        async for item in self.parse_article(response):
            yield item
