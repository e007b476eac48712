"""Body text normalisation: invisible typesetting characters out, Unicode composed (NFC)."""

from __future__ import annotations

import unicodedata

from herald_scraper import extract
from herald_scraper.extraction.engine import normalize_text


def test_soft_hyphens_and_zero_width_spaces_are_dropped() -> None:
    assert normalize_text("Ver\u00adkehrs\u00administer\u200b sagte") == "Verkehrsminister sagte"


def test_text_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Élodie Marchal, Bürgermeisterin")
    assert normalize_text(decomposed) == "Élodie Marchal, Bürgermeisterin"


def test_a_page_hyphenated_for_layout_reads_as_plain_words() -> None:
    para = (
        "Der Ver\u00adkehrs\u00adaus\u00adschuss hat am Dienstag beschlossen, die Brücke an der "
        "Hafenstraße für achtzehn Monate zu sperren, teilte die Stadt am Mittwoch mit."
    )
    html = (
        '<html lang="de"><head><title>Brücke</title></head><body><article><h1>Brücke</h1>'
        + f"<p>{para}</p>" * 3
        + "</article></body></html>"
    )
    record = extract(html, "https://zeitung.example/2025/06/03/bruecke", article_only=False)
    assert record is not None
    assert "Verkehrsausschuss hat" in record["text"] and "\u00ad" not in record["text"]
