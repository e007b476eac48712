"""Real ``scrapy crawl sitemap|feed|site`` runs against a copy of the fixture news site.

Per spider, three scheduled runs on its own copy of ``fixtures/site`` (own server, own hit
counter, own crawl state): the first writes exactly the articles that spider can discover;
the second writes nothing and re-fetches no known article; after ``fixtures/site_update`` is
copied over the site, the third writes exactly the new (and, where the spider can see it, the
changed) articles. The three spiders run in parallel subprocesses to keep the suite fast.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from herald_scraper.devserver import DevServer, serve
from herald_scraper.discovery import canonicalize_url, parse_feed
from herald_scraper.jsonl import read_jsonl
from tests.e2e.conftest import ROOT, SITE, crawl_command

UPDATE = ROOT / "fixtures" / "site_update"
MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))
UPDATE_MANIFEST = json.loads((UPDATE / "site.json").read_text(encoding="utf-8"))
SPIDERS = ("sitemap", "feed", "site")


@dataclass
class Crawl:
    """One ``scrapy crawl`` subprocess; :meth:`wait` collects what it wrote."""

    spider: str
    out: Path
    proc: subprocess.Popen[str]
    before: set[Path]
    stats_file: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    log: str = ""

    def wait(self) -> Crawl:
        _, self.log = self.proc.communicate(timeout=120)
        assert self.proc.returncode == 0, self.log[-3000:]
        new = sorted(set((self.out / self.spider).glob("*.jsonl")) - self.before)
        self.records = [r for path in new for r in read_jsonl(path)]
        self.stats = json.loads(self.stats_file.read_text(encoding="utf-8"))
        return self


def start_crawl(
    spider: str, args: dict[str, str], out: Path, settings: dict[str, str] | None = None
) -> Crawl:
    out.mkdir(parents=True, exist_ok=True)
    stats_file = out / f"stats-{spider}-{len(list(out.glob('stats-*')))}.json"
    before = set((out / spider).glob("*.jsonl"))
    cmd, env = crawl_command(
        spider, args, out, {"HERALD_STATS_FILE": str(stats_file), **(settings or {})}
    )
    proc = subprocess.Popen(
        cmd, cwd=out, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    return Crawl(spider, out, proc, before, stats_file)


def paths(records: list[dict[str, Any]], key: str = "canonical_url") -> list[str]:
    return sorted(urlsplit(r[key]).path for r in records)


def feed_articles(root: Path) -> set[str]:
    """Article paths the site's feeds link to (feeds are a window on the latest articles)."""
    found = set()
    for feed in MANIFEST["feeds"]:
        body = (root / feed.lstrip("/")).read_bytes().replace(b"http://HOST", b"http://h.test")
        for entry in parse_feed(body, "http://h.test" + feed).entries:
            found.add(urlsplit(canonicalize_url(entry.link) or "").path)
    return found & set(MANIFEST["articles"] + UPDATE_MANIFEST["articles"])


@dataclass
class Run:
    server: DevServer
    root: Path
    out: Path
    crawls: list[Crawl] = field(default_factory=list)
    hits: list[dict[str, int]] = field(default_factory=list)


