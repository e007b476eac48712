"""Feed parsing (RSS, Atom, JSON Feed), feed discovery in HTML pages, feed sniffing.

Why lxml and not feedparser: feedparser does not read JSON Feed, would add a dependency with
its own XML-hardening story next to the one in :mod:`~herald_scraper.discovery.xmlsafe`
(entity expansion off, no network, gzip-bomb cap), and returns loosely typed dicts. A crawler
needs only links, titles, dates, authors and categories, which the few rules in
:mod:`~herald_scraper.discovery.feed_formats` cover, including ``recover`` for broken XML.

XML feeds are streamed (:class:`~herald_scraper.discovery.xmlsafe.XmlStream`): entries beyond
the caller's ``max_entries`` are counted (``Feed.over_cap``) but never built, and each item's
elements are released once read, so a 100,000-item feed costs what its first entries cost.
"""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import json
import logging
import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from herald_scraper.discovery.feed_formats import (
    absolute_link,
    atom_authors,
    atom_entry,
    atom_title,
    json_entry,
    plain_text,
    rss_entry,
    rss_title,
)
from herald_scraper.discovery.feed_model import Feed, FeedEntry
from herald_scraper.discovery.xmlsafe import (
    MAX_DOCUMENT_BYTES,
    DocumentError,
    XmlStream,
    document_chunks,
    local_name,
    peek,
)

logger = logging.getLogger(__name__)

__all__ = ["FEED_TYPES", "Feed", "FeedEntry", "discover_feeds", "looks_like_feed", "parse_feed"]

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"}
)
"""Media types announcing a feed (``<link rel=alternate type=...>``, ``Content-Type``)."""

_LEADING = b"\xef\xbb\xbf \t\r\n"  # UTF-8 BOM and whitespace before the first byte of content
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_JSON_TYPES = frozenset({"application/json", "text/json"})
"""Generic JSON types some sites announce their JSON Feed with: a feed only if the body says so."""
# Comment feeds hold comments, not articles: WordPress /comments/feed/ (site-wide and per post),
# ?feed=comments-rss2, and the "... Comments Feed" title WordPress gives per-post ones.
_COMMENT_FEED = re.compile(r"/comments?(?:-feed|/feed)|[?&]feed=comments", re.IGNORECASE)


def _parse_json(
    data: bytes, url: str, encoding: str | None = None, max_entries: int | None = None
) -> Feed:
    # JSON has no cheap pull parser in the standard library: the document (capped at
    # MAX_DOCUMENT_BYTES) is loaded whole, but only the first max_entries items are read.
    try:
        doc = json.loads(data.decode(encoding) if encoding else data)
    except (ValueError, RecursionError) as exc:
        logger.warning("feed %s: invalid JSON: %s", url, exc)
        return Feed("invalid")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        logger.warning("feed %s: JSON without an items list is no JSON Feed", url)
        return Feed("invalid")
    title = doc.get("title")
    feed = Feed("json", plain_text(title) if isinstance(title, str) else None)
    items = doc["items"]
    for position, item in enumerate(items):
        if max_entries is not None and len(feed.entries) >= max_entries:
            feed.over_cap = len(items) - position
            break
        if entry := json_entry(item, url):
            feed.entries.append(entry)
    return feed


def _channel(root: etree._Element) -> etree._Element | None:
    return next((el for el in root if local_name(el) == "channel"), None)


def read_xml_feed(
    stream: XmlStream,
    elements: Iterator[etree._Element],
    url: str,
    max_entries: int | None = None,
) -> Feed:
    """The RSS 2.0/1.0 or Atom feed whose ``<item>``/``<entry>`` elements come from ``stream``
    (its root already seen); ``Feed("invalid")`` for any other root. At most ``max_entries``
    entries are read, the rest counted in ``over_cap`` and never parsed (so feed-level elements
    after the cap, such as an Atom ``<author>`` after the entries, are not seen either). Shared
    with the sitemap reader, which accepts feeds as sitemaps."""
    root = stream.root
    kind = local_name(root) if root is not None else ""
    if root is None or kind not in ("feed", "rss", "RDF"):
        logger.warning("feed %s: unexpected root element <%s>", url, kind)
        return Feed("invalid")
    name = "entry" if kind == "feed" else "item"

    def read(element: etree._Element) -> FeedEntry | None:
        # Atom entries get the feed's authors at the end: the feed's <author> may come after them.
        return atom_entry(element, url, []) if kind == "feed" else rss_entry(element, url)

    # RSS 2.0 nests items in <channel>; RSS 1.0 puts them beside it under <rdf:RDF>; an RSS 2.0
    # document without a channel has them under its root. Which one holds the feed is known
    # only at the end (the first <channel>), so both are kept (together under the cap).
    under_root: list[FeedEntry] = []
    under_channel: list[FeedEntry] = []
    channel: etree._Element | None = None
    taken = over_cap = 0
    for element in elements:
        if local_name(element) != name:
            continue
        parent = element.getparent()
        if parent is root:
            found = under_root
        elif kind == "rss" and parent is not None and local_name(parent) == "channel":
            channel = channel if channel is not None else _channel(root)
            if parent is not channel:
                continue  # a second channel is not read
            found = under_channel
        else:
            continue
        if max_entries is not None and taken >= max_entries:  # read, usable or not
            over_cap = stream.count_unread(name, taken)
            break  # the rest is counted, never parsed
        taken += 1
        if entry := read(element):
            found.append(entry)
        stream.release(element)
    root = stream.root
    if root is None:  # the parser gave up after the first entries
        logger.warning("feed %s: not parsable XML", url)
        return Feed("invalid")
    if kind == "feed":
        authors = atom_authors(root)
        entries = [
            e if e.authors else dataclasses.replace(e, authors=list(authors)) for e in under_root
        ]
        return Feed("atom", atom_title(root), entries, over_cap)
    channel = _channel(root)
    entries = under_channel if kind == "rss" and channel is not None else under_root
    title = rss_title(channel) if channel is not None else None
    return Feed("rss", title, entries, over_cap)


