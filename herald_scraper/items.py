"""The Article record: the JSONL contract of herald-scraper.

One typed dataclass; every field carries a docstring stating its format, and constraints a
JSON Schema can check in its ``metadata["json_schema"]``: :mod:`herald_scraper.schema` derives
the record's JSON Schema from both, so the contract is written once. Its JSON form
(:meth:`Article.to_dict`) has exactly the keys of the dataclass fields, in this order.

Dates have one shape each, so that loaders type a column once (DuckDB, pandas): a date field is
``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` with an explicit offset (``+02:00``, ``+00:00`` or
``Z``), never a naive timestamp (:func:`record_date`); ``fetched_at`` is UTC with ``Z``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from herald_scraper.extraction.words import word_count

logger = logging.getLogger(__name__)

#: Record format version: an integer (a string such as "1.0" loads as a float in pandas).
#: 2: dates in one shape each (never naive), ``schema_version`` an integer, ``source`` ``warc``.
SCHEMA_VERSION = 2

#: ``YYYY-MM-DD``, or a timestamp to the second with an explicit offset (``Z`` or ``±HH:MM``).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$"
#: A UTC timestamp to the second: ``YYYY-MM-DDTHH:MM:SSZ``.
UTC_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"
#: Values of ``source``: the spiders' names, ``file`` and ``warc`` (``herald-scraper extract``).
SOURCES = ("urls", "sitemap", "feed", "site", "file", "warc")


def _schema(**constraints: Any) -> dict[str, Any]:
    """Field metadata read by :mod:`herald_scraper.schema` (JSON Schema keywords)."""
    return {"json_schema": constraints}


@dataclass
class Article:
    """A clean news article: one JSON object a line (UTF-8), with exactly these keys, null (or
    an empty list) where a value is unknown."""

    url: str = field(metadata=_schema(format="uri"))
    """The URL the page was fetched from (after redirects), absolute URL (``http(s)``; ``file`` for a saved page without ``--url``)."""

    canonical_url: str | None = None
    """The page's canonical URL (``<link rel=canonical>``, og:url or JSON-LD ``url``),
    canonicalised (no fragment, no tracking parameters); the fetched URL when the page names none."""

    title: str | None = None
    """Headline, plain text without site-name suffix; null when the page has none."""

    authors: list[str] = field(default_factory=list)
    """Author names in byline order, plain text (no "By", no roles); empty when unknown."""

    date_published: str | None = field(default=None, metadata=_schema(pattern=DATE_PATTERN))
    """First publication, ISO 8601: ``YYYY-MM-DD`` (the day only, when that is all the page
    says, or when its timestamp has no offset), or ``YYYY-MM-DDTHH:MM:SS`` with the page's own
    offset (``+02:00``; UTC as ``+00:00`` or ``Z``); never a naive timestamp. Null when unknown."""

    date_modified: str | None = field(default=None, metadata=_schema(pattern=DATE_PATTERN))
    """Last modification, in the shape of ``date_published``; null when unknown."""

    language: str | None = field(default=None, metadata=_schema(pattern="^[a-z]{2}$"))
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

    word_count: int = field(default=0, metadata=_schema(minimum=0))
    """Number of whitespace-separated words in ``text``."""

    paywalled: bool = False
    """True when the page marks its content as not freely accessible or shows a paywall prompt;
    ``text`` then holds only the accessible part."""

    source: str = field(default="urls", metadata=_schema(enum=list(SOURCES)))
    """How the page was found: the spider (``urls``, ``sitemap``, ``feed``, ``site``), or the
    input of ``herald-scraper extract`` (``file``: a saved page, ``warc``: a WARC record)."""

    fetched_at: str = field(default="", metadata=_schema(format="date-time", pattern=UTC_PATTERN))
    """When the page was fetched, ISO 8601 UTC to the second (``YYYY-MM-DDTHH:MM:SSZ``); for a
    saved page the file's modification time, for a WARC record its ``WARC-Date``."""

    content_hash: str = field(default="", metadata=_schema(pattern="^[0-9a-f]{64}$"))
    """SHA-256 hex digest of the normalised ``text`` (see :func:`content_hash`)."""

    schema_version: int = field(default=SCHEMA_VERSION, metadata=_schema(const=SCHEMA_VERSION))
    """Version of this record format, an integer raised when the format changes."""

    def __post_init__(self) -> None:
        # The date shapes hold whoever builds the record (extraction, discovery data, a caller).
        self.date_published = record_date(self.date_published)
        self.date_modified = record_date(self.date_modified)
        if self.fetched_at:
            try:
                self.fetched_at = utc_timestamp(self.fetched_at)
            except ValueError:  # kept as given: the schema check names it
                logger.warning("%s: fetched_at %r is no timestamp", self.url, self.fetched_at)

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
            word_count=word_count(text),
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


def record_date(value: str | date | datetime | None) -> str | None:
    """A date in the record's shape: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:SS`` with its offset
    (seconds; the offset kept as given). A timestamp without an offset names no instant (the
    reader cannot tell whose midnight), so only its day is kept. None for None or a string that
    is no ISO 8601 date."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return None


def utc_timestamp(value: str | datetime) -> str:
    """An instant as ``YYYY-MM-DDTHH:MM:SSZ`` (a naive value is taken as UTC)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    if value.utcoffset() is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> str:
    return utc_timestamp(datetime.now(UTC))
