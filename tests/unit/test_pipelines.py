"""Pipelines: validate, dedupe and the JSONL writer, driven through a real Scrapy crawler object."""

from __future__ import annotations

import asyncio
import errno
import json
import os
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from herald_scraper.items import Article, content_hash
from herald_scraper.jsonl import read_jsonl
from herald_scraper.pipelines.dedupe import DedupePipeline
from herald_scraper.pipelines.jsonl import JsonlWriterPipeline, WriteFailed
from herald_scraper.pipelines.validate import ValidatePipeline

BODY = " ".join(["Ministers agreed a new water plan for the region on Thursday."] * 10)


class _Spider(Spider):
    name = "unit"


def _crawler(**settings):
    crawler = get_crawler(_Spider, {"HERALD_MIN_WORDS": 50, **settings})
    crawler.spider = crawler._create_spider()
    crawler.stats.open_spider()
    return crawler


def write(writer: JsonlWriterPipeline, item: Article) -> Article:
    """Run the writer's (async) ``process_item`` to the end, as Scrapy does."""
    return asyncio.run(writer.process_item(item))


def _article(url="https://news.example/a.html", text=BODY, **kw) -> Article:
    return Article(
        url=url, canonical_url=kw.pop("canonical_url", url), title=kw.pop("title", "Water plan"),
        text=text, word_count=len(text.split()), content_hash=content_hash(text),
        fetched_at="2024-06-10T00:00:00Z", **kw,
    )  # fmt: skip


def test_validate_keeps_a_complete_record() -> None:
    crawler = _crawler()
    item = _article()
    assert ValidatePipeline.from_crawler(crawler).process_item(item) is item


@pytest.mark.parametrize(
    ("changes", "reason"),
    [({"text": "Too short to be an article."}, "text_too_short"), ({"title": ""}, "missing_title")],
)
def test_validate_drops_with_reason_and_stat(changes: dict, reason: str) -> None:
    crawler = _crawler()
    item = _article(**{k: v for k, v in changes.items() if k != "text"})
    if "text" in changes:
        item.text = changes["text"]
    with pytest.raises(DropItem, match=reason):
        ValidatePipeline.from_crawler(crawler).process_item(item)
    assert crawler.stats.get_value(f"herald/dropped/{reason}") == 1


def test_dedupe_by_canonical_url_and_by_content() -> None:
    crawler = _crawler()
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.process_item(_article())
    with pytest.raises(DropItem, match="duplicate_url"):
        pipeline.process_item(_article(url="https://news.example/a.html?print=1",
                                       canonical_url="https://news.example/a.html",
                                       text=BODY + " Printed."))  # fmt: skip
    with pytest.raises(DropItem, match="duplicate_content"):
        pipeline.process_item(_article(url="https://mirror.example/b.html"))
    other = _article(url="https://news.example/c.html", text=BODY + " A different ending.")
    assert pipeline.process_item(other) is other
    assert crawler.stats.get_value("herald/dropped") == 2


def test_dedupe_keeps_a_content_hash_of_another_form_as_it_is() -> None:
    # the sets hold the SHA-256's raw bytes; a value of any other form (an add-on's own hash)
    # is compared as given, and never taken for the bytes of a hex digest
    def article(url: str, digest: str | None = None) -> Article:
        item = _article(url=url)
        item.content_hash = digest or item.content_hash
        return item

    pipeline = DedupePipeline.from_crawler(_crawler())
    pipeline.process_item(article("https://news.example/1", "custom-1"))
    with pytest.raises(DropItem, match="duplicate_content"):
        pipeline.process_item(article("https://news.example/2", "custom-1"))
    raw = bytes.fromhex(content_hash(BODY)).decode("latin-1")
    kept = article("https://news.example/3", raw)
    assert pipeline.process_item(kept) is kept
    real = article("https://news.example/4")
    assert pipeline.process_item(real) is real


def test_jsonl_writer_writes_one_utf8_object_per_line(tmp_path: Path) -> None:
    crawler = _crawler(HERALD_OUTPUT_DIR=str(tmp_path))
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    items = [_article(title="Über die Wasserversorgung"), _article(url="https://n.example/é")]
    for item in items:
        assert write(writer, item) is item  # items flow on to feed exports
    writer.spider_closed(crawler.spider)
    [path] = list((tmp_path / "unit").glob("*.jsonl"))
    raw = path.read_text(encoding="utf-8")
    assert "Über" in raw and "\\u" not in raw
    lines = raw.splitlines()
    assert len(lines) == 2
    assert list(json.loads(lines[0])) == Article.field_names()
    assert read_jsonl(path)[1]["url"] == "https://n.example/é"


def test_two_crawls_in_the_same_second_get_separate_files(tmp_path: Path) -> None:
    for _ in range(2):
        crawler = _crawler(HERALD_OUTPUT_DIR=str(tmp_path))
        writer = JsonlWriterPipeline.from_crawler(crawler)
        writer.open_spider()
        write(writer, _article())
        writer.spider_closed(crawler.spider)
    assert len(list((tmp_path / "unit").glob("*.jsonl"))) == 2


def test_read_jsonl_skips_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text('{"url": "a"}\n{"url": "b"}\n{"url": "c", "te', encoding="utf-8")
    assert [r["url"] for r in read_jsonl(path)] == ["a", "b"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO])
def test_jsonl_writer_failure_cuts_the_torn_piece_and_drops_what_it_cannot_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    crawler = _crawler(HERALD_OUTPUT_DIR=str(tmp_path))
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    write(writer, _article())
    real_write = os.write

    def failing(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[:10]))  # a torn piece, then the error
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("herald_scraper.pipelines.jsonl.os.write", failing)
    for url in ("https://n.example/b", "https://n.example/c"):  # the failing one and a later one
        with pytest.raises(WriteFailed):
            write(writer, _article(url=url))
    writer.spider_closed(crawler.spider)
    [path] = list((tmp_path / "unit").glob("*.jsonl"))
    assert [json.loads(line)["url"] for line in path.read_text().splitlines()] == [
        "https://news.example/a.html"
    ]  # the torn piece was cut off
    assert crawler.stats.get_value("herald/written") == 1
    assert crawler.stats.get_value("herald/dropped/write_failed") == 2
