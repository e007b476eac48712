"""The ``herald-scraper eval`` sub-command: score extractors on a benchmark directory.

``register(subparsers)`` adds the sub-command to the main CLI; ``run(args)`` executes it and
returns the process exit code (0 ok, 2 bad arguments/dataset).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

from herald_scraper.evaluation import report
from herald_scraper.evaluation.datasets import HALVES, Dataset
from herald_scraper.evaluation.extractors import EXTRACTORS, get_extractor
from herald_scraper.evaluation.runner import run_many, run_page

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``eval`` (shared by the sub-command and ``python -m``)."""
    names = sorted(EXTRACTORS)
    parser.add_argument(
        "dataset", type=Path, help="benchmark dir (ground-truth.json or annotations.json)"
    )
    parser.add_argument("--extractor", default="herald", choices=names, help="extractor to score")
    parser.add_argument(
        "--compare",
        choices=names,
        action="append",
        default=[],
        help="also run this extractor, interleaved per page (repeatable)",
    )
    parser.add_argument(
        "--half",
        choices=HALVES,
        help="only the pages of one half (default: all pages, figures reported per half too)",
    )
    parser.add_argument("--json", type=Path, help="write all figures (and per-page scores) here")
    parser.add_argument("--worst", type=int, default=10, metavar="N", help="list the N worst pages")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pages")
    parser.add_argument("--show", metavar="ID", help="show gold vs. output for one page and exit")
    parser.set_defaults(func=run)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``eval`` sub-command to the main parser's sub-parsers."""
    parser = subparsers.add_parser(
        "eval",
        help="score extraction on a benchmark dataset",
        description="Score an extractor (optionally against another) on a benchmark directory.",
    )
    add_arguments(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Execute ``eval``; prints the report to stdout and returns the exit code."""
    try:
        dataset = Dataset(args.dataset)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    names = [args.extractor] + [c for c in dict.fromkeys(args.compare) if c != args.extractor]
    extractors = [(name, get_extractor(name)) for name in names]

    if args.show:
        try:
            page = dataset.page(args.show)
        except KeyError:
            print(f"error: no page {args.show!r} in {args.dataset}", file=sys.stderr)
            return 2
        for name, fn in extractors:
            page_result = run_page(name, fn, page, dataset.kind)
            print(report.show_page(page, name, page_result.output, page_result.error))
        return 0

    results = run_many(dataset, extractors, dataset.pages(args.limit, args.half))
    title = f"{args.dataset} ({dataset.kind}, {len(results[0].pages)} pages"
    print(title + (f", {args.half} half)" if args.half else ")"))
    print(report.summary_table(results))
    if not args.half:
        print()
        print(report.halves_table(results))
    for result in results:
        if args.worst > 0:
            print()
            print(report.worst_pages(result, args.worst))
        if result.errors:
            print(report.errors(result))
    if args.json:
        data = {
            "dataset": str(args.dataset),
            "kind": dataset.kind,
            "half": args.half,
            "results": [r.to_dict(args.worst) for r in results],
            "halves": {
                half: {r.extractor: asdict(r.half(half).scores) for r in results} for half in HALVES
            },
        }
        args.json.write_text(
            json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m herald_scraper.evaluation``)."""
    parser = argparse.ArgumentParser(prog="herald-scraper eval", description=__doc__)
    add_arguments(parser)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run(parser.parse_args(argv))
