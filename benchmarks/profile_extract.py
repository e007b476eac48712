"""Where ``herald_scraper.extract`` spends its time: pyinstrument over the dev benchmark pages.

Usage (from the repo root, venv active, ``pip install -e '.[bench]'`` for pyinstrument)::

    python benchmarks/profile_extract.py                      # AEB dev, call tree to stdout
    python benchmarks/profile_extract.py --dataset ../shared/benchmarks/segments-dev --html p.html

Every page is extracted once untimed first (imports, lazy models, caches), then ``--repeats``
times under the profiler, in one process. The tree shows seconds per call path (pyinstrument's
statistical sampling, 0.5 ms interval); ``--html`` also writes the interactive view.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from herald_scraper.evaluation.datasets import Dataset  # noqa: E402

SHARED = REPO.parent / "shared" / "benchmarks"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=SHARED / "aeb-dev")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--limit", type=int, help="first N pages")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML view here")
    args = parser.parse_args(argv)
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("pyinstrument is missing: pip install -e '.[bench]'", file=sys.stderr)
        return 2
    import herald_scraper

    pages = [(p.html, p.url) for p in Dataset(args.dataset).pages(args.limit)]
    for html, url in pages:
        herald_scraper.extract(html, url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeats):
        for html, url in pages:
            herald_scraper.extract(html, url)
    session = profiler.stop()
    calls = len(pages) * args.repeats
    print(
        f"{args.dataset.name}: {calls} extractions, {1000 * session.duration / calls:.1f} ms each"
    )
    print(profiler.output_text(unicode=False, color=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
