"""The largest pages under the size cap (issue 8): how long ``herald_scraper.extract`` takes on
realistic worst cases of 4, 10 and 20 MB.

Usage (from the repo root, venv active)::

    python benchmarks/large_pages.py                      # every page, median of 3, this checkout
    python benchmarks/large_pages.py --code /tmp/before   # the same pages, an older checkout
    python benchmarks/large_pages.py --only comments --repeats 5 --json large.json
    python benchmarks/large_pages.py --write DIR          # just write the pages (for profiling)

Pages (generated in memory, deterministic) around the largest article of the AEB dev set
(``../shared/benchmarks/aeb-dev``, a 1 MB news page), each at 4, 10 and 20 MB (just under
``MAX_PAGE_BYTES`` = 20,000,000 bytes, the ``DOWNLOAD_MAXSIZE`` of a crawl):

* ``comments``: the article followed by a reader thread of that many bytes (tens of thousands
  of posts, each a name, a date and two paragraphs, in markup trafilatura does not know as
  comments, without links: 20,000 links would turn the page away before extraction);
* ``prose``: the article followed by that many bytes of 60-word paragraphs (an endless live
  blog);
* ``nodes``: the article, then a footer "sitemap" of tiny nodes (``<li><span>``), 200,000 and
  more elements;
* ``script``: the article with one inline ``<script>`` JSON state blob (``__NEXT_DATA__``) of
  that size;
* ``text``: the article with one paragraph that is a single multi-megabyte text node.

The article alone is extracted once untimed (imports, models, caches), then each page
``--repeats`` times in the same process; the median wall time is reported with the word count of the result. ``--code
DIR`` runs the same script against another checkout (``git worktree add``) in a subprocess, so
before/after figures come from one session on the same pages.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "benchmarks"
ARTICLE = "374ac9a59a85196cdacc1679fb8993521a7b7d9d6533720f102300be1c7face4"
URL = "https://www.example.com/2024/06/03/large-page-story.html"
SIZES = {"4MB": 4_000_000, "10MB": 10_000_000, "20MB": 19_900_000}
_WORDS = (
    "the council said budget harbour vote residents would not accept plan because of costs "
    "tuesday meeting several members questioned whether new school road project was needed"
).split()


def _words(seed: int, n: int) -> str:
    return " ".join(_WORDS[(seed * 7 + i * 13) % len(_WORDS)] for i in range(n))


def _article() -> str:
    path = SHARED / "aeb-dev" / "html" / f"{ARTICLE}.html.gz"
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def _insert(page: str, extra: str, where: str = "</body>") -> str:
    at = page.lower().rfind(where)
    return page[:at] + extra + page[at:] if at != -1 else page + extra


def _fill(page: str, size: int, make: Callable[[int], str], wrap: tuple[str, str]) -> str:
    budget = size - len(page.encode()) - len(wrap[0]) - len(wrap[1])
    parts: list[str] = []
    used, i = 0, 0
    while used < budget:
        part = make(i)
        used += len(part.encode())
        parts.append(part)
        i += 1
    return _insert(page, wrap[0] + "".join(parts[:-1]) + wrap[1])


def _comment(i: int) -> str:
    # Class names trafilatura does not know as comments, and no links (20,000 links would turn
    # the page away as no article before any extraction work): the costly case.
    return (
        f'<div class="post-item" id="p{i}"><div class="name">Reader {i % 997}</div>'
        f'<span class="when">3 June 2024, 1{i % 10}:00</span>'
        f"<p>{_words(i, 40)}.</p><p>{_words(i + 1, 25)}.</p></div>"
    )


def _node(i: int) -> str:
    return f'<li><span class="t">{_WORDS[i % len(_WORDS)]}</span></li>'


def _paragraph(i: int) -> str:
    return f"<p>{_words(i, 60)}.</p>"


def pages() -> dict[str, str]:
    base = _article()
    out: dict[str, str] = {}
    for label, size in SIZES.items():
        out[f"comments {label}"] = _fill(
            base, size, _comment, ('<div id="thread"><h2>Readers write</h2>', "</div>")
        )
        out[f"prose {label}"] = _fill(base, size, _paragraph, ("<div>", "</div>"))
        out[f"nodes {label}"] = _fill(
            base, size, _node, ('<footer><ul class="sitemap">', "</ul></footer>")
        )
        blob_len = size - len(base.encode()) - 100
        blob = json.dumps({"props": {"items": [_words(i, 12) for i in range(blob_len // 80)]}})
        out[f"script {label}"] = _insert(
            base, f'<script id="__NEXT_DATA__" type="application/json">{blob[:blob_len]}</script>'
        )
        sentence = _words(3, 12) + ". "
        text = sentence * (blob_len // len(sentence) + 1)
        out[f"text {label}"] = _insert(base, f"<div><p>{text[:blob_len]}</p></div>")
    return out


def measure(names: list[str], repeats: int) -> dict[str, dict[str, Any]]:
    sys.path.insert(0, os.environ.get("HERALD_CODE", str(REPO)))
    from herald_scraper import extract

    logging.disable(logging.WARNING)  # the "over the extraction budget" line, once per run
    extract(_article(), URL)  # untimed: imports, models, caches
    report: dict[str, dict[str, Any]] = {}
    for name, html in pages().items():
        if names and not any(n in name for n in names):
            continue
        times, record = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            record = extract(html, URL)
            times.append(time.perf_counter() - start)
        report[name] = {
            "bytes": len(html.encode()),
            "median_s": statistics.median(times),
            "runs_s": times,
            "words": record["word_count"] if record else None,
        }
        print(json.dumps({name: report[name]}), flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, help="checkout to measure (default: this one)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="pages whose name has this")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--write", type=Path, help="write the pages as DIR/<name>.html and stop")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, html in pages().items():
            (args.write / f"{name.replace(' ', '-')}.html").write_text(html)
        return 0
    if args.measure:
        measure(args.only, args.repeats)
        return 0
    code = (args.code or REPO).resolve()
    cmd = [sys.executable, __file__, "--measure", "--repeats", str(args.repeats)]
    cmd += [arg for n in args.only for arg in ("--only", n)]
    env = {**os.environ, "HERALD_CODE": str(code), "PYTHONPATH": str(code)}
    print(f"code: {code}")
    print(f"{'page':<16}{'MB':>6}{'median s':>10}{'words':>8}  (median of {args.repeats})")
    report: dict[str, Any] = {}
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True, cwd=code) as child:
        assert child.stdout is not None
        for line in child.stdout:
            for name, fig in json.loads(line).items():
                report[name] = fig
                print(
                    f"{name:<16}{fig['bytes'] / 1e6:>6.1f}{fig['median_s']:>10.2f}{fig['words']!s:>8}"
                )
    if args.json:
        Path(args.json).write_text(json.dumps({"code": str(code), "pages": report}, indent=2))
    return child.returncode


if __name__ == "__main__":
    raise SystemExit(main())
