"""The ``herald-scraper`` command: ``demo``, ``extract`` and ``eval``.

Crawling itself is ``scrapy crawl <spider>``; this command wraps what is not a crawl.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from herald_scraper.evaluation import cli as eval_cli

logger = logging.getLogger(__name__)

#: The repository root (holds ``scrapy.cfg`` and ``fixtures/`` in a source checkout).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="herald-scraper", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="serve the bundled news site locally and crawl it")
    demo.add_argument("--site", type=Path, default=PROJECT_ROOT / "fixtures" / "site")
    demo.add_argument("--output-dir", type=Path, default=Path("output"))
    demo.set_defaults(func=run_demo)

    ext = sub.add_parser("extract", help="extract one saved page to a JSON record on stdout")
    ext.add_argument("path", type=Path, help="HTML file ('-' for stdin)")
    ext.add_argument("--url", help="the page's URL (improves metadata and the article gate)")
    ext.add_argument("--any-page", action="store_true", help="skip the article gate")
    ext.set_defaults(func=run_extract)

    eval_cli.register(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return int(args.func(args))


def run_extract(args: argparse.Namespace) -> int:
    from herald_scraper.extraction import extract_page

    data = sys.stdin.buffer.read() if str(args.path) == "-" else args.path.read_bytes()
    result = extract_page(data, args.url, article_only=not args.any_page)
    if result.record is None:
        print(f"no record: {result.reason}", file=sys.stderr)
        return 1
    print(json.dumps(result.record, ensure_ascii=False, indent=2))
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Serve ``--site`` on 127.0.0.1 (a free port) and run the real ``scrapy crawl urls`` on it."""
    from herald_scraper.devserver import serve
    from herald_scraper.jsonl import read_jsonl

    site: Path = args.site
    if not (site / "index.html").is_file():
        print(f"error: no demo site at {site} (run from a source checkout)", file=sys.stderr)
        return 2
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    out_dir: Path = args.output_dir.resolve()
    with serve(site) as server:
        urls_file = out_dir / "demo-urls.txt"
        out_dir.mkdir(parents=True, exist_ok=True)
        urls_file.write_text("".join(f"{server.url}/{p}\n" for p in pages), encoding="utf-8")
        started = time.time()
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "urls", "-a", f"urls_file={urls_file}",
            "-s", f"HERALD_OUTPUT_DIR={out_dir}",
            # A local site needs no throttling; every other politeness default stays on.
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        ]  # fmt: skip
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "herald_scraper.settings"}
        print(f"serving {site} at {server.url}; crawling {len(pages)} pages:\n  {' '.join(cmd)}")
        code = subprocess.call(cmd, env=env, cwd=PROJECT_ROOT)
    urls_file.unlink(missing_ok=True)
    written = [p for p in (out_dir / "urls").glob("*.jsonl") if p.stat().st_mtime >= started - 1]
    if code != 0 or not written:
        print(f"error: the crawl failed (exit code {code})", file=sys.stderr)
        return code or 1
    path = max(written, key=lambda p: p.stat().st_mtime)
    records = read_jsonl(path)
    print(f"\n{len(records)} articles from {len(pages)} pages written to {path}")
    for record in records:
        print(f"  {record['date_published'] or '?':25.25} {record['title']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
