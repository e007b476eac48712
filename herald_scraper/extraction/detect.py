"""Is this page one article? A recall-first decision: reject only on positive evidence.

Many real articles — above all on older and simpler sites — carry no JSON-LD, no OpenGraph, no
date and no article-shaped URL, so the absence of those is no evidence at all. A page is rejected
only when something positively says it is not one article:

* it declares a non-article type (JSON-LD ``CollectionPage``, ``ContactPage``...);
* its structure is a listing (:mod:`herald_scraper.extraction.listing`): teasers side by side or
  mostly link text, and no run of prose anywhere;
* its URL is a home/tag/author/search/section page by the news-URL conventions shared with
  crawl scheduling (:mod:`herald_scraper.discovery.links`) *and* its structure agrees, or it
  also declares itself a site page (``og:type`` website/profile);
* it has too little text.

A headline and a block of running prose is an article, with or without metadata. A URL the site
itself lists as an article (sitemap, feed) is rejected only on the strongest evidence.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from herald_scraper.discovery.links import LinkKind, classify_link
from herald_scraper.extraction.listing import GROUP_MIN, PageFeatures
from herald_scraper.extraction.structured import ARTICLE_TYPES, StructuredData
from herald_scraper.extraction.words import word_count

logger = logging.getLogger(__name__)

#: Page types that are explicitly not one article.
_NON_ARTICLE_TYPES = frozenset(
    {"collectionpage", "itemlist", "searchresultspage", "profilepage", "contactpage", "aboutpage"}
)
#: og:type values a site uses for its own pages (also, by template habit, on some articles:
#: never enough alone).
_SITE_OG_TYPES = frozenset({"website", "profile"})

#: Fewer extracted words than this is no article (a news brief has 60 and more).
MIN_WORDS = 40
#: A prose run this long is an article's body, whatever else the page holds: a 60-word brief
#: in one or two paragraphs reaches it, a listing's intro line and teaser summaries do not.
MIN_PROSE_RUN = 40
#: Share of the page's words in links to other pages above which it is a link list.
LINK_DOMINATED = 0.5
#: With other evidence of a listing (URL, og:type, a declared collection), prose shorter than
#: this is a listing's intro paragraph (one or two sentences; <= 73 words on the gate set's tune
#: half), not an article (a brief with its byline and date runs longer: >= 98 there).
SUPPORTED_PROSE_RUN = 80
#: og:type website/profile on a home/listing/site-page URL is a site page unless its prose
#: runs longer than this (about pages are a few short paragraphs; articles filed under
#: "/archive/" with a website og:type are not).
SITE_PAGE_MAX_RUN = 150
#: Picture blocks side by side, with no prose run: a photo gallery.
GALLERY_MIN_ITEMS = 4
#: For a URL a sitemap or feed lists as an article: this many teasers side by side and no
#: prose run at all is the only structure that overrides the site's own word.
LISTED_STRONG_TEASERS = 6


@dataclass(frozen=True)
class Verdict:
    is_article: bool
    reason: str


# SKIP reasons of :func:`classify_link` that still name article content (page 2 of a story).
_ARTICLE_SKIPS = ("article continuation page",)
# LISTING reasons that are a guess from a short path, not a listing convention.
_WEAK_LISTING_REASONS = frozenset({"short section-like path"})
# SKIP reasons that say nothing about the page kind (a file, an odd scheme).
_NEUTRAL_SKIPS = ("file extension", "scheme", "empty url", "unparsable url")


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
        parts = urlsplit(url)
        path = parts.path.strip("/")
        if not path or re.fullmatch(r"index\.\w+", path):
            # "/index.php?id=1234" names one item of a script, not the site root
            return "unknown" if parts.query else "home"
        # "/standings-nascar/" may be a section or a one-page article: for scheduling a guess
        # is fine, as evidence against a page it is too weak.
        return "unknown" if verdict.reason in _WEAK_LISTING_REASONS else "listing"
    if verdict.kind is LinkKind.SKIP:
        if verdict.reason.startswith(_ARTICLE_SKIPS):
            return "article"
        if verdict.reason.startswith(_NEUTRAL_SKIPS):
            return "unknown"
        return "listing"
    return "unknown"


def detect_article(
    sd: StructuredData,
    lines: Sequence[str],
    url: str | None,
    page: PageFeatures | None = None,
    *,
    listed: bool = False,
) -> Verdict:
    """Decide from structured data ``sd``, the extracted body ``lines``, the ``url`` and the
    DOM features ``page`` (:func:`herald_scraper.extraction.listing.page_features`; without
    them only declarations, URL and text length speak). ``listed``: a sitemap or feed of the
    site lists this URL as an article."""
    page = page or PageFeatures(prose_run=sum(word_count(line) for line in lines))
    words = sum(word_count(line) for line in lines)
    typed = bool(sd.jsonld_types & ARTICLE_TYPES)
    declared_other = sd.jsonld_types & _NON_ARTICLE_TYPES
    no_prose = page.prose_run < MIN_PROSE_RUN

    if words < MIN_WORDS:
        return Verdict(False, "too_little_text")
    if declared_other and not typed:
        return Verdict(False, "declared_non_article")
    if listed:
        if no_prose and page.grouped_teasers >= LISTED_STRONG_TEASERS:
            return Verdict(False, "listing_structure")
        return Verdict(True, "listed")
    if no_prose and (page.grouped_teasers >= GROUP_MIN or page.link_share >= LINK_DOMINATED):
        return Verdict(False, "listing_structure")
    if no_prose and page.media_items >= GALLERY_MIN_ITEMS:
        return Verdict(False, "gallery_structure")

    shape = url_shape(url)
    site_og = sd.meta.get("og:type", "").strip().lower() in _SITE_OG_TYPES
    support = shape in ("home", "listing") or site_og or bool(declared_other)
    teasers = page.teasers >= 2 or page.link_share >= LINK_DOMINATED
    if support and teasers and page.prose_run < SUPPORTED_PROSE_RUN:
        return Verdict(False, "listing_page")
    if site_og and shape in ("home", "listing") and page.prose_run < SITE_PAGE_MAX_RUN:
        return Verdict(False, "site_page")
    if typed:
        return Verdict(True, "declared_article")
    return Verdict(True, "prose")
