"""Article metadata: what the page declares (JSON-LD, OpenGraph, meta) first, trafilatura's
heuristics (htmldate, title and byline guesses) only to fill gaps.

Declared data wins because heuristics read visible text, and visible text lies: a masthead shows
*today's* date, a sidebar shows other articles' bylines.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin

from herald_scraper.extraction.dates import (
    DateEvidence,
    parse_declared,
    publication_date,
    url_day,
)
from herald_scraper.extraction.engine import normalize_text
from herald_scraper.extraction.structured import StructuredData
from herald_scraper.items import record_date

logger = logging.getLogger(__name__)

_BY_PREFIX = re.compile(r"^\s*(by|von|par|por)\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|&)\s*", re.IGNORECASE)
_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")


def first_str(*values: Any) -> str | None:
    """The first non-empty value, as a whitespace-collapsed string."""
    for value in values:
        if isinstance(value, list | tuple):
            value = next((v for v in value if v), None)
        if isinstance(value, dict):
            value = value.get("name") or value.get("@value")
        if isinstance(value, str | int | float) and str(value).strip():
            return " ".join(str(value).split())
    return None


def person_names(value: Any) -> list[str]:
    """Names from a JSON-LD author/creator value, a meta string or a byline ("By A and B")."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                names.extend(person_names(item))
                continue
        if not isinstance(item, str):
            continue
        item = " ".join(item.split())
        if not item or item.startswith(("http://", "https://", "/")):
            continue  # article:author often holds a profile URL, not a name
        for part in _NAME_SPLIT.split(_BY_PREFIX.sub("", item)):
            part = part.strip(" .|-–")
            if part and len(part) <= 80 and part not in names:
                names.append(part)
    return names


def iso_date(value: Any) -> str | None:
    """Normalise a declared date to the record's shape (:func:`herald_scraper.items.record_date`):
    ``YYYY-MM-DD`` or a full timestamp with offset (a naive one gives its day)."""
    return record_date(parse_declared(value))


def language_code(*values: str | None) -> str | None:
    """ISO 639-1 code from the first usable ``lang``/locale value (``en-US`` -> ``en``)."""
    for value in values:
        match = _LANG.match((value or "").strip())
        if match:
            return match.group(1).lower()
    return None


def keywords(value: Any) -> list[str]:
    """Tags from a JSON-LD ``keywords`` (list or comma-separated string) or meta values."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for part in item.split(","):
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part)
    return out


def _distinct(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = " ".join(item.split()) if isinstance(item, str) else ""
        if text and text not in out:
            out.append(text)
    return out


def image_url(value: Any, base: str | None) -> str | None:
    if isinstance(value, list):
        value = next(iter(value), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    if not isinstance(value, str) or not value.strip():
        return None
    return urljoin(base or "", value.strip())


def is_free(value: Any) -> bool | None:
    """JSON-LD ``isAccessibleForFree`` as a bool (schema.org allows "False"/"false" strings)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    return None


def paywalled_selectors(article: dict[str, Any]) -> list[str]:
    """CSS selectors of the parts JSON-LD ``hasPart`` marks as not free (Google's paywall markup)."""
    parts = article.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    return [
        p["cssSelector"]
        for p in parts
        if isinstance(p, dict)
        and is_free(p.get("isAccessibleForFree")) is False
        and isinstance(p.get("cssSelector"), str)
    ]


def build_metadata(
    sd: StructuredData,
    doc: Any,
    url: str | None,
    dates: DateEvidence | None = None,
    byline: list[str] | None = None,
) -> dict[str, Any]:
    """Merge declared metadata with trafilatura's document ``doc`` (may be None).

    ``dates`` is :func:`~herald_scraper.extraction.dates.date_evidence` of the page as served;
    without it the publication day rests on declarations and htmldate's reading of the pruned
    page (trafilatura's ``doc.date``). ``byline`` is
    :func:`~herald_scraper.extraction.byline.shown_byline` of the page as served: the names a
    reader sees under the headline, used when the page declares no author."""
    art, meta = sd.article, sd.meta
    get = (lambda name: getattr(doc, name, None)) if doc is not None else (lambda name: None)
    publisher = art.get("publisher")
    authors = (
        person_names(art.get("author"))
        or person_names(
            meta_values(sd, "author", "article:author", "dc.creator", "sailthru.author")
        )
        or list(byline or [])
        or person_names((get("author") or "").split(";"))
    )
    # A section name may contain a comma ("Conflicts, Military and War"): never split sections.
    categories = _distinct(art.get("articleSection")) or _distinct(
        meta_values(sd, "article:section")
    )
    free = is_free(art.get("isAccessibleForFree"))
    return {
        # Heuristic fallbacks only when the declarations are silent: each one costs a pass.
        "title": _visible(
            first_str(art.get("headline"), art.get("name"))
            or first_str(get("title"), meta.get("og:title"))
        ),
        "authors": authors,
        "date_published": publication_date(
            sd,
            (dates.guess if dates else None)
            or (get("date") if _guess_needed(dates, url) else None),
            url,
            dates.shown if dates else None,
        ),
        "date_modified": iso_date(art.get("dateModified"))
        or iso_date(meta.get("article:modified_time") or meta.get("og:updated_time")),
        "language": language_code(
            first_str(art.get("inLanguage")),
            sd.html_lang,
            meta.get("og:locale"),
            meta.get("content-language"),
            meta.get("language"),
            get("language"),
        ),
        "site_name": first_str(meta.get("og:site_name"), publisher) or first_str(get("sitename")),
        "description": first_str(
            meta.get("og:description"), meta.get("description"), art.get("description")
        )
        or first_str(get("description")),
        "categories": categories or keywords(get("categories") or []),
        "tags": keywords(art.get("keywords"))
        or keywords(meta_values(sd, "article:tag", "news_keywords", "keywords"))
        or keywords(get("tags") or []),
        "image": image_url(meta.get("og:image"), url)
        or image_url(art.get("image"), url)
        or image_url(get("image"), url),
        "paywalled": free is False,
        "canonical_url": _canonical(sd, url),
    }


def _guess_needed(dates: DateEvidence | None, url: str | None) -> bool:
    """Whether htmldate's reading of the pruned page can still matter: the URL's date and the
    dateline decide when present (the guess only settles an ambiguous dateline's reading)."""
    if dates is None:
        return True
    if dates.shown is not None:
        return dates.shown.ambiguous
    return url_day(url) is None


def _visible(text: str | None) -> str | None:
    """``text`` without soft hyphens and zero-width characters (layout hints, not title text)."""
    return normalize_text(text) or None if text else None


def meta_values(sd: StructuredData, *keys: str) -> list[str]:
    for key in keys:
        if sd.meta_all.get(key):
            return sd.meta_all[key]
    return []


def _canonical(sd: StructuredData, url: str | None) -> str | None:
    for candidate in (sd.canonical, sd.meta.get("og:url")):
        if candidate and not candidate.startswith(("javascript:", "#")):
            return urljoin(url or "", candidate)
    return url
