"""Which cleaner rules earn their keep: each rule or stage switched off, F1 on both halves.

    python benchmarks/ablation.py [--benchmarks ../shared/benchmarks] [--only line|dom|stage]

For every line rule (by name), DOM rule (by name) and pipeline stage (structural widgets, old
markup, deks, chunks, lead repeats, context spread), herald runs over both dev
corpora with that one thing switched off (``article_only=False``, as the segments corpus needs)
and prints F1 on the tune and validate halves and the change against the full cleaner. A rule
"helps" when switching it off *lowers* validate F1; one that only moves tune was fitted to the
pages it was written on ("Tuning honestly" in ``../shared/benchmarks/README.md``).

Line-rule runs reuse trafilatura's pass of the full run (line rules act after it), so the whole
table takes ~20 minutes on 2 cores; DOM rules and stages change what trafilatura sees and rerun it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import herald_scraper.extraction.boilerplate as boilerplate
import herald_scraper.extraction.pipeline as pipeline
from herald_scraper.evaluation.datasets import HALVES, Dataset, half_of
from herald_scraper.evaluation.metrics import aeb_scores, segment_scores
from herald_scraper.evaluation.runner import score

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("aeb-dev", "segments-dev")


class Ablation:
    def __init__(self, benchmarks: Path) -> None:
        self.sets = {}
        for name in CORPORA:
            ds = Dataset(benchmarks / name)
            self.sets[name] = (ds.kind, list(ds.pages()))
        self.cache: dict[tuple[str, str], Any] = {}
        self.use_cache = False
        self.current: tuple[str, str] = ("", "")
        self._main = pipeline.main_content
        pipeline.main_content = self._cached_main  # type: ignore[assignment]

    def _cached_main(self, tree: Any, url: str | None) -> Any:
        if self.use_cache and self.current in self.cache:
            return self.cache[self.current]
        doc = self._main(tree, url)
        if not self.use_cache:
            self.cache[self.current] = doc
        return doc

    def run(self) -> dict[str, float]:
        out = {}
        for name, (kind, pages) in self.sets.items():
            matches: dict[str, list[Any]] = {h: [] for h in HALVES}
            for page in pages:
                self.current = (name, page.id)
                record = pipeline.extract(page.html, page.url, article_only=False)
                text = (record or {}).get("text") or ""
                matches[half_of(page.id)].append(score(kind, page.gold, text))
            for half, found in matches.items():
                s = aeb_scores(found) if kind == "aeb" else segment_scores(found)
                out[f"{name.split('-')[0]}-{half}"] = s.f1
        return out


@contextmanager
def patched(module: Any, name: str, value: Any) -> Iterator[None]:
    saved = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, saved)


def show(label: str, res: dict[str, float], base: dict[str, float] | None = None) -> None:
    cells = "  ".join(
        f"{k} {v:.4f}" + (f" ({v - base[k]:+.4f})" if base else "") for k, v in res.items()
    )
    print(f"{label:<28} {cells}", flush=True)


def _none(*_args: Any, **_kwargs: Any) -> list[Any]:
    return []


STAGES: dict[str, tuple[Any, str, Callable[..., Any]]] = {
    "widgets (structural)": (pipeline, "prune_widgets", _none),
    "layout tables": (pipeline, "unwrap_layout_tables", lambda tree: 0),
    "<br><br> paragraphs": (pipeline, "paragraphs_from_breaks", lambda tree: 0),
    "deks": (pipeline, "prune_deks", _none),
}
LINE_STAGES: dict[str, tuple[Any, str, Callable[..., Any]]] = {
    "chunks": (pipeline, "merge_chunks", lambda tree, lines: lines),
    "lead repeats": (pipeline, "_drop_lead_repeats", lambda blocks, record: (blocks, [])),
    "context spread": (boilerplate, "spread", lambda lines, marks, kinds=None: list(marks)),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmarks", type=Path, default=ROOT.parent / "shared" / "benchmarks")
    parser.add_argument("--only", choices=("line", "dom", "stage"))
    args = parser.parse_args(argv)
    if not all((args.benchmarks / c).is_dir() for c in CORPORA):
        print(f"error: {args.benchmarks} lacks {' and '.join(CORPORA)}", file=sys.stderr)
        return 2
    ab = Ablation(args.benchmarks)
    base = ab.run()
    show("full cleaner", base)
    ab.use_cache = True  # line rules act after trafilatura: reuse its pass
    if args.only in (None, "line"):
        rules = boilerplate.LINE_RULES
        for name in dict.fromkeys(r.name for r in rules):
            kept = tuple(r for r in rules if r.name != name)
            with patched(boilerplate, "LINE_RULES", kept):
                show(f"-line:{name}", ab.run(), base)
        with patched(boilerplate, "LINE_RULES", ()):
            show("-line:ALL", ab.run(), base)
        for label, (module, attr, value) in LINE_STAGES.items():
            with patched(module, attr, value):
                show(f"-{label}", ab.run(), base)
    ab.use_cache = False
    if args.only in (None, "dom"):
        for name in [n for n, _ in boilerplate.DOM_RULES] + ["ALL"]:
            kept_dom = tuple(r for r in boilerplate.DOM_RULES if name != "ALL" and r[0] != name)
            with patched(boilerplate, "DOM_RULES", kept_dom):
                show(f"-dom:{name}", ab.run(), base)
    if args.only in (None, "stage"):
        for label, (module, attr, value) in STAGES.items():
            with patched(module, attr, value):
                show(f"-{label}", ab.run(), base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
