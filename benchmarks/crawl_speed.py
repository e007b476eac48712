"""End-to-end crawl speed and memory: ``scrapy crawl urls`` (worker pool / inline) vs a naive spider.

Usage (from the repo root, venv active)::

    python benchmarks/crawl_speed.py                          # 2,000 pages, 2 rounds, 3 crawlers
    python benchmarks/crawl_speed.py --pages 20000 --modes pool --runs 1   # memory over a long crawl

A local server (127.0.0.1, its own process) serves the AEB and segments dev pages under
``--pages`` distinct URLs: page ``i`` is benchmark page ``i mod n`` with its canonical link and
``og:url`` removed and a per-URL HTML comment added, so every body is byte-unique and no cache
or URL dedupe can stand in for extraction. Each round crawls all URLs once with every mode,
rotating the order between rounds:

* ``pool``: ``scrapy crawl urls`` with the default worker pool (one extraction process per core);
* ``inline``: the same with ``HERALD_EXTRACT_WORKERS=0`` (extraction on the reactor thread);
* ``naive``: ``benchmarks/naive_spider.py`` (``trafilatura.extract`` in the callback).

Identical settings for all: 32 concurrent requests (also per domain), robots.txt off, no
AutoThrottle, no delay, crawl state off; every crawler writes its records as JSONL. Pages/s =
pages / wall time of the crawl process (start-up included). The process tree (crawl + extraction
workers + fork server) is sampled every ``--interval`` seconds from /proc: peak summed RSS
(shared pages counted in every process) and PSS (shared pages split), and the peaks of each
quarter of the crawl, which show whether memory grows with crawl length; the same for the crawl
process alone (``crawl process alone``: the ``scrapy crawl`` process, without its workers).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from herald_scraper.evaluation.datasets import Dataset  # noqa: E402

SHARED = REPO.parent / "shared" / "benchmarks"
MODES = ("pool", "inline", "naive")
SETTINGS = {
    "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32",
    "ROBOTSTXT_OBEY": "False",
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "COOKIES_ENABLED": "False",
    "TELNETCONSOLE_ENABLED": "False",
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "LOG_LEVEL": "WARNING",
}

_CANONICAL = re.compile(
    rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical[^>]*>|<meta\b[^>]*\bproperty\s*=\s*[\"']?og:url[^>]*>",
    re.IGNORECASE,
)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


# --- the server -------------------------------------------------------------------------------


def load_pages(dirs: list[Path]) -> list[tuple[str, bytes]]:
    """``(path, html)`` per benchmark page: the page's own URL path, no canonical/og:url."""
    pages = []
    for d in dirs:
        for page in Dataset(d).pages():
            raw = page.url or ""
            # segments pages name a file ("site.example-title.html"), AEB pages give a URL
            path = urlsplit(raw).path if "://" in raw else "/" + raw.lstrip("/")
            path = re.sub(r"[^A-Za-z0-9/._-]+", "-", path)  # segments ids hold "::"
            if not path.strip("/"):
                path = f"/news/{page.id[:16]}.html"
            pages.append((path, _CANONICAL.sub(b"", page.html)))
    return pages


def url_paths(pages: list[tuple[str, bytes]], count: int) -> list[str]:
    return [f"/{i}{pages[i % len(pages)][0]}" for i in range(count)]


