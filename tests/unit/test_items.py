"""The Article record: exact JSON keys, derived fields, hash normalisation."""

from __future__ import annotations

from herald_scraper.items import SCHEMA_VERSION, Article, content_hash

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
