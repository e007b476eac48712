"""Is this page one article? A pure decision from declared types, URL shape and text density.

Three kinds of evidence, because each alone is unreliable: many article pages carry no JSON-LD,
listing pages often carry ``NewsArticle`` objects for every teaser, and a long "about" page is prose
without being news. URL shape uses the same news-URL conventions as crawl scheduling
(:mod:`herald_scraper.discovery.links`); text density is the share of words in prose paragraphs,
low on hub pages that mix a few paragraphs with many teasers and link lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from herald_scraper.discovery.links import LinkKind, classify_link
from herald_scraper.extraction.structured import ARTICLE_TYPES, StructuredData

#: Page types that are explicitly not one article.
_NON_ARTICLE_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "contactpage", "aboutpage"}
)

#: Words a paragraph needs to count as prose (teasers and captions are shorter).
PROSE_PARAGRAPH_WORDS = 25

#: Share of the text's words that must sit in prose paragraphs for an undeclared page to count
#: as one article: a listing's teasers, link lists and captions are many short lines.
MIN_PROSE_DENSITY = 0.5

# SKIP reasons of :func:`classify_link` that still name article content (page 2 of a story).
_ARTICLE_SKIPS = ("article continuation page",)
# LISTING reasons that are a guess from a short path, not a listing convention.
_WEAK_LISTING_REASONS = frozenset({"short section-like path"})
# SKIP reasons that say nothing about the page kind (a file, an odd scheme).
_NEUTRAL_SKIPS = ("file extension", "scheme", "empty url", "unparsable url")


@dataclass(frozen=True)
class Verdict:
    is_article: bool
    reason: str


def url_shape(url: str | None) -> str:
    """``"listing"``, ``"home"``, ``"article"`` or ``"unknown"`` from the URL alone.

    The URL rules are :func:`herald_scraper.discovery.links.classify_link`'s (one set of news
    URL conventions for crawl scheduling and for this detector): SKIP pages (tag, author,
    search, about, login...) and LISTING pages are ``listing``, the site root is ``home``,
    ARTICLE_LIKELY is ``article``.
    """
    if not url:
        return "unknown"
    verdict = classify_link(url)
    if verdict.kind is LinkKind.ARTICLE_LIKELY:
        return "article"
    if verdict.kind is LinkKind.LISTING:
        path = urlsplit(url).path.strip("/")
        if not path or re.fullmatch(r"index\.\w+", path):
            return "home"
        # "/standings-nascar/" may be a section or a one-page article: for scheduling a guess
        # is fine, as evidence against a page that declares itself an article it is too weak.
        return "unknown" if verdict.reason in _WEAK_LISTING_REASONS else "listing"
    if verdict.kind is LinkKind.SKIP:
        if verdict.reason.startswith(_ARTICLE_SKIPS):
            return "article"
        if verdict.reason.startswith(_NEUTRAL_SKIPS):
            return "unknown"
        return "listing"
    return "unknown"


def prose_density(lines: Sequence[str]) -> float:
    """Share of words in prose paragraphs (>= :data:`PROSE_PARAGRAPH_WORDS` words), 0..1."""
    words = sum(len(line.split()) for line in lines)
    if not words:
        return 0.0
    prose = sum(n for line in lines if (n := len(line.split())) >= PROSE_PARAGRAPH_WORDS)
    return prose / words


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
    density = prose_density(lines)
    if len(prose) >= 2 and prose_words >= 80 and (shape == "article" or dated):
        return Verdict(True, "prose_article_url")
    if len(prose) >= 3 and prose_words >= 150 and density >= MIN_PROSE_DENSITY:
        return Verdict(True, "prose")
    if len(prose) >= 3 and prose_words >= 150:
        return Verdict(False, "low_text_density")
    return Verdict(False, "not_enough_prose")
