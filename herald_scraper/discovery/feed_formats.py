"""Per-format entry readers for RSS 2.0 / RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.x.

Elements are matched by namespace and name: a core ``<title>`` is the entry's title, a
``<media:title>`` (a photo's file name) never is. Each field lists the namespaces it is read
from, core first (RSS without a namespace, RSS 1.0/0.9; Atom 1.0/0.3), then the extension that
commonly carries it (Dublin Core ``dc:creator``/``dc:date``, FeedBurner ``origLink``). See
:mod:`herald_scraper.discovery.feeds` for why this is lxml and not feedparser.

Text: RSS descriptions and JSON Feed ``content_html`` are HTML; other RSS and JSON Feed text is
HTML only when it looks like it (a known HTML tag or an entity, as feedparser decides, so "Why
<blink> died" keeps its words); Atom text constructs follow their ``type``
(``text``, the default, is never parsed as HTML). Script, style and noscript content never
reaches a title or summary.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from herald_scraper.discovery.dates import parse_feed_datetime, parse_w3c_datetime
from herald_scraper.discovery.feed_model import FeedEntry
from herald_scraper.discovery.xmlsafe import text_of

logger = logging.getLogger(__name__)

_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")  # "jane@x.org (Jane Doe)"
_HTML_TYPES = (None, "", "text/html", "application/xhtml+xml")

_RSS = ("", "http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
_ATOM = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#", "")
_DC = ("http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/")
_FEEDBURNER = ("http://rssnamespace.org/feedburner/ext/1.0",)
_INVISIBLE = ("script", "style", "noscript", "template")

# feedparser's test for "this RSS text is HTML": a tag of a real HTML element or an entity;
# "Why <blink> died" is text. The invisible elements are listed so that they get removed.
_LOOKS_HTML = re.compile(
    r"</?(?:a|abbr|acronym|address|b|big|blockquote|br|center|cite|code|dd|del|dfn|div|dl|dt|em|"
    r"font|h[1-6]|hr|i|iframe|img|ins|kbd|li|noscript|ol|p|pre|q|s|samp|script|small|span|strike|"
    r"strong|style|sub|sup|table|tbody|td|template|th|thead|tr|tt|u|ul|var)\b[^>]*>|&#?\w+;",
    re.IGNORECASE,
)


def _tags(namespaces: tuple[str, ...], *names: str) -> frozenset[str]:
    """lxml tag names (``{ns}name``, or ``name`` without a namespace) of ``names`` in ``namespaces``."""
    return frozenset(f"{{{ns}}}{n}" if ns else n for ns in namespaces for n in names)


# C1 control characters in feed text are windows-1252 bytes read as Latin-1 ("don\x92t"):
# shown as the quotes and dashes they were typed as, as feedparser does.
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_C1 = re.compile("[\x80-\x9f]")


def _collapse(text: str) -> str | None:
    if _C1.search(text):
        text = text.translate(_C1_AS_CP1252)
    return " ".join(text.split()) or None


def _visible_text(root: etree._Element) -> str:
    """Text of ``root`` without script/style/noscript content (their tails kept)."""
    parts: list[str] = []
    # An explicit stack of (element, tail to emit after it): feed markup can nest deeper than
    # Python's recursion limit.
    stack: list[tuple[etree._Element | None, str]] = [(root, "")]
    while stack:
        node, tail = stack.pop()
        if node is None:
            parts.append(tail)
            continue
        parts.append(node.text or "" if isinstance(node.tag, str) else "")
        stack.append((None, tail))
        for child in reversed(node):
            tag = child.tag.rsplit("}", 1)[-1].lower() if isinstance(child.tag, str) else ""
            if tag in _INVISIBLE or not tag:
                stack.append((None, child.tail or ""))  # comments and scripts: tail only
            else:
                stack.append((child, child.tail or ""))
    return "".join(parts)


def html_text(markup: str | None) -> str | None:
    """Whitespace-normalised visible text of an HTML fragment."""
    if not markup or not markup.strip():
        return None
    try:
        fragment = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        logger.debug("feed text not parsable as HTML; kept raw")
        return _collapse(markup)
    return _collapse(_visible_text(fragment))


def plain_text(markup: str | None) -> str | None:
    """A feed text field that may carry (escaped) HTML, as whitespace-normalised text: parsed
    as HTML only when it looks like HTML, so "Why <blink> died" keeps its words."""
    if not markup or not markup.strip():
        return None
    if "<" in markup or "&" in markup:
        if _LOOKS_HTML.search(markup):
            return html_text(markup)
    return _collapse(markup)


def _is_base64_type(kind: str) -> bool:
    # RFC 4287 4.1.3.3: content of a media type that is neither text nor XML is base64.
    return "/" in kind and not kind.startswith("text/") and not kind.endswith(("xml", "+xml"))


def _unbase64(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=False).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return None


def atom_text(element: etree._Element | None) -> str | None:
    """An Atom text construct by its ``type`` (RFC 4287 3.1; Atom 0.3 MIME types and
    ``mode="escaped"``): ``text`` as is, ``html`` parsed, ``xhtml`` the text of its markup."""
    if element is None:
        return None
    kind = (element.get("type") or "text").strip().lower()
    if kind in ("xhtml", "application/xhtml+xml"):
        return _collapse(_visible_text(element))
    text = text_of(element)
    if text and (element.get("mode") == "base64" or _is_base64_type(kind)):
        text = _unbase64(text)
    if kind in ("html", "text/html") or _is_base64_type(kind) and "html" in kind:
        return html_text(text)
    return _collapse(text) if text else None


def absolute_link(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; None unless the result is http(s)."""
    if not href or not href.strip():
        return None
    try:
        link = urljoin(base or "", href.strip())
        return link if urlsplit(link).scheme in ("http", "https") else None
    except ValueError:
        return None


