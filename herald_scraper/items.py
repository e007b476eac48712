"""The Article record: the JSONL contract of herald-scraper.

One typed dataclass; every field carries a docstring stating its format. Its JSON form
(:meth:`Article.to_dict`) has exactly the keys of the dataclass fields, in this order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

SCHEMA_VERSION = "1.0"


@dataclass
class Article:
    """A clean news article, one JSONL line."""

    url: str
    """The URL the page was fetched from (after redirects), absolute http(s) URL."""

    canonical_url: str | None = None
    """The page's canonical URL (``<link rel=canonical>``, og:url or JSON-LD ``url``),
    canonicalised (no fragment, no tracking parameters); the fetched URL when the page names none."""

    title: str | None = None
    """Headline, plain text without site-name suffix; null when the page has none."""

    authors: list[str] = field(default_factory=list)
    """Author names in byline order, plain text (no "By", no roles); empty when unknown."""

    date_published: str | None = None
    """First publication, ISO 8601 (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS±HH:MM``); null when unknown."""

    date_modified: str | None = None
    """Last modification, ISO 8601 as ``date_published``; null when unknown."""

    language: str | None = None
    """Language of the text, ISO 639-1 two-letter code (``en``, ``de``); null when unknown."""

    site_name: str | None = None
    """Publication name (og:site_name, JSON-LD publisher); null when unknown."""

    description: str | None = None
    """Standfirst / meta description, plain text; null when absent."""

    categories: list[str] = field(default_factory=list)
    """Sections the article is filed under (``articleSection``, ``article:section``); may be empty."""

    tags: list[str] = field(default_factory=list)
    """Keywords / tags (``keywords``, ``article:tag``); may be empty."""

    image: str | None = None
    """Lead image, absolute URL; null when absent."""

    text: str = ""
    """Clean body text: one paragraph per line (``\\n``-separated), boilerplate removed."""

    word_count: int = 0
    """Number of whitespace-separated words in ``text``."""

    paywalled: bool = False
    """True when the page marks its content as not freely accessible or shows a paywall prompt;
    ``text`` then holds only the accessible part."""

    source: str = "urls"
    """How the URL was found: ``urls``, ``sitemap``, ``feed``, ``site`` or ``file``."""

    fetched_at: str = ""
    """When the page was fetched, ISO 8601 UTC (``YYYY-MM-DDTHH:MM:SSZ``)."""

    content_hash: str = ""
    """SHA-256 hex digest of the normalised ``text`` (see :func:`content_hash`)."""

    schema_version: str = SCHEMA_VERSION
    """Version of this record format, ``MAJOR.MINOR``."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: a plain dict with exactly the dataclass fields."""
        return dataclasses.asdict(self)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def from_extraction(
        cls, record: dict[str, Any], *, url: str, source: str, fetched_at: str | None = None
    ) -> Article:
        """Build an Article from :func:`herald_scraper.extract`'s content fields."""
        known = {k: strip_control(v) for k, v in record.items() if k in _CONTENT_FIELDS}
        text = known.get("text") or ""
        known.setdefault("canonical_url", url)
        return cls(
            url=url,
            source=source,
            fetched_at=fetched_at or utc_now(),
            word_count=len(text.split()),
            content_hash=content_hash(text),
            **{k: v for k, v in known.items() if k not in ("word_count", "content_hash")},
        )


_CONTENT_FIELDS = frozenset(Article.field_names()) - {
    "url",
    "source",
    "fetched_at",
    "schema_version",
}

_WS = re.compile(r"\s+")
# C0 and C1 control characters except tab and newline (a carriage return becomes a newline)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CR = re.compile(r"\r\n?")


def strip_control(value: Any) -> Any:
    """``value`` (a string, or a list of strings) without control characters other than
    newline and tab: a NUL or an escape code in a record breaks the tools that read it, and
    pages do carry them (a stray byte, text pasted from a terminal)."""
    if isinstance(value, str):
        return _CONTROL.sub("", _CR.sub("\n", value))
    if isinstance(value, list):
        return [strip_control(v) for v in value]
    return value


def normalise_text(text: str) -> str:
    """NFKC, case-folded, whitespace-collapsed text: what :func:`content_hash` digests."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    """SHA-256 hex digest of :func:`normalise_text` (stable across whitespace/case changes)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
