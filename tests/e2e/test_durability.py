"""Nothing lost, nothing written twice (issue 8): a write that fails (full disk, read-only,
I/O error) and ``kill -9`` at any moment, with and without JOBDIR; the next run with the same
command completes the output, every article exactly once, every JSONL line valid."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from herald_scraper.devserver import DevServer, serve
from tests.e2e.bigsite import make_site
from tests.e2e.conftest import ROOT, crawl_command

INJECT = Path(__file__).parent / "inject"


def start(
    spider: str,
    url: str,
    out: Path,
    settings: dict[str, str] | None = None,
    inject: dict[str, Any] | None = None,
    arg: str = "url",
) -> subprocess.Popen[str]:
    """``scrapy crawl SPIDER -a ARG=URL`` (``arg="urls"`` for the urls spider, ``"site"``...)
    with local-test settings; ``inject``: faults and stubs (``tests/e2e/inject``)."""
    cmd, env = crawl_command(spider, {arg: url}, out, settings)
    if inject:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(INJECT), env.get("PYTHONPATH")]))
        env["HERALD_TEST_INJECT"] = json.dumps(inject)
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, log = proc.communicate(timeout=300)
    return proc.returncode, log


def lines(out: Path, spider: str) -> list[str]:
    return [
        line
        for path in sorted((out / spider).glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def written_paths(out: Path, spider: str) -> list[str]:
    """Every record's path across all runs; fails on any line that is not a JSON object."""
    found = []
    for line in lines(out, spider):
        record = json.loads(line)  # every line valid, torn ones included
        assert isinstance(record, dict)
        found.append(urlsplit(record["canonical_url"]).path)
    return sorted(found)


def kill_after(proc: subprocess.Popen[str], out: Path, spider: str, count: int) -> int:
    """SIGKILL ``proc`` once ``count`` records are on disk; return how many there were."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(lines(out, spider)) >= count:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the crawl ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    return len(lines(out, spider))


def _site(tmp_path: Path, n: int) -> Iterator[tuple[DevServer, list[str]]]:
    root = tmp_path / "site"
    root.mkdir()
    articles = make_site(root, n=n)
    with serve(root) as server:
        yield server, articles


@pytest.fixture
def big_site(tmp_path: Path) -> Iterator[tuple[DevServer, list[str]]]:
    yield from _site(tmp_path, 120)


@pytest.fixture
def small_site(tmp_path: Path) -> Iterator[tuple[DevServer, list[str]]]:
    yield from _site(tmp_path, 24)


def test_failed_write_stops_the_crawl_and_the_next_run_writes_the_rest(
    tmp_path: Path, small_site: tuple[DevServer, list[str]]
) -> None:
    """A full disk (other errnos: tests/unit/test_pipelines.py)."""
    error = "ENOSPC"
    server, articles = small_site
    out = tmp_path / "out"
    url = f"{server.url}/"
    code, log = finish(start("sitemap", url, out, inject={"write_error": error, "after": 5}))
    assert code == 1
    assert "Traceback" not in log
    errors = [line for line in log.splitlines() if "] ERROR:" in line]
    assert len(errors) == 1 and f"({error})" in errors[0], errors
    first = written_paths(out, "sitemap")  # the torn piece was cut: every line parses
    assert len(first) == 5
    assert "written 5, new 5" in log  # the state counts only what is on disk
    code, log = finish(start("sitemap", url, out))
    assert code == 0, log[-3000:]
    assert written_paths(out, "sitemap") == sorted(articles)  # each exactly once


@pytest.mark.parametrize("jobdir", [False, True], ids=["no-jobdir", "jobdir"])
def test_kill_9_and_rerun_writes_every_article_exactly_once(
    tmp_path: Path, big_site: tuple[DevServer, list[str]], jobdir: bool
) -> None:
    server, articles = big_site
    out = tmp_path / "out"
    url = f"{server.url}/"
    settings = {"JOBDIR": str(tmp_path / "job")} if jobdir else {}
    # killed twice, at different points, then left to finish
    for count in (15, 45):
        killed_at = kill_after(start("site", url, out, settings), out, "site", count)
        assert count <= killed_at < len(articles)
    code, log = finish(start("site", url, out, settings))
    assert code == 0, log[-3000:]
    assert written_paths(out, "site") == sorted(articles)
    if jobdir:
        assert "did not stop cleanly" in log


@pytest.mark.parametrize("spider", ["sitemap", "site"])
def test_kill_between_writing_a_line_and_recording_it(
    tmp_path: Path, small_site: tuple[DevServer, list[str]], spider: str
) -> None:
    """The narrowest window: the line is on disk, the state has not recorded it yet."""
    server, articles = small_site
    out = tmp_path / "out"
    url = f"{server.url}/"
    for kill_at in (3, 7):  # each run dies right after its kill_at-th line
        proc = start(spider, url, out, inject={"kill_after_write": kill_at})
        code, _ = finish(proc)
        assert code == -9
    code, log = finish(start(spider, url, out))
    assert code == 0, log[-3000:]
    assert written_paths(out, spider) == sorted(articles)  # none twice, none lost
    assert "written by a run that was killed" in log


def test_torn_last_line_never_spoils_the_next(tmp_path: Path) -> None:
    """The writer starts on a fresh line if a cut piece could not be removed."""
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from herald_scraper.pipelines.jsonl import JsonlWriterPipeline
    from tests.unit.test_pipelines import _article, write

    crawler = get_crawler(Spider, {"HERALD_OUTPUT_DIR": str(tmp_path)})
    crawler.spider = crawler._create_spider(name="unit")
    crawler.stats.open_spider()
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    assert writer.file is not None
    os.write(writer.file, b'{"url": "torn", "te')  # a piece nobody could cut
    writer.at_line_start = False
    write(writer, _article())
    writer.spider_closed(crawler.spider)
    [path] = list((tmp_path / "unit").glob("*.jsonl"))
    raw = path.read_text(encoding="utf-8").splitlines()
    assert raw[0] == '{"url": "torn", "te' and json.loads(raw[1])["title"] == "Water plan"
