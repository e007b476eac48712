"""Group commit of the JSONL writer: records share fdatasync calls made off the event loop, and
a failed sync fails every record that waited for it, for good."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from pathlib import Path

import pytest

from herald_scraper import groupsync
from herald_scraper.groupsync import GroupSync
from tests.unit.test_pipelines import _article, _crawler, write


def _append(fd: int, text: str) -> None:
    os.write(fd, text.encode())


def test_records_written_together_share_syncs_made_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = os.open(tmp_path / "out.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    group = GroupSync(fd)
    threads: set[str] = set()
    real = groupsync.fdatasync

    def sync(fileno: int) -> None:
        threads.add(threading.current_thread().name)
        real(fileno)

    monkeypatch.setattr(groupsync, "fdatasync", sync)

    async def record(i: int) -> None:
        _append(fd, f'{{"n": {i}}}\n')
        await group.sync()

    async def crawl() -> None:
        await asyncio.gather(*(record(i) for i in range(50)))

    asyncio.run(crawl())
    group.close()
    size = os.fstat(fd).st_size
    os.close(fd)
    assert 1 <= group.syncs < 50  # shared
    assert group.durable_end == size  # every record's line is covered by a sync
    assert threads and threading.main_thread().name not in threads


def test_a_failed_sync_fails_its_records_and_every_later_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = os.open(tmp_path / "out.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    group = GroupSync(fd)

    async def first() -> None:
        _append(fd, '{"n": 0}\n')
        await group.sync()

    asyncio.run(first())
    good_end = group.durable_end

    def broken(fileno: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(groupsync, "fdatasync", broken)

    async def more() -> list[object]:
        async def record(i: int) -> None:
            _append(fd, f'{{"n": {i}}}\n')
            await group.sync()

        return await asyncio.gather(*(record(i) for i in range(1, 6)), return_exceptions=True)

    results = asyncio.run(more())
    assert all(isinstance(r, OSError) and r.errno == errno.EIO for r in results)
    monkeypatch.setattr(groupsync, "fdatasync", lambda fileno: None)  # the disk "recovers"
    with pytest.raises(OSError):  # never trusted again: a retried fsync can lie
        asyncio.run(first())
    assert group.durable_end == good_end
    group.close()
    os.close(fd)


def test_writer_cuts_everything_after_the_last_good_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from herald_scraper.pipelines.jsonl import JsonlWriterPipeline, WriteFailed

    crawler = _crawler(HERALD_OUTPUT_DIR=str(tmp_path))
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    write(writer, _article())

    def broken(fileno: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(groupsync, "fdatasync", broken)
    for url in ("https://n.example/b", "https://n.example/c"):
        with pytest.raises(WriteFailed):
            write(writer, _article(url=url))
    writer.spider_closed(crawler.spider)
    [path] = list((tmp_path / "unit").glob("*.jsonl"))
    assert path.read_text(encoding="utf-8").count("\n") == 1  # only the synced record
    assert crawler.stats.get_value("herald/written") == 1
    assert crawler.stats.get_value("herald/dropped/write_failed") == 2


def test_without_fsync_no_group_is_made(tmp_path: Path) -> None:
    from herald_scraper.pipelines.jsonl import JsonlWriterPipeline

    crawler = _crawler(HERALD_OUTPUT_DIR=str(tmp_path), HERALD_FSYNC=False)
    writer = JsonlWriterPipeline.from_crawler(crawler)
    writer.open_spider()
    write(writer, _article())
    assert writer.group is None
    writer.spider_closed(crawler.spider)
    assert crawler.stats.get_value("herald/written") == 1
