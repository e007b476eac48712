"""Distributed mode: REDIS_URL switches the scheduler and dupefilter to scrapy-redis's, each
worker writes its own file, and merge joins the files (with Redis: tests/e2e/test_distributed.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import scrapy_redis.scheduler
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from herald_scraper import distributed
from herald_scraper import settings as herald_settings
from herald_scraper.cli import main
from herald_scraper.distributed import configure
from herald_scraper.jsonl import read_jsonl
from herald_scraper.merge import merge_records
from herald_scraper.pipelines.jsonl import JsonlWriterPipeline

URL = "redis://127.0.0.1:6399/0"


class _Spider(Spider):
    name = "unit"


def _settings(**values: object) -> Settings:
    settings = Settings()
    settings.setmodule(herald_settings, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def test_redis_url_switches_scheduler_and_dupefilter() -> None:
    settings = _settings(REDIS_URL=URL)
    configure(settings)
    assert issubclass(load_object(settings["SCHEDULER"]), scrapy_redis.scheduler.Scheduler)
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST") is True
    assert distributed.RedisIdleClose in settings.getdict("EXTENSIONS")


def test_environment_variable_and_explicit_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HERALD_REDIS_URL", URL)
    settings = _settings(SCHEDULER_PERSIST=False)
    configure(settings)
    assert settings["REDIS_URL"] == URL
    assert issubclass(load_object(settings["SCHEDULER"]), scrapy_redis.scheduler.Scheduler)
    assert settings.getbool("SCHEDULER_PERSIST") is False  # -s wins


def test_without_redis_url_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HERALD_REDIS_URL", raising=False)
    settings = _settings()
    configure(settings)
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert distributed.RedisIdleClose not in settings.getdict("EXTENSIONS")


def _writer_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **settings: object) -> str:
    monkeypatch.delenv("HERALD_REDIS_URL", raising=False)
    crawler = get_crawler(_Spider, {"HERALD_OUTPUT_DIR": str(tmp_path), **settings})
    crawler.spider = crawler._create_spider()
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    assert writer.path is not None
    writer.spider_closed(crawler.spider)
    return writer.path.name


def test_each_worker_writes_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = _writer_file(tmp_path, monkeypatch, REDIS_URL=URL, HERALD_WORKER_ID="host a/1")
    assert name.endswith("Z-host_a_1.jsonl")
    name = _writer_file(tmp_path, monkeypatch, REDIS_URL=URL)
    assert name.endswith(f"-{distributed.worker_id(Settings())}.jsonl")
    assert "-" not in _writer_file(tmp_path, monkeypatch, HERALD_WORKER_ID="w1")  # one process


def _record(url: str, fetched_at: str, canonical: str | None = None, text: str = "") -> dict:
    return {"url": url, "canonical_url": canonical or url, "fetched_at": fetched_at, "text": text}


def test_merge_keeps_the_newest_record_per_canonical_url() -> None:
    records = [
        _record("https://n.example/a", "2024-06-10T08:00:00Z", text="old"),
        _record("https://n.example/b", "2024-06-10T08:00:00Z"),
        _record("https://n.example/print/a", "2024-06-11T08:00:00Z", "https://n.example/a", "new"),
        _record("https://n.example/a", "2024-06-09T08:00:00Z", text="older"),
    ]
    merged = merge_records(records)
    assert [r["canonical_url"] for r in merged] == ["https://n.example/a", "https://n.example/b"]
    assert merged[0]["text"] == "new"


def test_merge_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "output" / "site"
    out.mkdir(parents=True)
    for worker, records in {
        "w1": [_record("https://n.example/a", "2024-06-10T08:00:00Z", text="w1")],
        "w2": [
            _record("https://n.example/a", "2024-06-10T09:00:00Z", text="w2"),
            _record("https://n.example/b", "2024-06-10T08:00:00Z"),
        ],
    }.items():
        lines = "".join(json.dumps(r) + "\n" for r in records)
        (out / f"20240610T080000Z-{worker}.jsonl").write_text(lines)
    target = tmp_path / "output" / "all.jsonl"  # inside the folder merged: never read back
    for _ in range(2):
        assert main(["merge", str(tmp_path / "output"), "-o", str(target)]) == 0
    merged = read_jsonl(target)
    assert sorted((r["url"], r["text"]) for r in merged) == [
        ("https://n.example/a", "w2"),
        ("https://n.example/b", ""),
    ]
    assert "3 records from 2 files into 2 records" in capsys.readouterr().err
    assert main(["merge", str(tmp_path / "missing"), "-o", str(target)]) == 2
