"""JOBDIR after a kill: drop Scrapy's job files when the previous run did not stop cleanly.

Scrapy persists the request queue and the dupefilter's seen-set (``requests.seen``) in
``JOBDIR``. The queue's bookkeeping is written only when the spider closes, while the seen-set
is appended as requests are scheduled; after ``kill -9`` the seen-set therefore lists requests
that were never processed and the queue is lost, and the resumed run filters every request it
makes ("finds 1 URL, fetches 0", the rest never crawled).

This extension marks the job as running (``JOBDIR/herald.running``) and removes the mark when
the spider closes, however it closes (Scrapy has then saved its queue). A mark found at start
means the last run was killed or crashed: its ``requests.seen`` and ``requests.queue/`` are
discarded (logged as a warning), so the run starts over from the start URLs. Nothing is written
twice and nothing is lost: the crawl state records an article only after it is written, and the
site crawl's ``frontier`` requests the pages the killed run had not finished
(:mod:`herald_scraper.state`).

Built before the engine (extensions are), so before the scheduler reads the job files.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

MARK = "herald.running"
#: Scrapy's files in JOBDIR that a kill leaves inconsistent.
UNRELIABLE = ("requests.seen", "requests.queue")


class JobdirGuard:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.mark = path / MARK
        if self.mark.exists():
            discard_after_kill(path)
        self.mark.write_text(str(os.getpid()), encoding="ascii")
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = job_dir(crawler.settings)  # creates the folder
        if not path:
            raise NotConfigured  # no message: Scrapy logs one as a warning
        return cls(crawler, Path(path))

    def spider_closed(self, spider: Spider) -> None:
        self.mark.unlink(missing_ok=True)


def discard_after_kill(path: Path) -> None:
    """Remove the job files a killed run left inconsistent."""
    logger.warning(
        "JOBDIR %s: the previous run did not stop cleanly (killed?); discarding its request "
        "queue and seen-set and starting from the start URLs (written articles are not "
        "written again)",
        path,
    )
    for name in UNRELIABLE:
        target = path / name
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
