"""Structured metadata a page declares about itself: JSON-LD, OpenGraph and ``<meta>`` tags.

Read from the parsed tree before the main-content pass (trafilatura copies the tree, so what we
read here is the page as served). Pure functions of the lxml tree; nothing here guesses from
visible text — that is :mod:`herald_scraper.extraction.metadata`'s job.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

logger = logging.getLogger(__name__)

#: schema.org types that mean "this page is one article".
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "satiricalarticle",
    }
)


@dataclass
class StructuredData:
    """What JSON-LD and meta tags say; every field optional."""

    jsonld_types: set[str] = field(default_factory=set)
    """Lower-cased schema.org @type values found anywhere in the page's JSON-LD."""
    article: dict[str, Any] = field(default_factory=dict)
    """The JSON-LD object of the page's article (first object with an article type)."""
    article_objects: int = 0
    """How many JSON-LD objects have an article type (a listing often declares one a teaser)."""
    meta: dict[str, str] = field(default_factory=dict)
    """``<meta property|name|itemprop=... content=...>``, keys lower-cased, first value wins."""
    meta_all: dict[str, list[str]] = field(default_factory=dict)
    """All values of repeatable meta keys (``article:tag``, ``article:author``...)."""
    canonical: str | None = None
    """``<link rel=canonical href>`` as written (may be relative)."""
    html_lang: str | None = None
    """The ``<html lang>`` attribute."""


def read_structured(tree: HtmlElement) -> StructuredData:
    data = StructuredData()
    for obj in _jsonld_objects(tree):
        types = _types(obj)
        data.jsonld_types |= types
        if types & ARTICLE_TYPES:
            data.article_objects += 1
            if not data.article:
                data.article = obj
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip()
        value = (node.get("content") or "").strip()
        if not key or not value:
            continue
        key = key.lower()
        data.meta.setdefault(key, value)
        data.meta_all.setdefault(key, []).append(value)
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href") and data.canonical is None:
            data.canonical = link.get("href", "").strip()
    data.html_lang = (tree.get("lang") or tree.get("xml:lang") or "").strip() or None
    return data


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


# Control characters JSON forbids inside strings but CMSs emit anyway (raw newlines in articleBody).
_CONTROL = re.compile(r"[\x00-\x1f]")


def _jsonld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON object in ``<script type=application/ld+json>``, ``@graph`` flattened."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            parsed = json.loads(raw)
        except ValueError:
            try:
                parsed = json.loads(_CONTROL.sub(" ", raw))
            except ValueError:
                logger.debug("unparseable JSON-LD block skipped (%d chars)", len(raw))
                continue
        _flatten(parsed, found, depth=0)
    return found


def _flatten(value: Any, out: list[dict[str, Any]], depth: int) -> None:
    if depth > 4:  # hostile nesting: structured data worth reading is shallow
        return
    if isinstance(value, list):
        for item in value:
            _flatten(item, out, depth + 1)
    elif isinstance(value, dict):
        out.append(value)
        if "@graph" in value:
            _flatten(value["@graph"], out, depth + 1)
        main = value.get("mainEntity")
        if isinstance(main, dict | list):
            _flatten(main, out, depth + 1)
