"""Human-readable reports: side-by-side figures, worst pages, and one page's gold-vs-output view."""

from __future__ import annotations

from collections.abc import Sequence

from herald_scraper.evaluation.datasets import HALVES, Page, SegmentGold
from herald_scraper.evaluation.metrics import (
    SHINGLE_N,
    SegmentMatch,
    ShingleMatch,
    segment_match,
    shingle_match,
    shingles,
    tokenize,
)
from herald_scraper.evaluation.runner import PageResult, RunResult

# A line counts as missing/extra when fewer than this share of its shingles match the other side.
_LINE_MATCH_THRESHOLD = 0.5
_SNIPPET = 160


def summary_table(results: Sequence[RunResult]) -> str:
    """P, R, F1, speed, empties and errors for each extractor, one column per extractor."""
    rows = [("", [r.extractor for r in results])]
    rows.append(("pages", [str(len(r.pages)) for r in results]))
    for label, attr in (("precision", "precision"), ("recall", "recall"), ("F1", "f1")):
        rows.append((label, [f"{getattr(r.scores, attr):.4f}" for r in results]))
    rows.append(("pages/s", [f"{r.pages_per_second:.1f}" for r in results]))
    rows.append(("median ms/page", [f"{r.median_ms:.1f}" for r in results]))
    rows.append(("total s", [f"{r.total_seconds:.1f}" for r in results]))
    rows.append(("empty outputs", [str(r.empty) for r in results]))
    rows.append(("exceptions", [str(len(r.errors)) for r in results]))
    if len(results) == 2 and results[1].median_ms:
        rows.append(("median ratio", [f"{results[0].median_ms / results[1].median_ms:.2f}x", ""]))
    width = max(len(label) for label, _ in rows)
    colw = 2 + max(12, *(len(c) for _, cells in rows for c in cells))
    return "\n".join(
        label.ljust(width) + "  " + "".join(c.rjust(colw) for c in cells) for label, cells in rows
    )


def halves_table(results: Sequence[RunResult]) -> str:
    """F1 (P/R) of each extractor on the tune and validate halves, and the gap between them.

    The gap (tune minus validate) is how much rules and thresholds fitted the tune pages.
    """
    lines = ["halves (tune = sha1(id) even; rules are written on tune, judged on validate):"]
    for r in results:
        cells = []
        for half in HALVES:
            sub = r.half(half)
            s = sub.scores
            cells.append(
                f"{half} F1 {s.f1:.4f} (P {s.precision:.4f} R {s.recall:.4f}, {len(sub.pages)} p)"
            )
        gap = r.half("tune").scores.f1 - r.half("validate").scores.f1
        lines.append(f"  {r.extractor:<18} " + "  ".join(cells) + f"  gap {gap:+.4f}")
    return "\n".join(lines)


def _describe(p: PageResult) -> str:
    m = p.match
    if isinstance(m, ShingleMatch):
        figs = f"F1 {m.f1:.3f}  P {m.precision:.3f}  R {m.recall:.3f}"
    else:
        figs = f"FN {m.fn}  FP {m.fp}  (of {m.tp + m.fn} with / {m.fp + m.tn} without)"
    err = f"  [{p.error}]" if p.error else ""
    return f"{figs}  {p.id}  {p.url}{err}"


def worst_pages(result: RunResult, n: int) -> str:
    """The ``n`` worst pages of one run with ids, URLs and per-page figures."""
    lines = [f"worst {n} pages for {result.extractor}:"]
    lines += [f"  {_describe(p)}" for p in result.worst(n)]
    return "\n".join(lines)


def errors(result: RunResult) -> str:
    """Pages where the extractor raised (empty string when none did)."""
    return "\n".join(f"  {result.extractor} raised on {p.id}: {p.error}" for p in result.errors)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _unmatched_lines(text: str, other: str) -> list[tuple[float, str]]:
    """Lines of ``text`` whose shingles mostly do not occur in ``other``, with their match share."""
    other_shingles = shingles(other)
    other_tokens = " " + " ".join(tokenize(other)) + " "
    out = []
    for line in text.splitlines():
        tokens = tokenize(line)
        if not tokens:
            continue
        if len(tokens) < SHINGLE_N:
            # Too short to shingle: fall back to token-sequence containment.
            share = 1.0 if f" {' '.join(tokens)} " in other_tokens else 0.0
        else:
            own = shingles(line)
            share = sum((own & other_shingles).values()) / sum(own.values())
        if share < _LINE_MATCH_THRESHOLD:
            out.append((share, line))
    return out


def show_page(page: Page, name: str, output: str, error: str | None = None) -> str:
    """Gold vs. output for one page: what is missing from the output, what it adds."""
    head = [
        f"== {page.id}  {page.url}",
        f"-- extractor {name}" + (f" RAISED {error}" if error else ""),
    ]
    if isinstance(page.gold, SegmentGold):
        sm: SegmentMatch = segment_match(page.gold, output)
        head.append(
            f"   TP {sm.tp}  FN {sm.fn}  FP {sm.fp}  TN {sm.tn}  output {len(output)} chars"
        )
        head += [f"   MISSING  {_clip(s)}" for s in sm.missed]
        head += [f"   EXTRA    {_clip(s)}" for s in sm.kept_boilerplate]
        return "\n".join(head)
    m = shingle_match(page.gold, output)
    head.append(
        f"   F1 {m.f1:.3f}  P {m.precision:.3f}  R {m.recall:.3f}  "
        f"(shingles tp {m.tp} fp {m.fp} fn {m.fn}; gold {len(page.gold)} chars, output "
        f"{len(output)} chars)"
    )
    head += [
        f"   MISSING {s:4.0%}  {_clip(line)}" for s, line in _unmatched_lines(page.gold, output)
    ]
    head += [
        f"   EXTRA   {s:4.0%}  {_clip(line)}" for s, line in _unmatched_lines(output, page.gold)
    ]
    return "\n".join(head)
