"""The trafilatura boundary: parsing bytes into a tree and the main-content pass.

The only module that imports trafilatura, so its options live in one place.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura import metadata as traf_meta
from trafilatura.utils import load_html

logger = logging.getLogger(__name__)

#: Magic numbers of formats that are never HTML, checked before we let a parser loose on them.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"RIFF")
#: Largest page we parse; news pages are well under 5 MB, anything larger is hostile or not news.
MAX_PAGE_BYTES = 20_000_000


class NotHtml(ValueError):
    """The input cannot be read as an HTML page; ``str(exc)`` is the reason."""


def parse_html(data: bytes | str) -> HtmlElement:
    """Parse a page once (encoding detected by trafilatura); raise :class:`NotHtml` with a reason."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not isinstance(data, bytes | bytearray):
        raise NotHtml(f"unsupported input type {type(data).__name__}")
    if not data.strip():
        raise NotHtml("empty")
    if len(data) > MAX_PAGE_BYTES:
        raise NotHtml(f"too large ({len(data)} bytes)")
    head = bytes(data[:16]).lstrip()
    if head.startswith(_BINARY_MAGIC):
        raise NotHtml("binary content")
    if head.startswith((b"{", b"[")):
        raise NotHtml("JSON, not HTML")
    sample = bytes(data[:2048])
    if sample.count(b"\x00") > 16:
        raise NotHtml("binary content")
    if b"<" not in data[:65536]:
        raise NotHtml("no markup")
    try:
        tree = load_html(bytes(data))
    except (ValueError, etree.LxmlError) as exc:  # load_html is defensive, this is belt and braces
        raise NotHtml(f"unparseable: {exc}") from exc
    if tree is None or not isinstance(tree, HtmlElement):
        raise NotHtml("unparseable")
    return tree


