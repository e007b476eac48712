"""``scrapy crawl feed``: articles announced in a site's RSS, Atom or JSON feeds."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from herald_scraper.discovery import discover_feeds, looks_like_feed, parse_feed
from herald_scraper.routing import (
    discovery_hints_from_feed,
    fallback_feed_urls,
    feed_entry_skip_reason,
    feed_stamp,
    link_decision,
)
from herald_scraper.spiders.discovery import DiscoverySpider

logger = logging.getLogger(__name__)

FEED_PRIORITY = 1000
_PROBE = "herald_probe"


class FeedSpider(DiscoverySpider):
    """Fetch the articles a site's feeds link to.

    ``scrapy crawl feed -a url=FEED_OR_HOME_URL [-a since=YYYY-MM-DD] [-a site=NAME]``

    * ``url``: a feed (RSS 2.0/1.0, Atom 1.0, JSON Feed; recognised by content, not by URL) or
      an HTML page whose ``<link rel="alternate" type="application/rss+xml|atom+xml|feed+json">``
      feeds are all read (a page announcing none: ``/feed/``, ``/rss.xml``, ``/atom.xml``,
      ``/feed.xml``, ``/index.xml``, ``/rss/`` are tried). Comma-separate several. With ``-a site=NAME`` and no ``url``: the site
      config's ``feeds``, else its ``start_urls``.
    * ``since``: entries published (else updated) before this date are not fetched.

    Entries are fetched when on the site and, with the crawl state on, new or with a changed
    ``updated``/``published`` date. The entry's dates, authors, categories, title and summary
    fill what the page itself leaves empty.

    Setting ``HERALD_FEED_MAX_ENTRIES`` (default ``1000``; a news feed carries tens; ``0``: no
    cap): entries read per feed, the rest counted (``skipped/feed_entries_over_cap``), never
    built nor fetched (XML feeds are streamed).
    """

    name = "feed"
    source = "feed"
    start_kind = "feeds"

    async def start(self) -> AsyncIterator[Any]:
        for url in self.entry_urls:
            yield scrapy.Request(
                url, callback=self.parse_start, errback=self.on_error, priority=FEED_PRIORITY
            )

    def parse_start(self, response: Response) -> Iterator[scrapy.Request]:
        """A start URL is either a feed or a page announcing feeds."""
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if looks_like_feed(response.body, ctype):
            yield from self.parse_feed(response)
            return
        announced = discover_feeds(response.body, response.url)
        feeds = [url for url in announced if self.document_in_scope(url, "feed")]
        probe = not feeds
        if feeds:
            logger.info("%s announces %d feed(s): %s", response.url, len(feeds), feeds)
        else:
            # Many sites serve a feed without announcing it: probe the usual locations.
            feeds = fallback_feed_urls(response.url)
            logger.info("%s announces no feed; trying %s", response.url, ", ".join(feeds))
        for feed_url in feeds:
            yield self.feed_request(feed_url, probe=probe)

    def feed_request(self, url: str, probe: bool = False) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_feed,
            errback=self.on_probe_error if probe else self.on_error,
            priority=FEED_PRIORITY,
            meta={_PROBE: probe},
        )

    def on_probe_error(self, failure: Failure) -> None:
        """A conventional feed location that does not exist is expected, not a failure."""
        self.count("feed_probe_missing")
        logger.debug("no feed at %s", getattr(failure.request, "url", "?"))  # type: ignore[attr-defined]

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        probe = bool(response.meta.get(_PROBE))
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
        if probe and not looks_like_feed(response.body, ctype):
            self.count("feed_probe_missing")  # e.g. a soft 404 page served with status 200
            return
        cap = self.crawler.settings.getint("HERALD_FEED_MAX_ENTRIES", 1000)
        # The HTTP charset overrides the document's declaration (RFC 7303); None when absent.
        charset = http_content_type_encoding(ctype)
        feed = parse_feed(response.body, response.url, encoding=charset, max_entries=cap or None)
        self.count("feeds")
        if feed.kind == "invalid":
            self.count("failed", "invalid_feed")
            return
        logger.info("%s feed %s: %d entries", feed.kind, response.url, len(feed.entries))
        if feed.over_cap:
            self.count("skipped", "feed_entries_over_cap", by=feed.over_cap)
        for entry in feed.entries:
            request = self.route(
                entry.link,
                skip_reason=feed_entry_skip_reason(entry, self.since),
                stamp=feed_stamp(entry),
                hints=discovery_hints_from_feed(entry),
                priority=link_decision(entry.link)[1],
                listed=True,
            )
            if request is not None:
                yield request
