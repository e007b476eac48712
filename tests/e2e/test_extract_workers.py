"""Extraction in worker processes: the same records as inline extraction, and a worker that dies
or hangs mid-page costs that page only (counted as a failure), never the crawl."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import SITE, run_crawl

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))
PAGES = MANIFEST["articles"] + MANIFEST["non_articles"] + MANIFEST["missing"] + MANIFEST["files"]
# Cross-page learning strips a line from the pages that come after it is learned: with workers,
# pages finish in another order, so it is off to compare what extraction itself produced.
SAME = {"HERALD_CROSSPAGE": "False", "HERALD_STATE": "off"}


def _urls(server_url: str, tmp_path: Path, pages: list[str]) -> str:
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("".join(f"{server_url}{p}\n" for p in pages), encoding="utf-8")
    return str(urls_file)


def _by_path(records: list[dict]) -> dict[str, dict]:
    return {
        urlsplit(r["url"]).path: {k: v for k, v in r.items() if k != "fetched_at"} for r in records
    }


def _herald_counts(stats: dict) -> dict:
    """The ``herald/...`` counters, but the pool's own and the number of disk syncs (records
    arriving close together share one: that depends on timing)."""
    return {
        k: v
        for k, v in stats.items()
        if k.startswith("herald/")
        and isinstance(v, int)
        and "extract_workers" not in k
        and k != "herald/fsyncs"
    }


def test_two_workers_write_the_same_records_as_inline_extraction(
    site_server, tmp_path: Path
) -> None:
    urls = _urls(site_server.url, tmp_path, PAGES)
    inline = run_crawl(
        "urls", {"urls_file": urls}, tmp_path, {**SAME, "HERALD_EXTRACT_WORKERS": "0"}
    )
    pooled = run_crawl(
        "urls", {"urls_file": urls}, tmp_path, {**SAME, "HERALD_EXTRACT_WORKERS": "2"}
    )
    assert inline.returncode == 0 and pooled.returncode == 0, pooled.log[-3000:]
    assert pooled.stats["herald/extract_workers"] == 2
    assert "herald/extract_workers" not in inline.stats
    assert sorted(_by_path(inline.records)) == sorted(MANIFEST["articles"])
    assert _by_path(pooled.records) == _by_path(inline.records)
    assert _herald_counts(pooled.stats) == _herald_counts(inline.stats)


def test_a_worker_killed_or_stuck_mid_page_is_a_counted_failure_and_is_replaced(
    site_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash, hang, *rest = MANIFEST["articles"]
    monkeypatch.setenv("HERALD_TEST_CRASH_PATHS", crash)
    monkeypatch.setenv("HERALD_TEST_HANG_PATHS", hang)
    result = run_crawl(
        "urls",
        {"urls_file": _urls(site_server.url, tmp_path, [crash, hang, *rest])},
        tmp_path,
        {
            **SAME,
            # one worker: every page after the two lost ones proves it was replaced
            "HERALD_EXTRACT_WORKERS": "1",
            "HERALD_EXTRACT_TIMEOUT": "2",
            "HERALD_EXTRACT_HOOK": "tests.e2e.worker_hooks.crash_or_hang",
        },
    )
    assert result.returncode == 0, result.log[-3000:]
    stats = result.stats
    assert stats["herald/failed/extract_crash"] == 1
    assert stats["herald/failed/extract_timeout"] == 1
    assert stats["herald/failed"] == 2
    assert stats["herald/extract_workers_replaced"] == 2
    assert stats["finish_reason"] == "finished"
    assert sorted(_by_path(result.records)) == sorted(rest)
    assert f"extraction of {site_server.url}{crash} failed (extract_crash)" in result.log
    assert f"extraction of {site_server.url}{hang} failed (extract_timeout)" in result.log
    assert "herald summary (finished)" in result.log and "extract_crash: 1" in result.log
