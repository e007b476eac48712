"""Named extractors compared by the evaluation harness.

Every extractor has the signature ``(html: bytes, url: str | None, kind) -> str`` where ``kind``
is the dataset format: ``"aeb"`` (news articles, article gate on) or ``"segments"`` (mixed web
pages, scored without an article gate). Raw bytes are passed through: herald and trafilatura
both detect the encoding themselves, which is part of what is being measured. Heavy imports
happen inside the functions so ``--help`` stays fast and a missing optional library only
breaks the extractor that needs it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from herald_scraper.evaluation.datasets import Kind

logger = logging.getLogger(__name__)

Extractor = Callable[[bytes, str | None, Kind], str]


def _herald(html: bytes, url: str | None, kind: Kind) -> str:
    """herald_scraper.extract: gate ON for AEB (a wrongly rejected article scores as empty)."""
    import herald_scraper

    record = herald_scraper.extract(html, url, article_only=(kind == "aeb"))
    if record is None:
        return ""
    text = record.get("text") if isinstance(record, dict) else getattr(record, "text", None)
    return text or ""


def _trafilatura(html: bytes, url: str | None, kind: Kind) -> str:
    """Plain trafilatura.extract, configured as the README's baseline figures were measured."""
    import trafilatura

    if kind == "segments":
        text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True)
    else:
        text = trafilatura.extract(html, url=url, include_comments=False)
    return text or ""


def _trafilatura_fast(html: bytes, url: str | None, kind: Kind) -> str:
    """trafilatura.extract with ``fast=True`` (no fallback extractors), otherwise as the baseline."""
    import trafilatura

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=kind == "segments", fast=True
    )
    return text or ""


def _trafilatura_bare(html: bytes, url: str | None, kind: Kind) -> str:
    """trafilatura.bare_extraction with metadata: the timing baseline for herald."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return ""
    text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
    return text or ""


def _readability(html: bytes, url: str | None, kind: Kind) -> str:
    """readability-lxml summary flattened to text, one line per block (reference only)."""
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    if not summary.strip():
        return ""
    root = lxml.html.fromstring(summary)
    # Put a newline after block elements so paragraphs do not glue into one token stream.
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr"):
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


EXTRACTORS: dict[str, Extractor] = {
    "herald": _herald,
    "trafilatura": _trafilatura,
    "trafilatura-fast": _trafilatura_fast,
    "trafilatura-bare": _trafilatura_bare,
    "readability": _readability,
}


def get_extractor(name: str) -> Extractor:
    """The extractor registered under ``name`` (KeyError listing the known names otherwise)."""
    try:
        return EXTRACTORS[name]
    except KeyError:
        raise KeyError(f"unknown extractor {name!r}; known: {', '.join(EXTRACTORS)}") from None
