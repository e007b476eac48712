"""``scrapy crawl`` with clean failures: Scrapy's own command, plus exit codes for herald errors.

Scrapy prints a traceback for an exception raised while the crawler starts (spider arguments,
``from_crawler``, a pipeline's ``open_spider``) and exits 0 when a spider closes for a reason
that means failure. This command, registered through ``COMMANDS_MODULE``:

* prints a :class:`~herald_scraper.errors.HeraldError` raised while starting as one
  ``ERROR`` log line (no traceback) and exits 1; any other exception keeps Scrapy's traceback
  (it is a bug, and the traceback is what fixes it);
* exits 1 when the spider closed with a reason starting with ``herald_error`` (a write
  failure, see :mod:`herald_scraper.pipelines.jsonl`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from herald_scraper import distributed
from herald_scraper.errors import HeraldError, is_error_reason

if TYPE_CHECKING:
    import argparse

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # -s REDIS_URL=... (or HERALD_REDIS_URL): the shared Redis frontier (distributed.py)
        assert self.settings is not None
        distributed.configure(self.settings)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name: scrapy crawl SPIDER")
        assert self.crawler_process
        try:
            crawler = self._create_crawler(args[0])
        except KeyError:
            known = ", ".join(sorted(self.crawler_process.spider_loader.list()))
            raise UsageError(
                f"no spider {args[0]!r} (spiders: {known})", print_help=False
            ) from None
        started: Any = self.crawler_process.crawl(crawler, **opts.spargs)
        failed: list[BaseException] = []
        if isinstance(started, asyncio.Future):  # AsyncCrawlerProcess (the asyncio reactor)
            started.add_done_callback(lambda task: _take_error(task, failed))
        else:  # Twisted CrawlerProcess: a Deferred
            started.addErrback(_take_failure, failed)
        self.crawler_process.start()
        if failed or self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        reason = crawler.stats.get_value("finish_reason")
        if is_error_reason(reason):
            self.exitcode = 1


def _take_error(task: asyncio.Future[Any], failed: list[BaseException]) -> None:
    """Retrieve a HeraldError from the crawl task (so asyncio does not print its traceback)."""
    if task.cancelled():
        return
    error = task.exception()
    if isinstance(error, HeraldError):
        logger.error("%s", error)
        failed.append(error)
    elif error is not None:
        failed.append(error)
        # a bug: keep the traceback
        logger.error("crawl failed", exc_info=(type(error), error, error.__traceback__))


def _take_failure(failure: Any, failed: list[BaseException]) -> None:
    error = failure.value
    failed.append(error)
    if isinstance(error, HeraldError):
        logger.error("%s", error)
        return None
    return failure
