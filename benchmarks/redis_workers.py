"""Distributed crawl speed: pages/s of 1, 2 and 4 ``scrapy crawl site`` workers on one Redis.

Usage (from the repo root, venv active, ``redis-server`` installed)::

    python benchmarks/redis_workers.py                     # 400 articles, 1/2/4 workers
    python benchmarks/redis_workers.py --articles 1000 --workers 1 2 4 8

A generated news site (``tests/e2e/bigsite.py``: articles reached through section pages and
"related" links) is served on 127.0.0.1 by ``herald_scraper.devserver`` in a child process, and a
private ``redis-server`` runs on a free 127.0.0.1 port without persistence. For each worker count
Redis is emptied, the workers start together (``-s REDIS_URL=...``, one extraction process each,
16 concurrent requests per domain each, no AutoThrottle, no delay), and the run is timed from the
start to the last record written (the workers' idle wait before they exit, ``--idle`` seconds,
is not counted; the wall time with it is shown too). Pages = requests the server answered.
Every run is checked: all articles written, none twice, no page fetched twice.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from herald_scraper.jsonl import read_jsonl  # noqa: E402
from tests.e2e.bigsite import make_site  # noqa: E402

SERVER = """
import sys, json, time
from pathlib import Path
from herald_scraper.devserver import serve
with serve(Path(sys.argv[1])) as server:
    print(server.url, flush=True)
    for line in sys.stdin:  # "hits": the request counts so far
        print(json.dumps(dict(server.hits)), flush=True)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(n_workers: int, url: str, redis: str, out: Path, idle: float) -> tuple[float, float]:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "herald_scraper.settings"}
    procs = []
    started = time.time()
    for w in range(n_workers):
        cmd = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={url}/"]
        cmd += ["-a", "max_pages=0", "-a", "max_depth=10"]
        settings = {
            "REDIS_URL": redis,
            "HERALD_WORKER_ID": f"w{w}",
            "HERALD_REDIS_IDLE_CLOSE": str(idle),
            "HERALD_OUTPUT_DIR": str(out),
            "HERALD_EXTRACT_WORKERS": "1",
            "HERALD_FSYNC": "False",
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
            "LOG_LEVEL": "WARNING",
        }
        for key, value in settings.items():
            cmd += ["-s", f"{key}={value}"]
        procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        _, err = proc.communicate(timeout=1800)
        if proc.returncode:
            raise SystemExit(f"worker failed ({proc.returncode}):\n{err[-3000:]}")
    wall = time.time() - started
    files = list((out / "site").glob("*.jsonl"))
    last = max(p.stat().st_mtime for p in files)
    return last - started, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--idle", type=float, default=3.0)
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    tmp = Path(tempfile.mkdtemp(prefix="herald-redis-bench-"))
    site = tmp / "site"
    articles = set(make_site(site, n=args.articles))
    port = free_port()
    redis_proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp), "--save", "",
         "--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(site)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stdout is not None and server.stdin is not None
    url = server.stdout.readline().strip()
    redis_url = f"redis://127.0.0.1:{port}/0"
    time.sleep(0.5)

    def hits() -> dict[str, int]:
        server.stdin.write("hits\n")  # type: ignore[union-attr]
        server.stdin.flush()  # type: ignore[union-attr]
        return dict(json.loads(server.stdout.readline()))  # type: ignore[union-attr]

    print(f"site: {len(articles)} articles at {url}; Redis {redis_url}; {os.cpu_count()} cores")
    print("workers  pages  to last record  pages/s  wall (with exit)")
    try:
        for n in args.workers:
            subprocess.run(
                ["redis-cli", "-p", str(port), "flushall"], check=True, capture_output=True
            )
            out = tmp / f"out-{n}"
            before = hits()
            elapsed, wall = run(n, url, redis_url, out, args.idle)
            after = hits()
            fetched = {p: after.get(p, 0) - before.get(p, 0) for p in after}
            pages = sum(fetched.values())
            twice = {p: c for p, c in fetched.items() if c > 1 and p != "/robots.txt"}
            records = read_jsonl(out / "site")
            written = [urlsplit(r["canonical_url"]).path for r in records]
            ok = set(written) == articles and len(written) == len(articles) and not twice
            print(
                f"{n:7d}  {pages:5d}  {elapsed:12.1f} s  {pages / elapsed:7.1f}  {wall:8.1f} s"
                f"{'' if ok else '  CHECK FAILED: ' + str((len(written), len(twice)))}"
            )
    finally:
        server.stdin.close()
        server.terminate()
        redis_proc.terminate()
        server.wait()
        redis_proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
