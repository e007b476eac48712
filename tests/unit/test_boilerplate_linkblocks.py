"""Link-density DOM rules: link-only teaser paragraphs and link cards nested in prose."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from herald_scraper.extraction.linkblocks import prune_link_blocks

PROSE = "<p>The council approved the budget on Thursday after a six-hour debate.</p>"


def _run(inner: str) -> tuple[list[str], str]:
    tree = fromstring(f"<html><body><article>{PROSE}{inner}</article></body></html>")
    removed = prune_link_blocks(tree)
    return [r.rule for r in removed], " ".join(tree.text_content().split())


@pytest.mark.parametrize(
    "teaser",
    [
        '<p><a href="/a"><strong>SEAN SPICER ELIMINATED FROM THE SHOW</strong></a></p>',
        '<p><a href="/b">Lesen Sie: Streit um den Haushalt</a></p>',
        '<p><a href="/c">Le gouvernement recule sur la réforme</a></p>',
        '<p><a href="/d">El Gobierno aprueba el plan de vivienda</a></p>',
    ],
)
def test_link_only_short_paragraph_is_a_teaser(teaser: str) -> None:
    rules, text = _run(teaser)
    assert rules == ["link_teaser"]
    assert text == "The council approved the budget on Thursday after a six-hour debate."


@pytest.mark.parametrize(
    "keep",
    [
        '<p>The mayor told <a href="/p/x">the Herald</a> she would not resign over the cuts.</p>',
        '<p>Source: <a href="https://stats.example/t1">https://stats.example/t1</a></p>',
        '<p><a href="mailto:desk@news.example">desk@news.example</a></p>',
        '<p><a href="/long">' + "a very long linked paragraph " * 8 + "</a></p>",
        '<p>Die Polizei <a href="/x">bestätigte</a> den Einsatz am Montag.</p>',
    ],
)
def test_prose_with_links_and_citations_are_kept(keep: str) -> None:
    rules, text = _run(keep)
    assert rules == []
    assert fromstring(keep).text_content().split()[0] in text


def test_nested_link_card_is_removed_but_the_linked_name_stays() -> None:
    card = (
        '<p>South Dakota Gov. <span class="rollover"><a href="/people/kn">Kristi Noem</a>'
        '<span class="block"><a href="/people/kn">Kristi Lynn Noem</a><a href="/1">Story one</a>'
        '<a href="/2">Story two</a></span></span> said the campaign worked.</p>'
    )
    rules, text = _run(card)
    assert rules == ["link_card"]
    assert "South Dakota Gov. Kristi Noem said the campaign worked." in text
    assert "Story one" not in text
