"""The recall-first article gate: each rejection rule, with a page it rejects and a near miss it
keeps. Pages are built as HTML and measured by the real DOM features
(:func:`herald_scraper.extraction.listing.page_features`)."""

from __future__ import annotations

import pytest
from lxml.html import document_fromstring

from herald_scraper import extract_page
from herald_scraper.extraction.detect import (
    GALLERY_MIN_ITEMS,
    LISTED_STRONG_TEASERS,
    MIN_PROSE_RUN,
    MIN_WORDS,
    SITE_PAGE_MAX_RUN,
    SUPPORTED_PROSE_RUN,
    Verdict,
    detect_article,
    url_shape,
)
from herald_scraper.extraction.listing import page_features
from herald_scraper.extraction.structured import StructuredData

SITE = "https://news.example.com"
ARTICLE_URL = f"{SITE}/news/2024/05/harbour-bridge-reopens-after-repair.html"
PLAIN_URL = f"{SITE}/a/b/c/x1"  # no article signal, no listing signal
OLD_URL = "http://www.example.co.uk/story.php?id=1234"

SENTENCES = [
    "The county council approved the new bypass on Monday after a long debate.",
    "Around 400 households in Eastwick are affected by the decision.",
    "Opponents said they were disappointed and would consider their next steps.",
    "Work is expected to start in the spring, weather permitting.",
    "A consultation will run until the end of next month.",
]


def prose(words: int) -> str:
    out: list[str] = []
    i = 0
    while sum(len(s.split()) for s in out) < words:
        out.append(SENTENCES[i % len(SENTENCES)])
        i += 1
    return " ".join(out)


def teasers(n: int, summary: int = 0, *, prefix: str = "/news/story") -> str:
    items = "".join(
        f'<article class="card"><h3><a href="{prefix}-{i}-slug-of-a-story">Council approves '
        f"bypass plan number {i}</a></h3>"
        + (f"<p>{prose(summary)}</p>" if summary else "")
        + "</article>"
        for i in range(n)
    )
    return f'<section class="cards">{items}</section>'


def page(main: str, *, head: str = "", sidebar: str = "") -> str:
    nav = "".join(f'<li><a href="/{s}/">{s}</a></li>' for s in ("news", "sport", "business"))
    return (
        f"<html><head><title>Page</title>{head}</head><body><header><nav><ul>{nav}</ul></nav>"
        f"</header><main>{main}</main><aside>{sidebar}</aside>"
        "<footer><p>Copyright 2024 Example Media Ltd. All rights reserved.</p></footer></body></html>"
    )


def og(kind: str) -> str:
    return f'<meta property="og:type" content="{kind}">'


def jsonld(kind: str) -> str:
    return f'<script type="application/ld+json">{{"@type": "{kind}"}}</script>'


def gate(
    html: str,
    url: str | None,
    *,
    lines: list[str] | None = None,
    sd: StructuredData | None = None,
    listed: bool = False,
) -> Verdict:
    """The gate on ``html``'s DOM features; ``lines`` default to the page's main prose."""
    tree = document_fromstring(html)
    features = page_features(tree, url)
    if lines is None:
        lines = [p.text_content() for p in tree.iter("p")]
    return detect_article(sd or StructuredData(), lines, url, features, listed=listed)


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        (None, "unknown"),
        (f"{SITE}/", "home"),
        (SITE, "home"),
        (f"{SITE}/index.html", "home"),
        # a script's query names one item, not the site root
        (f"{SITE}/index.php?id=1234", "unknown"),
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
        (OLD_URL, "unknown"),
    ],
)
def test_url_shape(url: str | None, shape: str) -> None:
    assert url_shape(url) == shape


# -- too little text ------------------------------------------------------------------------


def test_too_little_text_rejects_a_stub_and_keeps_a_news_brief() -> None:
    stub = page(f"<h1>Road closed</h1><p>{prose(12)}</p>")
    assert gate(stub, OLD_URL, lines=[prose(12)]).reason == "too_little_text"
    assert len(prose(12).split()) < MIN_WORDS
    brief = page(f"<h1>Road closed</h1><p>{prose(45)}</p><p>{prose(25)}</p>")
    assert gate(brief, OLD_URL) == Verdict(True, "prose")


# -- declared types ------------------------------------------------------------------------


