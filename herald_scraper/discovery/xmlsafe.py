"""Hostile-input-safe XML loading shared by the sitemap and feed parsers.

Sitemaps and feeds come from servers we don't control: they may be gzip bombs, declare
entity-expansion ("billion laughs") or external entities, or simply be broken. lxml with
entity resolution, DTD loading and network access turned off, and ``huge_tree`` left off (so
libxml2 keeps its depth and text-size limits), handles all of that; ``recover`` salvages the
many sitemaps and feeds with a stray ``&`` or an unclosed tag.
"""

from __future__ import annotations

import logging
import re
import zlib
from html.entities import name2codepoint

from lxml import etree

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""Cap on a (decompressed) document: the sitemap protocol's own 50 MB limit."""

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024
_STRAY_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)")
# HTML's named references (&eacute;, &nbsp;, &ndash;) are undefined in XML, so libxml2 drops
# them; feeds use them all the time. Rewritten as numeric references before parsing; any other
# name (a DTD-declared "billion laughs" entity) stays an unresolved, dropped reference.
# (XML's own five are left out of the pattern, so a document using only those is not copied.)
_NAMED_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{1,31});")
# A document declaring ISO-8859-1 (or ASCII) is read as windows-1252 (WHATWG Encoding): the
# "don’t" of a CMS pasting from Word is 0x92, a C1 control character in ISO-8859-1.
_LATIN1_DECLARED = re.compile(
    rb"""\s*<\?xml[^>]*encoding\s*=\s*["'](?:iso-8859-1|iso8859-1|latin-?1|us-ascii|ascii)["']""",
    re.IGNORECASE,
)
_XML_NAMES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_NUMERIC = {
    name.encode(): f"&#{code};".encode()
    for name, code in name2codepoint.items()
    if name.encode() not in _XML_NAMES
}


def _numeric_reference(match: re.Match[bytes]) -> bytes:
    return _NUMERIC.get(match[1], match[0])


def _parser(encoding: str | None = None) -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not thread-safe and keep error logs.
    return etree.XMLParser(
        encoding=encoding,
        recover=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def gunzip_capped(body: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes | None:
    """Decompress gzip ``body`` (all members), or None if corrupt or larger than ``max_bytes``.

    Decompresses in bounded steps so a bomb never allocates more than ``max_bytes`` plus a chunk.
    """
    out = bytearray()
    data = body
    try:
        while data:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while data:
                out += inflater.decompress(data, _CHUNK)
                if len(out) > max_bytes:
                    logger.warning("gzip body inflates beyond %d bytes; ignored", max_bytes)
                    return None
                data = inflater.unconsumed_tail
            out += inflater.flush()
            # Concatenated gzip members are legal; trailing garbage after a member is not.
            data = inflater.unused_data
            if data and not data.startswith(GZIP_MAGIC):
                break
    except zlib.error as exc:
        logger.warning("corrupt gzip body: %s", exc)
        return None
    if len(out) > max_bytes:
        logger.warning("gzip body inflates beyond %d bytes; ignored", max_bytes)
        return None
    return bytes(out)


def maybe_gunzip(body: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes | None:
    """``body`` itself, or its gzip payload when it starts with the gzip magic; None when over
    ``max_bytes`` or undecodable."""
    if not isinstance(body, bytes | bytearray):
        logger.warning("expected bytes, got %s", type(body).__name__)
        return None
    if body[:2] == GZIP_MAGIC:
        return gunzip_capped(bytes(body), max_bytes)
    if len(body) > max_bytes:
        logger.warning("document of %d bytes exceeds %d; ignored", len(body), max_bytes)
        return None
    return bytes(body)


def parse_xml(
    body: bytes, url: str | None = None, encoding: str | None = None
) -> etree._Element | None:
    """Parse XML ``body`` safely; the root element, or None (reason logged) when unusable.

    ``url`` becomes the document base, so ``element.base`` honours ``xml:base`` for relative links.
    ``encoding`` (a charset from HTTP) overrides the document's own declaration.
    """
    if not body or not body.strip():
        logger.debug("empty XML document %s", url)
        return None
    # The commonest sitemap/feed error is a raw "&" in a URL query; libxml2's recovery would
    # read "&y=2" as an entity and lose it, so escape ampersands that start no valid reference.
    if not body.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in body[:4]:  # not UTF-16/32
        body = _STRAY_AMPERSAND.sub(b"&amp;", body)
        if b"&" in body:
            body = _NAMED_REFERENCE.sub(_numeric_reference, body)
            if b"&#X" in body:  # XML wants a lower-case x; HTML (and feed authors) take both
                body = body.replace(b"&#X", b"&#x")
    if encoding is None and _LATIN1_DECLARED.match(body):
        encoding = "windows-1252"  # as browsers read it: 0x80-0x9F are quotes and dashes
    try:
        root = etree.fromstring(body, parser=_parser(encoding), base_url=url)
    except (etree.XMLSyntaxError, ValueError) as exc:
        logger.debug("unparsable XML %s: %s", url, exc)
        return None
    if root is None or not isinstance(root.tag, str):
        logger.debug("XML %s has no root element", url)
        return None
    return root


def local_name(element: etree._Element) -> str:
    """The tag without namespace (``{ns}loc`` -> ``loc``); '' for comments, PIs and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: etree._Element | None) -> str | None:
    """Stripped text content of ``element``, CDATA included, entity references dropped.

    Hand-rolled because lxml's ``itertext`` yields unresolved references as ``&name;`` text and
    ``tostring(method="text")`` expands them (the very billion-laughs expansion we refuse).
    """
    if element is None:
        return None
    parts = [element.text or ""]
    for node in element.iterdescendants():
        if isinstance(node.tag, str):
            parts.append(node.text or "")
        # The tail follows the node in document order whatever the node is (entity, comment).
        parts.append(node.tail or "")
    text = "".join(parts).strip()
    return text or None
