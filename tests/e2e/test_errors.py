"""User errors end a crawl with one clear line and exit code 1, never a traceback (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald_scraper.devserver import DevServer
from tests.e2e.conftest import run_crawl

BAD_ARGS = [
    ("site", {"url": "not-a-url"}, "not an http(s) URL"),
    ("sitemap", {"url": "http://127.0.0.1:9/", "since": "garbage"}, "since='garbage'"),
    ("site", {"url": "http://127.0.0.1:9/", "max_pages": "-1"}, "max_pages='-1'"),
    ("site", {"url": "http://127.0.0.1:9/", "max_depth": "deep"}, "max_depth='deep'"),
    ("feed", {"site": "nosuch"}, "no site 'nosuch'"),
    ("urls", {"urls_file": "/nonexistent/urls.txt"}, "cannot read urls_file"),
    ("urls", {}, "give -a urls="),
]


def _error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "] ERROR:" in line]


@pytest.mark.parametrize(("spider", "args", "message"), BAD_ARGS)
def test_bad_argument_is_one_line_and_exit_1(
    tmp_path: Path, spider: str, args: dict[str, str], message: str
) -> None:
    result = run_crawl(spider, args, tmp_path, {"HERALD_SITES_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "Traceback" not in result.log
    errors = _error_lines(result.log)
    assert len(errors) == 1 and message in errors[0], errors


def test_unknown_spider_is_a_usage_error(tmp_path: Path) -> None:
    result = run_crawl("nosuch", {}, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.log
    assert "no spider 'nosuch' (spiders: feed, site, sitemap, urls)" in result.log


def test_undecodable_site_file_breaks_only_its_site(tmp_path: Path, site_server: DevServer) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "good.toml").write_text(f'start_urls = ["{site_server.url}/"]\n', encoding="utf-8")
    (sites / "bad.toml").write_bytes(b'start_urls = ["http://example.com/\xff\xfe"]\n')
    (sites / "typo.toml").write_text('start_urls = ["http://a/"\n', encoding="utf-8")
    settings = {"HERALD_SITES_DIR": str(tmp_path)}
    for name in ("bad", "typo"):
        broken = run_crawl("feed", {"site": name}, tmp_path, settings)
        assert broken.returncode == 1 and "Traceback" not in broken.log
        errors = _error_lines(broken.log)
        assert len(errors) == 1 and f"{name}.toml" in errors[0], errors
    good = run_crawl("feed", {"site": "good"}, tmp_path, settings)
    assert good.returncode == 0, good.log[-2000:]
    assert good.records  # the other site crawls as usual


def test_corrupt_state_file_names_the_file_and_the_way_out(tmp_path: Path) -> None:
    state = tmp_path / ".state" / "herald_scraper.sqlite3"
    state.parent.mkdir(parents=True)
    state.write_bytes(b"this is not a database " * 100)
    result = run_crawl("site", {"url": "http://127.0.0.1:9/"}, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.log
    (error,) = _error_lines(result.log)
    assert str(state) in error and "HERALD_STATE=off" in error


@pytest.mark.parametrize("spider", ["urls", "site"])
def test_unwritable_output_dir_stops_before_fetching(
    tmp_path: Path, site_server: DevServer, spider: str
) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output folder should be")  # works as root too
    args = {"urls": f"{site_server.url}/"} if spider == "urls" else {"url": f"{site_server.url}/"}
    settings = {"HERALD_OUTPUT_DIR": str(blocker), "HERALD_STATE_PATH": str(tmp_path / "s.db")}
    result = run_crawl(spider, args, tmp_path, settings)
    assert result.returncode == 1 and "Traceback" not in result.log
    (error,) = _error_lines(result.log)
    assert "cannot write to output folder" in error and str(blocker) in error
    assert result.stats["finish_reason"] == "herald_error_output"
    assert sum(site_server.hits.values()) == 0  # nothing fetched
