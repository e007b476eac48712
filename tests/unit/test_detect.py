"""The article detector: declared types, URL shape (shared with discovery.links), text density."""

from __future__ import annotations

import pytest

from herald_scraper.extraction.detect import (
    MIN_PROSE_DENSITY,
    PROSE_PARAGRAPH_WORDS,
    detect_article,
    prose_density,
    url_shape,
)
from herald_scraper.extraction.structured import StructuredData

SITE = "https://news.example.com"
ARTICLE_URL = f"{SITE}/news/2024/05/harbour-bridge-reopens-after-repair.html"
PLAIN_URL = f"{SITE}/a/b/c/x1"  # no article signal, no listing signal


def para(n: int = 40, word: str = "word") -> str:
    return " ".join([word] * n)


def short(n: int = 6) -> str:
    return " ".join(["teaser"] * n)


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        (None, "unknown"),
        (f"{SITE}/", "home"),
        (SITE, "home"),
        (f"{SITE}/index.html", "home"),
        (ARTICLE_URL, "article"),
        (f"{SITE}/lokales/stadtrat-beschliesst-verlaengerung-91827364.html", "article"),
        (f"{SITE}/tag/harbour.html", "listing"),
        (f"{SITE}/author/jane-mercer", "listing"),
        (f"{SITE}/section/world.html", "listing"),
        (f"{SITE}/section/world-page-2.html", "listing"),
        (f"{SITE}/search?q=harbour", "listing"),
        (f"{SITE}/about.html", "listing"),
        (f"{SITE}/harbour-bridge-reopens-page-2", "article"),  # continuation of a story
        (f"{SITE}/files/report.pdf", "unknown"),
        # two short words may be a section or a one-page story: no evidence either way
        (f"{SITE}/stories/harbour", "unknown"),
        (PLAIN_URL, "unknown"),
    ],
)
def test_url_shape(url: str | None, shape: str) -> None:
    assert url_shape(url) == shape


def test_prose_density() -> None:
    assert prose_density([]) == 0.0
    assert prose_density([para(30)]) == 1.0
    assert prose_density([para(30), short(10)]) == pytest.approx(30 / 40)
    assert prose_density([short(10)] * 5) == 0.0


def sd(types: set[str] | None = None, **meta: str) -> StructuredData:
    return StructuredData(jsonld_types=types or set(), meta=dict(meta))


def test_too_little_text() -> None:
    assert detect_article(sd({"newsarticle"}), [short(5)], ARTICLE_URL).reason == "too_little_text"


def test_declared_article_by_jsonld_or_og_type() -> None:
    lines = [para(), para()]
    assert detect_article(sd({"newsarticle"}), lines, ARTICLE_URL).is_article
    verdict = detect_article(sd(**{"og:type": "article"}), lines, PLAIN_URL)
    assert verdict.is_article and verdict.reason == "declared_article"


def test_declared_article_on_listing_url_needs_prose() -> None:
    # a section page whose teasers each carry a NewsArticle object
    teasers = [short(12)] * 10
    verdict = detect_article(sd({"newsarticle"}), teasers, f"{SITE}/section/world.html")
    assert verdict == verdict.__class__(False, "listing_page")
    full = [para()] * 3
    assert detect_article(sd({"newsarticle"}), full, f"{SITE}/print/story").is_article


def test_declared_article_on_short_path_is_kept_even_with_little_prose() -> None:
    # a standings page filed as an article: a table and two sentences, at /standings-nascar/
    rows = [short(12)] * 20 + [para(30)]
    verdict = detect_article(sd({"newsarticle"}), rows, f"{SITE}/standings-nascar/")
    assert verdict.is_article
    # the same content on a real section URL is a listing
    assert not detect_article(sd({"newsarticle"}), rows, f"{SITE}/section/world.html").is_article


def test_declared_non_article() -> None:
    verdict = detect_article(sd({"collectionpage"}), [para()] * 4, PLAIN_URL)
    assert verdict.reason == "declared_non_article"


def test_listing_url_without_declaration() -> None:
    lines = [para()] * 6
    assert detect_article(sd(), lines, f"{SITE}/tag/x").reason == "listing_page"
    # long dated prose on a listing-shaped URL is still an article
    dated = sd(**{"article:published_time": "2024-05-14"})
    long_lines = [para(80)] * 6
    assert detect_article(dated, long_lines, f"{SITE}/tag/x").reason == "prose_on_listing_url"


def test_undeclared_article_url_with_prose() -> None:
    verdict = detect_article(sd(), [para(45), para(45)], f"{SITE}/a/b/c/x1-story-slug-long-one")
    assert verdict.is_article


def test_undeclared_unknown_url_uses_text_density() -> None:
    url = PLAIN_URL
    dense = [para(60)] * 3 + [short(5)]
    assert prose_density(dense) >= MIN_PROSE_DENSITY
    assert detect_article(sd(), dense, url) == detect_article(sd(), dense, url).__class__(
        True, "prose"
    )
    # the same three paragraphs drowned in link lists and teasers: a hub page, not one article
    sparse = [para(60)] * 3 + [short(8)] * 40
    assert prose_density(sparse) < MIN_PROSE_DENSITY
    assert detect_article(sd(), sparse, url).reason == "low_text_density"
    assert detect_article(sd(), [short(PROSE_PARAGRAPH_WORDS - 1)] * 10, url).reason == (
        "not_enough_prose"
    )
