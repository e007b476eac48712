"""Sitemap parsing (sitemaps.org 0.9 + Google News 0.9), robots.txt sitemap lines, fallbacks.

Elements are matched by local name, not namespace: many real sitemaps omit or misspell the
sitemaps.org namespace, and readers (Google included) accept them. Only direct children of
``<url>`` are read, so the ``<loc>`` of image/video extensions never becomes an entry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree
from protego import Protego

from herald_scraper.discovery.dates import is_recent_date, parse_w3c_datetime
from herald_scraper.discovery.xmlsafe import (
    MAX_DOCUMENT_BYTES,
    local_name,
    maybe_gunzip,
    parse_xml,
    text_of,
)

logger = logging.getLogger(__name__)

SitemapKind = Literal["urlset", "sitemapindex", "invalid"]

FALLBACK_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/sitemap-news.xml",
    "/news-sitemap.xml",
    "/wp-sitemap.xml",
)
"""Paths tried, in order, when robots.txt names no sitemap."""


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a urlset; datetimes are aware (UTC when the source gives no offset)."""

    loc: str
    lastmod: datetime | None = None
    news_publication_date: datetime | None = None
    news_title: str | None = None
    news_language: str | None = None


@dataclass(frozen=True)
class SitemapRef:
    """One ``<sitemap>`` of a sitemap index: a child sitemap to fetch."""

    loc: str
    lastmod: datetime | None = None


@dataclass
class Sitemap:
    """A parsed sitemap document; ``kind == "invalid"`` means nothing usable was found."""

    kind: SitemapKind
    entries: list[SitemapEntry] = field(default_factory=list)
    sitemaps: list[SitemapRef] = field(default_factory=list)


def _absolute_http(loc: str | None, base: str) -> str | None:
    if not loc:
        return None
    loc = loc.strip()
    if loc[:8].lower().startswith(("https://", "http://")):
        return loc  # fast path: the normal case, no need to pay urljoin per entry
    try:
        absolute = urljoin(base, loc.strip())
        ok = urlsplit(absolute).scheme in ("http", "https")
    except ValueError:
        ok = False
    if not ok:
        logger.debug("sitemap %s: dropping non-http loc %r", base, loc)
        return None
    return absolute


def _children(element: etree._Element) -> dict[str, etree._Element]:
    """Direct element children by local name (first wins)."""
    found: dict[str, etree._Element] = {}
    for child in element:
        found.setdefault(local_name(child), child)
    return found


def _entry(url_el: etree._Element, base: str) -> SitemapEntry | None:
    kids = _children(url_el)
    loc = _absolute_http(text_of(kids.get("loc")), base)
    if loc is None:
        return None
    news = _children(kids["news"]) if "news" in kids else {}
    publication = _children(news["publication"]) if "publication" in news else {}
    return SitemapEntry(
        loc=loc,
        lastmod=parse_w3c_datetime(text_of(kids.get("lastmod"))),
        news_publication_date=parse_w3c_datetime(text_of(news.get("publication_date"))),
        news_title=text_of(news.get("title")),
        news_language=text_of(publication.get("language")),
    )


def _text_sitemap(body: bytes, url: str) -> Sitemap:
    # The protocol also allows a plain-text sitemap: one absolute URL per line, UTF-8.
    lines = body.decode("utf-8", errors="replace").split()
    locs = [loc for line in lines if (loc := _absolute_http(line, url)) and "://" in line]
    if not locs or len(locs) != len(lines):
        logger.warning("sitemap %s: neither XML nor a plain list of URLs", url)
        return Sitemap("invalid")
    return Sitemap("urlset", entries=[SitemapEntry(loc) for loc in locs])


def parse_sitemap(body: bytes, url: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzipped ``body``) fetched from ``url``.

    Relative ``<loc>`` values are resolved against ``url``; non-http(s) ones are dropped.
    Never raises: unusable input gives ``Sitemap("invalid")`` and a logged reason.
    """
    data = maybe_gunzip(body, max_bytes)
    if data is None:
        return Sitemap("invalid")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _text_sitemap(data, url)
    root = parse_xml(data, url)
    if root is None:
        logger.warning("sitemap %s: not parsable XML", url)
        return Sitemap("invalid")
    kind = local_name(root)
    if kind == "urlset":
        entries = [e for el in root if local_name(el) == "url" and (e := _entry(el, url))]
        return Sitemap("urlset", entries=entries)
    if kind == "sitemapindex":
        refs = []
        for el in root:
            kids = _children(el) if local_name(el) == "sitemap" else {}
            loc = _absolute_http(text_of(kids.get("loc")), url)
            if loc:
                refs.append(SitemapRef(loc, parse_w3c_datetime(text_of(kids.get("lastmod")))))
        return Sitemap("sitemapindex", sitemaps=refs)
    logger.warning("sitemap %s: unexpected root element <%s>", url, kind)
    return Sitemap("invalid")


def entry_date(entry: SitemapEntry | SitemapRef) -> datetime | None:
    """The best date of ``entry``: Google News publication date, else ``lastmod``."""
    if isinstance(entry, SitemapEntry) and entry.news_publication_date is not None:
        return entry.news_publication_date
    return entry.lastmod


def is_recent(entry: SitemapEntry | SitemapRef, since: date | datetime | None) -> bool:
    """True when ``entry`` is dated at/after ``since``, or has no date (we cannot tell)."""
    return is_recent_date(entry_date(entry), since)


def sitemap_urls_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """``Sitemap:`` URLs declared in ``robots_txt``, absolutised against ``base_url``, deduped."""
    if not isinstance(robots_txt, str) or not robots_txt.strip():
        return []
    try:
        declared = list(Protego.parse(robots_txt).sitemaps)
    except Exception as exc:  # Protego is lenient, but robots.txt is arbitrary text
        logger.warning("robots.txt for %s unparsable: %s", base_url, exc)
        return []
    urls: list[str] = []
    for loc in declared:
        absolute = _absolute_http(loc, base_url)
        if absolute and absolute not in urls:
            urls.append(absolute)
    return urls


def fallback_sitemap_urls(home_url: str) -> list[str]:
    """Conventional sitemap locations on the origin of ``home_url`` (see :data:`FALLBACK_PATHS`)."""
    try:
        parts = urlsplit(home_url.strip())
    except (ValueError, AttributeError):
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        logger.debug("fallback_sitemap_urls: not an http(s) url %r", home_url)
        return []
    return [f"{parts.scheme}://{parts.netloc}{path}" for path in FALLBACK_PATHS]
