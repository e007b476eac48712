"""Shared behaviour of every herald spider: turning a fetched page into an Article, counting
every page that yields none (``herald/...`` stats), the project User-Agent and the per-site
configuration. Discovery (routing, in-run dedupe, crawl state) is in
:mod:`herald_scraper.spiders.discovery`.

Spider argument common to all herald spiders:

* ``-a site=NAME``: use the site entry ``NAME`` of ``sites/*.toml`` / ``sites.toml`` (see
  :mod:`herald_scraper.sites`): start points, allow/deny patterns, extra boilerplate rules.

Settings read here:

* ``HERALD_CONTACT_URL`` (default: the project's home page): put in the User-Agent, so a site
  operator can reach whoever runs the crawl; ignored when ``USER_AGENT`` is set explicitly.
* ``HERALD_EXTRA_SELECTORS`` / ``HERALD_EXTRA_PHRASES`` (default ``[]``): boilerplate additions
  for every site (CSS selectors pruned before extraction; regexes removing body lines); a site
  config's ``extra_selectors``/``extra_phrases`` are added to them.
* ``HERALD_SITES_DIR`` (default ``"."``): folder holding ``sites.toml`` and/or ``sites/``.
"""

from __future__ import annotations

import logging
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from herald_scraper import __version__
from herald_scraper.discovery.urls import canonicalize_url
from herald_scraper.extract_pool import extract_inline
from herald_scraper.extraction.boilerplate import CleanerConfig
from herald_scraper.items import Article
from herald_scraper.middlewares import AlreadyCounted, OutOfScope
from herald_scraper.sites import SiteConfig, load_site

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")

#: Request meta key: the site's sitemap or feed lists this URL as an article (the article gate
#: then rejects it only on strong evidence, counted as ``skipped/not_article_listed_<why>``).
META_LISTED = "herald_listed"


class ArticleSpider(scrapy.Spider):
    """Base spider: subclasses route requests; :meth:`parse_article` makes the records."""

    source = "urls"
    """Value of ``Article.source`` for records from this spider."""

    site_config: SiteConfig | None = None

    def __init__(self, *args: Any, site: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_name = site

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site_name:
            root = crawler.settings.get("HERALD_SITES_DIR") or "."
            spider.site_config = load_site(spider.site_name, root)
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

    def count(self, key: str, reason: str | None = None, by: int = 1) -> None:
        """Increment ``herald/<key>`` (and ``herald/<key>/<reason>``) in the crawl stats."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(f"herald/{key}", by)
        if reason:
            stats.inc_value(f"herald/{key}/{reason}", by)

    async def parse_article(self, response: Response, **meta: Any) -> Any:
        """Extract one page (in a worker process, see :mod:`herald_scraper.extract_pool`);
        yield an :class:`Article` or count why there is none."""
        self.count("fetched")
        redirected = response.meta.get("redirect_urls")
        if redirected:
            self.count("redirected")
            logger.info("redirected %s -> %s", redirected[0], response.url)
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (ctype and not ctype.startswith(_HTML_TYPES)):
            self.count("skipped", "not_html")
            logger.info("skipped %s: not HTML (%s)", response.url, ctype or "no content type")
            self.page_done(response, None)
            return
        listed = bool(response.meta.get(META_LISTED))
        pool = getattr(self.crawler, "herald_extract_pool", None)
        extract = pool.extract if pool is not None else extract_inline
        # the bytes as received: the worker decodes them (BOM, HTTP header, <meta>, checked)
        result = await extract(
            response.body,
            response.url,
            content_type=ctype or None,
            cleaner=self.cleaner,
            listed=listed,
            source=self.source,
        )
        if result.reduced:  # over the extraction budget: cut down first (logged in the worker)
            self.count("extract_reduced", result.reduced)
        if result.failed:  # counted like a failed fetch: not recorded, so a re-run retries it
            self.count("failed", result.reason)
            return
        if result.article is None:
            self.count("skipped", result.reason.replace("/", "_"))
            # the site said "article": a rejection contradicts it, worth a look
            log = logger.warning if result.reason.startswith("not_article_listed") else logger.info
            log("no article at %s: %s", response.url, result.reason)
            self.page_done(response, None)
            return
        article = result.article
        self.count("extracted")
        self.page_done(
            response, canonicalize_url(article.canonical_url or article.url) or article.url
        )
        yield self.enrich(article, response)

    def page_done(self, response: Response, article_key: str | None) -> None:
        """Hook: ``response`` was extracted; ``article_key`` is the article's canonical URL, or
        None when the page is no article."""

    def enrich(self, article: Article, response: Response) -> Article:
        """Hook for subclasses: fill gaps from discovery data (feed dates, sitemap titles)."""
        return article

    def on_error(self, failure: Failure) -> None:
        """Errback: count and log a failed fetch by reason (HTTP status or exception type);
        a request refused by robots.txt or a redirect out of scope counts as skipped."""
        request = getattr(failure, "request", None)
        url = getattr(request, "url", "?")
        if failure.check(AlreadyCounted):
            return  # counted and logged where it was given up (address guard, Retry-After)
        if failure.check(IgnoreRequest) and "max redirections" in str(failure.value):
            self.count("failed", "redirect_loop")  # REDIRECT_MAX_TIMES reached
            logger.warning("gave up %s: too many redirects", url)
            return
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
