"""A real ``scrapy crawl urls`` against the fixture site served on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from herald_scraper.jsonl import read_jsonl
from tests.e2e.conftest import ROOT, SITE, run_crawl

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))


def _paths(records: list[dict]) -> list[str]:
    return sorted(urlsplit(r["canonical_url"]).path for r in records)


def test_urls_spider_writes_exactly_the_articles(site_server, tmp_path: Path) -> None:
    pages = (
        MANIFEST["articles"] + list(MANIFEST["duplicates"]) + MANIFEST["non_articles"]
        + MANIFEST["disallowed"] + list(MANIFEST["redirects"]) + MANIFEST["missing"]
        + MANIFEST["files"]
    )  # fmt: skip
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text(
        "# pages of the fixture site\n" + "".join(f"{site_server.url}{p}\n" for p in pages) + "\n"
        "not-a-url\n",
        encoding="utf-8",
    )
    result = run_crawl("urls", {"urls_file": str(urls_file)}, tmp_path)
    assert result.returncode == 0, result.log[-3000:]

    # exactly the site's articles, once each, whatever URL reached them
    assert _paths(result.records) == sorted(MANIFEST["articles"])
    for record in result.records:
        assert record["source"] == "urls"
        assert record["text"] and record["title"] and record["word_count"] >= 50
        assert set(record) == set(json.loads(json.dumps(record)))  # plain JSON

    # robots.txt obeyed: disallowed pages were never fetched
    for path in MANIFEST["disallowed"]:
        assert site_server.hits[path] == 0, path
    stats = result.stats
    assert stats["herald/found"] == len(pages)
    assert stats["herald/invalid_url"] == 1
    assert stats["herald/written"] == len(MANIFEST["articles"])
    assert stats["herald/failed/http_404"] == len(MANIFEST["missing"])
    assert stats["herald/skipped/not_html"] == len(MANIFEST["files"])
    # a redirect to an already-requested article is not fetched twice (Scrapy's dupefilter)
    assert stats["herald/dropped"] == stats.get("herald/dropped/duplicate_url", 0) + stats.get(
        "herald/dropped/duplicate_content", 0
    )
    assert stats["herald/dropped"] >= len(MANIFEST["duplicates"])
    skipped = sum(v for k, v in stats.items() if k.startswith("herald/skipped/not_article"))
    assert skipped == len(MANIFEST["non_articles"])
    assert "herald summary (finished)" in result.log


def test_redirect_is_followed_and_recorded(site_server, tmp_path: Path) -> None:
    old, target = next(iter(MANIFEST["redirects"].items()))
    result = run_crawl("urls", {"urls": f"{site_server.url}{old}"}, tmp_path)
    [record] = result.records
    assert urlsplit(record["url"]).path == target
    assert result.stats["herald/redirected"] == 1


def test_demo_command_crawls_the_bundled_site(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "herald_scraper.cli", "demo", "--output-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    [path] = list((tmp_path / "urls").glob("*.jsonl"))
    records = read_jsonl(path)
    assert f"{len(records)} articles" in proc.stdout and str(path) in proc.stdout
    assert _paths(records) == sorted(MANIFEST["articles"])
