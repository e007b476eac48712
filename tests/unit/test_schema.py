"""The record's JSON Schema: derived from the Article dataclass, and it rejects what the contract
forbids (naive dates, a float schema_version, unknown keys)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from herald_scraper.cli import main
from herald_scraper.items import SCHEMA_VERSION, Article
from herald_scraper.schema import field_docstrings, record_schema

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")


def _valid_record(**changes: object) -> dict[str, object]:
    record = Article.from_extraction(
        {"title": "T", "text": "One two three.", "date_published": "2024-06-10T08:30:00+02:00"},
        url="https://n.example/a",
        source="urls",
    ).to_dict()
    record.update(changes)
    return record


def _errors(record: dict[str, object]) -> list[str]:
    validator = jsonschema.Draft202012Validator(record_schema())
    return [e.message for e in validator.iter_errors(record)]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_every_field_is_a_required_property_with_its_docstring() -> None:
    schema = record_schema()
    names = [f.name for f in dataclasses.fields(Article)]
    assert list(schema["properties"]) == names == schema["required"]
    assert schema["additionalProperties"] is False
    docs = field_docstrings(Article)
    assert set(docs) == set(names)  # every field is documented in items.py
    assert schema["properties"]["date_published"]["description"] == docs["date_published"]
    assert "never a naive timestamp" in docs["date_published"]


def test_types_follow_the_annotations() -> None:
    props = record_schema()["properties"]
    assert props["title"]["type"] == ["string", "null"]
    assert props["authors"] == {**props["authors"], "type": "array", "items": {"type": "string"}}
    assert props["word_count"]["type"] == "integer"
    assert props["paywalled"]["type"] == "boolean"
    assert props["schema_version"]["const"] == SCHEMA_VERSION


def test_a_record_validates_and_broken_ones_do_not() -> None:
    assert _errors(_valid_record()) == []
    assert _errors(_valid_record(date_published="2024-06-10")) == []
    assert _errors(_valid_record(date_modified="2024-06-10T08:30:00Z")) == []
    assert _errors(_valid_record(date_published="2024-06-10T08:30:00"))  # naive
    assert _errors(_valid_record(fetched_at="2024-06-10T08:30:00+00:00"))  # not Z
    assert _errors(_valid_record(schema_version="1.0"))
    assert _errors(_valid_record(source="elsewhere"))
    assert _errors(_valid_record(extra=1))
    record = _valid_record()
    del record["tags"]
    assert _errors(record)


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == record_schema()