def test_declared_non_article_type_rejects_even_with_prose() -> None:
    html = page(f"<h1>Contact</h1><p>{prose(120)}</p>", head=jsonld("ContactPage"))
    sd = StructuredData(jsonld_types={"contactpage"})
    assert gate(html, PLAIN_URL, sd=sd).reason == "declared_non_article"
    # the same page declaring an article as well is judged on its structure: prose, kept
    both = StructuredData(jsonld_types={"contactpage", "newsarticle"})
    assert gate(html, PLAIN_URL, sd=both).is_article


def test_a_headline_and_prose_without_any_metadata_is_an_article() -> None:
    html = page(f"<h1>Harbour bridge reopens</h1><p>{prose(90)}</p><p>{prose(70)}</p>")
    assert gate(html, OLD_URL) == Verdict(True, "prose")
    assert gate(html, None) == Verdict(True, "prose")


# -- listing structure ---------------------------------------------------------------------


def test_listing_structure_rejects_teasers_without_prose() -> None:
    html = page("<h1>Local news</h1>" + teasers(8, summary=15))
    features = page_features(document_fromstring(html), PLAIN_URL)
    assert features.grouped_teasers == 8 and features.prose_run < MIN_PROSE_RUN
    lines = ["Council approves bypass plan"] * 8 + [prose(15)] * 8
    assert gate(html, PLAIN_URL, lines=lines).reason == "listing_structure"


def test_listing_structure_keeps_a_brief_beside_the_same_teasers() -> None:
    # a 60-word brief with the same eight teasers as a "latest news" rail
    html = page(f"<h1>Road closed</h1><p>{prose(60)}</p>", sidebar=teasers(8, summary=15))
    assert gate(html, OLD_URL).is_article


def test_link_dominated_page_without_prose_is_rejected() -> None:
    links = "".join(f'<li><a href="/archive/{i}">Story {i} of the week</a></li>' for i in range(30))
    html = page(f"<h1>Archive</h1><ul>{links}</ul>")
    lines = [f"Story {i} of the week" for i in range(30)]
    assert gate(html, PLAIN_URL, lines=lines).reason == "listing_structure"
    # the same links under an article's prose: kept
    with_prose = page(f"<h1>Week in review</h1><p>{prose(150)}</p><ul>{links}</ul>")
    assert gate(with_prose, PLAIN_URL, lines=[prose(150)]).is_article


def test_flat_listing_of_headline_links_and_summaries_is_cut_into_short_runs() -> None:
    # <h2><a>..</a></h2><p>summary</p> repeated as siblings: each summary is its own run
    flat = "".join(
        f'<h2><a href="/news/item-{i}-a-story">Storm closes coast road number {i}</a></h2>'
        f"<p>{prose(30)}</p>"
        for i in range(10)
    )
    html = page(f"<h1>Latest</h1><div>{flat}</div>")
    assert page_features(document_fromstring(html), PLAIN_URL).prose_run < MIN_PROSE_RUN
    assert gate(html, PLAIN_URL).reason == "listing_structure"


def test_gallery_of_captioned_pictures_is_rejected_an_illustrated_article_kept() -> None:
    figures = "".join(
        f'<figure class="item"><a href="/gallery/x/{i}"><img src="/{i}.jpg"></a>'
        f"<figcaption>{prose(20)}</figcaption></figure>"
        for i in range(GALLERY_MIN_ITEMS + 4)
    )
    gallery = page(f"<h1>Photos: the storm</h1><div class='gallery'>{figures}</div>")
    lines = [prose(20)] * (GALLERY_MIN_ITEMS + 4)
    assert gate(gallery, PLAIN_URL, lines=lines).reason == "gallery_structure"
    article = page(f"<h1>The storm</h1><p>{prose(80)}</p><div>{figures}</div><p>{prose(60)}</p>")
    assert gate(article, PLAIN_URL).is_article


# -- URL convention + structure ------------------------------------------------------------


def test_listing_url_with_teasers_and_an_intro_paragraph_is_a_listing_page() -> None:
    html = page(f"<h1>Tag: harbour</h1><p>{prose(60)}</p>" + teasers(2, summary=20))
    assert gate(html, f"{SITE}/tag/harbour/").reason == "listing_page"
    # the URL alone is not enough: the same page on a plain URL is kept
    assert gate(html, PLAIN_URL).is_article
    # and a long prose run on a listing URL is an article
    long = page(f"<h1>Harbour</h1><p>{prose(SUPPORTED_PROSE_RUN + 40)}</p>" + teasers(2, 20))
    assert gate(long, f"{SITE}/tag/harbour/").is_article


