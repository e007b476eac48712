"""Extraction speed: herald_scraper.extract vs. trafilatura.extract and bare_extraction, same pages.

Usage (from the repo root, venv active)::

    python benchmarks/extraction_speed.py                     # AEB dev pages, 3 repeats
    python benchmarks/extraction_speed.py --segments --repeats 5 --json speed.json

Every page is decoded and held in memory first, then both extractors run on it back to back,
alternating which goes first, ``--repeats`` times. Per page the median over repeats is kept;
the report gives the median of those per-page medians, pages/s (pages / summed time), and the
ratio herald / trafilatura.bare_extraction(with_metadata=True) (target: <= 1.5x); plain
``trafilatura.extract`` (text only, what a naive spider calls) is timed alongside. Exit code 1 when the ratio of medians exceeds
``--target`` so CI can gate on it. Interleaving matters on a shared 2-core machine: a burst of
background load then slows both sides rather than one.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Run as a script, sys.path[0] is benchmarks/; put the checkout first so the package under test
# is this working tree even when the installed (editable) copy is stale or a namespace stub.
sys.path.insert(0, str(REPO))

from herald_scraper.evaluation.datasets import Dataset  # noqa: E402

logger = logging.getLogger(__name__)

SHARED = REPO.parent / "shared" / "benchmarks"

Fn = Callable[[bytes, str | None], object]


def _herald(html: bytes, url: str | None) -> object:
    import herald_scraper

    return herald_scraper.extract(html, url)


def _trafilatura_extract(html: bytes, url: str | None) -> object:
    import trafilatura

    return trafilatura.extract(html, url=url)


def _trafilatura_bare(html: bytes, url: str | None) -> object:
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True)


# Exceptions per side: a page that crashes is still timed, but its figure is suspect.
ERRORS: dict[str, int] = {}


def _timed(name: str, fn: Fn, html: bytes, url: str | None) -> float:
    start = time.perf_counter()
    try:
        fn(html, url)
    except Exception as exc:  # noqa: BLE001 - a crash is a correctness bug, not a timing one
        ERRORS[name] = ERRORS.get(name, 0) + 1
        logger.debug("%s raised: %s", name, exc)
    return time.perf_counter() - start


def measure(
    pages: list[tuple[str, bytes, str | None]], sides: dict[str, Fn], repeats: int
) -> dict[str, dict[str, float]]:
    """Per-page median seconds for every side: ``{side: {page_id: seconds}}``."""
    names = list(sides)
    samples: dict[str, dict[str, list[float]]] = {
        n: {pid: [] for pid, _, _ in pages} for n in names
    }
    for n in names:  # warm-up (imports, lazy caches); a side that cannot run at all aborts
        sides[n](pages[0][1], pages[0][2])
    turn = 0
    for _ in range(repeats):
        for pid, html, url in pages:
            order = names if turn % 2 == 0 else names[::-1]
            turn += 1
            for n in order:
                samples[n][pid].append(_timed(n, sides[n], html, url))
        gc.collect()  # collect between repeats, not inside a timed call
    return {n: {pid: statistics.median(v) for pid, v in s.items()} for n, s in samples.items()}


def summarise(per_page: dict[str, dict[str, float]], base: str, other: str) -> dict:
    """Medians, totals and ratios; the slowest pages relative to the baseline."""
    out: dict = {}
    for n, times in per_page.items():
        out[n] = {
            "median_ms": statistics.median(times.values()) * 1000,
            "total_s": sum(times.values()),
            "pages_s": len(times) / sum(times.values()),
            "p90_ms": statistics.quantiles(times.values(), n=10)[-1] * 1000
            if len(times) > 1
            else 0.0,
        }
    out["ratio_median"] = out[other]["median_ms"] / out[base]["median_ms"]
    out["ratio_total"] = out[other]["total_s"] / out[base]["total_s"]
    ratios = {pid: per_page[other][pid] / per_page[base][pid] for pid in per_page[base]}
    out["slowest_relative"] = sorted(ratios.items(), key=lambda kv: -kv[1])[:5]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, action="append", help="dataset dir (repeatable)")
    parser.add_argument("--segments", action="store_true", help="also time segments-dev")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, help="first N pages of each dataset")
    parser.add_argument("--target", type=float, default=1.5, help="max herald/trafilatura ratio")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    dirs = args.dataset or [SHARED / "aeb-dev"] + (
        [SHARED / "segments-dev"] if args.segments else []
    )
    sides: dict[str, Fn] = {
        "trafilatura": _trafilatura_extract,
        "trafilatura-bare": _trafilatura_bare,
        "herald": _herald,
    }
    report: dict = {"repeats": args.repeats, "datasets": {}}
    worst_ratio = 0.0
    for d in dirs:
        ds = Dataset(d)
        pages = [(p.id, p.html, p.url) for p in ds.pages(args.limit)]
        ERRORS.clear()
        try:
            per_page = measure(pages, sides, args.repeats)
        except Exception as exc:  # noqa: BLE001 - report why a side cannot run, then stop
            print(f"error: an extractor cannot run: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 2
        s = summarise(per_page, "trafilatura-bare", "herald")
        s["exceptions"] = dict(ERRORS)
        report["datasets"][str(d)] = s
        worst_ratio = max(worst_ratio, s["ratio_median"])
        print(f"{d.name}: {len(pages)} pages x {args.repeats} repeats")
        for n in sides:
            f = s[n]
            print(
                f"  {n:17s} median {f['median_ms']:7.1f} ms  p90 {f['p90_ms']:7.1f} ms"
                f"  total {f['total_s']:6.2f} s  {f['pages_s']:6.1f} pages/s"
            )
        print(
            f"  ratio herald/bare_extraction: median {s['ratio_median']:.2f}x, "
            f"total {s['ratio_total']:.2f}x (target <= {args.target}x)"
        )
        plain = s["herald"]["median_ms"] / s["trafilatura"]["median_ms"]
        print(f"  ratio herald/trafilatura.extract: median {plain:.2f}x")
        print(
            "  slowest relative:",
            ", ".join(f"{pid[:12]} {r:.1f}x" for pid, r in s["slowest_relative"]),
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if worst_ratio <= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
