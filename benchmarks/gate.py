"""Measure the article gate both ways: recall on article pages, rejection on non-article pages.

    python benchmarks/gate.py [--benchmarks /work/shared/benchmarks] [--old-rev REV]
                              [--segments] [--misses tune|validate|all]

Runs the full extraction once per page and asks two gates at the one ``detect_article`` call:
the current one and, for comparison, the gate of git revision ``--old-rev`` (the precision-first
gate this project had before, by default) with its own ``(sd, lines, url)`` arguments. Prints,
per source and half (``tune``/``validate`` by :func:`herald_scraper.evaluation.datasets.half_of`):
recall (articles kept / article pages) and rejection (non-articles rejected / non-article pages),
the gate set's non-articles also by kind. ``--segments`` adds the share of segments-dev pages
kept (a mixed web corpus without article labels: for information only). ``--misses`` lists the
pages the current gate gets wrong, with its reason.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from herald_scraper.evaluation import gate_pages
from herald_scraper.evaluation.gate_pages import GatePage
from herald_scraper.extraction import extract_page, pipeline

#: The last revision with the precision-first gate (before the recall-first rewrite).
OLD_REV = "7317c44"

Gate = Callable[..., Any]


def load_old_gate(rev: str) -> Gate | None:
    """``detect_article`` of ``herald_scraper/extraction/detect.py`` at git revision ``rev``."""
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:herald_scraper/extraction/detect.py"],
            cwd=gate_pages.ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"old gate unavailable ({exc}); measuring the current gate only", file=sys.stderr)
        return None
    module = types.ModuleType("old_detect")
    sys.modules[module.__name__] = module  # dataclasses look their module up there
    exec(compile(source, f"{rev}:detect.py", "exec"), module.__dict__)  # noqa: S102 — our own file
    gate: Gate = module.detect_article
    return gate


def judge(pages: Iterable[GatePage], old: Gate | None) -> list[tuple[GatePage, str, str | None]]:
    """``(page, new reason, old reason)``; a reason is ``ok`` when the gate keeps the page."""
    new_gate = pipeline.detect_article
    out = []
    for page in pages:
        seen: dict[str, Any] = {}

        def both(
            sd: Any, lines: Any, url: Any, *args: Any, seen: dict[str, Any] = seen, **kwargs: Any
        ) -> Any:
            if old is not None:
                seen["old"] = old(sd, lines, url)
            return new_gate(sd, lines, url, *args, **kwargs)

        pipeline.detect_article = both  # type: ignore[assignment]
        try:
            result = extract_page(page.html(), page.url or None)
        finally:
            pipeline.detect_article = new_gate
        old_reason = None
        if old is not None:
            verdict = seen.get("old")
            # no verdict: the page failed before the gate (no main content), for both gates
            old_reason = result.reason if verdict is None else _reason(verdict)
        out.append((page, result.reason, old_reason))
    return out


def _reason(verdict: Any) -> str:
    return "ok" if verdict.is_article else f"not_article/{verdict.reason}"


def _row(label: str, results: list[tuple[GatePage, str, str | None]]) -> str:
    articles = [r for r in results if r[0].is_article]
    others = [r for r in results if not r[0].is_article]
    cells = [f"{label:<34}"]
    for pick, name in ((articles, "recall"), (others, "rejection")):
        if not pick:
            cells.append(f"{'':>37}")
            continue
        good_new = sum((r[1] == "ok") == (name == "recall") for r in pick)
        old_known = [r for r in pick if r[2] is not None]
        good_old = sum((r[2] == "ok") == (name == "recall") for r in old_known)
        old = f"{good_old / len(old_known):.3f}" if old_known else "  -  "
        cells.append(f"{name} old {old} new {good_new / len(pick):.3f} ({good_new}/{len(pick)})")
    return "  ".join(cells)


def report(results: list[tuple[GatePage, str, str | None]]) -> None:
    by_source: dict[str, list[tuple[GatePage, str, str | None]]] = defaultdict(list)
    for r in results:
        by_source[r[0].source].append(r)
    for source, rows in by_source.items():
        for half in ("tune", "validate", None):
            part = [r for r in rows if half is None or r[0].half == half]
            print(_row(f"{source} {half or 'all'}", part))
        if source == "gate":
            kinds = sorted({r[0].kind for r in rows if not r[0].is_article})
            for kind in kinds:
                print(_row(f"  gate non-article {kind}", [r for r in rows if r[0].kind == kind]))
            art_kinds = sorted({r[0].kind for r in rows if r[0].is_article})
            for kind in art_kinds:
                print(_row(f"  gate article {kind}", [r for r in rows if r[0].kind == kind]))
    recall_pool = [r for r in results if r[0].is_article]
    print(_row("ALL article pages", recall_pool))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--benchmarks", type=Path, default=gate_pages.ROOT.parent / "shared" / "benchmarks"
    )
    parser.add_argument("--old-rev", default=OLD_REV)
    parser.add_argument("--segments", action="store_true")
    parser.add_argument("--misses", choices=("tune", "validate", "all"))
    args = parser.parse_args(argv)
    old = load_old_gate(args.old_rev) if args.old_rev else None
    pages = [
        *gate_pages.gate_set(),
        *gate_pages.golden_pages(),
        *gate_pages.site_pages(),
        *gate_pages.aeb_pages(args.benchmarks / "aeb-dev"),
    ]
    results = judge(pages, old)
    report(results)
    if args.segments:
        seg = list(gate_pages.aeb_like_segments(args.benchmarks / "segments-dev"))
        seg_results = judge(seg, old)
        kept_new = sum(r[1] == "ok" for r in seg_results)
        kept_old = sum(r[2] == "ok" for r in seg_results)
        n = len(seg_results) or 1
        print(
            f"segments-dev (mixed web pages, unlabelled) kept: old {kept_old / n:.3f} "
            f"new {kept_new / n:.3f} of {len(seg_results)}"
        )
    if args.misses:
        for page, new, old_reason in results:
            wrong = (new == "ok") != page.is_article
            if wrong and args.misses in ("all", page.half):
                print(
                    f"MISS {page.source} {page.half} {page.kind} {page.id} -> {new} (old {old_reason})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
