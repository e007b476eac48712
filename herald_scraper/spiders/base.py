"""Shared behaviour of every herald spider: turning a fetched page into an Article, counting
every page that yields none (``herald/...`` stats), and the project User-Agent.

Settings read here:

* ``HERALD_CONTACT_URL`` (default: the project's home page): put in the User-Agent, so a site
  operator can reach whoever runs the crawl; ignored when ``USER_AGENT`` is set explicitly.
* ``HERALD_EXTRA_SELECTORS`` / ``HERALD_EXTRA_PHRASES`` (default ``[]``): per-site boilerplate
  additions (CSS selectors pruned before extraction; regexes removing body lines).
"""

from __future__ import annotations

import logging
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from herald_scraper import __version__
from herald_scraper.extraction import CleanerConfig, extract_page
from herald_scraper.items import Article

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ArticleSpider(scrapy.Spider):
    """Base spider: subclasses route requests; :meth:`parse_article` makes the records."""

    source = "urls"
    """Value of ``Article.source`` for records from this spider."""

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
            self._cleaner = CleanerConfig(
                extra_selectors=self.settings.getlist("HERALD_EXTRA_SELECTORS"),
                extra_phrases=self.settings.getlist("HERALD_EXTRA_PHRASES"),
            )
        return self._cleaner

    def count(self, key: str, reason: str | None = None) -> None:
        """Increment ``herald/<key>`` (and ``herald/<key>/<reason>``) in the crawl stats."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value(f"herald/{key}")
        if reason:
            stats.inc_value(f"herald/{key}/{reason}")

    def parse_article(self, response: Response, **meta: Any) -> Any:
        """Extract one page; yield an :class:`Article` or count why there is none."""
        self.count("fetched")
        if response.meta.get("redirect_urls"):
            self.count("redirected")
            logger.debug("redirected %s -> %s", response.meta["redirect_urls"], response.url)
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or (ctype and not ctype.startswith(_HTML_TYPES)):
            self.count("skipped", "not_html")
            logger.info("skipped %s: not HTML (%s)", response.url, ctype or "no content type")
            return
        result = extract_page(response.body, response.url, cleaner=self.cleaner)
        if result.record is None:
            self.count("skipped", result.reason.replace("/", "_"))
            logger.info("no article at %s: %s", response.url, result.reason)
            return
        article = Article.from_extraction(result.record, url=response.url, source=self.source)
        self.count("extracted")
        yield self.enrich(article, response)

    def enrich(self, article: Article, response: Response) -> Article:
        """Hook for subclasses: fill gaps from discovery data (feed dates, sitemap titles)."""
        return article

    def on_error(self, failure: Failure) -> None:
        """Errback: count and log a failed fetch by reason (HTTP status or exception type)."""
        request = getattr(failure, "request", None)
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = failure.type.__name__ if failure.type else "unknown"
        self.count("failed", reason)
        logger.warning("fetch failed for %s: %s", getattr(request, "url", "?"), reason)
