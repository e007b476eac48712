"""Feed parsing (RSS, Atom, JSON Feed), feed discovery in HTML pages, feed sniffing.

Why lxml and not feedparser: feedparser does not read JSON Feed, would add a dependency with
its own XML-hardening story next to the one in :mod:`~herald_scraper.discovery.xmlsafe`
(entity expansion off, no network, gzip-bomb cap), and returns loosely typed dicts. A crawler
needs only links, titles, dates, authors and categories, which the few rules in
:mod:`~herald_scraper.discovery.feed_formats` cover, including ``recover`` for broken XML.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from herald_scraper.discovery.feed_formats import (
    absolute_link,
    atom_authors,
    atom_entry,
    json_entry,
    plain_text,
    rss_entry,
)
from herald_scraper.discovery.feed_model import Feed, FeedEntry
from herald_scraper.discovery.xmlsafe import (
    MAX_DOCUMENT_BYTES,
    local_name,
    maybe_gunzip,
    parse_xml,
    text_of,
)

logger = logging.getLogger(__name__)

__all__ = ["FEED_TYPES", "Feed", "FeedEntry", "discover_feeds", "looks_like_feed", "parse_feed"]

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"}
)
"""Media types announcing a feed (``<link rel=alternate type=...>``, ``Content-Type``)."""

_LEADING = b"\xef\xbb\xbf \t\r\n"  # UTF-8 BOM and whitespace before the first byte of content


def _parse_json(data: bytes, url: str) -> Feed:
    try:
        doc = json.loads(data)
    except (ValueError, RecursionError) as exc:
        logger.warning("feed %s: invalid JSON: %s", url, exc)
        return Feed("invalid")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        logger.warning("feed %s: JSON without an items list is no JSON Feed", url)
        return Feed("invalid")
    title = doc.get("title")
    entries = [e for item in doc["items"] if (e := json_entry(item, url))]
    return Feed("json", plain_text(title) if isinstance(title, str) else None, entries)


def _parse_xml_feed(data: bytes, url: str) -> Feed:
    root = parse_xml(data, url)
    if root is None:
        logger.warning("feed %s: not parsable XML", url)
        return Feed("invalid")
    kind = local_name(root)
    if kind == "feed":
        feed_authors = atom_authors(root)
        entries = [
            e
            for el in root
            if local_name(el) == "entry" and (e := atom_entry(el, url, feed_authors))
        ]
        return Feed("atom", _title(root), entries)
    if kind in ("rss", "RDF"):
        channel = next((el for el in root if local_name(el) == "channel"), None)
        # RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it under <rdf:RDF>.
        holder = channel if kind == "rss" and channel is not None else root
        entries = [e for el in holder if local_name(el) == "item" and (e := rss_entry(el, url))]
        return Feed("rss", _title(channel) if channel is not None else None, entries)
    logger.warning("feed %s: unexpected root element <%s>", url, kind)
    return Feed("invalid")


def _title(element: etree._Element) -> str | None:
    return plain_text(text_of(next((el for el in element if local_name(el) == "title"), None)))


def parse_feed(body: bytes, url: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> Feed:
    """Parse an RSS 2.0/1.0, Atom 1.0 or JSON Feed 1.x ``body`` (plain or gzipped) from ``url``.

    Relative links are resolved against ``url`` (and Atom ``xml:base``); entries without an
    http(s) link are dropped. Never raises: unusable input gives ``Feed("invalid")``.
    """
    data = maybe_gunzip(body, max_bytes)
    if data is None:
        return Feed("invalid")
    if data.lstrip(_LEADING).startswith(b"{"):
        return _parse_json(data, url)
    return _parse_xml_feed(data, url)


def _load_html(html: str | bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fromstring(html)
    except ValueError:
        # A str carrying an XML encoding declaration is refused by lxml; bytes are accepted.
        if isinstance(html, str):
            return _load_html(html.encode("utf-8"))
    except etree.ParserError:
        pass
    return None


def discover_feeds(html: str | bytes, url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="...">`` in ``html`` fetched from ``url``.

    Absolutised (honouring ``<base href>``), http(s) only, in page order, deduplicated.
    WordPress comment feeds (``.../comments/feed/``) are left out: they hold no articles.
    """
    if not isinstance(html, str | bytes) or not html.strip():
        return []
    doc = _load_html(html)
    if doc is None:
        logger.debug("discover_feeds: unparsable HTML from %s", url)
        return []
    base = url
    base_el = next(doc.iter("base"), None)
    if base_el is not None and base_el.get("href"):
        base = urljoin(url, base_el.get("href", "").strip())
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        mime = (link.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rel or mime not in FEED_TYPES:
            continue
        href = absolute_link(link.get("href"), base)
        if href and "/comments/feed" not in urlsplit(href).path and href not in found:
            found.append(href)
    return found


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """True when the Content-Type names a feed, or the start of ``body`` looks like one."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in FEED_TYPES:
        return True
    if not isinstance(body, bytes | bytearray) or not body:
        return False
    head = bytes(body[:2048]).lstrip(_LEADING).lower()
    if head.startswith(b"{"):
        return b"jsonfeed.org/version" in head
    if b"<html" in head or b"<!doctype html" in head:
        return False
    atom = b"<feed" in head and b"http://www.w3.org/2005/atom" in head
    return atom or b"<rss" in head or b"<rdf:rdf" in head
