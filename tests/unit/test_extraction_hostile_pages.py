"""Whole hostile pages: a link farm is turned away before any pass walks its links, and the
structural passes (old markup, widgets) stay bounded on pathological markup. The time bounds are
hang guards (generous, catching seconds-per-element blow-ups), not speed targets."""

from __future__ import annotations

import time

from herald_scraper.extraction import extract_page
from herald_scraper.extraction.oldmarkup import paragraphs_from_breaks, unwrap_layout_tables
from herald_scraper.extraction.pipeline import MAX_ARTICLE_LINKS
from herald_scraper.extraction.widgets import CENSUS_MAX_LINKS, prune_widgets

URL = "https://example.org/news/harbour-story.html"


def link_farm(n: int) -> bytes:
    links = "".join(f'<a href="/p{i}">item {i}</a> ' for i in range(n))
    return f"<html><body><h1>Links</h1><div>{links}</div></body></html>".encode()


def test_a_link_farm_is_no_article_and_is_turned_away_early() -> None:
    started = time.perf_counter()
    result = extract_page(link_farm(MAX_ARTICLE_LINKS + 1), URL)
    assert result.record is None and result.reason == "not_article/too_many_links"
    assert time.perf_counter() - started < 10


def test_a_page_with_many_links_is_still_extracted_without_the_gate() -> None:
    prose = "".join(
        f"<p>Paragraph {i}: the council met again and the harbour budget was debated at length.</p>"
        for i in range(5)
    )
    html = link_farm(CENSUS_MAX_LINKS + 50).replace(b"<h1>Links</h1>", prose.encode())
    result = extract_page(html, URL, article_only=False)
    assert result.record is not None and "Paragraph 4" in result.record["text"]


def test_structural_passes_are_bounded_on_pathological_markup() -> None:
    import lxml.html

    pages = {
        "nested divs": "<div>" * 3000 + "text " * 50 + "</div>" * 3000,
        "break runs": "<font>" + ("word " * 40 + "<br><br>") * 3000 + "</font>",
        "many tables": ("<table><tr><td>" + "long text here " * 30 + "</td></tr></table>") * 2000,
        "many forms": '<div><h3>x</h3><form><input type="email"></form></div>' * 2000,
        "many bars": '<div><a href="mailto:?s=1">m</a><a href="/print/1">p</a></div>' * 3000,
    }
    for name, body in pages.items():
        tree = lxml.html.fromstring(f"<html><body><p>{'prose ' * 60}</p>{body}</body></html>")
        started = time.perf_counter()
        unwrap_layout_tables(tree)
        paragraphs_from_breaks(tree)
        prune_widgets(tree, URL)
        assert time.perf_counter() - started < 10, name
