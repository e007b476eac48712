"""Chunked article bodies: same-class sibling containers continue the body."""

from __future__ import annotations

from lxml.html import fromstring

from herald_scraper.extraction.chunks import merge_chunks

P1 = "The first part of the article explains the plan in enough detail to be real prose here."
P2 = "A second paragraph of the first chunk adds the numbers the council published on Friday."
P3 = (
    "After the advert the article continues in a second container that shares the body class, "
    "as Condé Nast and page-builder layouts do."
)
P4 = "And its last paragraph closes the story with a quote from the mayor about the budget cut."

BODY = '<div class="article__body">'


def _page(second: str) -> str:
    return (
        f'<html><body><div class="chunks"><div class="grid">{BODY}<p>{P1}</p><p>{P2}</p></div>'
        f'</div><div class="ad">Advertisement</div><div class="grid">{second}</div></div>'
        "</body></html>"
    )


def test_sibling_chunk_with_the_body_class_is_appended() -> None:
    tree = fromstring(_page(f"{BODY}<p>{P3}</p><p>{P4}</p></div>"))
    assert merge_chunks(tree, [P1, P2]) == [P1, P2, P3, P4]


def test_lines_after_the_body_stay_after_the_recovered_chunks() -> None:
    tree = fromstring(_page(f"{BODY}<p>{P3}</p><p>{P4}</p></div>"))
    assert merge_chunks(tree, [P1, P2, "Tags: budget"]) == [P1, P2, P3, P4, "Tags: budget"]


def test_other_classes_are_not_body() -> None:
    tree = fromstring(_page(f'<div class="related"><p>{P3}</p><p>{P4}</p></div>'))
    assert merge_chunks(tree, [P1, P2]) == [P1, P2]


def test_a_teaser_grid_styled_like_the_body_is_not_body() -> None:
    teaser = f'{BODY}<p><a href="/a">{P3}</a></p><p><a href="/b">{P4}</a></p></div>'
    assert merge_chunks(fromstring(_page(teaser)), [P1, P2]) == [P1, P2]


def test_a_copy_of_the_body_is_not_appended() -> None:
    tree = fromstring(_page(f"{BODY}<p>{P1}</p><p>{P2}</p></div>"))
    assert merge_chunks(tree, [P1, P2]) == [P1, P2]


def test_unmatched_lines_leave_the_text_alone() -> None:
    tree = fromstring(_page(f"{BODY}<p>{P3}</p><p>{P4}</p></div>"))
    assert merge_chunks(tree, ["Something trafilatura rewrote."]) == [
        "Something trafilatura rewrote."
    ]
