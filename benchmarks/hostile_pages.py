"""The hostile pages of issue 8: time and peak memory of ``herald_scraper.extract`` on each.

Usage (from the repo root, venv active)::

    python benchmarks/hostile_pages.py                     # this checkout
    python benchmarks/hostile_pages.py --code /tmp/before  # an older checkout (git worktree)

Each page is extracted in a fresh process (``python -c``), so the peak resident memory
(``ru_maxrss``) is that page's own, imports included; the time is the wall time of the one
``extract()`` call after a small page has warmed the process up. Pages (generated, deterministic):

* ``dashes``: 607 KB, 1,000 lines of dashes and dots between short words (the line rules'
  worst case in the issue: 72 s before it was fixed);
* ``links_1m``: a page of 1,000,000 links, 18 MB (the issue: 76 s, 2 GB);
* ``nested``: 5,000 nested ``<div>`` elements around an article;
* ``attrs``: an article whose elements carry 200 KB class attributes.

The 4-20 MB realistic pages are in ``benchmarks/large_pages.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

ARTICLE = "".join(
    f"<p>Paragraph {i}: the harbour council voted on Tuesday to approve the new budget, after "
    "residents had questioned the cost of the school road project for several weeks.</p>"
    for i in range(10)
)


def pages() -> dict[str, str]:
    dashes = "\n".join(
        f"<p>item {i} " + "-. " * 200 + f"end {i}</p>" for i in range(1000)
    )  # ~607 KB
    links = "".join(f"<a href={i}>a</a>" for i in range(1_000_000))  # 18 MB: under the cap
    nested = "<div>" * 5000 + f"<article>{ARTICLE}</article>" + "</div>" * 5000
    attrs = ARTICLE.replace("<p>", '<p class="' + "x" * 200_000 + '">')
    wrap = "<html><head><title>Harbour budget</title></head><body>{}</body></html>"
    return {
        "dashes": wrap.format(f"<article>{ARTICLE}</article>{dashes}"),
        "links_1m": wrap.format(f"<article>{ARTICLE}</article><div>{links}</div>"),
        "nested": wrap.format(nested),
        "attrs": wrap.format(f"<article>{attrs}</article>"),
    }


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from herald_scraper import extract
html = open(sys.argv[2], encoding="utf-8").read()
extract("<html><body><article>" + "<p>A warm-up paragraph of words.</p>" * 20
        + "</article></body></html>", "https://news.example/warm")
start = time.perf_counter()
record = extract(html, "https://news.example/2024/06/03/harbour-budget.html")
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": took, "peak_mb": peak, "words": (record or {}).get("word_count")}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout to measure")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    work = Path("/tmp/herald-hostile-pages")
    work.mkdir(exist_ok=True)
    results = {}
    for name, html in pages().items():
        path = work / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(args.code), str(path)],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if out.returncode != 0:
            print(f"{name}: failed\n{out.stderr[-2000:]}")
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        res["size_kb"] = len(html.encode()) // 1024
        results[name] = res
        print(
            f"{name:10s} {res['size_kb']:8d} KB  {res['seconds']:7.2f} s  "
            f"peak {res['peak_mb']:6.0f} MB  words {res['words']}",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
