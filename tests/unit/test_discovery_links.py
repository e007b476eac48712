"""Tests for herald_scraper.discovery.links: URL-shape classification and scoring."""

from __future__ import annotations

import random

import pytest

from herald_scraper.discovery.links import LinkKind, article_url_score, classify_link

SITE = "https://news.example.com"

SKIP_CASES = [
    "mailto:desk@example.com",
    "javascript:void(0)",
    "tel:+4912345",
    "ftp://example.com/file",
    f"{SITE}/tag/elections",
    f"{SITE}/tags/elections/",
    f"{SITE}/topic/climate",
    f"{SITE}/author/jane-doe",
    f"{SITE}/authors/",
    f"{SITE}/search",
    f"{SITE}/search?q=storm",
    f"{SITE}/?s=storm",
    f"{SITE}/login",
    f"{SITE}/signin?next=/a",
    f"{SITE}/register",
    f"{SITE}/subscribe/",
    f"{SITE}/account/settings",
    f"{SITE}/cart",
    f"{SITE}/feed",
    f"{SITE}/politics/feed/",
    f"{SITE}/rss",
    f"{SITE}/sitemap.xml",
    f"{SITE}/wp-admin/post.php",
    f"{SITE}/wp-json/wp/v2/posts",
    f"{SITE}/privacy",
    f"{SITE}/search.html",
    f"{SITE}/about.html",
    f"{SITE}/contact.php",
    f"{SITE}/privacy-policy/",
    f"{SITE}/terms",
    f"{SITE}/big-storm-hits-the-coast-page-2",
    f"{SITE}/big-storm-hits-the-coast-page-3.html",
    f"{SITE}/2024/05/01/story/?replytocom=55",
    # media and file extensions, any case
    f"{SITE}/files/report.pdf",
    f"{SITE}/img/photo.JPG",
    f"{SITE}/img/photo.png",
    f"{SITE}/img/anim.gif",
    f"{SITE}/logo.svg",
    f"{SITE}/img/photo.webp",
    f"{SITE}/audio/ep1.mp3",
    f"{SITE}/video/clip.mp4",
    f"{SITE}/dl/archive.zip",
    f"{SITE}/static/site.css",
    f"{SITE}/static/app.js",
    # de / fr / es
    f"{SITE}/schlagwort/wahlen",
    f"{SITE}/thema/klimawandel",
    f"{SITE}/autor/max-mustermann",
    f"{SITE}/suche?query=x",
    f"{SITE}/impressum",
    f"{SITE}/etiquette/elections",
    f"{SITE}/auteur/jean-dupont",
    f"{SITE}/recherche",
    f"{SITE}/mentions-l%C3%A9gales",  # accents folded
    f"{SITE}/etiqueta/elecciones",
    f"{SITE}/buscar",
    f"{SITE}/privacidad",
]

LISTING_CASES = [
    f"{SITE}/",
    SITE,
    f"{SITE}/politics/",
    f"{SITE}/world/europe",
    f"{SITE}/category/politics",
    f"{SITE}/category/politics/page/2",
    f"{SITE}/page/3",
    f"{SITE}/section/world-page-2.html",
    f"{SITE}/section/business",
    f"{SITE}/kategorie/politik",
    f"{SITE}/rubrique/economie",
    f"{SITE}/seccion/deportes",
    f"{SITE}/archive",
    f"{SITE}/2024/05/",
    f"{SITE}/2024/05/01/",
    f"{SITE}/index.html",
    f"{SITE}/politics?page=4",
]

ARTICLE_CASES = [
    f"{SITE}/2024/05/01/storm-hits",
    f"{SITE}/2024/05/storm",
    f"{SITE}/politics/parliament-passes-new-budget-law",
    f"{SITE}/politics/parliament_passes_new_budget_law",
    f"{SITE}/world/europe-12345678",
    f"{SITE}/a/storm-hits-coast-123456.html",
    f"{SITE}/news/uk/storm-coast",
    f"{SITE}/news/articles/c0x4kl9dz9eo",
    f"{SITE}/sport/fussball/bayern-gewinnt-gegen-dortmund.html",
    f"{SITE}/economie/article/2024-05-01/la-bourse",
    f"{SITE}/?p=1234",
    "/politique/la-reforme-des-retraites-adoptee-au-senat",  # relative links work too
]


@pytest.mark.parametrize("url", SKIP_CASES)
def test_skip(url: str) -> None:
    result = classify_link(url)
    assert result.kind is LinkKind.SKIP, result
    assert result.reason
    assert article_url_score(url) == 0.0


@pytest.mark.parametrize("url", LISTING_CASES)
def test_listing(url: str) -> None:
    result = classify_link(url)
    assert result.kind is LinkKind.LISTING, result
    assert article_url_score(url) == pytest.approx(0.2)


@pytest.mark.parametrize("url", ARTICLE_CASES)
def test_article_likely(url: str) -> None:
    result = classify_link(url)
    assert result.kind is LinkKind.ARTICLE_LIKELY, result
    assert result.signals and result.reason == result.signals[0]
    assert 0.6 <= article_url_score(url) <= 1.0


@pytest.mark.parametrize("url", [f"{SITE}/some/deep/path/x"])
def test_unknown(url: str) -> None:
    assert classify_link(url).kind is LinkKind.UNKNOWN
    assert article_url_score(url) == pytest.approx(0.4)


def test_single_word_leaf_is_not_an_article() -> None:
    assert classify_link(f"{SITE}/storm").kind is not LinkKind.ARTICLE_LIKELY


@pytest.mark.parametrize(
    "url",
    [
        f"{SITE}/politics/how-to-search-for-the-best-tag-prices",  # skip words inside a slug
        f"{SITE}/2024/05/01/privacy-rules-tightened-for-apps",
        f"{SITE}/tech/feeding-the-world-with-new-crops",
    ],
)
def test_skip_words_only_match_whole_segments(url: str) -> None:
    assert classify_link(url).kind is LinkKind.ARTICLE_LIKELY


def test_more_signals_score_higher() -> None:
    plain = article_url_score(f"{SITE}/politics/parliament-passes-new-budget-law")
    dated = article_url_score(f"{SITE}/2024/05/01/parliament-passes-new-budget-law-123456.html")
    assert plain < dated <= 1.0


def test_score_orders_kinds() -> None:
    scores = [
        article_url_score(f"{SITE}/tag/x"),
        article_url_score(f"{SITE}/category/x"),
        article_url_score(f"{SITE}/some/deep/path/x"),
        article_url_score(f"{SITE}/2024/05/01/storm-hits"),
    ]
    assert scores == sorted(scores) and len(set(scores)) == 4


@pytest.mark.parametrize("url", ["", "   ", None, 12, "http://[::1/x"])
def test_bad_input_is_skip_not_crash(url: object) -> None:
    assert classify_link(url).kind is LinkKind.SKIP  # type: ignore[arg-type]
    assert article_url_score(url) == 0.0  # type: ignore[arg-type]


def test_classification_is_total_and_score_bounded() -> None:
    rng = random.Random(1)
    pieces = ["/", "tag", "2024", "05", "-", "page", "?", "s=", "&", "%", ".pdf", ".html", "news",
              "a", "é", ":", "//", "#", "123456", "mailto:", "http://"]  # fmt: skip
    for _ in range(3000):
        url = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        result = classify_link(url)
        assert isinstance(result.kind, LinkKind) and result.reason
        assert 0.0 <= article_url_score(url) <= 1.0
