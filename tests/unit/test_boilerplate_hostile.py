"""Line rules on hostile lines: long runs of punctuation, digits or letters must not make a
pattern backtrack for seconds (a hang guard with a generous bound, not a speed target)."""

from __future__ import annotations

import random
import time

from herald_scraper.extraction.boilerplate import MAX_RULE_CHARS, line_rule


def _hostile_lines() -> list[str]:
    rng = random.Random(7)
    lines = ["-" * 5000, "-" * (MAX_RULE_CHARS - 1), "." * (MAX_RULE_CHARS - 1), "1." * 2500]
    lines += ["©" * (MAX_RULE_CHARS - 1), "AB" * 2000, "Jan " * 12 + "x", "12 " * 12 + "x"]
    lines += ["".join(rng.choice("aA1.:,-| ") for _ in range(MAX_RULE_CHARS)) for _ in range(5)]
    return lines


def test_hostile_lines_are_judged_quickly() -> None:
    started = time.perf_counter()
    for line in _hostile_lines():
        line_rule(line)
    assert time.perf_counter() - started < 2.0  # catastrophic backtracking takes seconds per line


def test_a_near_date_line_is_judged_without_backtracking_and_correctly() -> None:
    # once took >1 s: a date followed by more metadata, not a date stamp alone
    line = (
        "Veröffentlicht: 05.01.2020 Abgelegt unter: Canon Powershot S110, Fotografie | Tags: "
        "Abendhimmel, Gegenlicht, Silhouette 5 Kommentare"
    )
    started = time.perf_counter()
    assert line_rule(line) == "meta_label"
    assert time.perf_counter() - started < 0.5
    assert line_rule("Publié le 22 septembre 2025 à 07h30") == "meta_label"
    assert line_rule("Actualizado: 12 de diciembre del 2024") == "meta_label"
