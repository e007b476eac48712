"""Sitemap parsing (sitemaps.org 0.9 + Google News 0.9), robots.txt sitemap lines, fallbacks.

Elements are matched by local name, not namespace: many real sitemaps omit or misspell the
sitemaps.org namespace, and readers (Google included) accept them. Only direct children of
``<url>`` are read, so the ``<loc>`` of image/video extensions never becomes an entry.

Documents are streamed (:class:`~herald_scraper.discovery.xmlsafe.XmlStream`): a million-entry
sitemap costs the entries read, up to the caller's cap, not a tree of the whole document.

Also read, as sitemaps.org allows: plain-text sitemaps (one URL a line; comment and other
non-URL lines skipped and counted) and RSS/Atom feeds given as sitemaps (their item links).
A truncated document (a download cut short) yields no entry whose ``<url>`` was cut off.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree
from protego import Protego

from herald_scraper.discovery.dates import is_recent_date, parse_w3c_datetime
from herald_scraper.discovery.feed_model import Feed
from herald_scraper.discovery.feeds import read_xml_feed
from herald_scraper.discovery.xmlsafe import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    XmlStream,
    document_chunks,
    local_name,
    peek,
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

# The end of a complete document: its root's end tag (comments may follow it).
_ROOT_END = re.compile(rb"</(?:[\w.-]+:)?(?:urlset|sitemapindex)\s*>")
_CHILD_END = re.compile(rb"</(?:[\w.-]+:)?(?:url|sitemap)\s*>\s*$")
# Elements the stream hands over: sitemap children, and the entries of a feed given as sitemap.
_ELEMENTS = ("url", "sitemap", "item", "entry")


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
    skipped: int = 0
    """Entries skipped for bad data: lines of a plain-text sitemap that are no URL (comments),
    entries without a usable http(s) ``<loc>``, and an entry dropped as cut off."""
    over_cap: int = 0
    """Entries beyond the ``max_entries`` cap of :func:`parse_sitemap`: counted, not read."""


def _absolute_http(loc: str | None, base: str) -> str | None:
    if not loc:
        return None
    loc = loc.strip()
    if loc.startswith(("https://", "http://")):
        return loc  # fast path: the normal case, no need to pay urljoin per entry
    if loc[:8].lower().startswith(("https://", "http://")):  # "HTTP://": scheme in lower case
        scheme, rest = loc.split(":", 1)
        return f"{scheme.lower()}:{rest}"
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


def _lines(chunks: Iterator[bytes]) -> Iterator[str]:
    rest = b""
    for chunk in chunks:
        *complete, rest = (rest + chunk).split(b"\n")
        for raw in complete:
            yield from raw.decode("utf-8", errors="replace").splitlines()
    yield from rest.decode("utf-8", errors="replace").splitlines()


def _text_sitemap(chunks: Iterator[bytes], url: str, max_entries: int | None) -> Sitemap:
    # The protocol also allows a plain-text sitemap: one absolute URL per line, UTF-8. Generators
    # add "# generated by" comments and blank lines: those are skipped and counted, not fatal.
    sitemap = Sitemap("urlset")
    for line in map(str.strip, _lines(chunks)):
        if not line:
            continue
        if "://" not in line or "\ufffd" in line or not (loc := _absolute_http(line, url)):
            sitemap.skipped += 1
        elif max_entries is None or len(sitemap.entries) < max_entries:
            sitemap.entries.append(SitemapEntry(loc))
        else:
            sitemap.over_cap += 1
    if not sitemap.entries and not sitemap.over_cap:
        logger.warning("sitemap %s: neither XML nor a plain list of URLs", url)
        return Sitemap("invalid")
    if sitemap.skipped:
        logger.info("sitemap %s: %d line(s) that are no URL skipped", url, sitemap.skipped)
    return sitemap


def _cut_off(tail: bytes) -> bool:
    """True when the document's last child element was cut short: no root end tag, and the
    data does not end right after a ``</url>``/``</sitemap>``."""
    tail = tail.rstrip()
    return not _ROOT_END.search(tail) and not _CHILD_END.search(tail)


def _from_feed(feed: Feed, url: str) -> Sitemap:
    if not feed.entries and not feed.over_cap:  # an empty feed lists nothing: a soft 404
        logger.warning("sitemap %s: a feed without item links", url)
        return Sitemap("invalid")
    entries = [SitemapEntry(e.link, lastmod=e.updated or e.published) for e in feed.entries]
    logger.info("sitemap %s is a %s feed: %d item links", url, feed.kind, len(entries))
    return Sitemap("urlset", entries=entries, over_cap=feed.over_cap)


def _ref(element: etree._Element, base: str) -> SitemapRef | None:
    kids = _children(element)
    loc = _absolute_http(text_of(kids.get("loc")), base)
    if loc is None:
        return None
    return SitemapRef(loc, parse_w3c_datetime(text_of(kids.get("lastmod"))))


def _read_children(
    stream: XmlStream,
    elements: Iterator[etree._Element],
    sitemap: Sitemap,
    url: str,
    max_entries: int | None,
) -> None:
    """Fill ``sitemap`` from the ``<url>``/``<sitemap>`` children of its root, reading at most
    ``max_entries`` (usable or skipped) and counting the rest in ``over_cap``."""
    root = stream.root
    name = "url" if sitemap.kind == "urlset" else "sitemap"
    found: list[SitemapEntry] | list[SitemapRef] = (
        sitemap.entries if sitemap.kind == "urlset" else sitemap.sitemaps
    )
    read = _entry if sitemap.kind == "urlset" else _ref
    # The latest child is held back until the next one ends: if the download was cut short, it
    # is the one libxml2's recovery closed with half a URL in it, and it is dropped.
    held: SitemapEntry | SitemapRef | None | bool = False  # False: nothing held
    taken = 0
    for element in elements:
        if element.getparent() is not root or local_name(element) != name:
            continue
        _keep(held, found, sitemap)
        held = False
        # The cap is on entries read, usable or not: junk costs as much to read.
        if max_entries is not None and taken >= max_entries:
            sitemap.over_cap = stream.count_unread(name, taken)
            return  # the rest is counted, never parsed
        taken += 1
        held = read(element, url)
        stream.release(element)
    if held is not False and _cut_off(stream.tail):
        logger.warning("sitemap %s is truncated; its last, cut-off entry is dropped", url)
        sitemap.skipped += 1
    else:
        _keep(held, found, sitemap)


def _keep(
    held: SitemapEntry | SitemapRef | None | bool,
    found: list[SitemapEntry] | list[SitemapRef],
    sitemap: Sitemap,
) -> None:
    if held is None:
        sitemap.skipped += 1  # no usable http(s) <loc>
    elif held is not False:
        found.append(held)  # type: ignore[arg-type]


def parse_sitemap(
    body: bytes,
    url: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_entries: int | None = None,
) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzipped ``body``) fetched from ``url``.

    Read as a stream: at most ``max_entries`` entries (or child sitemaps) are built, the rest
    only counted (``Sitemap.over_cap``), and the document's tree is never held whole.
    Relative ``<loc>`` values are resolved against ``url``; non-http(s) ones are dropped and
    counted in ``skipped``. Never raises: unusable input gives ``Sitemap("invalid")`` and a
    logged reason.
    """
    try:
        head, chunks = peek(document_chunks(body, max_bytes))
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return _text_sitemap(chunks, url, max_entries)
        stream = XmlStream(chunks, url, _ELEMENTS, rescan=lambda: document_chunks(body, max_bytes))
        elements = iter(stream)
        first = next(elements, None)
        root = stream.root
        if root is None:
            logger.warning("sitemap %s: not parsable XML", url)
            return Sitemap("invalid")
        if first is not None:
            elements = itertools.chain([first], elements)
        kind = local_name(root)
        if kind in ("rss", "RDF", "feed"):
            return _from_feed(read_xml_feed(stream, elements, url, max_entries), url)
        if kind not in ("urlset", "sitemapindex"):
            logger.warning("sitemap %s: unexpected root element <%s>", url, kind)
            return Sitemap("invalid")
        sitemap = Sitemap("urlset" if kind == "urlset" else "sitemapindex")
        _read_children(stream, elements, sitemap, url, max_entries)
        if stream.root is None:  # the parser gave up after the first entries
            logger.warning("sitemap %s: not parsable XML", url)
            return Sitemap("invalid")
    except DocumentError as exc:
        logger.warning("sitemap %s: %s; ignored", url, exc)
        return Sitemap("invalid")
    if sitemap.over_cap:
        logger.warning(  # the one log line of a capped sitemap (the spider only counts)
            "sitemap %s: %d entries over the cap of %s, not read",
            url,
            sitemap.over_cap,
            max_entries,
        )
    return sitemap


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
        if "\ufffd" in loc:  # bytes the robots.txt decoding could not read: no real address
            logger.info("robots.txt for %s: undecodable Sitemap: line %r ignored", base_url, loc)
            continue
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
