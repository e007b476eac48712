"""Language resolution: declared code vs. a confident reading of the text."""

from __future__ import annotations

from herald_scraper.extraction.language import detect_language, resolve_language

GERMAN = (
    "Der Gemeinderat hat am Donnerstagabend nach langer Debatte beschlossen, die Sanierung der "
    "Grundschule im kommenden Frühjahr zu beginnen. Die Kosten von rund vier Millionen Euro "
    "sollen zum Teil aus Fördermitteln des Landes gedeckt werden, teilte der Bürgermeister mit."
)
ENGLISH = (
    "The council voted on Thursday evening, after a long debate, to begin the renovation of the "
    "primary school next spring. The cost of about four million euros will be partly covered by "
    "state grants, the mayor said after the meeting, adding that work would take a year."
)


def test_a_template_lang_is_corrected_by_the_text() -> None:
    assert resolve_language("en", GERMAN) == "de"


def test_a_declared_language_is_kept_when_the_text_agrees_or_is_short() -> None:
    assert resolve_language("en", ENGLISH) == "en"
    assert resolve_language("fr", "Bonjour.") == "fr"


def test_undeclared_language_is_read_from_the_text() -> None:
    assert resolve_language(None, ENGLISH) == "en"
    assert detect_language("too short") == (None, 0.0)
