"""A urls crawl logs its progress with the list's length as total, and an ETA."""

from __future__ import annotations

import json
import re
from pathlib import Path

from herald_scraper.devserver import DevServer
from tests.e2e.conftest import SITE, run_crawl

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))


def test_a_urls_crawl_logs_progress_against_its_list(
    site_server: DevServer, tmp_path: Path
) -> None:
    pages = MANIFEST["articles"] + MANIFEST["non_articles"]
    urls = ",".join(f"{site_server.url}{p}" for p in pages)
    # one request at a time, a little apart: the crawl lasts long enough for a few lines
    settings = {"HERALD_PROGRESS_INTERVAL": "0.3", "DOWNLOAD_DELAY": "0.1",
                "CONCURRENT_REQUESTS": "1"}  # fmt: skip
    result = run_crawl("urls", {"urls": urls}, tmp_path, settings)
    assert result.returncode == 0, result.log[-3000:]
    lines = re.findall(
        r"herald progress: (\d+) of (\d+) URLs done \(\d+%\), [\d.]+/min, ETA", result.log
    )
    assert lines, result.log[-3000:]
    assert {int(total) for _, total in lines} == {len(pages)}
    done = [int(n) for n, _ in lines]
    assert done == sorted(done)
