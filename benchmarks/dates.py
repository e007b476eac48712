"""Publication-date accuracy on segments-dev: herald vs htmldate, tune / validate / all halves.

    python benchmarks/dates.py [/work/shared/benchmarks/segments-dev] [--json out.json]

For every page with a gold day in ``dates.json`` it runs, in one process:

* ``herald``: ``extract(html, url, article_only=False)["date_published"][:10]``;
* ``htmldate-extensive``: ``find_date(html, url=url, original_date=True, extensive_search=True)``;
* ``htmldate-fast``: the same with ``extensive_search=False``;

Accuracy is the share of pages whose day equals the gold day; a missing date counts as wrong.
The gap is tune minus validate accuracy: how much a rule fitted the pages it was written on.
``--json`` writes every page's predictions (for studying *tune* failures only).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from htmldate import find_date

from herald_scraper.evaluation.datasets import HALVES, Dataset, half_of
from herald_scraper.extraction.pipeline import extract

logger = logging.getLogger(__name__)

DEFAULT_DATASET = Path("/work/shared/benchmarks/segments-dev")
DATES_FILE = "dates.json"
DAY_CHARS = 10  # "YYYY-MM-DD"

Guesser = Callable[[bytes, str | None], str | None]


def herald_date(html: bytes, url: str | None) -> str | None:
    record = extract(html, url, article_only=False)
    return (record or {}).get("date_published")


def htmldate_extensive(html: bytes, url: str | None) -> str | None:
    return find_date(html, url=url, original_date=True, extensive_search=True)


def htmldate_fast(html: bytes, url: str | None) -> str | None:
    return find_date(html, url=url, original_date=True, extensive_search=False)


GUESSERS: dict[str, Guesser] = {
    "herald": herald_date,
    "htmldate-extensive": htmldate_extensive,
    "htmldate-fast": htmldate_fast,
}


def day(value: str | None) -> str | None:
    return value[:DAY_CHARS] if value else None


def load_gold(root: Path) -> dict[str, str]:
    with (root / DATES_FILE).open(encoding="utf-8") as fh:
        gold: dict[str, str] = json.load(fh)
    return gold


def run(root: Path, guessers: dict[str, Guesser]) -> tuple[dict[str, dict], dict[str, float]]:
    """Predictions per page (``{id: {"gold", "half", name: day}}``) and seconds per guesser."""
    dataset = Dataset(root)
    gold = load_gold(root)
    rows: dict[str, dict] = {}
    seconds = dict.fromkeys(guessers, 0.0)
    for page_id, gold_day in gold.items():
        html, url = dataset.read_html(page_id), dataset.url(page_id)
        row: dict[str, str | None] = {"gold": gold_day, "half": half_of(page_id), "url": url}
        for name, guess in guessers.items():
            start = time.perf_counter()
            try:
                row[name] = day(guess(html, url))
            except Exception:  # noqa: BLE001 — a crashing guesser scores the page as wrong
                logger.exception("%s failed on %s", name, page_id)
                row[name] = None
            seconds[name] += time.perf_counter() - start
        rows[page_id] = row
    return rows, seconds


def accuracy(rows: dict[str, dict], name: str, half: str | None = None) -> float:
    """Share of pages (of one ``half`` when given) whose guessed day equals the gold day."""
    chosen = [r for r in rows.values() if half is None or r["half"] == half]
    if not chosen:
        return 0.0
    return sum(r[name] == r["gold"] for r in chosen) / len(chosen)


def table(rows: dict[str, dict], seconds: dict[str, float]) -> str:
    sizes = {h: sum(r["half"] == h for r in rows.values()) for h in HALVES}
    head = f"{'guesser':<20} {'tune':>7} {'validate':>9} {'all':>7} {'gap':>7} {'s total':>8}"
    lines = [f"{len(rows)} dated pages (tune {sizes['tune']}, validate {sizes['validate']})", head]
    for name in seconds:
        tune, val = accuracy(rows, name, "tune"), accuracy(rows, name, "validate")
        lines.append(
            f"{name:<20} {tune:>7.3f} {val:>9.3f} {accuracy(rows, name):>7.3f} "
            f"{tune - val:>+7.3f} {seconds[name]:>8.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", type=Path, help="write per-page predictions here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    if not (args.dataset / DATES_FILE).is_file():
        print(f"{args.dataset}: no {DATES_FILE}", file=sys.stderr)
        return 2
    rows, seconds = run(args.dataset, GUESSERS)
    print(table(rows, seconds))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
