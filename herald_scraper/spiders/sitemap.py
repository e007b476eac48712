"""``scrapy crawl sitemap``: articles listed in a site's XML sitemaps (incl. Google News)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from herald_scraper.discovery import (
    fallback_sitemap_urls,
    is_recent,
    parse_sitemap,
    sitemap_urls_from_robots,
)
from herald_scraper.routing import (
    discovery_hints_from_sitemap,
    link_decision,
    looks_like_sitemap_url,
    origin,
    sitemap_entry_skip_reason,
    sitemap_stamp,
)
from herald_scraper.spiders.discovery import DiscoverySpider

logger = logging.getLogger(__name__)

#: Sitemaps are fetched before the pages they list, so "found" is complete early.
SITEMAP_PRIORITY = 1000
_PROBE = "herald_probe"
_DEPTH = "herald_sitemap_depth"


class SitemapSpider(DiscoverySpider):
    """Fetch the articles a site lists in its sitemaps.

    ``scrapy crawl sitemap -a url=SITE_OR_SITEMAP_URL [-a since=YYYY-MM-DD] [-a site=NAME]``

    * ``url``: a home page (its robots.txt ``Sitemap:`` lines are read; without any,
      ``/sitemap.xml``, ``/sitemap_index.xml``, ``/sitemap-news.xml``... are tried) or a sitemap
      URL (``...sitemap....xml[.gz]``), fetched directly. Comma-separate several.
      With ``-a site=NAME`` and no ``url``: the site config's ``sitemaps``, else ``start_urls``.
    * ``since``: entries whose Google News ``publication_date`` (else ``lastmod``) is older are
      not fetched; so are child sitemaps of an index whose ``lastmod`` is older.

    Sitemap indexes and gzipped sitemaps are followed; entries are fetched only when on the
    site, shaped like an article (Google News entries always are) and, with the crawl state on,
    new or with a changed ``lastmod``. Google News titles/dates/languages fill page gaps.

    Caps against hostile or broken sites (each counted when hit):

    * ``HERALD_SITEMAP_MAX_DEPTH`` (default ``3``): sitemap indexes nested deeper (an index whose
      child is another index, ``?n=N+1``, forever) are not followed
      (``skipped/sitemap_too_deep``); 1 = an index and its sitemaps.
    * ``HERALD_MAX_SITEMAPS`` (default ``1000``): sitemap documents fetched per crawl
      (``skipped/max_sitemaps``).
    * ``HERALD_SITEMAP_MAX_ENTRIES`` (default ``50000``, the protocol's own limit; ``0``: no
      cap): entries (or child sitemaps of an index) read per sitemap; the rest are counted
      (``skipped/sitemap_entries_over_cap``), never built nor fetched: the document is streamed.

    Entries with bad data (a plain-text line that is no URL, a ``<loc>`` that is no http(s)
    URL, the cut-off last entry of a truncated download) are counted as
    ``skipped/sitemap_entry_invalid``.
    """

    name = "sitemap"
    source = "sitemap"
    start_kind = "sitemaps"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sitemaps_requested = 0

    async def start(self) -> AsyncIterator[Any]:
        for url in self.entry_urls:
            if looks_like_sitemap_url(url):
                if request := self.sitemap_request(url):
                    yield request
            else:
                yield scrapy.Request(
                    origin(url) + "/robots.txt",
                    callback=self.parse_robots,
                    errback=self.on_robots_error,
                    priority=SITEMAP_PRIORITY,
                    dont_filter=True,
                )

    def sitemap_request(
        self, url: str, probe: bool = False, depth: int = 0
    ) -> scrapy.Request | None:
        """A request for a sitemap (``depth``: indexes above it), None past the caps."""
        settings = self.crawler.settings
        if depth > settings.getint("HERALD_SITEMAP_MAX_DEPTH", 3):
            self.count("skipped", "sitemap_too_deep")
            logger.warning("not following sitemap %s: indexes nested %d deep", url, depth)
            return None
        if self.sitemaps_requested >= settings.getint("HERALD_MAX_SITEMAPS", 1000):
            self.count("skipped", "max_sitemaps")
            logger.warning("not following sitemap %s: HERALD_MAX_SITEMAPS reached", url)
            return None
        self.sitemaps_requested += 1
        return scrapy.Request(
            url,
            callback=self.parse_sitemap,
            errback=self.on_probe_error if probe else self.on_error,
            priority=SITEMAP_PRIORITY,
            meta={_PROBE: probe, _DEPTH: depth},
        )

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.text if hasattr(response, "text") else ""
        declared = [
            url
            for url in sitemap_urls_from_robots(text, response.url)
            if self.document_in_scope(url, "sitemap")
        ]
        if declared:
            logger.info("robots.txt names %d sitemap(s): %s", len(declared), declared)
            yield from filter(None, (self.sitemap_request(url) for url in declared))
        else:
            yield from self.fallbacks(response.url)

    def on_robots_error(self, failure: Failure) -> Iterator[scrapy.Request]:
        url = getattr(failure.request, "url", "")  # type: ignore[attr-defined]
        logger.info("no robots.txt at %s (%s)", url, failure.type.__name__ if failure.type else "")
        yield from self.fallbacks(url)

    def fallbacks(self, robots_url: str) -> Iterator[scrapy.Request]:
        urls = fallback_sitemap_urls(robots_url)
        logger.info("no Sitemap: line in robots.txt; trying %s", ", ".join(urls))
        yield from filter(None, (self.sitemap_request(url, probe=True) for url in urls))

    def on_probe_error(self, failure: Failure) -> None:
        """A conventional sitemap location that does not exist is expected, not a failure."""
        self.crawler.stats.inc_value("herald/sitemap_probe_missing")  # type: ignore[union-attr]
        logger.debug("no sitemap at %s", getattr(failure.request, "url", "?"))  # type: ignore[attr-defined]

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        cap = self.crawler.settings.getint("HERALD_SITEMAP_MAX_ENTRIES", 50000)
        sitemap = parse_sitemap(response.body, response.url, max_entries=cap or None)
        self.count("sitemaps")
        if sitemap.kind == "invalid":
            if not response.meta.get(_PROBE):
                self.count("failed", "invalid_sitemap")
            return
        if sitemap.skipped:
            self.count("skipped", "sitemap_entry_invalid", by=sitemap.skipped)
        if sitemap.over_cap:
            self.count("skipped", "sitemap_entries_over_cap", by=sitemap.over_cap)
        for ref in sitemap.sitemaps:
            if not self.document_in_scope(ref.loc, "sitemap"):
                continue
            if is_recent(ref, self.since):
                child = self.sitemap_request(ref.loc, depth=response.meta.get(_DEPTH, 0) + 1)
                if child is not None:
                    yield child
            else:
                self.count("skipped", "sitemap_older_than_since")
        logger.info(
            "sitemap %s: %d entries, %d child sitemaps",
            response.url,
            len(sitemap.entries),
            len(sitemap.sitemaps),
        )
        for entry in sitemap.entries:
            request = self.route(
                entry.loc,
                skip_reason=sitemap_entry_skip_reason(entry, self.since),
                stamp=sitemap_stamp(entry),
                hints=discovery_hints_from_sitemap(entry),
                priority=link_decision(entry.loc)[1],
                listed=True,
            )
            if request is not None:
                yield request
