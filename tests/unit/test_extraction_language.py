"""The record's language: the declared code, corrected by a confident reading of the text."""

from __future__ import annotations

from herald_scraper import extract

GERMAN = [
    "Der Gemeinderat hat am Donnerstagabend nach langer Debatte beschlossen, die Sanierung der "
    "Grundschule im kommenden Frühjahr zu beginnen, teilte der Bürgermeister am Freitag mit.",
    "Die Kosten von rund vier Millionen Euro sollen zum Teil aus Fördermitteln des Landes "
    "gedeckt werden. Der Rest soll aus den Rücklagen der Gemeinde kommen, hieß es.",
    "Eltern und Lehrer hatten seit Jahren auf die Sanierung gedrängt, weil es in mehreren "
    "Klassenzimmern durch das Dach regnet und die Heizung im Winter regelmäßig ausfällt.",
]


def _page(lang: str | None) -> str:
    attr = f' lang="{lang}"' if lang else ""
    body = "".join(f"<p>{p}</p>" for p in GERMAN)
    return (
        f"<html{attr}><head><title>Schule wird saniert</title>"
        '<meta property="og:type" content="article"></head>'
        f"<body><article><h1>Schule wird saniert</h1>{body}</article></body></html>"
    )


def test_a_template_lang_is_corrected_by_the_text() -> None:
    record = extract(_page("en-US"), "https://zeitung.example/2025/03/04/schule-saniert")
    assert record is not None and record["language"] == "de"


def test_a_matching_declaration_and_no_declaration_both_give_the_text_language() -> None:
    for lang in ("de", None):
        record = extract(_page(lang), "https://zeitung.example/2025/03/04/schule-saniert")
        assert record is not None and record["language"] == "de"
