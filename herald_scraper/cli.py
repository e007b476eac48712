"""The ``herald-scraper`` command: ``demo``, ``extract``, ``explain``, ``schema``, ``merge``,
``eval``.

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

    ext = sub.add_parser(
        "extract",
        help="extract saved pages (HTML files, folders, WARC files) to JSONL records",
        description="Every page becomes one JSONL record (the crawl's format) on stdout or in -o; "
        "a summary line on stderr ends the run. Exit code 0 when at least one record was "
        "written, 1 when none was, 2 for an input or output that cannot be opened.",
    )
    ext.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="an HTML file (.gz too; '-' reads one page from stdin), a folder of them "
        "(searched recursively) or a WARC / WARC.gz file",
    )
    ext.add_argument("-o", "--output", type=Path, help="JSONL file to write (default: stdout)")
    ext.add_argument(
        "--workers",
        type=int,
        help="extraction processes (default: one per core; 0 = extract inline)",
    )
    ext.add_argument(
        "--url",
        help="the page's URL for one file; for a folder, the base URL its files' paths are "
        "joined to (default: file:// URLs; WARC records carry their own)",
    )
    ext.add_argument("--any-page", action="store_true", help="skip the article gate")
    ext.add_argument(
        "--no-crosspage",
        action="store_true",
        help="keep lines a site repeats across pages, and write each record as soon as it is "
        "extracted (default: learn them over the whole input, write at the end)",
    )
    ext.add_argument(
        "--timeout", type=float, default=30.0, help="seconds one page may take (default: 30)"
    )
    ext.set_defaults(func=run_extract)

    schema = sub.add_parser("schema", help="print the JSON Schema of a JSONL record")
    schema.set_defaults(func=run_schema)

    explain = sub.add_parser(
        "explain", help="HTML report of what extraction kept and removed on a page, and why"
    )
    explain.add_argument("path", type=Path, help="HTML file ('-' for stdin)")
    explain.add_argument("--url", help="the page's URL (as for extract)")
    explain.add_argument("-o", "--output", type=Path, help="report file (default: stdout)")
    explain.add_argument("--any-page", action="store_true", help="skip the article gate")
    explain.set_defaults(func=run_explain)

    merge = sub.add_parser(
        "merge",
        help="merge run files (a distributed crawl's workers) into one JSONL file",
        description="One record per canonical URL, the newest by fetched_at.",
    )
    merge.add_argument(
        "inputs", nargs="+", type=Path, metavar="OUTPUT_DIR", help="folders, files or globs"
    )
    merge.add_argument("-o", "--output", type=Path, required=True, help="JSONL file to write")
    merge.set_defaults(func=run_merge)

    eval_cli.register(sub)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader went away (`| head`): one line, and no second error when Python flushes
        # stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print("herald-scraper: output closed by the reader (broken pipe), stopped", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("herald-scraper: interrupted", file=sys.stderr)
        return 130


def run_schema(args: argparse.Namespace) -> int:
    from herald_scraper.schema import record_schema

    print(json.dumps(record_schema(), ensure_ascii=False, indent=2))
    return 0


def run_explain(args: argparse.Namespace) -> int:
    from herald_scraper.explain import explain

    try:
        data = sys.stdin.buffer.read() if str(args.path) == "-" else args.path.read_bytes()
    except OSError as exc:
        print(f"herald-scraper explain: error: {args.path}: {exc.strerror}", file=sys.stderr)
        return 2
    report = explain(data, args.url, article_only=not args.any_page)
    if args.output is None:
        sys.stdout.write(report)
        return 0
    try:
        args.output.write_text(report, encoding="utf-8")
    except OSError as exc:
        print(f"herald-scraper explain: error: {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"report written to {args.output}", file=sys.stderr)
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from herald_scraper.merge import merge_command

    return merge_command(args.inputs, args.output)


def run_extract(args: argparse.Namespace) -> int:
    from herald_scraper.extract_command import extract_command

    return extract_command(
        args.paths,
        output=args.output,
        workers=args.workers,
        url=args.url,
        article_only=not args.any_page,
        crosspage=not args.no_crosspage,
        timeout=args.timeout,
    )


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
