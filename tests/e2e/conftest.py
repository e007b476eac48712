"""End-to-end helpers: serve a fixture site on 127.0.0.1 and run real ``scrapy crawl`` processes.

Crawls run in a subprocess because Twisted's reactor cannot be restarted within one process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from herald_scraper.devserver import DevServer, serve
from herald_scraper.jsonl import read_jsonl
from herald_scraper.schema import record_schema

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "fixtures" / "site"


@dataclass
class CrawlResult:
    returncode: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str


def crawl_command(
    spider: str, args: dict[str, str], out_dir: Path, settings: dict[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of ``scrapy crawl SPIDER -a k=v ...`` writing to
    ``out_dir``, with local-test settings (no throttling, no delay) under ``settings``."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        cmd += ["-a", f"{key}={value}"]
    local = {
        "HERALD_OUTPUT_DIR": str(out_dir),
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "LOG_LEVEL": "INFO",
        **(settings or {}),
    }
    for key, value in local.items():
        cmd += ["-s", f"{key}={value}"]
    return cmd, {**os.environ, "SCRAPY_SETTINGS_MODULE": "herald_scraper.settings"}


def run_crawl(
    spider: str, args: dict[str, str], out_dir: Path, settings: dict[str, str] | None = None
) -> CrawlResult:
    """``scrapy crawl SPIDER -a k=v ...`` with local-test settings; returns records and stats."""
    stats_file = out_dir / f"stats-{spider}-{len(list(out_dir.glob('stats-*')))}.json"
    before = set((out_dir / spider).glob("*.jsonl")) if (out_dir / spider).exists() else set()
    cmd, env = crawl_command(
        spider, args, out_dir, {"HERALD_STATS_FILE": str(stats_file), **(settings or {})}
    )
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    new = sorted(set((out_dir / spider).glob("*.jsonl")) - before)
    records = [r for path in new for r in read_jsonl(path)]
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return CrawlResult(proc.returncode, records, stats, proc.stderr)


@pytest.fixture
def site_server() -> Iterator[DevServer]:
    with serve(SITE) as server:
        yield server


@pytest.fixture(autouse=True)
def _written_records_match_the_schema(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Every record any end-to-end test writes (crawl output, ``herald-scraper extract``) is
    checked against the record's JSON Schema (``herald-scraper schema``) after the test."""
    started = time.time()
    yield
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")
    validator = jsonschema.Draft202012Validator(record_schema())
    base = tmp_path_factory.getbasetemp()
    for path in base.rglob("*.jsonl"):
        if path.stat().st_mtime < started - 1:
            continue  # another test's output
        for record in read_jsonl(path):  # torn lines (kill tests) are skipped as readers do
            errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]
            assert not errors, f"{path}: {record.get('url')}: {errors}"
