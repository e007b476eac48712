"""The byline under the headline, for pages that declare no author."""

from __future__ import annotations

import lxml.html

from herald_scraper.extraction.byline import shown_byline

PROSE = "<p>" + "The council voted on Monday to approve the harbour budget. " * 4 + "</p>"


def tree(head: str, byline: str, title: str = "Council approves the harbour budget") -> object:
    return lxml.html.fromstring(
        f"<html><head><title>{title} - The Courier</title></head><body>"
        f"<div>The Courier</div>{head}<div>{byline}</div>{PROSE}</body></html>"
    )


def test_byline_under_an_h1_gives_the_names_without_the_role() -> None:
    page = tree("<h1>Council approves the harbour budget</h1>", "By Martha Quill, Staff Writer")
    assert shown_byline(page) == ["Martha Quill"]
    page = tree("<h1>Council approves the harbour budget</h1>", "Par Jean Dupont et Marie Roy")
    assert shown_byline(page) == ["Jean Dupont", "Marie Roy"]
    page = tree("<h1>Council approves the harbour budget</h1>", "Von Anna Muster | 4. März 2008")
    assert shown_byline(page) == ["Anna Muster"]


def test_headline_set_in_font_tags_is_found_by_the_title() -> None:
    page = tree("<font size=5><b>Council approves the harbour budget</b></font>", "By Tom Walker")
    assert shown_byline(page) == ["Tom Walker"]


def test_prose_starting_with_by_and_lines_far_below_are_no_byline() -> None:
    page = tree(
        "<h1>Council approves the harbour budget</h1>", "By the end of the meeting, all agreed."
    )
    assert shown_byline(page) == []
    page = tree("<h1>Council approves the harbour budget</h1>", PROSE + PROSE + "By Tom Walker")
    assert shown_byline(page) == []
    assert (
        shown_byline(lxml.html.fromstring("<html><body><p>By Tom Walker</p></body></html>")) == []
    )
