"""Distributed crawls on a real redis-server (tests/e2e/redis_server.py): the idle-close waits for
every worker, and two ``scrapy crawl site`` workers in separate processes share one frontier:
together they write exactly the fixture site's articles and fetch no URL twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from scrapy import Spider
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.test import get_crawler

from herald_scraper import distributed
from herald_scraper.cli import main
from herald_scraper.devserver import DevServer, load_redirects, serve
from herald_scraper.distributed import RedisIdleClose
from herald_scraper.jsonl import read_jsonl
from herald_scraper.state import KnownUrl
from herald_scraper.state_redis import RedisCrawlState
from tests.e2e.bigsite import make_site
from tests.e2e.conftest import ROOT, SITE, crawl_command
from tests.e2e.redis_server import redis_url  # noqa: F401 - the fixture

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))


class _Spider(Spider):
    name = "unit"


def test_crawl_state_in_redis(redis_url: str) -> None:  # noqa: F811
    state = RedisCrawlState.from_url(redis_url, "w1")
    assert state.known_url("https://n.example/a") is None
    assert state.should_fetch("https://n.example/a", "2024-06-10")
    state.record_url("https://n.example/a", article="https://n.example/a", stamp="2024-06-10")
    state.record_url("https://n.example/a", article="https://n.example/a", stamp="2024-06-09")
    other = RedisCrawlState.from_url(redis_url, "w2")  # another worker sees it
    assert other.known_url("https://n.example/a") == KnownUrl("https://n.example/a", "2024-06-10")
    assert other.is_known_article("https://n.example/a")
    assert not other.should_fetch("https://n.example/a", "2024-06-10")
    assert other.should_fetch("https://n.example/a", "2024-06-11")
    assert state.observe_article("k", "h1") == "new"
    assert other.change_of("k", "h1") == "unchanged"
    assert other.observe_article("k", "h2") == "changed"
    assert state.article("k").content_hash == "h2"  # type: ignore[union-attr]
    state.set_meta("boilerplate/n.example", "[]")
    assert other.get_meta("boilerplate/n.example") == "[]"
    state.begin_write("k", "h2", "/out/a.jsonl", 10)
    assert other.unfinished_writes() == []  # a worker's own notes
    assert state.unfinished_writes() == [("k", "h2", "/out/a.jsonl", 10)]
    state.end_write("k")
    assert state.unfinished_writes() == []
    assert state.counts()["articles"] == 1
    state.add_frontier("site", "https://n.example/b", 1)
    assert state.frontier("site") == []  # the shared request queue is the frontier


def _idle_close(url: str, worker: str, idle_close: float) -> RedisIdleClose:
    crawler = get_crawler(
        _Spider,
        {
            **distributed.SETTINGS,
            "REDIS_URL": url,
            "HERALD_WORKER_ID": worker,
            "HERALD_REDIS_IDLE_CLOSE": idle_close,
        },
    )
    crawler.spider = crawler._create_spider()
    ext = RedisIdleClose.from_crawler(crawler)
    ext.key = distributed.WORKERS_KEY % {"spider": "unit"}
    ext.queue_key = "herald:unit:requests"
    return ext


def test_idle_worker_waits_for_the_queue_and_the_other_workers(
    redis_url: str,  # noqa: F811
) -> None:
    ext = _idle_close(redis_url, "w1", 0.5)
    other = _idle_close(redis_url, "w2", 0.5)
    spider = ext.crawler.spider
    ext.server.sadd("herald:unit:dupefilter", "fp")
    ext.server.zadd(ext.queue_key, {"request": 0})
    other.beat()  # w2 busy: just now
    with pytest.raises(DontCloseSpider):  # requests queued
        ext.spider_idle(spider)
    ext.server.delete(ext.queue_key)
    with pytest.raises(DontCloseSpider):  # w2 was busy within the idle time
        ext.spider_idle(spider)
    other.idle = True
    time.sleep(0.6)
    ext.spider_idle(spider)  # queue empty, everyone idle: closes
    assert not ext.server.exists("herald:unit:dupefilter")  # the next run starts afresh
    ext.spider_closed(spider)
    assert ext.server.hkeys(ext.key) == [b"w2"] or ext.server.hkeys(ext.key) == ["w2"]


def _worker(
    spider: str,
    url: str,
    out: Path,
    redis: str,
    worker: str,
    extra: dict[str, str] | None = None,
) -> subprocess.Popen[str]:
    settings = {
        "REDIS_URL": redis,
        "HERALD_WORKER_ID": worker,
        "HERALD_REDIS_IDLE_CLOSE": "3",
        "HERALD_STATS_FILE": str(out / f"stats-{worker}.json"),
        "HERALD_EXTRACT_WORKERS": "1",
        **(extra or {}),
    }
    cmd, env = crawl_command(spider, {"url": url}, out, settings)
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def test_two_workers_share_one_frontier(
    site_server: DevServer,
    redis_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    workers = [_worker("site", site_server.url + "/", out, redis_url, w) for w in ("w1", "w2")]
    logs = [proc.communicate(timeout=180)[1] for proc in workers]
    for proc, log in zip(workers, logs, strict=True):
        assert proc.returncode == 0, log[-3000:]
        assert "all workers idle for 3 s: closing" in log  # they ended on their own
    files = sorted(p.name for p in (out / "site").glob("*.jsonl"))
    assert sorted(name.rsplit("-", 1)[1] for name in files) == ["w1.jsonl", "w2.jsonl"]
    records = read_jsonl(out / "site")
    written = sorted(urlsplit(r["canonical_url"]).path for r in records)
    robots = [line for log in logs for line in log.splitlines() if "robots" in line.lower()]
    # complete, and no article written twice
    assert written == sorted(MANIFEST["articles"]), "\n".join(robots)
    # no URL fetched twice across the workers (robots.txt: each worker that fetches reads it)
    twice = {p: n for p, n in site_server.hits.items() if n > 1 and p != "/robots.txt"}
    assert not twice
    assert site_server.hits["/robots.txt"] <= 2
    fetched = [json.loads((out / f"stats-{w}.json").read_text()) for w in ("w1", "w2")]
    pages = sum(s.get("downloader/response_count", 0) for s in fetched)
    assert pages == sum(site_server.hits.values())  # every fetch is one worker's
    # merge: one file, the same article set
    merged = tmp_path / "all.jsonl"
    assert main(["merge", str(out), "-o", str(merged)]) == 0
    assert sorted(urlsplit(r["canonical_url"]).path for r in read_jsonl(merged)) == written
    # the crawl state is in Redis: a second run of two new workers knows every article
    assert not (out / ".state").exists()
    again = [_worker("site", site_server.url + "/", out, redis_url, w) for w in ("w3", "w4")]
    logs = [proc.communicate(timeout=180)[1] for proc in again]
    assert all(proc.returncode == 0 for proc in again), logs
    assert len(read_jsonl(out / "site")) == len(records)  # nothing written again
    # known articles are not fetched again; but a redirect whose target another worker had
    # not recorded yet when the redirect was dropped as a duplicate is unknown to the state
    # (its source URL is not recorded), so its target may be fetched once more
    redirected = {urlsplit(target).path for target, _ in load_redirects(SITE).values()}
    for path in MANIFEST["articles"]:
        assert site_server.hits[path] == 1 or path in redirected, path


def test_a_killed_worker_loses_nothing(
    redis_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    """One of two workers is killed half way and restarted: every article is written once, and
    only the pages it had in flight are fetched again."""
    root = tmp_path / "site"
    root.mkdir()
    articles = make_site(root, n=80)
    out = tmp_path / "out"
    slow = {"HERALD_EXTRACT_HOOK": "tests.e2e.slow_hook.slow"}
    os.environ["HERALD_TEST_SLOW"] = "0.15"
    try:
        with serve(root) as server:
            url = server.url + "/"
            workers = {w: _worker("site", url, out, redis_url, w, slow) for w in ("w1", "w2")}
            deadline = time.monotonic() + 60
            # The victim: a worker still running that has written something, once 8 are
            # written. Intermittently one worker exits early, cleanly (exit 0), while the other
            # crawls on (seen under load, not yet explained): the other is then the victim.
            while True:
                running = [w for w, p in workers.items() if p.poll() is None and _lines(out, w)]
                if running and len(_lines(out, "*")) >= 8:
                    break
                assert any(p.poll() is None for p in workers.values()), "both workers ended"
                assert time.monotonic() < deadline
                time.sleep(0.05)
            victim = running[0]
            survivor = next(w for w in workers if w != victim)
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].communicate(timeout=30)
            killed = _lines(out, victim)
            again = _worker("site", url, out, redis_url, victim, slow)
            other = workers[survivor]
            logs = [proc.communicate(timeout=180)[1] for proc in (other, again)]
            hits = dict(server.hits)
    finally:
        del os.environ["HERALD_TEST_SLOW"]
    for proc, log in zip((other, again), logs, strict=True):
        assert proc.returncode == 0, log[-3000:]
    # the restarted worker (same HERALD_WORKER_ID) put what the killed one had taken back
    assert f"of worker {victim}, which stopped, back in the queue" in logs[1]
    records = read_jsonl(out / "site")
    written = sorted(urlsplit(r["canonical_url"]).path for r in records)
    assert written == sorted(articles)  # complete, each once
    refetched = {p: n for p, n in hits.items() if n > 1 and p != "/robots.txt"}
    assert all(n == 2 for n in refetched.values()), refetched
    # fetched twice: only pages the killed worker had taken and not finished (downloading, or
    # waiting for extraction); none it had written
    done_by_killed = {urlsplit(json.loads(line)["canonical_url"]).path for line in killed}
    assert not done_by_killed & set(refetched)


def _lines(out: Path, worker: str) -> list[str]:
    return [
        line
        for path in (out / "site").glob(f"*-{worker}.jsonl")
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
