"""Is this page one article? A pure decision from declared types, URL shape and the prose found.

Three kinds of evidence, because each alone is unreliable: many article pages carry no JSON-LD,
listing pages often carry ``NewsArticle`` objects for every teaser, and a long "about" page is prose
without being news.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from herald_scraper.extraction.structured import ARTICLE_TYPES, StructuredData

#: Page types that are explicitly not one article.
_NON_ARTICLE_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "contactpage", "aboutpage"}
)
_LISTING_PATH = re.compile(
    r"/(tags?|topics?|category|categories|section|sections|author|authors|autor|auteur|"
    r"schlagwort|thema|themen|etiquette|etiqueta|search|suche|recherche|buscar|page|archive)"
    r"(/|$|[-_])|[?&](s|q|search|query)=",
    re.IGNORECASE,
)
_ARTICLE_PATH = re.compile(
    r"/(19|20)\d\d[/-](0?[1-9]|1[0-2])[/-]|[-_/]\d{5,}(\.html?)?$|"
    r"/[^/]*[a-z0-9]+(-[a-z0-9]+){3,}[^/]*/?$",
    re.IGNORECASE,
)

#: Words a paragraph needs to count as prose (teasers and captions are shorter).
PROSE_PARAGRAPH_WORDS = 25


@dataclass(frozen=True)
class Verdict:
    is_article: bool
    reason: str


def url_shape(url: str | None) -> str:
    """``"listing"``, ``"home"``, ``"article"`` or ``"unknown"`` from the URL alone."""
    if not url:
        return "unknown"
    parts = urlsplit(url)
    path = parts.path or "/"
    if path in ("/", "") or re.fullmatch(r"/(index\.\w+|[a-z]{2}(-[a-z]{2})?/?)", path, re.I):
        return "home"
    target = path + ("?" + parts.query if parts.query else "")
    if _LISTING_PATH.search(target):
        return "listing"
    if _ARTICLE_PATH.search(path):
        return "article"
    return "unknown"


def detect_article(sd: StructuredData, lines: Sequence[str], url: str | None) -> Verdict:
    """Decide from structured data ``sd``, extracted body ``lines`` and the ``url``."""
    words = sum(len(line.split()) for line in lines)
    prose = [line for line in lines if len(line.split()) >= PROSE_PARAGRAPH_WORDS]
    prose_words = sum(len(line.split()) for line in prose)
    shape = url_shape(url)
    typed = bool(sd.jsonld_types & ARTICLE_TYPES)
    og_article = sd.meta.get("og:type", "").lower() == "article"
    dated = bool(sd.meta.get("article:published_time") or sd.article.get("datePublished"))

    if words < 40:
        return Verdict(False, "too_little_text")
    if sd.jsonld_types & _NON_ARTICLE_TYPES and not typed:
        return Verdict(False, "declared_non_article")
    if typed or og_article:
        if shape in ("home", "listing") and len(prose) < 3:
            return Verdict(False, "listing_page")
        return Verdict(True, "declared_article")
    if shape in ("home", "listing"):
        if prose_words >= 400 and len(prose) >= 5 and dated:
            return Verdict(True, "prose_on_listing_url")
        return Verdict(False, "listing_page")
    if len(prose) >= 2 and prose_words >= 80 and (shape == "article" or dated):
        return Verdict(True, "prose_article_url")
    if len(prose) >= 3 and prose_words >= 150:
        return Verdict(True, "prose")
    return Verdict(False, "not_enough_prose")
