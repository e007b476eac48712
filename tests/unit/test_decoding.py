"""decode_html: BOM, then HTTP header, then <meta>, each checked against the bytes; detection
when none is usable. And control characters never reach a record."""

from __future__ import annotations

import pytest

from herald_scraper.decoding import decode_html
from herald_scraper.items import Article

FR = "Le café était fermé à cause de la grève. Ça coûte très cher, dit-il à l'élève."
RU = "Правительство объявило о новых мерах поддержки экономики в понедельник."
JA = "東京都は月曜日、新しい経済対策を発表しました。市民の生活を支援するためです。"


def page(text: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    return (
        f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"
    )


@pytest.mark.parametrize(
    ("html", "encoding", "content_type"),
    [
        (page(JA), "shift_jis", "text/html; charset=Shift_JIS"),
        (page(JA, "shift_jis"), "shift_jis", "text/html"),
        (page(RU), "cp1251", "text/html; charset=windows-1251"),
        (page(RU, "windows-1251"), "cp1251", "text/html"),
        (page(FR), "latin-1", "text/html"),  # undeclared latin-1
        (page(FR), "latin-1", None),
        (page(FR), "utf-8", None),
        (page(FR), "cp1252", "text/html; charset=ISO-8859-1"),
    ],
)
def test_declared_and_undeclared_charsets(
    html: str, encoding: str, content_type: str | None
) -> None:
    assert decode_html(html.encode(encoding), content_type) == html


@pytest.mark.parametrize("bom_codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bom_wins_even_without_a_declared_charset(bom_codec: str) -> None:
    html = page(FR + JA)
    body = html.encode(bom_codec)
    if bom_codec == "utf-16-be":
        body = b"\xfe\xff" + body
    assert decode_html(body, "text/html") == html
    assert decode_html(body, "text/html; charset=iso-8859-1") == html  # BOM beats the header


def test_header_contradicted_by_the_bytes_falls_back() -> None:
    ru = page(RU)
    assert decode_html(ru.encode("cp1251"), "text/html; charset=utf-8") == ru
    fr = page(FR)
    # a UTF-8 page declared latin-1: no mojibake (Ã©)
    assert decode_html(fr.encode("utf-8"), "text/html; charset=iso-8859-1") == fr
    # header contradicted, <meta> right
    ru_meta = page(RU, "windows-1251")
    assert decode_html(ru_meta.encode("cp1251"), "text/html; charset=utf-8") == ru_meta
    # an 8-bit page wrongly declaring UTF-16
    assert decode_html(fr.encode("utf-8"), "text/html; charset=utf-16") == fr


def test_a_stray_byte_does_not_turn_utf8_into_mojibake() -> None:
    html = page(FR * 3)
    text = decode_html(html.encode("utf-8") + b"\xff", "text/html; charset=utf-8")
    assert text.startswith(html) and text.endswith("\ufffd")


def test_control_characters_never_reach_the_record() -> None:
    record = {
        "text": "First\x00 line\r\nSecond \x1b[31mline\x7f\x85\tend\rthird",
        "title": "Title\x07",
        "authors": ["Jane\x00 Mercer"],
    }
    article = Article.from_extraction(record, url="https://n.example/a", source="urls")
    assert article.text == "First line\nSecond [31mline\tend\nthird"
    assert article.title == "Title" and article.authors == ["Jane Mercer"]
    assert article.word_count == len(article.text.split())
    clean = Article.from_extraction(
        {"text": "First line\nSecond [31mline\tend\nthird"},
        url="https://n.example/a",
        source="urls",
    )
    assert article.content_hash == clean.content_hash