def _serve(dirs: list[Path], port_out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    pages = load_pages(dirs)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            head, _, _ = self.path.lstrip("/").partition("/")
            if not head.isdigit():
                self.send_error(404)
                return
            html = pages[int(head) % len(pages)][1]
            mark = b"<!-- herald-bench %s -->" % head.encode()
            match = _BODY_END.search(html)
            body = html[: match.start()] + mark + html[match.start() :] if match else html + mark
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.put(server.server_address[1])
    server.serve_forever()


# --- memory of a process tree ---------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    return kids


_TICK = os.sysconf("SC_CLK_TCK")


def tree_memory(
    pid: int, cpu: dict[int, float], own: dict[int, tuple[int, int]] | None = None
) -> tuple[int, int, int]:
    """Summed RSS and PSS in bytes of ``pid`` and all its descendants, and the process count;
    records each process's CPU seconds so far in ``cpu`` and, given ``own``, each process's
    ``(RSS, PSS)`` in it."""
    kids = _children()
    todo, rss, pss, n = [pid], 0, 0, 0
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu[p] = (int(fields[11]) + int(fields[12])) / _TICK
            p_rss = p_pss = 0
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    p_rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    p_pss = int(line.split()[1]) * 1024
            rss, pss, n = rss + p_rss, pss + p_pss, n + 1
            if own is not None:
                own[p] = (p_rss, p_pss)
        except OSError:
            continue
    return rss, pss, n


_PFN_MASK = (1 << 55) - 1


def tree_unique(pids: list[int]) -> int | None:
    """Bytes of physical memory mapped by any of ``pids``, each page counted once however many
    of them map it (``/proc/<pid>/pagemap``): what the crawl's process tree occupies, with
    the pages it shares with processes outside it (the page server's libraries) counted whole.
    Summed RSS counts a page shared by the fork server and its workers in each of them; summed
    PSS splits it, and also splits pages shared with processes outside the tree. ``None``
    without the privilege to read page frame numbers (they read as 0)."""
    import numpy as np  # a dependency of py3langid

    frames = []
    for pid in pids:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
            with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
                for line in maps:
                    if line.endswith("[vsyscall]"):
                        continue
                    lo, hi = (int(x, 16) for x in line.split(None, 1)[0].split("-"))
                    pagemap.seek(lo // 4096 * 8)
                    entries = np.frombuffer(pagemap.read((hi - lo) // 4096 * 8), dtype="<u8")
                    present = entries[(entries >> np.uint64(63)) == 1]
                    frames.append(present & np.uint64(_PFN_MASK))
        except OSError:
            continue
    if not frames:
        return 0
    every = np.concatenate(frames)
    if every.size and not every.any():
        return None
    return int(np.unique(every[every != 0]).size) * 4096


class Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int, int, int]] = []
        #: ``(seconds, RSS, PSS)`` of the crawl process alone (no workers, no fork server)
        self.crawl_samples: list[tuple[float, int, int]] = []
        self.cpu: dict[int, float] = {}
        #: ``(seconds, bytes)`` of the tree's pages counted once (:func:`tree_unique`), every
        #: 4th sample (it reads every process's page table)
        self.unique_samples: list[tuple[float, int | None]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.stop.wait(self.interval):
            own: dict[int, tuple[int, int]] = {}
            rss, pss, n = tree_memory(self.pid, self.cpu, own)
            if n:
                at = time.monotonic() - start
                self.samples.append((at, rss, pss, n))
                if len(self.samples) % 4 == 1:
                    self.unique_samples.append((at, tree_unique(list(own))))
                if self.pid in own:
                    self.crawl_samples.append((at, *own[self.pid]))


# --- the crawls -------------------------------------------------------------------------------


def crawl(
    mode: str, urls_file: Path, work: Path, interval: float, extra: dict[str, str] | None = None
) -> dict:
    out = work / f"out-{mode}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    settings = dict(SETTINGS)
    if mode == "naive":
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "runspider",
            str(REPO / "benchmarks/naive_spider.py"),
        ]
        cmd += ["-a", f"urls_file={urls_file}", "-O", str(out / "naive.jsonl")]
        env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        cwd = work  # no scrapy.cfg there: Scrapy's defaults plus the settings above
    else:
        cmd = [sys.executable, "-m", "scrapy", "crawl", "urls", "-a", f"urls_file={urls_file}"]
        settings |= {"HERALD_STATE": "off", "HERALD_OUTPUT_DIR": str(out)}
        settings["HERALD_STATS_FILE"] = str(out / "stats.json")
        settings |= extra or {}
        if mode == "inline":
            settings["HERALD_EXTRACT_WORKERS"] = "0"
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "herald_scraper.settings"}
        cwd = REPO
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid, interval)
    sampler.start()
    try:
        _, err = proc.communicate()
    finally:
        if proc.poll() is None:  # interrupted: leave no crawl behind
            proc.send_signal(signal.SIGINT)
            proc.wait(60)
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{mode} crawl failed ({proc.returncode}):\n{err[-3000:]}")
    records = sum(1 for f in out.rglob("*.jsonl") for _ in f.open(encoding="utf-8"))
    stats = json.loads((out / "stats.json").read_text()) if mode != "naive" else {}
    samples = sampler.samples
    quarters = [
        max((s[1] for s in samples if q * wall / 4 <= s[0] < (q + 1) * wall / 4), default=0)
        for q in range(4)
    ]
    pss_quarters = [
        max((s[2] for s in samples if q * wall / 4 <= s[0] < (q + 1) * wall / 4), default=0)
        for q in range(4)
    ]
    unique = [u for _, u in sampler.unique_samples]
    crawl_quarters = [
        max(
            (s[1] for s in sampler.crawl_samples if q * wall / 4 <= s[0] < (q + 1) * wall / 4),
            default=0,
        )
        for q in range(4)
    ]
    return {
        "mode": mode,
        "wall_s": wall,
        "records": records,
        "extracted": stats.get("herald/extracted"),
        "fetched": stats.get("herald/fetched"),
        "failed": stats.get("herald/failed", 0),
        "peak_rss_mb": max((s[1] for s in samples), default=0) / 2**20,
        "peak_pss_mb": max((s[2] for s in samples), default=0) / 2**20,
        "rss_quarters_mb": [round(q / 2**20, 1) for q in quarters],
        "pss_quarters_mb": [round(q / 2**20, 1) for q in pss_quarters],
        # the tree's pages counted once (None: page frame numbers need root)
        "peak_unique_mb": None if None in unique else max(unique, default=0) / 2**20,
        "processes": max((s[3] for s in samples), default=0),
        # the crawl process alone (the scrapy process: routing, pipelines, no extraction)
        "crawl_peak_rss_mb": max((s[1] for s in sampler.crawl_samples), default=0) / 2**20,
        "crawl_peak_pss_mb": max((s[2] for s in sampler.crawl_samples), default=0) / 2**20,
        "crawl_rss_quarters_mb": [round(q / 2**20, 1) for q in crawl_quarters],
        # CPU of the whole tree (sampled: a process's last interval may be missed)
        "cpu_s": sum(sampler.cpu.values()),
        "cpu_crawl_s": sampler.cpu.get(proc.pid, 0.0),
    }


