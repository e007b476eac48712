"""Hostile-input-safe, streamed XML reading shared by the sitemap and feed parsers.

Sitemaps and feeds come from servers we don't control: they may be gzip bombs, declare
entity-expansion ("billion laughs") or external entities, list a million entries, or simply be
broken. Documents are read incrementally: gzip is inflated a chunk at a time under a byte cap,
and each chunk goes into an lxml pull parser with entity resolution, DTD loading and network
access turned off, and ``huge_tree`` left off (so libxml2 keeps its depth and text-size limits).
The readers take each entry element as it ends and release it, so memory holds the entries
read so far, not the document's tree. ``recover`` salvages the many sitemaps and feeds with a
stray ``&`` or an unclosed tag (the pull parser recovers as the whole-document parser does).
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from html.entities import name2codepoint

from lxml import etree

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
"""Cap on a (decompressed) document: the sitemap protocol's own 50 MB limit."""

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 256 * 1024
"""Bytes inflated or handed to the parser at a time."""
TAIL = 4096
"""Bytes of the document's end kept by :class:`XmlStream` (to tell a cut-off download)."""
_HOLD = 256  # a reference cut by a chunk boundary ("&ea" | "cute;") waits for the next chunk
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
_UTF32_BOMS = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")
_LEADING = b"\xef\xbb\xbf \t\r\n"  # UTF-8 BOM and whitespace before the first byte of content


class DocumentError(Exception):
    """The document cannot be read at all: larger than the cap, or a corrupt gzip stream."""


def _numeric_reference(match: re.Match[bytes]) -> bytes:
    return _NUMERIC.get(match[1], match[0])


def _gunzip_chunks(body: bytes, max_bytes: int) -> Iterator[bytes]:
    # Inflated in bounded steps, and handed on as they come: a bomb never allocates more than a
    # chunk, and a legitimate 50 MB sitemap is never held whole.
    total = 0
    data = body
    try:
        while data:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while data:
                chunk = inflater.decompress(data, CHUNK)
                data = inflater.unconsumed_tail
                total += len(chunk)
                if total > max_bytes:
                    raise DocumentError(f"gzip body inflates beyond {max_bytes} bytes")
                if chunk:
                    yield chunk
            chunk = inflater.flush()
            total += len(chunk)
            if total > max_bytes:
                raise DocumentError(f"gzip body inflates beyond {max_bytes} bytes")
            if chunk:
                yield chunk
            # Concatenated gzip members are legal; trailing garbage after a member is not.
            data = inflater.unused_data
            if data and not data.startswith(GZIP_MAGIC):
                break
    except zlib.error as exc:
        raise DocumentError(f"corrupt gzip body: {exc}") from exc


