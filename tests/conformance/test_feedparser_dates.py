"""feedparser's date cases (``feedparser/test_date_parsers.py``) against herald's feed date parser.

Each case names one of feedparser's handlers, an input string and the expected UTC time tuple
(or None). herald has one entry point for any date a feed gives, :func:`parse_feed_datetime`
(the handlers are tried in turn), so every case is run through it and the first six fields of
the tuple (year to second, in UTC) are compared. The cases are read from the peer's file at
test time (its ``parametrize`` list, by ``ast``), never copied here.
"""

from __future__ import annotations

import ast
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from herald_scraper.discovery.dates import parse_feed_datetime
from tests.conformance.peers import conformance_dir, peer_dir

# Where herald gives another result on purpose: input -> (herald's result, why).
ON_PURPOSE: dict[str, tuple[Any, str]] = {
    "22013": (
        (2022, 1, 13, 0, 0, 0),
        "the case tests feedparser's W3C handler alone; herald has one chain for every feed date "
        "and its ISO 8601 step reads YYDDD, the very form of feedparser's own case '03335' "
        "(2003, day 335), so '22013' is 2022, day 13",
    ),
}


def _cases(path: Path) -> list[tuple[str, str | None, Any]]:
    """(handler name, input, expected) from the ``parametrize`` list of the peer's test file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    cases: list[tuple[str, str | None, Any]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize":
            for item in node.args[1].elts:  # type: ignore[attr-defined]
                handler, text, expected = item.elts
                cases.append((handler.id, ast.literal_eval(text), ast.literal_eval(expected)))
    # The two stand-alone tests: None in, None out; a year-10000 date is None.
    cases.append(("_parse_date", None, None))
    cases.append(("_parse_date_rfc822", "Sun, 31 Dec 9999 23:59:59 -9999", None))
    return cases


_FILE = conformance_dir() / "feedparser" / "test_date_parsers.py"
CASES = _cases(_FILE) if _FILE.is_file() else []


def herald_tuple(text: str | None) -> tuple[int, ...] | None:
    parsed = parse_feed_datetime(text)
    return None if parsed is None else tuple(parsed.astimezone(UTC).timetuple())[:6]


def test_peer_cases_present() -> None:
    peer_dir("feedparser")
    assert len(CASES) >= 70, "feedparser's date cases could not be read"


@pytest.mark.parametrize(
    ("handler", "text", "expected"), CASES, ids=[f"{h}:{t!r}" for h, t, _ in CASES]
)
def test_feedparser_date_case(handler: str, text: str | None, expected: Any) -> None:
    want = tuple(expected[:6]) if expected is not None else None
    if text in ON_PURPOSE:
        want = ON_PURPOSE[text][0]
    assert herald_tuple(text) == want