def main_content(tree: HtmlElement, url: str | None) -> Any:
    """trafilatura's main-content and metadata pass over ``tree`` (which it copies, not mutates).

    Returns trafilatura's Document (``.body`` is the XML body tree) or None when it finds no text.
    """
    try:
        return bare_extraction(
            tree,
            url=url,
            # Metadata comes from the page's declarations (metadata.build_metadata); trafilatura's
            # heuristics only fill the gaps, on demand (PageHeuristics): running them all on
            # every page cost a third of herald's time, mostly on fields pages declare anyway.
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except Exception:  # noqa: BLE001 — extraction must never raise; the page is reported instead
        logger.exception("trafilatura failed on %s", url)
        return None


class PageHeuristics:
    """trafilatura's metadata heuristics (title from headings, byline, site name, category and
    tag links, htmldate), each run only when asked for and at most once.

    Attribute names are those of trafilatura's Document (``title``, ``author``, ``date``,
    ``sitename``, ``categories``, ``tags``); anything else is None. The byline search alone
    copies the whole tree, so it must only run on pages that declare no author.
    """

    def __init__(self, tree: HtmlElement, url: str | None) -> None:
        self._tree = tree
        self._url = url
        self._cache: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in _HEURISTICS:
            return None
        if name not in self._cache:
            try:
                # The meta tags first, as trafilatura orders them: cheap, and read once.
                declared = getattr(self._meta(), name, None)
                if name == "sitename" and declared:
                    declared = _clean_sitename(declared)
                self._cache[name] = declared or _HEURISTICS[name](self._tree, self._url)
            except Exception:  # noqa: BLE001 — a heuristic that fails leaves the field empty
                logger.debug(
                    "trafilatura %s heuristic failed on %s", name, self._url, exc_info=True
                )
                self._cache[name] = None
        return self._cache[name]

    def _meta(self) -> Any:
        """trafilatura's reading of the meta tags and JSON-LD (it knows more variants than we
        declare-read: one-word bylines in JSON-LD, publisher names behind ``@id`` references)."""
        if "_meta" not in self._cache:
            meta = traf_meta.examine_meta(self._tree)
            if meta.author and " " not in meta.author:
                meta.author = None  # a one-word "author" meta tag is a handle, not a name
            try:
                meta = traf_meta.extract_meta_json(self._tree, meta)
            except Exception:  # noqa: BLE001 — trafilatura's JSON reader has bugs of its own
                logger.debug("trafilatura JSON metadata failed on %s", self._url, exc_info=True)
            self._cache["_meta"] = meta
        return self._cache["_meta"]


_HEURISTICS: dict[str, Any] = {
    "description": lambda tree, url: None,  # the meta tags' only
    "title": lambda tree, url: traf_meta.extract_title(tree),
    "author": lambda tree, url: traf_meta.extract_author(tree),
    "sitename": lambda tree, url: _sitename(tree, url),
    "categories": lambda tree, url: traf_meta.extract_catstags("category", tree),
    "tags": lambda tree, url: traf_meta.extract_catstags("tag", tree),
    # herald's own date evidence runs htmldate's extensive search on the page as served when
    # the URL and the dateline are silent: this is only the last resort.
    "date": lambda tree, url: find_date(tree, url=url, original_date=True, extensive_search=False),
}


def _sitename(tree: HtmlElement, url: str | None) -> str | None:
    name = _clean_sitename(traf_meta.extract_sitename(tree) or "")
    if name:
        return name
    match = traf_meta.META_URL.match(traf_meta.extract_url(tree, url) or url or "")
    return match[1] if match else None


def _clean_sitename(name: str) -> str | None:
    """As trafilatura tidies it: a Twitter handle loses its ``@``, a bare word is capitalised."""
    name = name.lstrip("@")
    return name.title() if name and "." not in name and not name[0].isupper() else name or None


def body_blocks(body: etree._Element | None) -> list[tuple[str, str]]:
    """Render trafilatura's XML body as ``(kind, text)`` blocks: one paragraph, heading, list item,
    table row or quote each, whitespace collapsed, no markup markers. ``kind`` is trafilatura's
    tag (``p``, ``head``, ``item``, ``row``, ``quote``...)."""
    if body is None:
        return []
    blocks: list[tuple[str, str]] = []
    _render(body, blocks)
    return [(kind, clean) for kind, text in blocks if (clean := normalize_text(text))]


# Soft hyphens and zero-width spaces/joiners-of-nothing are typesetting hints, not text: a word
# hyphenated for layout ("Ver\xadkehr") must read and match as the word itself.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


def normalize_text(text: str) -> str:
    """NFC text without invisible typesetting characters (as trafilatura's own text output)."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE)).strip()


def _render(node: etree._Element, out: list[tuple[str, str]], own_text: bool = True) -> None:
    # trafilatura leaves loose text directly in containers (text between two headings, with no
    # <p> around it): it is body text, one block per run.
    if own_text:
        _loose(node.text, out)
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag:
            _loose(child.tail, out)
            continue
        if tag in ("list", "table", "div", "section"):
            _render(child, out)
        elif tag == "row":
            cells = [" ".join("".join(c.itertext()).split()) for c in child]
            out.append(("row", " | ".join(c for c in cells if c)))
        elif tag == "item" and any(c.tag == "list" for c in child):
            out.append(("item", " ".join((child.text or "").split())))
            _render(child, out, own_text=False)
        else:
            out.extend((tag, text) for text in _split_breaks(child))
        _loose(child.tail, out)


def _loose(text: str | None, out: list[tuple[str, str]]) -> None:
    if text and text.strip():
        out.append(("p", " ".join(text.split())))


def _split_breaks(node: etree._Element) -> list[str]:
    """A block's text, split at ``<lb/>`` line breaks (trafilatura's ``<br>``)."""
    parts = [""]

    def walk(element: etree._Element) -> None:
        parts[-1] += element.text or ""
        for sub in element:
            if sub.tag == "lb":
                parts.append("")
            else:
                walk(sub)
            parts[-1] += sub.tail or ""

    walk(node)
    return [" ".join(p.split()) for p in parts]
