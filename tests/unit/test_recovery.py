"""A run killed between writing a line and recording it: the next run records the article if
its line is on disk, and forgets the note otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from herald_scraper.pipelines.state import recover_writes
from herald_scraper.state import CrawlState


def test_recover_writes(tmp_path: Path) -> None:
    state = CrawlState.open(tmp_path / "state.sqlite3")
    out = tmp_path / "out.jsonl"
    first = json.dumps({"url": "https://n.example/a", "canonical_url": "https://n.example/a"})
    second = json.dumps({"url": "https://n.example/b", "canonical_url": "https://n.example/b"})
    out.write_text(first + "\n" + second[:20], encoding="utf-8")  # b torn by the kill
    state.begin_write("https://n.example/a", "hash-a", str(out), 0)
    state.begin_write("https://n.example/b", "hash-b", str(out), len(first) + 1)
    state.begin_write("https://n.example/c", "hash-c", str(tmp_path / "missing.jsonl"), 0)
    recover_writes(state)
    assert state.article("https://n.example/a") is not None  # on disk: recorded
    assert state.article("https://n.example/b") is None  # torn: the next run writes it
    assert state.article("https://n.example/c") is None
    assert state.unfinished_writes() == []
    # the torn piece is cut, so every line of the killed run's file is valid JSON
    assert out.read_text(encoding="utf-8") == first + "\n"


def test_recovery_cuts_only_a_torn_end_of_file(tmp_path: Path) -> None:
    state = CrawlState.open(tmp_path / "state.sqlite3")
    out = tmp_path / "out.jsonl"
    line = json.dumps({"url": "https://n.example/a", "canonical_url": "https://n.example/a"})
    later = json.dumps({"url": "https://n.example/z", "canonical_url": "https://n.example/z"})
    out.write_text(f"{line}\n{later}\n", encoding="utf-8")
    # a note whose offset does not hold its record, with whole lines after it: left alone
    state.begin_write("https://n.example/b", "hash-b", str(out), len(line) + 1)
    recover_writes(state)
    assert state.article("https://n.example/b") is None
    assert out.read_text(encoding="utf-8") == f"{line}\n{later}\n"
