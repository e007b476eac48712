"""The benchmarks' own metrics, exactly as ``/work/shared/benchmarks/README.md`` defines them.

AEB (article-extraction-benchmark): ``\\w+`` Unicode tokens, overlapping 4-token shingles as
multisets, per-page tp/fp/fn, precision and recall averaged over pages, F1 = harmonic mean of
the two means. Segments (trafilatura's corpus): whitespace-normalised containment of "with" and
"without" segments, micro-averaged P/R/F1. Hand-written because neither benchmark ships an
importable package; the definitions are a few lines each.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from herald_scraper.evaluation.datasets import SegmentGold

_TOKEN_RE = re.compile(r"\w+")  # str patterns are Unicode-aware by default
SHINGLE_N = 4

Shingle = tuple[str, ...]


def tokenize(text: str | None) -> list[str]:
    """``\\w+`` tokens of ``text`` (Unicode word characters), case preserved."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[Shingle]:
    """Multiset of overlapping ``n``-token shingles (empty when fewer than ``n`` tokens)."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class ShingleMatch:
    """Per-page shingle counts (absolute, before normalisation)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Page precision; 1.0 when fp = fn = 0, 0.0 when tp = fp = 0 (empty output)."""
        return _ratio(self.tp, self.fp, self.fn)

    @property
    def recall(self) -> float:
        """Page recall; 1.0 when fp = fn = 0, 0.0 when tp = fn = 0 (empty gold)."""
        return _ratio(self.tp, self.fn, self.fp)

    @property
    def f1(self) -> float:
        """Per-page F1, used only to rank the worst pages."""
        return harmonic(self.precision, self.recall)


def _ratio(tp: int, wrong: int, other: int) -> float:
    # Edge cases from the README/benchmark code: a perfect match (including both empty) is 1.0;
    # nothing right and nothing predicted/expected is 0.0 (an empty output is a total miss).
    if wrong == 0 and other == 0:
        return 1.0
    if tp == 0 and wrong == 0:
        return 0.0
    return tp / (tp + wrong)


def shingle_match(gold: str | None, pred: str | None, n: int = SHINGLE_N) -> ShingleMatch:
    """Compare gold and predicted text as shingle multisets."""
    g, p = shingles(gold, n), shingles(pred, n)
    return ShingleMatch(
        tp=sum((g & p).values()), fp=sum((p - g).values()), fn=sum((g - p).values())
    )


@dataclass(frozen=True)
class Scores:
    """Precision, recall, F1 of one extractor over a dataset."""

    precision: float
    recall: float
    f1: float


def harmonic(p: float, r: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def aeb_scores(matches: Sequence[ShingleMatch]) -> Scores:
    """Mean per-page precision and recall, and their harmonic mean (0s for no pages)."""
    if not matches:
        return Scores(0.0, 0.0, 0.0)
    p = sum(m.precision for m in matches) / len(matches)
    r = sum(m.recall for m in matches) / len(matches)
    return Scores(p, r, harmonic(p, r))


def normalize_ws(text: str | None) -> str:
    """Collapse every whitespace run to one space and strip the ends."""
    return " ".join((text or "").split())


@dataclass(frozen=True)
class SegmentMatch:
    """Per-page segment outcome: which gold segments were missed / wrongly kept."""

    tp: int
    fn: int
    fp: int
    tn: int
    missed: tuple[str, ...]
    kept_boilerplate: tuple[str, ...]

    @property
    def errors(self) -> int:
        """FN + FP, used to rank the worst pages."""
        return self.fn + self.fp


def segment_match(gold: SegmentGold, pred: str | None) -> SegmentMatch:
    """Containment of whitespace-normalised segments in the normalised output."""
    out = normalize_ws(pred)
    missed = tuple(s for s in gold.with_ if normalize_ws(s) not in out)
    kept = tuple(s for s in gold.without if normalize_ws(s) in out)
    return SegmentMatch(
        tp=len(gold.with_) - len(missed),
        fn=len(missed),
        fp=len(kept),
        tn=len(gold.without) - len(kept),
        missed=missed,
        kept_boilerplate=kept,
    )


def segment_scores(matches: Iterable[SegmentMatch]) -> Scores:
    """Micro-averaged precision, recall, F1 over all segments of all pages."""
    tp = fp = fn = 0
    for m in matches:
        tp, fp, fn = tp + m.tp, fp + m.fp, fn + m.fn
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Scores(p, r, harmonic(p, r))
