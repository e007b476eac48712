"""``extract()`` never raises: hostile and odd inputs yield None (or a record) and a reason."""

from __future__ import annotations

import pytest

from herald_scraper import extract, extract_page

ARTICLE = (
    "<html lang='en'><head><title>Council passes budget</title></head><body><article>"
    "<h1>Council passes budget</h1>"
    + "".join(
        f"<p>The council approved the budget on Thursday after a debate that lasted {n} hours, "
        f"with opposition members warning that cuts of {n * 3}% would hit libraries hardest.</p>"
        for n in range(2, 8)
    )
    + "</article></body></html>"
)

HOSTILE: dict[str, object] = {
    "empty bytes": b"",
    "empty str": "",
    "whitespace": b"   \n\t ",
    "none": None,
    "int": 42,
    "binary": bytes(range(256)) * 40,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj",
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    "gzip": b"\x1f\x8b\x08\x00" + b"\x00" * 100,
    "json": b'{"title": "not html", "body": "<p>hi</p>"}',
    "json list": b'[{"a": 1}]',
    "plain text": b"Just some words without any markup at all. " * 20,
    "html only": b"<html>",
    "html empty body": b"<html><head></head><body></body></html>",
    "comment only": b"<!-- nothing here -->",
    "invalid utf8": b"<html><body><p>" + b"\xff\xfe\xc3\x28 caf\xe9 " * 200 + b"</p></body></html>",
    "utf16": ARTICLE.encode("utf-16"),
    "lone surrogate str": "<html><body><p>bad \ud800 char " + "word " * 100 + "</p></body></html>",
    "nested divs": b"<html><body>"
    + b"<div>" * 5000
    + b"deep"
    + b"</div>" * 5000
    + b"</body></html>",
    "unclosed tags": b"<html><body>" + b"<p><b><i><table><tr><td>" * 500,
    "script only": b"<html><head><script>while(true){}</script></head></html>",
    "huge attribute": b'<html><body><div class="' + b"x" * 1_000_000 + b'">hi</div></body></html>',
    "broken json-ld": b'<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
    b'"hasPart": {"cssSelector": "[[[", "isAccessibleForFree": false}</script></head>'
    b"<body><p>Text.</p></body></html>",
    "xml": b'<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>',
    "nul bytes": b"<html><body>\x00\x00<p>hi</p>" + b"\x00" * 100 + b"</body></html>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_extract_never_raises(name: str) -> None:
    data = HOSTILE[name]
    record = extract(data, "https://news.example/2024/06/10/story")  # type: ignore[arg-type]
    assert record is None or isinstance(record, dict)
    result = extract_page(data, None)  # type: ignore[arg-type]
    assert result.reason == "ok" or result.record is None
    assert result.reason  # always a stated reason


@pytest.mark.parametrize("name", ["empty bytes", "pdf", "json", "binary", "none", "plain text"])
def test_non_html_has_a_not_html_reason(name: str) -> None:
    result = extract_page(HOSTILE[name], "https://news.example/x")  # type: ignore[arg-type]
    assert result.record is None
    assert result.reason.startswith("not_html/")


def test_str_and_bytes_give_the_same_record() -> None:
    url = "https://news.example/2024/06/10/council-passes-the-budget"
    from_str = extract(ARTICLE, url)
    from_bytes = extract(ARTICLE.encode("utf-8"), url)
    assert from_str is not None and from_str == from_bytes
    assert from_str["text"].count("council approved") == 6


def test_none_url_still_extracts_with_the_gate_off() -> None:
    record = extract(ARTICLE, None, article_only=False)
    assert record is not None and "council approved" in record["text"]
    assert record["canonical_url"] is None


def test_latin1_page_is_decoded() -> None:
    html = ARTICLE.replace("budget", "budget du café").encode("latin-1")
    record = extract(html, None, article_only=False)
    assert record is not None and "café" in record["text"]
