"""CI floors of the article gate: recall on every article page we have, rejection on the gate
set's non-article pages (``fixtures/gate``, built by ``fixtures/tools/build_gate_set.py``).

Recall pools the gate set's articles, the golden articles, the fixture site's articles and, when
``../shared/benchmarks`` is present (override with ``HERALD_BENCHMARKS``), the AEB dev split
(all articles). ``python benchmarks/gate.py`` prints the same figures per source and half.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

from herald_scraper.evaluation import gate_pages
from herald_scraper.evaluation.gate_pages import GatePage
from herald_scraper.extraction import extract_page

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = Path(os.environ.get("HERALD_BENCHMARKS") or ROOT.parent / "shared" / "benchmarks")
GATE = ROOT / "fixtures" / "gate"

#: Articles kept / article pages, over all sources: the gate must not cost articles.
RECALL_FLOOR = 0.99
#: Non-articles rejected / non-article pages of the gate set (reached: 0.95; validate half 0.93).
REJECTION_FLOOR = 0.93

_verdicts: dict[tuple[str, str], str] = {}


def _reason(page: GatePage) -> str:
    key = (page.source, page.id)
    if key not in _verdicts:
        _verdicts[key] = extract_page(page.html(), page.url or None).reason
    return _verdicts[key]


def _misses(pages: list[GatePage]) -> list[str]:
    return [
        f"{p.source}:{p.id} -> {_reason(p)}" for p in pages if (_reason(p) == "ok") != p.is_article
    ]


def test_gate_set_is_large_and_varied() -> None:
    pages = list(gate_pages.gate_set())
    others = [p for p in pages if not p.is_article]
    articles = [p for p in pages if p.is_article]
    assert len(others) >= 150 and len(articles) >= 80
    assert len({p.kind for p in others}) >= 10
    assert len({p.family for p in pages}) >= 13
    assert {p.half for p in others} == {"tune", "validate"}


def test_gate_set_is_what_the_builder_makes(tmp_path: Path) -> None:
    """The committed pages are the seeded builder's output (regenerate after changing it)."""
    spec = importlib.util.spec_from_file_location(
        "build_gate_set", ROOT / "fixtures" / "tools" / "build_gate_set.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    labels = module.build(tmp_path)
    assert labels == json.loads((GATE / "labels.json").read_text(encoding="utf-8"))
    for name in sorted(labels)[::25]:
        assert (tmp_path / name).read_bytes() == (GATE / name).read_bytes(), name


def test_recall_on_every_article_page() -> None:
    pages = [
        *gate_pages.gate_set(),
        *gate_pages.golden_pages(),
        *gate_pages.site_pages(),
        *gate_pages.aeb_pages(BENCHMARKS / "aeb-dev"),
    ]
    articles = [p for p in pages if p.is_article]
    missed = _misses(articles)
    recall = 1 - len(missed) / len(articles)
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f} < {RECALL_FLOOR}: {missed}"


def test_recall_on_aeb_dev() -> None:
    folder = BENCHMARKS / "aeb-dev"
    if not folder.is_dir():
        pytest.skip(f"benchmark {folder} not present (set HERALD_BENCHMARKS to its parent folder)")
    pages = list(gate_pages.aeb_pages(folder))
    missed = _misses(pages)
    assert 1 - len(missed) / len(pages) >= RECALL_FLOOR, missed


def test_rejection_on_gate_set_non_articles() -> None:
    others = [p for p in gate_pages.gate_set() if not p.is_article]
    kept = _misses(others)
    rejection = 1 - len(kept) / len(others)
    assert rejection >= REJECTION_FLOOR, f"rejection {rejection:.3f} < {REJECTION_FLOOR}: {kept}"


def test_fixture_site_and_golden_non_articles_are_all_rejected() -> None:
    others = [p for p in (*gate_pages.golden_pages(), *gate_pages.site_pages()) if not p.is_article]
    assert len(others) >= 10
    assert _misses(others) == []