def _args(spider: str, server: DevServer, third: bool) -> dict[str, str]:
    if spider == "site" and third:
        return {"url": server.url + "/", "recheck": "true"}
    return {"url": server.url + "/"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    """Three runs per spider (the third after the update overlay), spiders in parallel."""
    base = tmp_path_factory.mktemp("discovery")
    state: dict[str, Run] = {}
    for spider in SPIDERS:
        root = base / spider / "site"
        shutil.copytree(SITE, root)
        state[spider] = Run(serve(root), root, base / spider / "out")
    try:
        for number in range(3):
            if number == 2:
                for run in state.values():
                    shutil.copytree(UPDATE, run.root, dirs_exist_ok=True)
            started = [
                start_crawl(s, _args(s, r.server, number == 2), r.out) for s, r in state.items()
            ]
            for run, crawl in zip(state.values(), started, strict=True):
                run.crawls.append(crawl.wait())
                run.hits.append(dict(run.server.hits))
        yield state
    finally:
        for run in state.values():
            run.server.stop()


def expected_first(spider: str) -> set[str]:
    if spider == "feed":
        return feed_articles(SITE)
    return set(MANIFEST["articles"])


@pytest.mark.parametrize("spider", SPIDERS)
def test_first_run_writes_exactly_the_articles(runs: dict[str, Run], spider: str) -> None:
    run = runs[spider]
    crawl = run.crawls[0]
    expected = expected_first(spider)
    assert expected, "the fixture must give every spider something to find"
    # exactly the site's articles, each once, whatever URL reached them
    assert paths(crawl.records) == sorted(expected)
    for record in crawl.records:
        assert record["source"] == spider
        assert urlsplit(record["url"]).query == ""  # tracking parameters never reach a record
    # robots.txt obeyed for discovered pages: disallowed pages never fetched
    for path in MANIFEST["disallowed"]:
        assert run.hits[0].get(path, 0) == 0, path
    # no article page fetched twice
    for path in expected:
        assert run.hits[0].get(path, 0) == 1, path
    assert crawl.stats["herald/written"] == len(expected)
    assert crawl.stats["herald/new"] == len(expected)
    assert "herald summary (finished): found" in crawl.log


def test_sitemap_spider_reads_robots_index_gzip_and_news(runs: dict[str, Run]) -> None:
    run = runs["sitemap"]
    for path in MANIFEST["sitemaps"]:
        assert run.hits[0].get(path, 0) == 1, path
    # sitemap-pages.xml lists pages whose URL is no article: never fetched
    assert all(run.hits[0].get(p, 0) == 0 for p in ("/about.html", "/contact.html"))
    assert run.crawls[0].stats["herald/skipped/not_article_url"] >= 1


def test_feed_spider_discovers_feeds_and_fills_gaps(runs: dict[str, Run]) -> None:
    run = runs["feed"]
    for path in MANIFEST["feeds"]:
        assert run.hits[0].get(path, 0) == 1, path  # both announced by the home page
    for record in run.crawls[0].records:
        assert record["authors"] and record["date_published"]


def test_site_spider_skips_non_article_links(runs: dict[str, Run]) -> None:
    run = runs["site"]
    hits = run.hits[0]
    for path in ("/tag/harbour.html", "/author/jane-mercer.html", "/search.html"):
        assert hits.get(path, 0) == 0, path
    assert hits.get("/files/annual-report-2023.pdf", 0) == 0
    assert hits.get("/feed.xml", 0) == 0
    stats = run.crawls[0].stats
    assert stats["herald/skipped/offsite"] >= 1
    assert stats["herald/skipped/robots_txt"] >= 1
    # the redirect was followed (or its target already seen) and the 404 counted
    assert stats.get("herald/failed/http_404", 0) == 1


@pytest.mark.parametrize("spider", SPIDERS)
def test_second_run_writes_and_refetches_nothing(runs: dict[str, Run], spider: str) -> None:
    run = runs[spider]
    crawl = run.crawls[1]
    assert crawl.records == []
    assert crawl.stats.get("herald/written", 0) == 0
    for path in expected_first(spider):
        assert run.hits[1][path] == run.hits[0][path], f"{path} fetched again"
    reason = "known_article" if spider == "site" else "unchanged"
    # at least every article; a site crawl also knows the redirect URLs that led to one
    assert crawl.stats[f"herald/skipped/{reason}"] >= len(expected_first(spider))
    assert crawl.stats.get("herald/fetched", 0) <= run.crawls[0].stats["herald/fetched"] - len(
        expected_first(spider)
    )


@pytest.mark.parametrize("spider", SPIDERS)
def test_third_run_writes_exactly_the_new_and_changed(runs: dict[str, Run], spider: str) -> None:
    run = runs[spider]
    crawl = run.crawls[2]
    new = set(UPDATE_MANIFEST["articles"])
    changed = set(UPDATE_MANIFEST["changed"])
    if spider == "feed":  # the feeds' window: only what they list
        visible = feed_articles(run.root)
        new, changed = new & visible, changed & visible
    assert new, "the update adds articles every spider can see"
    assert paths(crawl.records) == sorted(new | changed)
    assert crawl.stats.get("herald/changed", 0) == len(changed)
    for record in crawl.records:
        if urlsplit(record["canonical_url"]).path in changed:
            assert record["date_modified"]
    if spider != "site":  # unchanged entries keep their lastmod/date: not fetched again
        unchanged = expected_first(spider) - changed
        for path in unchanged:
            assert run.hits[2][path] == run.hits[1][path], f"{path} fetched again"
