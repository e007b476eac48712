"""Write every record to ``<HERALD_OUTPUT_DIR>/<spider>/<UTC timestamp>.jsonl``.

One JSON object a line, UTF-8 without ``\\u`` escapes, each line handed to the OS in one unbuffered
write(2), so the line is in the kernel before the record is passed on: a killed process loses
nothing it reported written, and the crawl state records the article only after that
(:mod:`herald_scraper.pipelines.state` listens to ``item_scraped``, which fires after this, the
last pipeline). :func:`herald_scraper.jsonl.read_jsonl` skips a torn line should a crash cut one,
and the writer starts on a fresh line whenever the file's last byte is not a newline, so a torn
line never spoils the next one. Items flow on, so Scrapy's own feed exports (``-O out.jsonl``)
work alongside.

A write that fails (disk full, read-only, permission, I/O error) is one ``ERROR`` line; the torn
piece is cut off, the record and every later one are dropped (``herald/dropped/write_failed``,
never recorded in the state, so the next run writes them) and the spider closes with reason
``herald_error_output`` (``scrapy crawl`` exits 1). An output folder that cannot be created or
written stops the crawl the same way before anything is fetched.

Settings:

* ``HERALD_OUTPUT_DIR`` (default ``"output"``): the folder; relative paths resolve against the
  working directory. An empty value disables this writer.
* ``HERALD_WORKER_ID`` (default ``""``: ``<hostname>-<pid>``): in a distributed crawl
  (``REDIS_URL`` set, :mod:`herald_scraper.distributed`) each worker writes its own
  ``<timestamp>-<worker id>.jsonl``; ``herald-scraper merge`` joins them.
* ``HERALD_FSYNC`` (default ``True``): a record is passed on (and so recorded by the crawl
  state) only once its line is on disk (``fdatasync``). A kill needs no fsync (the kernel has
  the line), but a machine crash or power loss could otherwise lose the line while the state (a
  separate file) keeps the "written" mark, and the article would never be written again. The
  syncs run in a background thread and records written meanwhile share the next one (group
  commit, :mod:`herald_scraper.groupsync`): the reactor never waits for the disk. ``False``:
  fsync once at close only (a power loss may then lose the last records for good).

Stats: ``herald/written``, ``herald/fsyncs`` (syncs made; fewer than records when they shared).
"""

from __future__ import annotations

import errno
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro

from herald_scraper.distributed import is_distributed, worker_id
from herald_scraper.errors import error_reason
from herald_scraper.groupsync import GroupSync

logger = logging.getLogger(__name__)

#: Spider close reason after a failed write.
OUTPUT_ERROR = error_reason("output")

#: Signal sent just before a record's line is written: ``item``, ``path`` (str) and ``offset``
#: (where the line starts). The crawl state notes the write there, so a kill between the write
#: and the state's record of it is recovered by the next run (:mod:`herald_scraper.state`).
record_writing = object()


class WriteFailed(DropItem):
    """The record could not be written: it is not recorded in the crawl state."""


class JsonlWriterPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.output_dir = crawler.settings.get("HERALD_OUTPUT_DIR")
        self.fsync = crawler.settings.getbool("HERALD_FSYNC", True)
        self.path: Path | None = None
        self.file: int | None = None  # raw fd: one write(2) per record
        self.failed: str | None = None  # why writing stopped
        self.at_line_start = True
        self.group: GroupSync | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        # open_spider, not the spider_opened signal: CloseSpider raised here stops the crawl
        # before the first request (a signal handler's exception is only logged).
        if not self.output_dir:
            return
        name = self.crawler.spider.name if self.crawler.spider else "crawl"
        folder = Path(self.output_dir) / name
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        if is_distributed(self.crawler.settings):
            stamp += "-" + _safe(worker_id(self.crawler.settings))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{stamp}.jsonl"
            n = 1
            while path.exists():  # two crawls in the same second never share a file
                path = folder / f"{stamp}-{n}.jsonl"
                n += 1
            self.file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        except OSError as exc:
            logger.error(
                "cannot write to output folder %s: %s (set -s HERALD_OUTPUT_DIR=DIR)",
                folder,
                _describe(exc),
            )
            raise CloseSpider(OUTPUT_ERROR) from exc
        self.path = path
        if self.fsync:
            self.group = GroupSync(self.file)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("herald/output_file", str(path))
        logger.info("writing articles to %s", path)

    async def process_item(self, item: Any) -> Any:
        if self.file is None:
            if self.failed:
                raise self._drop(item)
            return item
        line = json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        if not self.at_line_start:
            data = b"\n" + data
        start = os.lseek(self.file, 0, os.SEEK_END)
        self.crawler.signals.send_catch_log(
            signal=record_writing,
            item=item,
            path=str(self.path),
            offset=start + (0 if self.at_line_start else 1),
        )
        try:
            _write_all(self.file, data)
        except OSError as exc:
            self._fail(exc, start)
            raise self._drop(item) from exc
        self.at_line_start = True
        group = self.group
        if group is not None:
            try:
                await group.sync()  # the line is on disk before the state hears of it
            except OSError as exc:
                # nothing after the last good sync is known to be on disk: cut it all
                self._fail(exc, group.durable_end)
                raise self._drop(item) from exc
            finally:
                self._stats_set("herald/fsyncs", group.syncs)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("herald/written")
        return item

    def _stats_set(self, key: str, value: int) -> None:
        if self.crawler.stats is not None and value:
            self.crawler.stats.set_value(key, value)

    def _fail(self, exc: OSError, start: int) -> None:
        """Stop writing: cut the torn piece, report once, close the spider."""
        if self.file is None:  # another record's failure already stopped the writer
            return
        if self.group is not None:
            # records written before this one and still waiting for their sync get it now
            # (or fail with it); then nothing may touch the file any more
            if self.group.drain() is not None:
                start = min(start, self.group.durable_end)
            self.group.close()
            self.group = None
        try:
            os.ftruncate(self.file, start)
        except OSError:
            self.at_line_start = False  # cannot cut it: the next writer line starts afresh
        self.failed = _describe(exc)
        logger.error(
            "cannot write to %s: %s; stopping the crawl (records not written are not "
            "recorded in the crawl state: the next run writes them)",
            self.path,
            self.failed,
        )
        try:
            os.close(self.file)
        except OSError:
            pass
        self.file = None
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no crawl running (the writer used on its own)
            return
        deferred_from_coro(engine.close_spider_async(reason=OUTPUT_ERROR))

    def _drop(self, item: Any) -> WriteFailed:
        stats = self.crawler.stats
        if stats is not None:
            stats.inc_value("herald/dropped")
            stats.inc_value("herald/dropped/write_failed")
        return WriteFailed(f"write_failed: {ItemAdapter(item).get('url')} ({self.failed})")

    def spider_closed(self, spider: Spider) -> None:
        if self.group is not None:
            self.group.close()
            self.group = None
        if self.file is not None:
            try:
                os.fsync(self.file)
            except OSError as exc:
                logger.error("cannot flush %s to disk: %s", self.path, _describe(exc))
            os.close(self.file)
            logger.info("wrote %s", self.path)
            self.file = None


def _safe(name: str) -> str:
    """A worker id usable in a file name (no separators)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` unbuffered: nothing sits in a userspace buffer when the process dies."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _describe(exc: OSError) -> str:
    """``No space left on device (ENOSPC)``: the OS message and the errno name."""
    name = errno.errorcode.get(exc.errno or 0, "")
    text = exc.strerror or str(exc)
    return f"{text} ({name})" if name else text
