"""The base of the ``sitemap``, ``feed`` and ``site`` spiders: start points, routing of every
discovered URL (canonical form, scope, in-run dedupe, crawl state) and what a fetch teaches the
crawl state. The rules themselves are pure functions in :mod:`herald_scraper.routing`.

Settings: ``HERALD_STATE`` / ``HERALD_STATE_PATH`` (see :mod:`herald_scraper.state`).

:mod:`herald_scraper.state` (and sqlite3) is imported when a discovery spider runs, not with
this module: Scrapy's spider loader imports every spider module, a ``urls`` crawl included.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from herald_scraper.discovery.urls import canonicalize_url, same_origin
from herald_scraper.errors import ArgumentError
from herald_scraper.items import Article
from herald_scraper.routing import fill_gaps, origin, parse_since, scope_skip_reason
from herald_scraper.spiders.base import META_LISTED, ArticleSpider

if TYPE_CHECKING:
    from herald_scraper.state import CrawlState

logger = logging.getLogger(__name__)

#: Request meta keys (plain strings/dicts only, so JOBDIR can pickle every request).
META_STAMP = "herald_stamp"
META_HINTS = "herald_hints"

Incremental = Literal["stamp", "article", "none"]


def later_stamp(a: str | None, b: str | None) -> str | None:
    """:func:`herald_scraper.state.later_stamp` (imported on first use, see the module doc)."""
    from herald_scraper.state import later_stamp as later

    return later(a, b)


class DiscoverySpider(ArticleSpider):
    """Base of the discovery spiders.

    Arguments: ``-a url=URL[,URL...]`` (or ``-a site=NAME``), ``-a since=YYYY-MM-DD``
    (sitemap and feed entries dated before are not fetched; undated entries are).
    The scope of the crawl is the sites (origins) of the start URLs.
    """

    start_kind: Literal["sitemaps", "feeds"] | None = None
    """Which site-config list names this spider's start points (else ``start_urls``)."""

    herald_state: CrawlState | None = None

    keeps_frontier = False
    """Keep requested-but-unfinished pages in the state (``frontier``) so that a run that did
    not finish (killed) is completed by the next; for spiders that do not re-read every
    discovery document each run (the site crawl skips known articles and their links)."""

    def __init__(
        self, *args: Any, url: str | None = None, since: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.url_arg = url
        self.since = parse_since(since)
        self.entry_urls: list[str] = []
        self.homes: list[str] = []
        self.seen: set[str] = set()
        """Canonical URLs requested, fetched or named canonical by a page in this run."""
        self.stamps: dict[str, str] = {}
        """The latest discovery date each URL was listed with in this run."""
        self.aliases: dict[str, list[str]] = {}
        """Redirect sources whose target was already requested, by target URL."""
        self.unchanged: set[str] = set()
        """URLs skipped as unchanged (a later listing with a newer date may still fetch them)."""
        self.unwritten: dict[int, tuple[list[str], str, str | None]] = {}
        """URL records of article pages whose record is not written yet, by ``id(response)``."""
        self.recorded: dict[str, str | None] = {}
        """URLs recorded in the state in this run, with the article each led to."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        for point in spider.start_points(spider.url_arg, cls.start_kind):
            url = canonicalize_url(point)
            if url is None:
                raise ArgumentError(f"{cls.name}: not an http(s) URL: {point!r}")
            spider.entry_urls.append(url)
            if origin(url) not in spider.homes:
                spider.homes.append(origin(url))
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        from herald_scraper.state import get_crawl_state

        spider.herald_state = get_crawl_state(crawler)
        if spider.herald_state is not None:
            logger.info(
                "incremental run, state has %s (-s HERALD_STATE=off for a full crawl)",
                spider.herald_state.counts(),
            )
        return spider

    def start_points(self, url: str | None, kind: Literal["sitemaps", "feeds"] | None) -> list[str]:
        """``-a url=`` if given, else the site config's ``kind`` list, else its ``start_urls``."""
        if url:
            return [u.strip() for u in url.split(",") if u.strip()]
        site = self.site_config
        if site is not None:
            points = list(getattr(site, kind) if kind else ()) or list(site.start_urls)
            if points:
                return points
        raise ArgumentError(f"{self.name}: give -a url=URL or -a site=NAME with start_urls")

    def scope_reason(self, url: str) -> str | None:
        """Why ``url`` is outside this crawl (``offsite``, ``denied_by_site_config``), or None."""
        reasons = [scope_skip_reason(url, home, self.site_config) for home in self.homes]
        return None if not reasons or None in reasons else reasons[0]

    def redirect_skip_reason(self, url: str, source: str | None = None) -> str | None:
        """Why a redirect target is outside this crawl (see :mod:`herald_scraper.middlewares`)."""
        canonical = canonicalize_url(url)
        return self.scope_reason(canonical) if canonical else "invalid_url"

    def document_in_scope(self, url: str, kind: str) -> bool:
        """May a discovery document (``sitemap``, ``feed``) named by another one be fetched?
        Only on the crawl's sites: a robots.txt, sitemap index or page must not send the
        crawler to another host or port. Counted as ``skipped/offsite_<kind>`` when not."""
        subdomains = self.site_config is not None and self.site_config.allow_subdomains
        canonical = canonicalize_url(url)
        if canonical and any(same_origin(canonical, h, subdomains) for h in self.homes):
            return True
        self.count("skipped", f"offsite_{kind}")
        logger.info("not fetching %s %s: outside the crawl's sites %s", kind, url, self.homes)
        return False

    @property
    def trusted_hosts(self) -> set[str]:
        """Hosts of the start URLs: the only ones that may be on a non-public address
        (:mod:`herald_scraper.addressguard`)."""
        return {h for u in self.entry_urls if (h := urlsplit(u).hostname)}

    def route(
        self,
        raw_url: str,
        *,
        skip_reason: str | None = None,
        incremental: Incremental = "stamp",
        stamp: str | None = None,
        hints: dict[str, Any] | None = None,
        priority: int = 0,
        callback: str = "parse_article",
        listed: bool = False,
        depth: int | None = None,
    ) -> scrapy.Request | None:
        """Route one discovered URL: a Request, or None with the reason counted.

        Order: canonicalise; drop repeats within the run (silently: one URL, one count); then
        scope (offsite, site config), the caller's ``skip_reason``, the crawl state.
        ``incremental="stamp"`` (sitemaps, feeds) skips a known URL whose ``stamp`` is not
        later than the recorded one; ``"article"`` (site crawl) skips a known article URL.
        ``listed``: a sitemap or feed lists the URL as an article (see ``META_LISTED``).
        """
        url = canonicalize_url(raw_url)
        if url is None:
            self.count("invalid_url")
            logger.debug("not an http(s) URL: %r", raw_url)
            return None
        state = self.herald_state
        if url in self.seen:
            # A repeat within the run is dropped silently, unless it was skipped as unchanged
            # and this listing (the Atom feed after the RSS one) is newer.
            self.stamps[url] = later_stamp(self.stamps.get(url), stamp)  # type: ignore[assignment]
            if state is not None and stamp is not None and url in self.recorded:
                # Fetched and recorded before this later listing came: record its date too, or
                # the next run fetches the page again for it.
                state.record_url(url, article=self.recorded[url], stamp=stamp)
            if url not in self.unchanged or state is None or not state.should_fetch(url, stamp):
                return None
            self.unchanged.discard(url)
            self.count("skipped", "unchanged", by=-1)
            reason = None
        else:
            self.seen.add(url)
            if stamp is not None:
                self.stamps[url] = stamp
            self.count("found")
            reason = self.scope_reason(url) or skip_reason
        if reason is None and state is not None:
            if incremental == "stamp" and not state.should_fetch(url, stamp):
                reason = "unchanged"
                self.unchanged.add(url)
            elif incremental == "article" and state.is_known_article(url):
                reason = "known_article"
        if reason is not None:
            self.count("skipped", reason)
            logger.debug("skipped %s: %s", url, reason)
            return None
        meta: dict[str, Any] = {META_STAMP: stamp}
        if hints:
            meta[META_HINTS] = hints
        if listed:
            meta[META_LISTED] = True
        if depth is not None:  # a page re-requested from the frontier keeps its depth
            meta["depth"] = depth
        return scrapy.Request(
            url,
            callback=getattr(self, callback),
            errback=self.on_error,
            priority=priority,
            meta=meta,
        )

    def page_done(self, response: Response, article_key: str | None) -> None:
        """Mark the article's canonical URL seen (a later link to it is not fetched), and record
        the fetched URLs (discovered, final, canonical) and what they led to in the state: at
        once for a page that is no article, after its record is written for an article
        (:meth:`page_written`), so a lost record is fetched again by the next run."""
        if article_key is not None:
            self.seen.add(article_key)
        if self.herald_state is None:
            return
        urls = [*response.meta.get("redirect_urls", ()), response.url]
        urls += self.aliases.pop(canonicalize_url(response.url) or response.url, [])
        # The latest date any sitemap/feed gave the requested URL in this run.
        stamp = later_stamp(response.meta.get(META_STAMP), self.stamps.get(urls[0]))
        if article_key is not None:
            urls.append(article_key)
        canonical = list(dict.fromkeys(filter(None, (canonicalize_url(u) for u in urls))))
        if article_key is None:
            self._record(canonical, None, stamp)
        else:
            self.unwritten[id(response)] = (canonical, article_key, stamp)

    def page_written(self, response: Response, *, written: bool) -> None:
        """The article of ``response`` was written (``written``; or dropped for a reason that
        will not change, e.g. a duplicate), or could not be written: record its URLs only in
        the first case (called by :mod:`herald_scraper.pipelines.state`)."""
        pending = self.unwritten.pop(id(response), None)
        if pending is not None and written:
            self._record(*pending)

    def _record(self, urls: list[str], article: str | None, stamp: str | None) -> None:
        state = self.herald_state
        assert state is not None
        if urls:  # a later listing may have come while the record was being written
            stamp = later_stamp(stamp, self.stamps.get(urls[0]))
        for url in urls:
            state.record_url(url, article=article, stamp=stamp)
            self.recorded[url] = article
        if self.keeps_frontier and urls:
            state.done_frontier(urls[0])

    def closed(self, reason: str) -> None:
        """A crawl that finished has no unfinished pages; any other end keeps them for the next
        run (see ``frontier`` in :mod:`herald_scraper.state`)."""
        if self.keeps_frontier and self.herald_state is not None and reason == "finished":
            self.herald_state.clear_frontier(self.name)

    def on_error(self, failure: Failure) -> None:
        super().on_error(failure)
        request = getattr(failure, "request", None)
        if self.keeps_frontier and self.herald_state is not None and request is not None:
            first = request.meta.get("redirect_urls", [request.url])[0]
            self.herald_state.done_frontier(canonicalize_url(first) or first)

    def on_request_dropped(self, request: scrapy.Request) -> None:
        """A redirect to a page already fetched in this run is dropped by the dupefilter:
        remember its source URL as that page, so the next run does not fetch it again."""
        sources = request.meta.get("redirect_urls")
        target = canonicalize_url(request.url)
        if not sources or target is None or self.herald_state is None:
            return
        known = self.herald_state.known_url(target)
        if known is None:  # the target is still in flight: record the alias with it
            self.aliases.setdefault(target, []).extend(sources)
            return
        for source in sources:
            if url := canonicalize_url(source):
                self.herald_state.record_url(url, article=known.article, stamp=None)

    def enrich(self, article: Article, response: Response) -> Article:
        """Fill gaps in ``article`` from the discovery hints the request carried (feed dates
        and authors, Google News titles); the page's own values always win."""
        return fill_gaps(article, response.meta.get(META_HINTS))