def _kids(element: etree._Element, tags: frozenset[str]) -> list[etree._Element]:
    return [child for child in element if child.tag in tags]


def _first(element: etree._Element, *tag_sets: frozenset[str]) -> etree._Element | None:
    """The first child with text among ``tag_sets``, tried in order (core before extension)."""
    for tags in tag_sets:
        for child in element:
            if child.tag in tags and text_of(child):
                return child
    return None


def _first_text(element: etree._Element, *tag_sets: frozenset[str]) -> str | None:
    return text_of(_first(element, *tag_sets))


_RSS_TITLE, _DC_TITLE = _tags(_RSS, "title"), _tags(_DC, "title")
_RSS_LINK, _RSS_GUID = _tags(_RSS, "link"), _tags(_RSS, "guid")
_ATOM_LINK = _tags(_ATOM[:2], "link")
_ORIG_LINK = _tags(_FEEDBURNER, "origLink")
_RSS_PUBDATE, _DC_DATE = _tags(_RSS, "pubDate"), _tags(_DC, "date", "created", "issued")
_MODIFIED = _tags(_ATOM[:2], "updated", "modified") | _tags(_DC, "modified")
_RSS_AUTHOR, _DC_CREATOR = _tags(_RSS, "author"), _tags(_DC, "creator")
_RSS_CATEGORY, _DC_SUBJECT = _tags(_RSS, "category"), _tags(_DC, "subject")
_RSS_DESCRIPTION = _tags(_RSS, "description")
_ATOM_SUMMARY = _tags(_ATOM[:2], "summary")
_A_TITLE, _A_LINK, _A_AUTHOR = _tags(_ATOM, "title"), _tags(_ATOM, "link"), _tags(_ATOM, "author")
_A_NAME, _A_CATEGORY = _tags(_ATOM, "name"), _tags(_ATOM, "category")
_A_PUBLISHED, _A_UPDATED = _tags(_ATOM, "published", "issued"), _tags(_ATOM, "updated", "modified")
_A_SUMMARY, _A_CONTENT = _tags(_ATOM, "summary"), _tags(_ATOM, "content")


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
    candidates = [text_of(k) for k in _kids(item, _ORIG_LINK)]  # FeedBurner: the real URL
    candidates += [text_of(k) for k in _kids(item, _RSS_LINK)]
    candidates += [
        k.get("href") for k in _kids(item, _ATOM_LINK) if k.get("rel") in (None, "alternate")
    ]
    for guid in _kids(item, _RSS_GUID):
        if (guid.get("isPermaLink") or "true").strip().lower() != "false":
            candidates.append(text_of(guid))
    candidates.append(next((v for k, v in item.attrib.items() if k.endswith("about")), None))
    link = next((a for c in candidates if (a := absolute_link(c, base))), None)
    if link is None:
        logger.debug("RSS item without usable link in %s", feed_url)
        return None
    return FeedEntry(
        link=link,
        title=plain_text(_first_text(item, _RSS_TITLE, _DC_TITLE)),
        published=parse_feed_datetime(_first_text(item, _RSS_PUBDATE, _DC_DATE)),
        updated=parse_feed_datetime(_first_text(item, _MODIFIED)),
        authors=_dedupe(
            [_person(text_of(k)) for tags in (_DC_CREATOR, _RSS_AUTHOR) for k in _kids(item, tags)]
        ),
        categories=_dedupe(
            [plain_text(text_of(k)) for t in (_RSS_CATEGORY, _DC_SUBJECT) for k in _kids(item, t)]
        ),
        # RSS descriptions are HTML (escaped or CDATA), whatever tags they hold.
        summary=html_text(_first_text(item, _RSS_DESCRIPTION))
        or atom_text(_first(item, _ATOM_SUMMARY)),
    )


