"""Hostile discovery documents (issue 8): wall time and peak memory of reading a huge sitemap or
feed with the default caps, parsed alone and in a real crawl.

Usage (from the repo root, venv active)::

    python benchmarks/hostile_discovery.py                     # parse cases, this checkout
    python benchmarks/hostile_discovery.py --code /tmp/before  # the same code path, older checkout
    python benchmarks/hostile_discovery.py --crawl             # also scrapy crawl on 127.0.0.1
    python benchmarks/hostile_discovery.py --repeats 3 --json hostile.json

``--code DIR`` runs another checkout of herald-scraper (e.g. ``git worktree add /tmp/before
<commit>``) with the same documents and the same measurement, so before/after figures come from
one machine session.

Documents (generated once into ``--workdir``, deterministic):

* ``sitemap-1M``: a urlset of 1,000,000 ``<url><loc>`` entries (51 MB, just under the 50 MiB
  document cap); ``sitemap-1M.gz``: the same, gzipped (as a server sends ``sitemap.xml.gz``);
* ``rss-100k``: RSS 2.0 with 100,000 items (title with entities, link, guid, ``pubDate``,
  ``dc:creator``, two categories, an escaped-HTML description; 44 MB);
* ``atom-100k``: Atom 1.0 with 100,000 entries of the same content.

Parse cases: each run is a fresh Python process (``resource.getrusage(RUSAGE_SELF).ru_maxrss``
counts lxml's C allocations, which tracemalloc misses) that reads the document, notes its peak
RSS (and resets the kernel's peak-RSS mark, ``/proc/self/clear_refs``, so the imports'
transient peak is not counted), parses it with the default caps (``HERALD_SITEMAP_MAX_ENTRIES`` 50,000,
``HERALD_FEED_MAX_ENTRIES`` 1,000: passed as ``max_entries`` when the code takes it, else the
entry list is cut after parsing, as the spiders did) and reports wall seconds of the parse, the
peak RSS of the process during the parse (interpreter, modules and document included) and the
part of it the parse added over the loaded document.

Crawl cases (``--crawl``): ``scrapy crawl sitemap`` on ``sitemap-1M.gz`` and ``scrapy crawl
feed`` on a 100,000-item RSS feed of short items (16 MB: a crawl downloads at most
``DOWNLOAD_MAXSIZE`` = 20 MiB), served by a server on 127.0.0.1; every entry links to
``example.com``, so it is counted as off-site and never fetched (the script checks that one
request was made). Wall seconds and peak RSS of the whole ``scrapy`` process (``/usr/bin/time``),
including Scrapy's start-up: the ``tiny`` case (a 10-entry sitemap) is that fixed cost.

Figures are medians over ``--repeats`` runs; the machine is shared, so compare figures from one
session.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SITEMAP_CAP, FEED_CAP = 50_000, 1_000
_ZONES = ("+0200", "GMT", "-0500", "EST", "+0000", "PST")


def _sitemap(n: int) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    head += '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    urls = (f"<url><loc>https://example.com/n/{i:06d}</loc></url>\n" for i in range(n))
    return (head + "".join(urls) + "</urlset>\n").encode()


def _rss_item(i: int) -> str:
    day = 1 + i % 28
    return (
        f"<item><title>Caf&amp;eacute; story {i} &#8211; the news</title>"
        f"<link>https://example.com/2024/06/{day:02d}/story-{i}</link>"
        f'<guid isPermaLink="false">story-{i}</guid>'
        f"<pubDate>Mon, {day:02d} Jun 2024 10:{i % 60:02d}:00 {_ZONES[i % 6]}</pubDate>"
        f"<dc:creator>Reporter {i % 17}</dc:creator>"
        "<category>World</category><category>Politics</category>"
        f"<description>&lt;p&gt;Summary of story {i}, with &lt;a href=&quot;/x&quot;&gt;a "
        "link&lt;/a&gt; and more words.&lt;/p&gt;</description></item>\n"
    )


def _rss(n: int) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    head += '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
    head += "<title>The Example Herald</title><link>https://example.com/</link>\n"
    items = "".join(_rss_item(i) for i in range(n))
    return (head + items + "</channel></rss>\n").encode()


def _short_rss(n: int) -> bytes:
    items = "".join(
        f"<item><title>Story {i} about the harbour council</title>"
        f"<link>https://example.com/2024/06/story-{i}</link>"
        f"<pubDate>Mon, 03 Jun 2024 10:{i % 60:02d}:00 +0200</pubDate></item>\n"
        for i in range(n)
    )
    return f'<rss version="2.0"><channel><title>H</title>{items}</channel></rss>\n'.encode()


def _atom(n: int) -> bytes:
    entries = "".join(
        f"<entry><title>Caf&#233; story {i} &#8211; the news</title>"
        f'<link href="https://example.com/2024/06/{1 + i % 28:02d}/story-{i}"/>'
        f"<id>urn:story:{i}</id><updated>2024-06-{1 + i % 28:02d}T10:00:00Z</updated>"
        f"<author><name>Reporter {i % 17}</name></author>"
        '<category term="World"/><category term="Politics"/>'
        f'<summary type="html">&lt;p&gt;Summary of story {i}, with &lt;a href="/x"&gt;a '
        "link&lt;/a&gt; and more words.&lt;/p&gt;</summary></entry>\n"
        for i in range(n)
    )
    head = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    return (head + "<title>The Example Herald</title>\n" + entries + "</feed>\n").encode()


DOCUMENTS = {
    "sitemap-1M.xml": lambda: _sitemap(1_000_000),
    "sitemap-1M.xml.gz": lambda: gzip.compress(_sitemap(1_000_000), 6),
    "rss-100k.xml": lambda: _rss(100_000),
    "atom-100k.xml": lambda: _atom(100_000),
    "short-rss-100k.xml": lambda: _short_rss(100_000),
    "sitemap-tiny.xml": lambda: _sitemap(10),
}
PARSE_CASES = {  # case: (document, parser, cap)
    "sitemap 1M entries": ("sitemap-1M.xml", "sitemap", SITEMAP_CAP),
    "sitemap 1M entries, gzip": ("sitemap-1M.xml.gz", "sitemap", SITEMAP_CAP),
    "RSS 100k items": ("rss-100k.xml", "feed", FEED_CAP),
    "Atom 100k entries": ("atom-100k.xml", "feed", FEED_CAP),
}
CRAWL_CASES = {  # case: (document, spider)
    "crawl sitemap, tiny (start-up cost)": ("sitemap-tiny.xml", "sitemap"),
    "crawl sitemap 1M entries, gzip": ("sitemap-1M.xml.gz", "sitemap"),
    "crawl feed, RSS 100k short items": ("short-rss-100k.xml", "feed"),
}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def child(path: str, parser: str, cap: int) -> dict[str, Any]:
    """One parse in this (fresh) process; the code under test is first on ``sys.path``."""
    import inspect

    from herald_scraper.discovery import parse_feed, parse_sitemap

    body = Path(path).read_bytes()
    # Reset the peak-RSS mark (Linux) so the peak is the parse's, not the imports' (trafilatura
    # and friends peak above a loaded sitemap); the loaded document stays in it.
    Path("/proc/self/clear_refs").write_text("5")
    loaded = _maxrss_mb()
    parse = parse_sitemap if parser == "sitemap" else parse_feed
    capped = "max_entries" in inspect.signature(parse).parameters
    start = time.perf_counter()
    doc = parse(
        body, "https://example.com/" + Path(path).name, **({"max_entries": cap} if capped else {})
    )
    entries = doc.entries[:cap]  # what a spider reads (the old spiders cut the list here)
    wall = time.perf_counter() - start
    peak = _maxrss_mb()
    over = getattr(doc, "over_cap", len(doc.entries) - len(entries))
    return {
        "wall_s": wall,
        "peak_mb": peak,
        "parse_added_mb": peak - loaded,
        "entries": len(entries),
        "counted_over_cap": over,
        "streamed": capped,
    }


def _run_child(code: Path, path: Path, parser: str, cap: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(path), parser, str(cap)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd=code)
    return json.loads(out.stdout.strip().splitlines()[-1])


class _Quiet(SimpleHTTPRequestHandler):
    hits = 0

    def log_message(self, *args: object) -> None:
        type(self).hits += 1


def _run_crawl(code: Path, workdir: Path, document: str, spider: str) -> dict[str, Any]:
    _Quiet.hits = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(workdir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{document}"
    with tempfile.TemporaryDirectory() as out:
        stats_file = Path(out) / "stats.json"
        settings = {
            "HERALD_STATE": "off",
            "HERALD_OUTPUT_DIR": out,
            "HERALD_STATS_FILE": str(stats_file),
            "HERALD_EXTRACT_WORKERS": "0",
            "ROBOTSTXT_OBEY": "False",
            "LOG_LEVEL": "WARNING",
        }
        cmd = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "scrapy", "crawl", spider]
        cmd += ["-a", f"url={url}"] + [f"-s{k}={v}" for k, v in settings.items()]
        env = {**os.environ, "PYTHONPATH": str(code)}
        try:
            run = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=code)
        finally:
            httpd.shutdown()
            httpd.server_close()
        wall, maxrss_kb = run.stderr.strip().splitlines()[-1].split()
        stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    if run.returncode != 0 or stats.get("downloader/request_count") != 1 or _Quiet.hits != 1:
        raise RuntimeError(f"crawl of {document} went wrong: {run.stderr[-2000:]}")
    over = {k: v for k, v in stats.items() if k.endswith("entries_over_cap")}
    return {"wall_s": float(wall), "peak_mb": int(maxrss_kb) / 1024, "over_cap": over}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="checkout to measure")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "herald-hostile"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--crawl", action="store_true", help="also the scrapy crawl cases")
    parser.add_argument("--only", help="run the cases whose name contains this text")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        path, kind, cap = args.child
        print(json.dumps(child(path, kind, int(cap))))
        return 0

    args.workdir.mkdir(parents=True, exist_ok=True)
    for name, make in DOCUMENTS.items():
        if not (args.workdir / name).exists():
            (args.workdir / name).write_bytes(make())
    code = args.code.resolve()
    print(f"code: {code}")
    report: dict[str, dict[str, Any]] = {}
    cases: list[tuple[str, Any]] = [
        (case, partial(_run_child, code, args.workdir / doc, kind, cap))
        for case, (doc, kind, cap) in PARSE_CASES.items()
    ]
    if args.crawl:
        cases += [
            (case, partial(_run_crawl, code, args.workdir, doc, spider))
            for case, (doc, spider) in CRAWL_CASES.items()
        ]
    print(
        f"{'case':<40}{'wall s':>8}{'peak MB':>9}{'added MB':>10}  detail (median of {args.repeats})"
    )
    for case, run in cases:
        if args.only and args.only not in case:
            continue
        runs = [run() for _ in range(args.repeats)]
        figures = {
            key: statistics.median(r[key] for r in runs)
            for key in ("wall_s", "peak_mb", "parse_added_mb")
            if key in runs[0]
        }
        detail = {k: v for k, v in runs[0].items() if k not in figures}
        report[case] = {**figures, **detail, "runs": runs}
        added = figures.get("parse_added_mb")
        print(
            f"{case:<40}{figures['wall_s']:>8.2f}{figures['peak_mb']:>9.0f}"
            f"{'' if added is None else f'{added:.0f}':>10}  {detail}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"code": str(code), "cases": report}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
