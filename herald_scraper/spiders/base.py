"""Shared behaviour of every herald spider: turning a fetched page into an Article, counting
every page that yields none (``herald/...`` stats), the project User-Agent, the per-site
configuration, the in-run "seen" set and the crawl state (incremental runs).

Spider arguments common to all herald spiders:

* ``-a site=NAME``: use the site entry ``NAME`` of ``sites/*.toml`` / ``sites.toml`` (see
  :mod:`herald_scraper.sites`): start points, allow/deny patterns, extra boilerplate rules.

Settings read here:

* ``HERALD_CONTACT_URL`` (default: the project's home page): put in the User-Agent, so a site
  operator can reach whoever runs the crawl; ignored when ``USER_AGENT`` is set explicitly.
* ``HERALD_EXTRA_SELECTORS`` / ``HERALD_EXTRA_PHRASES`` (default ``[]``): boilerplate additions
  for every site (CSS selectors pruned before extraction; regexes removing body lines); a site
  config's ``extra_selectors``/``extra_phrases`` are added to them.
* ``HERALD_SITES_DIR`` (default ``"."``): folder holding ``sites.toml`` and/or ``sites/``.
* ``HERALD_STATE`` / ``HERALD_STATE_PATH``: the crawl state, see :mod:`herald_scraper.state`.
"""

from __future__ import annotations

import logging
from typing import Any, Literal, Self

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from herald_scraper import __version__
from herald_scraper.discovery.urls import canonicalize_url
from herald_scraper.extraction import CleanerConfig, extract_page
from herald_scraper.items import Article
from herald_scraper.middlewares import OutOfScope
from herald_scraper.routing import fill_gaps, origin, parse_since, scope_skip_reason
from herald_scraper.sites import SiteConfig, load_site
from herald_scraper.state import CrawlState, get_crawl_state, later_stamp

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Request meta keys (plain strings/dicts only, so JOBDIR can pickle every request).
META_STAMP = "herald_stamp"
META_HINTS = "herald_hints"

Incremental = Literal["stamp", "article", "none"]


