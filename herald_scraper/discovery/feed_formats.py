"""Per-format entry readers for RSS 2.0 / RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x.

Elements are matched by local name (``dc:creator`` and a namespace-less ``creator`` are the same
thing to us): real feeds mix namespaces freely. See :mod:`herald_scraper.discovery.feeds` for
why this is lxml and not feedparser.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from herald_scraper.discovery.dates import parse_feed_datetime, parse_w3c_datetime
from herald_scraper.discovery.feed_model import FeedEntry
from herald_scraper.discovery.xmlsafe import local_name, text_of

logger = logging.getLogger(__name__)

_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")  # "jane@x.org (Jane Doe)"
_HTML_TYPES = (None, "", "text/html", "application/xhtml+xml")


def plain_text(markup: str | None) -> str | None:
    """Feed text fields often carry (escaped) HTML: reduce to whitespace-normalised text."""
    if not markup or not markup.strip():
        return None
    text = markup
    if "<" in markup or "&" in markup:
        try:
            text = lxml.html.fragment_fromstring(markup, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            logger.debug("feed text not parsable as HTML; kept raw")
    return " ".join(text.split()) or None


def absolute_link(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; None unless the result is http(s)."""
    if not href or not href.strip():
        return None
    try:
        link = urljoin(base or "", href.strip())
        return link if urlsplit(link).scheme in ("http", "https") else None
    except ValueError:
        return None


def _kids(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if local_name(child) == name]


def _first_text(element: etree._Element, name: str) -> str | None:
    return next((t for k in _kids(element, name) if (t := text_of(k))), None)


def _person(text: str | None) -> str | None:
    if not text:
        return None
    match = _EMAIL_NAME.match(text)
    if match:
        return match["name"].strip()
    return None if "@" in text else text  # a bare e-mail address is not a byline


def _dedupe(values: list[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def rss_entry(item: etree._Element, feed_url: str) -> FeedEntry | None:
    """An RSS 2.0 ``<item>`` or RSS 1.0 ``<item rdf:about>``; None when it has no http link."""
    base = item.base or feed_url
    candidates = [text_of(k) for k in _kids(item, "origLink")]  # FeedBurner: the real URL
    for link in _kids(item, "link"):
        rel = link.get("rel")
        candidates.append(
            text_of(link) or (link.get("href") if rel in (None, "alternate") else None)
        )
    for guid in _kids(item, "guid"):
        if (guid.get("isPermaLink") or "true").strip().lower() != "false":
            candidates.append(text_of(guid))
    candidates.append(next((v for k, v in item.attrib.items() if k.endswith("about")), None))
    link = next((a for c in candidates if (a := absolute_link(c, base))), None)
    if link is None:
        logger.debug("RSS item without usable link in %s", feed_url)
        return None
    published = _first_text(item, "pubDate") or _first_text(item, "date")
    return FeedEntry(
        link=link,
        title=plain_text(_first_text(item, "title")),
        published=parse_feed_datetime(published),
        updated=parse_feed_datetime(_first_text(item, "updated") or _first_text(item, "modified")),
        authors=_dedupe(
            [_person(text_of(k)) for n in ("creator", "author") for k in _kids(item, n)]
        ),
        categories=_dedupe(
            [plain_text(text_of(k)) for n in ("category", "subject") for k in _kids(item, n)]
        ),
        summary=plain_text(_first_text(item, "description") or _first_text(item, "summary")),
    )


def atom_authors(element: etree._Element) -> list[str]:
    """``<author><name>`` values of an Atom feed or entry."""
    return _dedupe([_first_text(a, "name") for a in _kids(element, "author")])


def atom_entry(entry: etree._Element, feed_url: str, feed_authors: list[str]) -> FeedEntry | None:
    """An Atom ``<entry>``; authors fall back to the feed's (as RFC 4287 says)."""
    # rel defaults to "alternate"; prefer an HTML alternate over e.g. an audio enclosure.
    alternates = [k for k in _kids(entry, "link") if k.get("rel", "alternate") == "alternate"]
    alternates.sort(key=lambda k: k.get("type") not in _HTML_TYPES)
    hrefs = (absolute_link(k.get("href"), k.base or feed_url) for k in alternates)
    link = next((href for href in hrefs if href), None)
    if link is None:
        logger.debug("Atom entry without alternate link in %s", feed_url)
        return None
    return FeedEntry(
        link=link,
        title=plain_text(_first_text(entry, "title")),
        published=parse_w3c_datetime(
            _first_text(entry, "published") or _first_text(entry, "issued")
        ),
        updated=parse_w3c_datetime(_first_text(entry, "updated") or _first_text(entry, "modified")),
        authors=atom_authors(entry) or list(feed_authors),
        categories=_dedupe([c.get("term") or c.get("label") for c in _kids(entry, "category")]),
        summary=plain_text(_first_text(entry, "summary") or _first_text(entry, "content")),
    )


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def json_entry(item: Any, feed_url: str) -> FeedEntry | None:
    """A JSON Feed 1.0/1.1 item (``authors`` list of 1.1 or ``author`` object of 1.0)."""
    if not isinstance(item, dict):
        return None
    link = absolute_link(_str(item.get("url")), feed_url)
    if link is None:
        logger.debug("JSON Feed item without url in %s", feed_url)
        return None
    people = item.get("authors")
    people = people if isinstance(people, list) else [item.get("author")]
    tags = item.get("tags")
    return FeedEntry(
        link=link,
        title=plain_text(_str(item.get("title"))),
        published=parse_w3c_datetime(_str(item.get("date_published"))),
        updated=parse_w3c_datetime(_str(item.get("date_modified"))),
        authors=_dedupe([_str(p.get("name")) for p in people if isinstance(p, dict)]),
        categories=_dedupe([_str(t) for t in tags] if isinstance(tags, list) else []),
        summary=plain_text(
            _str(item.get("summary"))
            or _str(item.get("content_text"))
            or _str(item.get("content_html"))
        ),
    )