def _mb(value: float | None) -> str:
    return "n/a (needs root)" if value is None else f"{value:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="distinct URLs to crawl")
    parser.add_argument("--runs", type=int, default=2, help="rounds (each crawls every mode)")
    parser.add_argument(
        "--modes", default=",".join(MODES), help="comma-separated: pool,inline,naive"
    )
    parser.add_argument("--interval", type=float, default=0.5, help="memory sampling seconds")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the herald crawls (pool, inline), e.g. HERALD_FSYNC=False",
    )
    args = parser.parse_args(argv)
    extra = dict(item.split("=", 1) for item in args.set)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the clean-up below
    modes = [m for m in args.modes.split(",") if m]
    if set(modes) - set(MODES):
        parser.error(f"unknown mode in {args.modes}")
    dirs = [SHARED / "aeb-dev", SHARED / "segments-dev"]
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    server = ctx.Process(target=_serve, args=(dirs, ports))
    server.start()
    work = Path(tempfile.mkdtemp(prefix="herald-crawl-bench-"))
    try:
        port = ports.get(timeout=120)
        paths = url_paths(load_pages(dirs), args.pages)
        urls_file = work / "urls.txt"
        urls_file.write_text("".join(f"http://127.0.0.1:{port}{p}\n" for p in paths))
        print(f"{args.pages} URLs, {os.cpu_count()} cores, modes {modes}, {args.runs} round(s)")
        results: list[dict] = []
        for r in range(args.runs):
            order = modes[r % len(modes) :] + modes[: r % len(modes)]
            for mode in order:
                res = crawl(mode, urls_file, work, args.interval, extra)
                res["pages_s"] = args.pages / res["wall_s"]
                results.append(res)
                print(
                    f"  round {r + 1} {mode:6s} {res['pages_s']:6.1f} pages/s  {res['wall_s']:6.1f} s"
                    f"  records {res['records']}  peak RSS {res['peak_rss_mb']:.0f} MB"
                    f" (PSS {res['peak_pss_mb']:.0f} MB, pages counted once"
                    f" {_mb(res['peak_unique_mb'])}, {res['processes']} processes)"
                    f"  RSS peak by quarter {res['rss_quarters_mb']}"
                    f"  PSS by quarter {res['pss_quarters_mb']}"
                    f"  CPU {1000 * res['cpu_s'] / args.pages:.0f} ms/page"
                    f" (crawl process {1000 * res['cpu_crawl_s'] / args.pages:.0f})",
                    flush=True,
                )
                print(
                    f"    crawl process alone: peak RSS {res['crawl_peak_rss_mb']:.0f} MB"
                    f" (PSS {res['crawl_peak_pss_mb']:.0f} MB)"
                    f"  RSS peak by quarter {res['crawl_rss_quarters_mb']}",
                    flush=True,
                )
        medians = {
            m: statistics.median(x["pages_s"] for x in results if x["mode"] == m) for m in modes
        }
        print("median pages/s: " + ", ".join(f"{m} {v:.1f}" for m, v in medians.items()))
        for a, b in (("pool", "inline"), ("pool", "naive"), ("inline", "naive")):
            if a in medians and b in medians:
                print(f"  ratio {a}/{b}: {medians[a] / medians[b]:.2f}x")
        if args.json:
            report = {"pages": args.pages, "cores": os.cpu_count(), "runs": results}
            args.json.write_text(json.dumps(report | {"median_pages_s": medians}, indent=2) + "\n")
    finally:
        server.kill()
        server.join()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