class ArticleSpider(scrapy.Spider):
    """Base spider: subclasses route requests; :meth:`parse_article` makes the records."""

    source = "urls"
    """Value of ``Article.source`` for records from this spider."""

    incremental_runs = False
    """True for the discovery spiders: they consult and fill the crawl state. The ``urls``
    spider does not: an explicit URL list is fetched and written every time."""

    site_config: SiteConfig | None = None
    herald_state: CrawlState | None = None

    def __init__(self, *args: Any, site: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_name = site
        self.seen: set[str] = set()
        """Canonical URLs requested, fetched or named canonical by a page in this run."""
        self.stamps: dict[str, str] = {}
        """The latest discovery date each URL was listed with in this run."""
        self.aliases: dict[str, list[str]] = {}
        """Redirect sources whose target was already requested, by target URL."""
        self.unchanged: set[str] = set()
        """URLs skipped as unchanged (a later listing with a newer date may still fetch them)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site_name:
            root = crawler.settings.get("HERALD_SITES_DIR") or "."
            spider.site_config = load_site(spider.site_name, root)
        if cls.incremental_runs:
            crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
            spider.herald_state = get_crawl_state(crawler)
            if spider.herald_state is not None:
                logger.info(
                    "incremental run: %s (-s HERALD_STATE=off for a full crawl)",
                    spider.herald_state.counts(),
                )
        return spider

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if settings.getpriority("USER_AGENT") in (None, 0):  # only Scrapy's own default is set
            contact = settings.get("HERALD_CONTACT_URL")
            settings.set(
                "USER_AGENT", f"herald-scraper/{__version__} (+{contact})", priority="spider"
            )

    @property
    def cleaner(self) -> CleanerConfig:
        if not hasattr(self, "_cleaner"):
            site = self.site_config
            self._cleaner = CleanerConfig(
                extra_selectors=self.settings.getlist("HERALD_EXTRA_SELECTORS")
                + list(site.extra_selectors if site else ()),
                extra_phrases=self.settings.getlist("HERALD_EXTRA_PHRASES")
                + list(site.extra_phrases if site else ()),
            )
        return self._cleaner

    def start_points(self, url: str | None, kind: Literal["sitemaps", "feeds"] | None) -> list[str]:
        """``-a url=`` if given, else the site config's ``kind`` list, else its ``start_urls``."""
        if url:
            return [u.strip() for u in url.split(",") if u.strip()]
        site = self.site_config
        if site is not None:
            points = list(getattr(site, kind) if kind else ()) or list(site.start_urls)
            if points:
                return points
        raise ValueError(f"{self.name}: give -a url=URL or -a site=NAME with start_urls")

    def count(self, key: str, reason: str | None = None, by: int = 1) -> None:
        """Increment ``herald/<key>`` (and ``herald/<key>/<reason>``) in the crawl stats."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(f"herald/{key}", by)
        if reason:
            stats.inc_value(f"herald/{key}/{reason}", by)

    def discovered(
        self,
        raw_url: str,
        base: str | None,
        *,
        homes: list[str],
        skip_reason: str | None = None,
        incremental: Incremental = "stamp",
        stamp: str | None = None,
        hints: dict[str, Any] | None = None,
        priority: int = 0,
        callback: str = "parse_article",
        meta: dict[str, Any] | None = None,
    ) -> scrapy.Request | None:
        """Route one discovered URL: a Request, or None with the reason counted.

        Order: canonicalise; drop repeats within the run (silently: one URL, one count); then
        scope (offsite, site config), the caller's ``skip_reason``, the crawl state.
        ``incremental="stamp"`` (sitemaps, feeds) skips a known URL whose ``stamp`` is
        unchanged; ``"article"`` (site crawl) skips a URL known to be an article.
        """
        url = canonicalize_url(raw_url, base)
        if url is None:
            self.count("invalid_url")
            logger.debug("not an http(s) URL: %r (on %s)", raw_url, base)
            return None
        state = self.herald_state
        if url in self.seen:
            # A repeat within the run is dropped silently (one URL, one count), unless it was
            # skipped as unchanged and this listing (the Atom feed after the RSS one) is newer.
            known_stamp = self.stamps.get(url)
            self.stamps[url] = later_stamp(known_stamp, stamp)  # type: ignore[assignment]
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
            reason = self._scope_reason(url, homes) or skip_reason
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
        request_meta = dict(meta or {})
        request_meta[META_STAMP] = stamp
        if hints:
            request_meta[META_HINTS] = hints
        return scrapy.Request(
            url,
            callback=getattr(self, callback),
            errback=self.on_error,
            priority=priority,
            meta=request_meta,
        )

    def _scope_reason(self, url: str, homes: list[str]) -> str | None:
        reasons = [scope_skip_reason(url, home, self.site_config) for home in homes]
        return None if not reasons or None in reasons else reasons[0]

    def parse_article(self, response: Response, **meta: Any) -> Any:
        """Extract one page; yield an :class:`Article` or count why there is none."""
        self.count("fetched")
        redirected = response.meta.get("redirect_urls")
        if redirected:
            self.count("redirected")
            logger.info("redirected %s -> %s", redirected[0], response.url)
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (ctype and not ctype.startswith(_HTML_TYPES)):
            self.count("skipped", "not_html")
            logger.info("skipped %s: not HTML (%s)", response.url, ctype or "no content type")
            self.remember(response, None)
            return
        result = extract_page(response.body, response.url, cleaner=self.cleaner)
        if result.record is None:
            self.count("skipped", result.reason.replace("/", "_"))
            logger.info("no article at %s: %s", response.url, result.reason)
            self.remember(response, None)
            return
        article = Article.from_extraction(result.record, url=response.url, source=self.source)
        self.count("extracted")
        key = canonicalize_url(article.canonical_url or article.url) or article.url
        self.seen.add(key)  # a later link to the canonical URL is not fetched again
        self.remember(response, key)
        yield self.enrich(article, response)

    def remember(self, response: Response, article_key: str | None) -> None:
        """Record the fetched URLs (discovered, final, canonical) and what they led to."""
        state = self.herald_state
        if state is None:
            return
        urls = [*response.meta.get("redirect_urls", ()), response.url]
        urls += self.aliases.pop(canonicalize_url(response.url) or response.url, [])
        # The latest date any sitemap/feed gave the requested URL in this run.
        stamp = later_stamp(response.meta.get(META_STAMP), self.stamps.get(urls[0]))
        if article_key is not None:
            urls.append(article_key)
        for url in dict.fromkeys(filter(None, (canonicalize_url(u) for u in urls))):
            state.record_url(url, article=article_key, stamp=stamp)

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

    def on_error(self, failure: Failure) -> None:
        """Errback: count and log a failed fetch by reason (HTTP status or exception type);
        a request refused by robots.txt is counted as ``skipped/robots_txt``."""
        request = getattr(failure, "request", None)
        url = getattr(request, "url", "?")
        if failure.check(OutOfScope):
            self.count("skipped", f"redirect_{failure.value.reason}")
            return
        if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self.count("skipped", "robots_txt")
            logger.info("skipped %s: forbidden by robots.txt", url)
            return
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure.type.__name__ if failure.type else "unknown"
        self.count("failed", reason)
        logger.warning("fetch failed for %s: %s", url, reason)


class DiscoverySpider(ArticleSpider):
    """Base of the ``sitemap``, ``feed`` and ``site`` spiders: start points from ``-a url=`` or
    the site config, the crawl's home origins (the scope of every discovered URL), and the
    crawl state for incremental runs.

    Arguments: ``-a url=URL[,URL...]`` (or ``-a site=NAME``), ``-a since=YYYY-MM-DD``
    (sitemap and feed entries dated before are not fetched; undated entries are).
    """

    incremental_runs = True
    start_kind: Literal["sitemaps", "feeds"] | None = None
    """Which site-config list names this spider's start points (else ``start_urls``)."""

    def __init__(
        self, *args: Any, url: str | None = None, since: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.url_arg = url
        self.since = parse_since(since)
        self.entry_urls: list[str] = []
        self.homes: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        for point in spider.start_points(spider.url_arg, cls.start_kind):
            url = canonicalize_url(point)
            if url is None:
                raise ValueError(f"{cls.name}: not an http(s) URL: {point!r}")
            spider.entry_urls.append(url)
            if origin(url) not in spider.homes:
                spider.homes.append(origin(url))
        return spider

    def redirect_skip_reason(self, url: str) -> str | None:
        """Why a redirect target is outside this crawl (see :mod:`herald_scraper.middlewares`)."""
        canonical = canonicalize_url(url)
        return self._scope_reason(canonical, self.homes) if canonical else "invalid_url"

    def route(self, raw_url: str, base: str | None = None, **kwargs: Any) -> scrapy.Request | None:
        """:meth:`ArticleSpider.discovered` scoped to this crawl's home origins."""
        return self.discovered(raw_url, base, homes=self.homes, **kwargs)