def document_chunks(body: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[bytes]:
    """``body`` in chunks of at most :data:`CHUNK` bytes, inflated on the way when it starts with
    the gzip magic. Raises :class:`DocumentError` (while iterating) when the document is no bytes,
    is larger than ``max_bytes`` (decompressed) or is corrupt gzip."""
    if not isinstance(body, bytes | bytearray):
        raise DocumentError(f"expected bytes, got {type(body).__name__}")
    if body[:2] == GZIP_MAGIC:
        yield from _gunzip_chunks(bytes(body), max_bytes)
        return
    if len(body) > max_bytes:
        raise DocumentError(f"document of {len(body)} bytes exceeds {max_bytes}")
    view = memoryview(body)
    for start in range(0, len(body), CHUNK):
        yield bytes(view[start : start + CHUNK])


def peek(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """The document's start (at least one byte past leading whitespace and BOM, unless the
    document is blank) and an iterator over the whole document again."""
    head = b""
    for chunk in chunks:
        head += chunk
        if head.lstrip(_LEADING):
            break
    return head, _chain(head, chunks)


def _chain(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


class _ReferenceFixer:
    """Rewrites what libxml2's recovery would lose, chunk by chunk: a raw ``&`` in a URL query
    (read as an entity, "&y=2" lost) becomes ``&amp;``; HTML named references become numeric.
    A reference cut by a chunk boundary is held back until the next chunk completes it."""

    def __init__(self) -> None:
        self.pending = b""

    def fix(self, chunk: bytes, final: bool = False) -> bytes:
        data = self.pending + chunk
        self.pending = b""
        if not final:
            amp = data.rfind(b"&", max(0, len(data) - _HOLD))
            if amp != -1 and b";" not in data[amp:]:
                data, self.pending = data[:amp], data[amp:]
        data = _STRAY_AMPERSAND.sub(b"&amp;", data)
        if b"&" in data:
            data = _NAMED_REFERENCE.sub(_numeric_reference, data)
            if b"&#X" in data:  # XML wants a lower-case x; HTML (and feed authors) take both
                data = data.replace(b"&#X", b"&#x")
        return data


class XmlStream:
    """The elements named ``tags`` (local names, any namespace) of an XML document given as
    ``chunks``, each yielded as soon as its end tag is parsed, with its subtree complete.

    ``url`` becomes the document base, so ``element.base`` honours ``xml:base``; ``encoding``
    (a charset from HTTP) overrides the document's own declaration. After the first element
    (or the end of iteration) :attr:`root` is the document's root element, or None when the
    document is no usable XML (reason logged). A reader calls :meth:`release` on each element it
    is done with, so the tree never grows with the document, and :meth:`count_unread` when it
    has read enough (``rescan``: a fresh iterator over the same document's chunks, for that
    count). :class:`DocumentError` from the chunks propagates.
    """

    def __init__(
        self,
        chunks: Iterable[bytes],
        url: str | None,
        tags: Iterable[str],
        encoding: str | None = None,
        rescan: Callable[[], Iterable[bytes]] | None = None,
    ) -> None:
        self.chunks = iter(chunks)
        self.rescan = rescan
        self.url = url
        self.tags = [f"{{*}}{tag}" for tag in tags]
        self.encoding = encoding
        self.root: etree._Element | None = None
        self.tail = b""
        """The last :data:`TAIL` bytes of the document, as received."""
        self._released: etree._Element | None = None

    def _parser(self, encoding: str | None) -> etree.XMLPullParser:
        # A fresh parser per document: lxml parsers are not thread-safe and keep error logs.
        return etree.XMLPullParser(
            events=("end",),
            tag=self.tags,
            base_url=self.url,
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

    def __iter__(self) -> Iterator[etree._Element]:
        parser: etree.XMLPullParser | None = None
        fixer: _ReferenceFixer | None = None
        for chunk in self.chunks:
            self.tail = (self.tail + chunk[-TAIL:])[-TAIL:]
            if parser is None:
                if not chunk.strip():
                    continue  # leading whitespace only: decide on the first real bytes
                # UTF-16/32 bytes are no ASCII text: the byte-level rewrites would corrupt them.
                if not chunk.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in chunk[:4]:
                    fixer = _ReferenceFixer()
                encoding = self.encoding
                if encoding is None and chunk[:4] in _UTF32_BOMS:
                    encoding = "utf-32"  # libxml2's push parser does not detect it by itself
                if encoding is None and _LATIN1_DECLARED.match(chunk):
                    encoding = "windows-1252"  # as browsers read it: 0x80-0x9F are quotes, dashes
                parser = self._parser(encoding)
            if not self._feed(parser, fixer.fix(chunk) if fixer else chunk):
                return
            yield from self._events(parser)
        if parser is None:
            logger.debug("empty XML document %s", self.url)
            return
        if fixer is not None and fixer.pending and not self._feed(parser, fixer.fix(b"", True)):
            return
        try:
            root = parser.close()
        except (etree.XMLSyntaxError, ValueError) as exc:
            logger.debug("unparsable XML %s: %s", self.url, exc)
            self.root = None
            return
        yield from self._events(parser)
        if root is None or not isinstance(root.tag, str):
            logger.debug("XML %s has no root element", self.url)
            self.root = None
            return
        self.root = root

    def _feed(self, parser: etree.XMLPullParser, data: bytes) -> bool:
        try:
            parser.feed(data)
        except (etree.XMLSyntaxError, ValueError) as exc:
            logger.debug("unparsable XML %s: %s", self.url, exc)
            self.root = None
            return False
        return True

    def _events(self, parser: etree.XMLPullParser) -> Iterator[etree._Element]:
        for _event, element in parser.read_events():
            if self.root is None:
                self.root = element.getroottree().getroot()
            yield element

    def count_unread(self, name: str, read: int) -> int:
        """Stop parsing; the number of ``name`` elements of the whole document beyond the
        ``read`` ones a reader took. The document is scanned again from ``rescan`` (gzip
        inflated again, under its cap) for ``</name>`` end tags, a C-speed count that costs
        nothing unless a cap is hit: exact for a well-formed document whose ``name`` elements
        are all entries, approximate for odd ones (never below zero). Without ``rescan``, the
        rest of ``chunks`` is scanned and the elements the parser had already read past are
        missed."""
        end_tag = re.compile(rb"</(?:[\w.-]+:)?" + re.escape(name.encode()) + rb"\s*>")
        chunks = self.rescan() if self.rescan is not None else self.chunks
        total, overlap = 0, b""
        for chunk in chunks:
            # A tag cut by a chunk boundary is counted in the chunk where it ends.
            window = overlap + chunk[:_HOLD]
            total += sum(
                1
                for match in end_tag.finditer(window)
                if match.start() < len(overlap) < match.end()
            )
            total += len(end_tag.findall(chunk))
            overlap = (overlap + chunk[-_HOLD:])[-_HOLD:]
        return max(0, total - read)

    def release(self, element: etree._Element) -> None:
        """Drop ``element`` from the tree at the next release (removing the element whose end
        was just parsed could upset the parser's insertion point)."""
        previous, self._released = self._released, element
        if previous is not None:
            parent = previous.getparent()
            if parent is not None:
                parent.remove(previous)


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
