"""Decode an HTML page's bytes to text: the charset from the BOM, then the HTTP header, then
``<meta charset>``, each believed only when the bytes agree with it; else detection.

Pure (no Scrapy). What goes wrong without the checks:

* a UTF-16 page with a BOM and no declared charset looks binary (NUL bytes) to a UTF-8/cp1252
  reader;
* a header that declares a charset the bytes contradict (``utf-8`` on a windows-1251 page, or
  ``iso-8859-1`` on a UTF-8 page) turns the whole text into mojibake.

So a declared charset is used when the bytes decode under it strictly, except that bytes which
are valid UTF-8 with non-ASCII characters are UTF-8 whatever a single-byte charset declaration
says (a legacy-encoded page is practically never valid UTF-8 by accident). A declared UTF-8
page with a few stray bytes (< 0.5 %) stays UTF-8 with replacement characters. Without a usable
declaration: UTF-8 if the bytes are UTF-8 (stray bytes tolerated as above), else charset-normalizer's detection, where
windows-1252 (the WHATWG default for undeclared legacy pages, a superset of latin-1) wins ties
with other Western single-byte code pages that read the bytes equally well.
"""

from __future__ import annotations

import codecs
import logging

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

logger = logging.getLogger(__name__)

#: Share of undecodable bytes (at least 2 are always tolerated) up to which a UTF-8 page is
#: still read as UTF-8.
STRAY_BYTES = 0.005
_UTF = ("utf-8", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """The text of an HTML page from its bytes and its HTTP ``Content-Type`` header value."""
    bom, _ = read_bom(body)
    if bom:
        encoding = resolve_encoding(bom) or bom
        # the BOM itself is not text
        return body.decode(_codec(encoding, with_bom=True), errors="replace")
    for declared in (_header_charset(content_type), _meta_charset(body)):
        if declared is None:
            continue
        text = _decode_declared(body, declared)
        if text is not None:
            return text
        logger.debug("bytes contradict the declared charset %s", declared)
    text = _decode_declared(body, "utf-8")  # the web's default, stray bytes tolerated
    return text if text is not None else _detect(body)


def _codec(encoding: str, with_bom: bool = False) -> str:
    name = codecs.lookup(encoding).name
    if with_bom and name in ("utf-8",):
        return "utf-8-sig"
    if with_bom and name in ("utf-16-le", "utf-16-be"):
        return "utf-16"  # consumes the BOM it finds
    if with_bom and name in ("utf-32-le", "utf-32-be"):
        return "utf-32"
    return name


def _header_charset(content_type: str | None) -> str | None:
    return _known(http_content_type_encoding(content_type)) if content_type else None


def _meta_charset(body: bytes) -> str | None:
    return _known(html_body_declared_encoding(body[:4096]))


def _known(encoding: str | None) -> str | None:
    """A Python codec name for a declared charset (WHATWG aliases: latin-1 is cp1252), or None
    for an unknown name."""
    if not encoding:
        return None
    resolved = resolve_encoding(encoding)
    try:
        return codecs.lookup(resolved or encoding).name
    except LookupError:
        return None


def _decode_declared(body: bytes, encoding: str) -> str | None:
    """The text under ``encoding`` when the bytes agree with it, else None."""
    utf = encoding.replace("_", "-") in _UTF
    if not utf and not body.isascii():
        try:
            return body.decode("utf-8")  # valid non-ASCII UTF-8 is UTF-8, whatever is declared
        except UnicodeDecodeError:
            pass
    if encoding.startswith(("utf-16", "utf-32")):
        if b"<" in body[:64] and b"\x00" not in body[:64]:
            return None  # an 8-bit page declaring UTF-16 (a common copy-paste): not UTF-16
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        pass
    except LookupError:
        return None
    if encoding == "utf-8":
        text = body.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(2, STRAY_BYTES * len(text)):
            return text
    return None


def _detect(body: bytes) -> str:
    """Undeclared (or wrongly declared) non-UTF-8 bytes: charset-normalizer's best reading,
    windows-1252 when it reads them as well as the best."""
    from charset_normalizer import from_bytes

    results = from_bytes(body)
    best = results.best()
    if best is None:
        return body.decode("cp1252", errors="replace")
    ties = [r for r in results if r.chaos <= best.chaos and r.coherence >= best.coherence]
    western = {"cp1252", "latin_1", "iso8859_15"}
    if western & set(best.could_be_from_charset) or any(r.encoding in western for r in ties):
        return body.decode("cp1252", errors="replace")
    return str(best)