def test_website_og_type_alone_does_not_reject() -> None:
    html = page(f"<h1>Harbour bridge reopens</h1><p>{prose(90)}</p>", head=og("website"))
    sd = StructuredData(meta={"og:type": "website"})
    assert gate(html, OLD_URL, sd=sd).is_article
    # with teasers and only a short intro it backs the structure
    listing = page(f"<h1>Local</h1><p>{prose(60)}</p>" + teasers(4, summary=20))
    assert gate(listing, PLAIN_URL, sd=sd).reason == "listing_page"


def test_site_page_needs_website_og_type_and_a_site_page_url() -> None:
    about = page(f"<h1>About us</h1><p>{prose(45)}</p><p>{prose(30)}</p>", head=og("website"))
    sd = StructuredData(meta={"og:type": "website"})
    assert gate(about, f"{SITE}/about/", sd=sd).reason == "site_page"
    assert gate(about, f"{SITE}/about/").is_article  # no declaration: the URL alone is not enough
    # an article filed under /archive/ by a website-typed template has a long prose run
    story = page(f"<h1>Storm</h1><p>{prose(SITE_PAGE_MAX_RUN + 30)}</p>", head=og("website"))
    assert gate(story, f"{SITE}/archive/storm.html", sd=sd).is_article


# -- listed by the site's sitemap or feed ---------------------------------------------------


def test_listed_url_raises_the_bar() -> None:
    html = page(f"<h1>Local</h1><p>{prose(60)}</p>" + teasers(4, summary=20))
    sd = StructuredData(meta={"og:type": "website"})
    assert gate(html, PLAIN_URL, sd=sd).reason == "listing_page"
    assert gate(html, PLAIN_URL, sd=sd, listed=True) == Verdict(True, "listed")


def test_listed_url_is_still_rejected_on_strong_evidence() -> None:
    grid = page("<h1>Local</h1>" + teasers(LISTED_STRONG_TEASERS + 2, summary=10))
    lines = [prose(10)] * 10
    assert gate(grid, PLAIN_URL, lines=lines, listed=True).reason == "listing_structure"
    declared = StructuredData(jsonld_types={"collectionpage"})
    prosy = page(f"<h1>Local</h1><p>{prose(200)}</p>")
    assert gate(prosy, PLAIN_URL, sd=declared, listed=True).reason == "declared_non_article"
    assert gate(page("<p>Short.</p>"), PLAIN_URL, lines=["Short."], listed=True).reason == (
        "too_little_text"
    )


def test_listed_rejection_has_its_own_reason_prefix() -> None:
    grid = page("<h1>Local</h1>" + teasers(LISTED_STRONG_TEASERS + 4, summary=12))
    result = extract_page(grid, PLAIN_URL, listed=True)
    assert result.record is None
    assert result.reason.startswith("not_article_listed/")
    assert extract_page(grid, PLAIN_URL).reason.startswith("not_article/")


def test_gate_without_dom_features_uses_the_lines() -> None:
    lines = [prose(60), prose(40)]
    assert detect_article(StructuredData(), lines, OLD_URL).is_article
    assert not detect_article(StructuredData(), [prose(20)], OLD_URL).is_article


def test_listing_features_are_skipped_only_for_a_page_declared_three_ways() -> None:
    from herald_scraper.extraction.pipeline import _thrice_declared
    from herald_scraper.extraction.structured import read_structured

    def sd(objects: int, og: str) -> object:
        ld = "".join(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h"}</script>'
            for _ in range(objects)
        )
        return read_structured(
            document_fromstring(
                f'<html><head><meta property="og:type" content="{og}">{ld}</head><body></body></html>'
            )
        )

    assert _thrice_declared(sd(1, "article"), ARTICLE_URL)
    assert not _thrice_declared(sd(3, "article"), ARTICLE_URL)  # a listing of teasers
    assert not _thrice_declared(sd(1, "website"), ARTICLE_URL)
    assert not _thrice_declared(sd(1, "article"), f"{SITE}/section/world.html")
