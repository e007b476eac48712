"""CI quality gate: extraction on the validate halves of the benchmark dev splits must not regress.

Rules and thresholds are written looking at the *tune* half of each corpus only
(``half_of(page_id)``, ``../shared/benchmarks/README.md`` "Tuning honestly"); the floors are on the
*validate* half, which judges them. Reads the dev splits at run time from
``<repo>/../shared/benchmarks`` (override with ``HERALD_BENCHMARKS``); they are never copied into
the repository, so the gate skips, saying why, where they are absent. The gate set's article pages
(``fixtures/gate``: old table layouts and modern CMS templates built here) are a third corpus.
Runs herald only (about a minute on 2 cores); ``herald-scraper eval DATASET --compare trafilatura
--compare readability`` gives the side-by-side figures for both halves.

Floors sit a little (~0.005) under what the extractor reaches, so noise-free changes pass and a
real regression fails. Raise them when quality improves; never lower them to make a change pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from herald_scraper.evaluation.datasets import Dataset
from herald_scraper.evaluation.extractors import get_extractor
from herald_scraper.evaluation.runner import RunResult, run

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = Path(os.environ.get("HERALD_BENCHMARKS") or ROOT.parent / "shared" / "benchmarks")
GATE_SET = ROOT / "fixtures" / "gate"

# dataset -> validate-half (precision floor, recall floor, F1 floor)
FLOORS: dict[str, tuple[float, float, float]] = {
    "aeb-dev": (0.980, 0.983, 0.982),  # validate reached: P 0.9846 R 0.9898 F1 0.9872
    "segments-dev": (0.956, 0.940, 0.948),  # validate reached: P 0.9613 R 0.9469 F1 0.9540
    "gate": (0.922, 0.938, 0.930),  # validate reached: P 0.9288 R 0.9447 F1 0.9367
}

_results: dict[str, RunResult] = {}


def _result(name: str) -> RunResult:
    folder = GATE_SET if name == "gate" else BENCHMARKS / name
    if not folder.is_dir():
        pytest.skip(f"benchmark {folder} not present (set HERALD_BENCHMARKS to its parent folder)")
    if name not in _results:
        _results[name] = run(Dataset(folder), "herald", get_extractor("herald"))
    return _results[name]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_extraction_quality_floor_on_the_validate_half(name: str) -> None:
    result = _result(name)
    validate, tune = result.half("validate"), result.half("tune")
    scores = validate.scores
    p_floor, r_floor, f1_floor = FLOORS[name]
    figures = (
        f"{name} validate: P {scores.precision:.4f} R {scores.recall:.4f} F1 {scores.f1:.4f}"
        f" (tune F1 {tune.scores.f1:.4f})"
    )
    worst = ", ".join(p.id[:12] for p in validate.worst(5))
    assert scores.f1 >= f1_floor, f"F1 below {f1_floor}: {figures}; worst pages: {worst}"
    assert scores.precision >= p_floor, f"precision below {p_floor}: {figures}"
    assert scores.recall >= r_floor, f"recall below {r_floor}: {figures}"


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_extraction_never_raises_on_the_benchmarks(name: str) -> None:
    result = _result(name)
    assert result.errors == [], [f"{p.id}: {p.error}" for p in result.errors]
