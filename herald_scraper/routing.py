"""Pure routing decisions for the discovery spiders: fetch this URL or skip it (and why),
what priority, what date stamp to remember, which gaps discovery data may fill.

The spiders in :mod:`herald_scraper.spiders` only turn these verdicts into requests, so every
rule here is unit-tested without Scrapy. A skip reason is a short slug used in the
``herald/skipped/<reason>`` stats.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from herald_scraper.discovery import (
    FeedEntry,
    LinkKind,
    SitemapEntry,
    article_url_score,
    classify_link,
    is_recent_date,
    same_origin,
)
from herald_scraper.errors import ArgumentError
from herald_scraper.items import Article
from herald_scraper.sites import SiteConfig

logger = logging.getLogger(__name__)

_SITEMAP_PATH = re.compile(r"(sitemap[^/]*|\.xml(\.gz)?|\.txt)$", re.IGNORECASE)

# LISTING verdicts that can still be an article when a sitemap names the URL: a short
# two-word slug such as /bridge-reopens looks like a section path to URL shape alone.
_MAYBE_ARTICLE_LISTING = frozenset({"short section-like path"})


def parse_since(value: str | None) -> date | None:
    """``-a since=YYYY-MM-DD`` (or a full ISO datetime) -> date/datetime; raises
    :class:`~herald_scraper.errors.ArgumentError` (a ValueError)."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ArgumentError(f"since={value!r}: expected YYYY-MM-DD") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_int_arg(name: str, value: str | int | None, default: int) -> int:
    """A non-negative integer spider argument; raises ArgumentError (a ValueError) naming it."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ArgumentError(f"{name}={value!r}: expected an integer") from exc
    if number < 0:
        raise ArgumentError(f"{name}={value!r}: must be >= 0")
    return number


def parse_bool_arg(value: str | bool | None) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


def looks_like_sitemap_url(url: str) -> bool:
    """True for ``.../sitemap_index.xml``, ``.../news.xml.gz``, ``.../sitemap``: fetch it as a
    sitemap directly rather than as a home page whose robots.txt names sitemaps."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    return bool(path.strip("/")) and bool(_SITEMAP_PATH.search(path.rstrip("/")))


FALLBACK_FEED_PATHS = ("/feed/", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/rss/")
"""Feed locations tried, in order, when a home page announces no feed (WordPress ``/feed/``,
static-site generators ``/index.xml``/``/feed.xml``, common ``/rss.xml``/``/atom.xml``)."""


def fallback_feed_urls(url: str) -> list[str]:
    """Conventional feed URLs on the origin of ``url`` (see :data:`FALLBACK_FEED_PATHS`)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc}{path}" for path in FALLBACK_FEED_PATHS]


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def iso(value: datetime | None) -> str | None:
    """The Article date format: ``YYYY-MM-DDTHH:MM:SS+HH:MM`` (seconds precision)."""
    return value.isoformat(timespec="seconds") if value is not None else None


def stamp(value: datetime | None) -> str | None:
    """A discovery date as remembered by the crawl state: ISO datetime, or ``YYYY-MM-DD`` for a
    value at midnight UTC (the parser's reading of a date-only ``lastmod``), so that
    :func:`herald_scraper.state.compare_stamps` can compare it at day precision."""
    if value is None:
        return None
    if value.utcoffset() == timedelta(0) and value.time() == time(0):
        return value.date().isoformat()
    return iso(value)


def sitemap_stamp(entry: SitemapEntry) -> str | None:
    """What to remember of an entry's date: ``lastmod`` (changes on edits), else the news date."""
    return stamp(entry.lastmod or entry.news_publication_date)


def feed_stamp(entry: FeedEntry) -> str | None:
    """What to remember of a feed entry's date: ``updated`` (edits), else ``published``."""
    return stamp(entry.updated or entry.published)


def scope_skip_reason(
    url: str, home: str, site: SiteConfig | None = None, allow_subdomains: bool = False
) -> str | None:
    """``offsite`` or ``denied_by_site_config`` when ``url`` is outside the crawl, else None.

    The scope is scheme, host and port of ``home`` (:func:`same_origin`), plus the subdomains of
    its registrable domain when the site config (or ``allow_subdomains``) says so.
    """
    subdomains = allow_subdomains or (site is not None and site.allow_subdomains)
    if not same_origin(url, home, allow_subdomains=subdomains):
        return "offsite"
    if site is not None and not site.allows(url):
        return "denied_by_site_config"
    return None


def sitemap_entry_skip_reason(entry: SitemapEntry, since: date | datetime | None) -> str | None:
    """Why a sitemap entry is not fetched (``older_than_since``, ``not_article_url``), or None.

    A Google News entry is an article by definition; other entries must not look like a
    listing, a tag page or a file from their URL alone (the detector has the last word).
    """
    date_value = entry.news_publication_date or entry.lastmod
    if not is_recent_date(date_value, since):
        return "older_than_since"
    if entry.news_publication_date is not None or entry.news_title:
        return None
    verdict = classify_link(entry.loc)
    if verdict.kind is LinkKind.SKIP:
        return "not_article_url"
    if verdict.kind is LinkKind.LISTING and verdict.reason not in _MAYBE_ARTICLE_LISTING:
        return "not_article_url"
    return None


def feed_entry_skip_reason(entry: FeedEntry, since: date | datetime | None) -> str | None:
    """Why a feed entry is not fetched (``older_than_since``, ``not_article_url``), or None."""
    if not is_recent_date(entry.published or entry.updated, since):
        return "older_than_since"
    if classify_link(entry.link).kind is LinkKind.SKIP:
        return "not_article_url"
    return None


def link_decision(url: str) -> tuple[str | None, int]:
    """For a link found during a site crawl: (skip reason or None, request priority 0..100).

    SKIP-shaped links (tag, author, search, login, feeds, media files) are not fetched; others
    are, the likelier articles first.
    """
    verdict = classify_link(url)
    if verdict.kind is LinkKind.SKIP:
        return "not_article_link", 0
    return None, round(article_url_score(url) * 100)


def discovery_hints_from_sitemap(entry: SitemapEntry) -> dict[str, Any]:
    """Plain (picklable) data a sitemap entry offers to fill an article's gaps."""
    hints = {
        "title": entry.news_title,
        "date_published": iso(entry.news_publication_date),
        "language": entry.news_language,
    }
    return {k: v for k, v in hints.items() if v}


def discovery_hints_from_feed(entry: FeedEntry) -> dict[str, Any]:
    """Plain (picklable) data a feed entry offers to fill an article's gaps."""
    published = iso(entry.published)
    updated = iso(entry.updated)
    hints: dict[str, Any] = {
        "title": entry.title,
        "date_published": published or updated,
        # An updated date equal to the publication date says nothing about a modification.
        "date_modified": updated if updated and updated != published else None,
        "authors": list(entry.authors),
        "categories": list(entry.categories),
        "description": entry.summary,
    }
    return {k: v for k, v in hints.items() if v}


_FILLABLE = (
    "title",
    "date_published",
    "date_modified",
    "language",
    "authors",
    "categories",
    "description",
)


def fill_gaps(article: Article, hints: dict[str, Any] | None) -> Article:
    """``article`` with empty fields filled from discovery ``hints``; page values always win."""
    if not hints:
        return article
    updates = {
        name: hints[name] for name in _FILLABLE if hints.get(name) and not getattr(article, name)
    }
    if updates:
        logger.debug("filled %s of %s from discovery data", sorted(updates), article.url)
    return replace(article, **updates) if updates else article