def atom_authors(element: etree._Element) -> list[str]:
    """``<author><name>`` values of an Atom feed or entry."""
    return _dedupe([_collapse(_first_text(a, _A_NAME) or "") for a in _kids(element, _A_AUTHOR)])


def rss_title(channel: etree._Element) -> str | None:
    """The ``<title>`` of an RSS channel (core element; ``dc:title`` as fallback)."""
    return plain_text(_first_text(channel, _RSS_TITLE, _DC_TITLE))


def atom_title(element: etree._Element) -> str | None:
    """The ``<title>`` text construct of an Atom feed or entry."""
    return atom_text(_first(element, _A_TITLE))


def atom_entry(entry: etree._Element, feed_url: str, feed_authors: list[str]) -> FeedEntry | None:
    """An Atom ``<entry>``; authors fall back to the feed's (as RFC 4287 says)."""
    # rel defaults to "alternate"; prefer an HTML alternate over e.g. an audio enclosure.
    alternates = [k for k in _kids(entry, _A_LINK) if k.get("rel", "alternate") == "alternate"]
    alternates.sort(key=lambda k: k.get("type") not in _HTML_TYPES)
    hrefs = (absolute_link(k.get("href"), k.base or feed_url) for k in alternates)
    link = next((href for href in hrefs if href), None)
    if link is None:
        logger.debug("Atom entry without alternate link in %s", feed_url)
        return None
    return FeedEntry(
        link=link,
        title=atom_title(entry),
        # Atom dates are W3C by the spec, but RFC 822 ones are common in the wild.
        published=parse_feed_datetime(_first_text(entry, _A_PUBLISHED)),
        updated=parse_feed_datetime(_first_text(entry, _A_UPDATED)),
        authors=atom_authors(entry) or list(feed_authors),
        categories=_dedupe([c.get("term") or c.get("label") for c in _kids(entry, _A_CATEGORY)]),
        summary=atom_text(_first(entry, _A_SUMMARY)) or atom_text(_first(entry, _A_CONTENT)),
    )


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _absolute_id(value: Any) -> str | None:
    """An ``id`` that is itself an absolute http(s) URL (a relative id is no address)."""
    text = _str(value)
    if text and text[:8].lower().startswith(("http://", "https://")):
        return absolute_link(text, None)
    return None


def json_entry(item: Any, feed_url: str) -> FeedEntry | None:
    """A JSON Feed 1.0/1.1 item (``authors`` list of 1.1 or ``author`` object of 1.0)."""
    if not isinstance(item, dict):
        return None
    # ``id`` may be the item's permalink when ``url`` is missing (JSON Feed 1.1, "id").
    link = absolute_link(_str(item.get("url")), feed_url) or _absolute_id(item.get("id"))
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
        summary=plain_text(_str(item.get("summary")))
        or _collapse(_str(item.get("content_text")) or "")
        or html_text(_str(item.get("content_html"))),
    )
