"""Contextual boilerplate: widget lists under a removed heading, author boxes, their guards."""

from __future__ import annotations

import pytest

from herald_scraper.extraction.boilerplate import clean_lines
from herald_scraper.extraction.context import bio_name, is_name, is_sentence

BODY = (
    "The river reached 19.4 feet in downtown Riverbend on Sunday, more than four feet above "
    "flood stage, and officials ordered about 600 homes to leave."
)


def _kept(lines: list[tuple[str, str]]) -> list[str]:
    kept, _ = clean_lines([text for _, text in lines], kinds=[kind for kind, _ in lines])
    return kept


@pytest.mark.parametrize(
    ("heading", "items"),
    [
        (
            "Subscribe to our Newsletter",
            [
                "Gain full access to our premium content",
                "Never miss a story with active notifications",
                "Exclusive stories right into your inbox",
            ],
        ),
        ("You may also like", ["School board delays budget vote", "Farmers market opens early"]),
        ("Mehr zum Thema", ["Stadtrat vertagt Entscheidung", "Neues Freibad öffnet im Mai"]),
        ("À lire aussi", ["La Région vote son budget", "Le TER en retard cet été"]),
        ("Suscríbete a nuestro boletín", ["Gratis y sin compromiso", "Contenido exclusivo"]),
    ],
)
def test_a_list_under_a_removed_heading_goes_with_it(heading: str, items: list[str]) -> None:
    lines = [("p", BODY), ("head", heading), *[("item", item) for item in items]]
    assert _kept(lines) == [BODY]


def test_short_lines_after_a_removed_widget_heading_go_too() -> None:
    lines = [("p", BODY), ("p", "Latest News"), ("p", "Storm closes coast road"), ("p", BODY)]
    assert _kept(lines) == [BODY, BODY]


def test_teaser_titles_set_as_headings_go_but_a_real_subheading_stays() -> None:
    widget = [
        ("head", "Related Articles"),
        ("head", "Council delays vote"),
        ("head", "Bridge opens"),
    ]
    assert _kept([("p", BODY), *widget]) == [BODY]
    real = [("p", BODY), ("head", "Latest News"), ("head", "Neighbors fill the gaps"), ("p", BODY)]
    assert _kept(real) == [BODY, "Neighbors fill the gaps", BODY]


def test_a_real_list_and_short_paragraphs_survive() -> None:
    lines = [
        ("p", "The shelters are open around the clock until further notice:"),
        ("item", "Riverbend High School gymnasium, 400 Oak Street"),
        ("item", "First Methodist Church hall, 18 Market Square"),
        ("p", "Advertisement"),  # an ad label opens no widget
        ("item", "Cooper's Landing community center"),
        ("p", "Nobody was hurt."),
        ("p", "Talks on pensions resume in May."),
    ]
    assert _kept(lines) == [text for kind, text in lines if text != "Advertisement"]


def test_a_one_teaser_line_opens_no_widget() -> None:
    lines = [("p", "Related: Storm hits coast"), ("head", "Backlog could take two weeks")]
    assert _kept([*lines, ("p", BODY)]) == ["Backlog could take two weeks", BODY]


def test_a_real_sentence_stops_the_spread() -> None:
    lines = [("p", BODY), ("head", "Subscribe to our newsletter"), ("p", "No one was injured.")]
    assert _kept(lines) == [BODY, "No one was injured."]


@pytest.mark.parametrize(
    ("name", "bio"),
    [
        (
            "Marcus Ellery",
            "Marcus Ellery is a senior correspondent covering county government and the "
            "environment. He has been reporting on Riverbend County since 2015.",
        ),
        ("Jana Weber", "Jana Weber ist Redakteurin im Lokalressort und berichtet seit 2016."),
        (
            "Élodie Marchal",
            "Élodie Marchal est journaliste à la rédaction de Montbrac depuis 2018.",
        ),
        ("Lucía Ferrer", "Lucía Ferrer es redactora de la sección de Sociedad desde 2017."),
        ("Tom Baker", "Tom Baker has been reporting on the coast since 2015."),
    ],
)
def test_an_author_box_goes_name_and_bio(name: str, bio: str) -> None:
    assert _kept([("p", BODY), ("p", name), ("p", bio), ("p", BODY)]) == [BODY, BODY]


def test_a_bio_under_an_about_the_author_heading_or_at_the_end_goes() -> None:
    bio = "Daniel Reyes is a senior correspondent covering labour and shipping."
    assert _kept([("p", BODY), ("head", "About the author"), ("p", bio), ("p", BODY)]) == [
        BODY,
        BODY,
    ]
    assert _kept([("p", BODY), ("p", bio)]) == [BODY]


def test_a_news_sentence_shaped_like_a_bio_stays_inside_the_body() -> None:
    line = "Evan Gershkovich is a reporter for The Wall Street Journal who was detained in 2023."
    assert _kept([("p", BODY), ("p", line), ("p", BODY)]) == [BODY, line, BODY]
    # a name line alone is a signature, not an author box, when no bio is beside it
    assert _kept([("p", BODY), ("p", "Daniel Reyes"), ("p", BODY)]) == [BODY, "Daniel Reyes", BODY]


def test_helpers() -> None:
    assert is_sentence("Nobody was hurt.") and is_sentence("“Nobody wins a strike.”")
    assert not is_sentence("Get exclusive stories before anyone else")
    assert is_name("Lucía Ferrer") and is_name("Ana de la Torre")
    assert not is_name("Latest news from the port") and not is_name("Nobody was hurt.")
    assert bio_name("Marcus Ellery is a senior correspondent covering crime.") == "Marcus Ellery"
    assert bio_name("the mayor is a former reporter, she said.") is None


def test_short_lines_beside_removed_chrome_at_the_edges_of_the_body_go() -> None:
    lines = [
        ("p", "Leading the Alternative World Order"),
        ("p", "Friday, June 21, 2024"),
        ("p", BODY),
        ("p", "Talks on pensions resume in May."),
        ("p", "-Advertisement-"),
        ("p", "Storm closes coast road"),
        ("p", "Bridge reopens after repairs"),
    ]
    assert _kept(lines) == [BODY, "Talks on pensions resume in May."]


def test_edge_guards_notes_headings_and_lines_inside_the_body() -> None:
    note = "(Reporting by Will Dunham; Editing by Tom Brown)"
    assert _kept([("p", BODY), ("p", "Advertisement"), ("p", note)]) == [BODY, note]
    top = [("p", "Advertisement"), ("head", "Neighbors fill the gaps"), ("p", BODY)]
    assert _kept(top) == ["Neighbors fill the gaps", BODY]
    inside = [("p", BODY), ("p", "Advertisement"), ("p", "Three weeks later"), ("p", BODY)]
    assert _kept(inside) == [BODY, "Three weeks later", BODY]
