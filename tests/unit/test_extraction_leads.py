"""Deks: subtitle headings and an emphasised description repeat go; lead paragraphs stay."""

from __future__ import annotations

from lxml.html import fromstring

from herald_scraper.extraction.leads import prune_deks

DESC = "About 600 homes were told to leave on Sunday as the river reached a record level."


def _page(body: str) -> str:
    return (
        f'<html><head><meta name="description" content="{DESC}"></head>'
        f"<body><article>{body}<p>The river rose to 19.4 feet on Sunday.</p></article></body></html>"
    )


def _texts(html: str) -> list[str]:
    tree = fromstring(html)
    prune_deks(tree)
    return [" ".join(n.text_content().split()) for n in tree.iter("h2", "p")]


def test_a_subtitle_heading_goes() -> None:
    for cls in ("entry-sub-title", "jeg_post_subtitle", "article__standfirst", "c-dek"):
        assert _texts(_page(f'<h2 class="{cls}">Traffic restarts on Wednesday</h2>')) == [
            "The river rose to 19.4 feet on Sunday."
        ], cls


def test_a_body_subheading_stays() -> None:
    html = _page('<h2 class="text-subheadline">Neighbors fill the gaps</h2><h2>Damage</h2>')
    assert _texts(html)[:2] == ["Neighbors fill the gaps", "Damage"]


def test_an_emphasised_repeat_of_the_description_goes() -> None:
    assert _texts(_page(f"<p><em>{DESC}</em></p>")) == ["The river rose to 19.4 feet on Sunday."]


def test_a_subtitle_heading_below_the_first_paragraph_is_a_subheading() -> None:
    prose = "The county opened three shelters on Sunday night as the river kept rising. " * 3
    html = _page(f'<p>{prose}</p><h2 class="subtitle">Neighbors fill the gaps</h2>')
    assert "Neighbors fill the gaps" in _texts(html)


def test_a_lead_paragraph_stays() -> None:
    # the same words, not set apart as a dek: many sites take the description from the lead
    assert _texts(_page(f"<p>{DESC}</p>"))[0] == DESC
    assert _texts(_page(f'<p class="lead"><em>{DESC[:40]}</em></p>'))[0] == DESC[:40]
    # a bold intro is the article's first paragraph (a German "Vorspann"), not a dek
    assert _texts(_page(f"<p><strong>{DESC}</strong></p>"))[0] == DESC
