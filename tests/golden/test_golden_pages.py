"""Golden fixtures: each saved page in fixtures/pages yields exactly its hand-written record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herald_scraper import extract

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
CASES = sorted(p.name.removesuffix(".expected.json") for p in PAGES.glob("*.expected.json"))


def _load(case: str) -> tuple[bytes, dict]:
    return (PAGES / f"{case}.html").read_bytes(), json.loads(
        (PAGES / f"{case}.expected.json").read_text(encoding="utf-8")
    )


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 7


@pytest.mark.parametrize("case", CASES)
def test_golden_page(case: str) -> None:
    html, expected = _load(case)
    record = extract(html, expected["url"])
    if not expected["article"]:
        assert record is None, f"{case} is not an article but yielded {record and record['title']}"
        return
    assert record is not None, f"{case}: no record"
    for key, want in expected["record"].items():
        got = record[key]
        if key.startswith("date_") and isinstance(want, str) and len(want) == 10 and got:
            got = got[:10]  # expected files give the day; records may carry the time too
        if key == "text":
            assert got.split("\n") == want.split("\n"), f"{case}: text differs"
        else:
            assert got == want, f"{case}: {key}"


@pytest.mark.parametrize("case", [c for c in CASES if _load(c)[1]["article"]])
def test_golden_record_has_no_boilerplate_lines(case: str) -> None:
    """Independent of the expected text: no kept line matches a boilerplate rule."""
    from herald_scraper.extraction.boilerplate import line_rule

    html, expected = _load(case)
    record = extract(html, expected["url"])
    assert record is not None
    assert [line for line in record["text"].split("\n") if line_rule(line)] == []
