"""The Article record: exact JSON keys, derived fields, hash normalisation, date shapes."""

from __future__ import annotations

import json
from datetime import date, datetime

from herald_scraper import extract
from herald_scraper.items import (
    SCHEMA_VERSION,
    Article,
    content_hash,
    record_date,
    utc_timestamp,
)

KEYS = [
    "url", "canonical_url", "title", "authors", "date_published", "date_modified", "language",
    "site_name", "description", "categories", "tags", "image", "text", "word_count", "paywalled",
    "source", "fetched_at", "content_hash", "schema_version",
]  # fmt: skip


def test_json_form_has_exactly_the_contract_keys() -> None:
    assert list(Article(url="https://x.example/a").to_dict()) == KEYS


def test_from_extraction_derives_counts_hash_and_defaults() -> None:
    record = {"title": "T", "text": "One two three.\nFour five.", "authors": ["A"], "junk": 1}
    article = Article.from_extraction(record, url="https://x.example/a", source="feed")
    assert article.word_count == 5
    assert article.content_hash == content_hash("One two three.\nFour five.")
    assert article.canonical_url == "https://x.example/a"
    assert article.source == "feed" and article.schema_version == SCHEMA_VERSION
    assert article.fetched_at.endswith("Z")


def test_content_hash_ignores_whitespace_and_case_but_not_words() -> None:
    assert content_hash("Hello  World\n") == content_hash("hello world")
    assert content_hash("hello world") != content_hash("hello there world")


def test_dates_take_one_shape_each() -> None:
    assert record_date("2024-06-10") == "2024-06-10"
    assert record_date("2024-06-10T08:30:00+02:00") == "2024-06-10T08:30:00+02:00"  # own offset
    assert record_date("2024-06-10T08:30:00.123456-05:00") == "2024-06-10T08:30:00-05:00"
    assert record_date("2024-06-10T08:30:00Z") == "2024-06-10T08:30:00+00:00"
    # a naive timestamp names no instant: only its day is kept
    assert record_date("2024-06-10T23:30:00") == "2024-06-10"
    assert record_date(datetime(2024, 6, 10, 23, 30)) == "2024-06-10"
    assert record_date(date(2024, 6, 10)) == "2024-06-10"
    assert record_date("next Tuesday") is None and record_date(None) is None


def test_an_article_never_holds_a_naive_date_and_fetched_at_is_utc_z() -> None:
    article = Article(
        url="https://x.example/a",
        date_published="2024-06-10T08:30:00",
        date_modified="2024-06-11T09:00:00+02:00",
        fetched_at="2024-06-12T10:00:00.5+02:00",
    )
    assert article.date_published == "2024-06-10"
    assert article.date_modified == "2024-06-11T09:00:00+02:00"
    assert article.fetched_at == "2024-06-12T08:00:00Z"
    assert utc_timestamp("2024-06-12T10:00:00") == "2024-06-12T10:00:00Z"


def test_extraction_writes_a_naive_declared_timestamp_as_its_day() -> None:
    body = "<p>" + "The council met on Tuesday to discuss the new budget for schools. " * 8
    html = (
        '<html><head><meta property="article:published_time" content="2024-06-10T08:30:00">'
        '<meta property="article:modified_time" content="2024-06-11T10:00:00">'
        f"<title>Budget</title></head><body><article><h1>Budget</h1>{body}</p></article></body></html>"
    )
    record = extract(html, "https://n.example/news/budget", article_only=False)
    assert record is not None
    assert record["date_published"] == "2024-06-10"
    assert record["date_modified"] == "2024-06-11"


def test_schema_version_is_an_integer() -> None:
    # "1.0" loads as the float 1.0 in pandas; an integer stays what it is everywhere
    assert isinstance(SCHEMA_VERSION, int)
    assert (
        json.loads(json.dumps(Article(url="https://x.example/a").to_dict()))["schema_version"]
        == SCHEMA_VERSION
    )
