"""Run extractors over a dataset: per-page output, timing and scores.

One failing page never stops a run: an exception counts as empty output and is recorded with
its message, so a crash shows up as a lost page in the scores *and* in the report.
``run_many`` interleaves the extractors page by page so background load on the (shared)
machine hits every extractor equally and the speed ratio stays meaningful.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from herald_scraper.evaluation.datasets import Dataset, Half, Kind, Page, SegmentGold, half_of
from herald_scraper.evaluation.extractors import Extractor
from herald_scraper.evaluation.metrics import (
    Scores,
    SegmentMatch,
    ShingleMatch,
    aeb_scores,
    segment_match,
    segment_scores,
    shingle_match,
)

logger = logging.getLogger(__name__)


@dataclass
class PageResult:
    """One extractor on one page."""

    id: str
    url: str | None
    seconds: float
    output: str
    match: ShingleMatch | SegmentMatch
    error: str | None = None

    @property
    def badness(self) -> float:
        """Sort key for "worst pages": low F1 (AEB) or many FN+FP (segments) ranks first."""
        if isinstance(self.match, ShingleMatch):
            return 1.0 - self.match.f1
        return float(self.match.errors)


@dataclass
class RunResult:
    """One extractor over a dataset."""

    extractor: str
    kind: Kind
    pages: list[PageResult] = field(default_factory=list)

    @property
    def scores(self) -> Scores:
        """Dataset-level P/R/F1 with the benchmark's own aggregation."""
        if self.kind == "aeb":
            return aeb_scores([p.match for p in self.pages if isinstance(p.match, ShingleMatch)])
        return segment_scores(p.match for p in self.pages if isinstance(p.match, SegmentMatch))

    @property
    def errors(self) -> list[PageResult]:
        """Pages where the extractor raised."""
        return [p for p in self.pages if p.error is not None]

    @property
    def empty(self) -> int:
        """Pages with empty output (rejected, nothing found, or crashed)."""
        return sum(1 for p in self.pages if not p.output.strip())

    @property
    def total_seconds(self) -> float:
        """Sum of per-page extraction times (excludes loading and scoring)."""
        return sum(p.seconds for p in self.pages)

    @property
    def pages_per_second(self) -> float:
        """Throughput over extraction time only."""
        total = self.total_seconds
        return len(self.pages) / total if total else 0.0

    @property
    def median_ms(self) -> float:
        """Median extraction time per page in milliseconds."""
        return statistics.median(p.seconds for p in self.pages) * 1000 if self.pages else 0.0

    def half(self, half: Half) -> RunResult:
        """The same run restricted to the pages of one half (tune or validate)."""
        return RunResult(
            self.extractor, self.kind, [p for p in self.pages if half_of(p.id) == half]
        )

    def worst(self, n: int) -> list[PageResult]:
        """The ``n`` worst pages, worst first (ties keep dataset order)."""
        return sorted(self.pages, key=lambda p: -p.badness)[:n]

    def to_dict(self, worst: int = 10) -> dict:
        """All figures as JSON-ready data (per-page scores included, outputs omitted)."""
        s = self.scores
        return {
            "extractor": self.extractor,
            "kind": self.kind,
            "pages": len(self.pages),
            "precision": s.precision,
            "recall": s.recall,
            "f1": s.f1,
            "pages_per_second": self.pages_per_second,
            "median_ms": self.median_ms,
            "total_seconds": self.total_seconds,
            "empty": self.empty,
            "errors": [{"id": p.id, "url": p.url, "error": p.error} for p in self.errors],
            "worst": [p.id for p in self.worst(worst)],
            "per_page": [_page_dict(p) for p in self.pages],
        }


def _page_dict(p: PageResult) -> dict:
    m = p.match
    d: dict = {"id": p.id, "url": p.url, "ms": p.seconds * 1000, "error": p.error}
    if isinstance(m, ShingleMatch):
        d.update(tp=m.tp, fp=m.fp, fn=m.fn, precision=m.precision, recall=m.recall, f1=m.f1)
    else:
        d.update(tp=m.tp, fn=m.fn, fp=m.fp, tn=m.tn)
    return d


def score(kind: Kind, gold: str | SegmentGold, output: str) -> ShingleMatch | SegmentMatch:
    """Score one output against its gold with the dataset's metric."""
    if isinstance(gold, SegmentGold):
        return segment_match(gold, output)
    return shingle_match(gold, output)


def run_page(name: str, extractor: Extractor, page: Page, kind: Kind) -> PageResult:
    """Time one extractor on one page; an exception becomes empty output plus its message."""
    error = None
    start = time.perf_counter()
    try:
        output = extractor(page.html, page.url, kind) or ""
    except Exception as exc:  # noqa: BLE001 - one bad page must never stop the run
        output = ""
        error = f"{type(exc).__name__}: {exc}"
        logger.warning("%s failed on %s: %s", name, page.id, error)
    seconds = time.perf_counter() - start
    return PageResult(page.id, page.url, seconds, output, score(kind, page.gold, output), error)


_WARM_UP_HTML = (
    b"<html><head><title>t</title></head><body><article><p>warm up</p></article></body></html>"
)


def warm_up(extractors: Sequence[tuple[str, Extractor]], kind: Kind) -> None:
    """Call each extractor once untimed so lazy imports do not land on the first page's time."""
    for name, fn in extractors:
        try:
            fn(_WARM_UP_HTML, "https://example.org/warm-up", kind)
        except Exception as exc:  # noqa: BLE001 - failures show up again, per page, in the run
            logger.debug("%s warm-up failed: %s", name, exc)


def run_many(
    dataset: Dataset,
    extractors: Sequence[tuple[str, Extractor]],
    pages: Iterable[Page] | None = None,
    *,
    warm: bool = True,
) -> list[RunResult]:
    """Run every extractor over every page, interleaved per page; one result per extractor."""
    results = [RunResult(name, dataset.kind) for name, _ in extractors]
    if warm:
        warm_up(extractors, dataset.kind)
    for i, page in enumerate(dataset.pages() if pages is None else pages):
        # Alternate who goes first so cache warm-up effects do not favour one extractor.
        order = list(range(len(extractors)))
        if i % 2:
            order.reverse()
        for j in order:
            name, fn = extractors[j]
            results[j].pages.append(run_page(name, fn, page, dataset.kind))
    return results


def run(
    dataset: Dataset,
    name: str,
    extractor: Extractor,
    limit: int | None = None,
    half: Half | None = None,
) -> RunResult:
    """Run one extractor over (the first ``limit`` pages of one ``half`` of) a dataset."""
    return run_many(dataset, [(name, extractor)], dataset.pages(limit, half))[0]
