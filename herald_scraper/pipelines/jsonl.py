"""Write every record to ``<HERALD_OUTPUT_DIR>/<spider>/<UTC timestamp>.jsonl``.

One JSON object a line, UTF-8 without ``\\u`` escapes, each line handed to the OS in one unbuffered
write,
so a crash leaves whole lines only (and :func:`herald_scraper.jsonl.read_jsonl` skips a torn last
line should the OS cut one). Items flow on, so Scrapy's own feed exports (``-O out.jsonl``) work
alongside.

Settings:

* ``HERALD_OUTPUT_DIR`` (default ``"output"``): the folder; relative paths resolve against the
  working directory. An empty value disables this writer.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class JsonlWriterPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.output_dir = crawler.settings.get("HERALD_OUTPUT_DIR")
        self.path: Path | None = None
        self.file: int | None = None  # raw fd: one write(2) per record
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if not self.output_dir:
            return
        folder = Path(self.output_dir) / spider.name
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = folder / f"{stamp}.jsonl"
        n = 1
        while path.exists():  # two crawls in the same second never share a file
            path = folder / f"{stamp}-{n}.jsonl"
            n += 1
        self.path = path
        self.file = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("herald/output_file", str(path))
        logger.info("writing articles to %s", path)

    def process_item(self, item: Any) -> Any:
        if self.file is not None:
            line = json.dumps(ItemAdapter(item).asdict(), ensure_ascii=False) + "\n"
            _write_all(self.file, line.encode("utf-8"))
            if self.crawler.stats is not None:
                self.crawler.stats.inc_value("herald/written")
        return item

    def spider_closed(self, spider: Spider) -> None:
        if self.file is not None:
            os.close(self.file)
            logger.info("wrote %s", self.path)
            self.file = None


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` unbuffered: nothing sits in a userspace buffer when the process dies."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