def _charset(encoding: str | None) -> str | None:
    """A Python codec name for an HTTP ``charset``, or None when unknown."""
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding.strip().strip("\"'")).name
    except LookupError:
        logger.debug("unknown charset %r ignored", encoding)
        return None


def parse_feed(
    body: bytes,
    url: str,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    encoding: str | None = None,
    max_entries: int | None = None,
) -> Feed:
    """Parse an RSS 2.0/1.0, Atom 1.0 or JSON Feed 1.x ``body`` (plain or gzipped) from ``url``.

    ``encoding``: the HTTP ``charset``, which overrides the document's own declaration (RFC
    7303), unless the body starts with a byte order mark. Relative links are resolved against
    ``url`` (and Atom ``xml:base``); entries without an http(s) link are dropped. At most
    ``max_entries`` entries are read; the rest are counted in ``Feed.over_cap``. Never raises:
    unusable input gives ``Feed("invalid")``.
    """
    try:
        head, chunks = peek(document_chunks(body, max_bytes))
        charset = _charset(encoding) if not head.startswith(_BOMS) else None
        if head.lstrip(_LEADING).startswith(b"{"):
            data = b"".join(chunks)
            try:
                return _parse_json(data, url, charset, max_entries)
            except UnicodeDecodeError:
                return _parse_json(data, url, None, max_entries)
        stream = XmlStream(
            chunks,
            url,
            ("item", "entry"),
            encoding=charset,
            rescan=lambda: document_chunks(body, max_bytes),
        )
        elements = iter(stream)
        first = next(elements, None)
        if stream.root is None:
            logger.warning("feed %s: not parsable XML", url)
            return Feed("invalid")
        if first is not None:
            elements = itertools.chain([first], elements)
        feed = read_xml_feed(stream, elements, url, max_entries)
    except DocumentError as exc:
        logger.warning("feed %s: %s; ignored", url, exc)
        return Feed("invalid")
    if feed.over_cap:
        logger.warning(  # the one log line of a capped feed (the spider only counts)
            "feed %s: %d entries over the cap of %s, not read", url, feed.over_cap, max_entries
        )
    return feed


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


def _is_comment_feed(href: str, title: str | None) -> bool:
    try:
        target = urlsplit(href)
    except ValueError:
        return False
    if _COMMENT_FEED.search(f"{target.path}?{target.query}"):
        return True
    return title is not None and "comments feed" in title.lower()


def discover_feeds(html: str | bytes, url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="...">`` in ``html`` fetched from ``url``.

    Absolutised (honouring ``<base href>``), http(s) only, in page order, deduplicated.
    Comment feeds (``.../comments/feed/``, ``?feed=comments-rss2``, a "Comments Feed" title)
    are left out: they hold no articles. ``application/json`` counts (JSON Feed is often
    announced so), except the WordPress REST API's ``/wp-json/`` documents.
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
        if "alternate" not in rel or (mime not in FEED_TYPES and mime not in _JSON_TYPES):
            continue
        href = absolute_link(link.get("href"), base)
        if not href or href in found or _is_comment_feed(href, link.get("title")):
            continue
        if mime in _JSON_TYPES and "/wp-json/" in urlsplit(href).path:
            continue  # WordPress announces its REST API document for the page this way
        found.append(href)
    return found


def looks_like_feed(body: bytes, content_type: str | None) -> bool:
    """True when the Content-Type names a feed, or the start of ``body`` looks like one (a
    generic ``application/json`` is a feed only when the body declares the JSON Feed version)."""
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
