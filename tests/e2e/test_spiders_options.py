"""Spider options and operations against the fixture site: sitemap fallbacks and ``since``,
``-a site=NAME`` configuration, ``HERALD_STATE=off``, and ``JOBDIR`` pause/resume."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from herald_scraper.devserver import DevServer, serve
from tests.e2e.conftest import SITE
from tests.e2e.test_spiders_discovery import MANIFEST, Crawl, feed_articles, paths, start_crawl

SINCE = "2024-06-15"
ARTICLES = set(MANIFEST["articles"])
DENIED_MONTH = "/2024/07/"
# A whole body line of one article, removed by the site config's extra_phrases.
PHRASE_ARTICLE = "/news/2024/05/harbour-bridge.html"
PHRASE = "The bridge will close again for one weekend in June"


@dataclass
class Case:
    server: DevServer
    out: Path
    crawls: list[Crawl] = field(default_factory=list)


def _published(path: str) -> str:
    return str(MANIFEST["expected"][path]["date_published"])[:10]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Case]]:
    base = tmp_path_factory.mktemp("options")
    made: dict[str, Case] = {}
    try:
        for name in ("fallback", "config", "jobdir", "feedprobe"):
            root = base / name / "site"
            shutil.copytree(SITE, root)
            made[name] = Case(serve(root), base / name / "out")
        # robots.txt without a Sitemap: line, so the conventional locations are probed
        robots = base / "fallback" / "site" / "robots.txt"
        robots.write_text(
            "\n".join(line for line in robots.read_text().splitlines() if "Sitemap" not in line)
        )
        # a home page announcing no feed, so the usual feed locations are probed
        home = base / "feedprobe" / "site" / "index.html"
        html = home.read_text(encoding="utf-8")
        home.write_text(re.sub(r"<link[^>]+rel=\"alternate\"[^>]*>", "", html), encoding="utf-8")
        config = made["config"]
        config.out.mkdir(parents=True)
        (config.out / "sites.toml").write_text(
            f'[gazette]\nstart_urls = ["{config.server.url}/"]\n'
            f"deny = ['{DENIED_MONTH}']\nextra_phrases = ['^{PHRASE}']\n",
            encoding="utf-8",
        )
        jobdir = str(base / "jobdir" / "job")
        url = {name: case.server.url + "/" for name, case in made.items()}
        first = {
            "fallback": start_crawl(
                "sitemap", {"url": url["fallback"], "since": SINCE}, made["fallback"].out
            ),
            "config": start_crawl("site", {"site": "gazette"}, config.out),
            "feedprobe": start_crawl("feed", {"url": url["feedprobe"]}, made["feedprobe"].out),
            # stop after a few pages: robots.txt + 4 sitemaps + 3 articles
            "jobdir": start_crawl(
                "sitemap",
                {"url": url["jobdir"]},
                made["jobdir"].out,
                {"JOBDIR": jobdir, "CLOSESPIDER_PAGECOUNT": "8", "CONCURRENT_REQUESTS": "1"},
            ),
        }
        for name, crawl in first.items():
            made[name].crawls.append(crawl.wait())
        # the same feed crawl again with the state off: it knows every article, yet all are written
        second = {
            "feedprobe": start_crawl(
                "feed", {"url": url["feedprobe"]}, made["feedprobe"].out, {"HERALD_STATE": "off"}
            ),
            "jobdir": start_crawl(
                "sitemap", {"url": url["jobdir"]}, made["jobdir"].out, {"JOBDIR": jobdir}
            ),
        }
        for name, crawl in second.items():
            made[name].crawls.append(crawl.wait())
        yield made
    finally:
        for case in made.values():
            case.server.stop()


def test_sitemap_fallback_locations_and_since(cases: dict[str, Case]) -> None:
    case = cases["fallback"]
    crawl = case.crawls[0]
    recent = {p for p in ARTICLES if _published(p) >= SINCE}
    assert recent and recent != ARTICLES
    assert paths(crawl.records) == sorted(recent)
    for path in ARTICLES - recent:
        assert case.server.hits.get(path, 0) == 0, f"{path} is older than since, yet fetched"
    assert case.server.hits["/sitemap_index.xml"] == 1  # found by probing
    assert crawl.stats["herald/skipped/older_than_since"] >= len(ARTICLES - recent)
    assert crawl.stats.get("herald/failed", 0) == 0  # missing probe locations are no failure
    assert crawl.stats["herald/sitemap_probe_missing"] >= 1


def test_site_config_deny_and_extra_phrases(cases: dict[str, Case]) -> None:
    case = cases["config"]
    records = case.crawls[0].records
    allowed = {p for p in ARTICLES if DENIED_MONTH not in p}
    assert paths(records) == sorted(allowed)
    for path in ARTICLES - allowed:
        assert case.server.hits.get(path, 0) == 0, path
    by_path = {urlsplit(r["canonical_url"]).path: r for r in records}
    assert PHRASE in MANIFEST["expected"][PHRASE_ARTICLE]["text"]
    assert PHRASE not in by_path[PHRASE_ARTICLE]["text"]
    assert case.crawls[0].stats["herald/skipped/denied_by_site_config"] >= 1


def test_state_off_writes_everything_every_time(cases: dict[str, Case]) -> None:
    case = cases["feedprobe"]
    with_state, without_state = case.crawls
    expected = sorted(feed_articles(SITE))
    assert paths(with_state.records) == paths(without_state.records) == expected
    assert "herald/new" not in without_state.stats  # the state was not consulted
    state_file = case.out / ".state" / "herald_scraper.sqlite3"
    assert state_file.is_file()  # written by the first run only


def test_jobdir_pause_and_resume(cases: dict[str, Case]) -> None:
    case = cases["jobdir"]
    paused, resumed = case.crawls
    assert paused.stats["finish_reason"] == "closespider_pagecount"
    assert 0 < len(paused.records) < len(ARTICLES)
    assert "Resuming crawl" in resumed.log
    written: list[dict[str, Any]] = paused.records + resumed.records
    # every article exactly once across the two runs: nothing lost, nothing repeated
    assert paths(written) == sorted(ARTICLES)
    for crawl in (paused, resumed):
        assert "scheduler/unserializable" not in crawl.stats  # all requests went to disk


def test_feed_spider_probes_usual_locations(cases: dict[str, Case]) -> None:
    case = cases["feedprobe"]
    crawl = case.crawls[0]
    assert 'rel="alternate"' not in (case.server.root / "index.html").read_text()
    assert paths(crawl.records) == sorted(feed_articles(SITE))
    assert case.server.hits["/feed/"] == len(case.crawls)  # probed once a run; missing: fine
    assert crawl.stats.get("herald/failed", 0) == 0
    assert crawl.stats["herald/feed_probe_missing"] >= 1
