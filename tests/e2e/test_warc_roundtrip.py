"""A crawl keeps its raw responses (``-s HERALD_WARC=on``) and re-extracts from them to the same
records (``herald-scraper extract RUN.warc.gz``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from herald_scraper.devserver import DevServer
from tests.e2e.conftest import ROOT, SITE, run_crawl

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))
#: What a re-extraction cannot know from the pages: how the crawl found them, and when.
CRAWL_ONLY = {"source", "fetched_at"}


def test_a_crawls_warc_re_extracts_to_the_same_records(
    site_server: DevServer, tmp_path: Path
) -> None:
    pages = MANIFEST["articles"] + MANIFEST["non_articles"] + list(MANIFEST["redirects"])
    urls = ",".join(f"{site_server.url}{p}" for p in pages)
    # the crawl learns repeated lines as pages arrive, a re-extraction over the whole input:
    # both off, so that the records compare line for line
    settings = {"HERALD_WARC": "on", "HERALD_CROSSPAGE": "False"}
    result = run_crawl("urls", {"urls": urls}, tmp_path, settings)
    assert result.returncode == 0, result.log[-3000:]
    jsonl = Path(result.stats["herald/output_file"])
    warc = Path(result.stats["herald/warc_file"])
    assert warc == jsonl.with_suffix(".warc.gz") and warc.exists()

    with open(warc, "rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)
        ]
    responses = [url for kind, url in records if kind == "response"]
    assert records[0][0] == "warcinfo"
    assert sum(kind == "request" for kind, _ in records) == len(responses)
    assert f"{site_server.url}/robots.txt" in responses
    assert result.stats["herald/warc_responses"] == len(responses)

    proc = subprocess.run(
        [sys.executable, "-m", "herald_scraper.cli", "extract", str(warc), "--no-crosspage",
         "--workers", "0"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    again = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(r["source"] == "warc" for r in again)

    def comparable(records: list[dict]) -> list[dict]:
        return sorted(
            ({k: v for k, v in r.items() if k not in CRAWL_ONLY} for r in records),
            key=lambda r: r["url"],
        )

    # the crawl deduplicates (canonical URL); the archive keeps every fetch
    from_warc = {r["url"]: r for r in comparable(again)}
    crawled = comparable(result.records)
    assert len(crawled) == len(MANIFEST["articles"])
    for record in crawled:
        other = from_warc.get(record["url"], {})
        differing = {k: (v, other.get(k)) for k, v in record.items() if other.get(k) != v}
        assert not differing, (record["url"], differing)
