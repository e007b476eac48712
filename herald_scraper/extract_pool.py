"""Page extraction off the reactor: the crawl's pool of extraction worker processes.

Every CPU-bound step of turning a page into an :class:`Article` (decoding, parsing, extraction,
cleaning, language, hashing) runs in :func:`herald_scraper.page_worker.extract_article` in a
worker process, so downloads go on while
pages are cleaned and every core is busy. The spider awaits :meth:`ExtractPool.extract`.

Back-pressure: a response waiting for its worker stays in Scrapy's scraper slot; once the bodies
there exceed ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` (Scrapy's default 5 MB) the engine starts no new
download until pages drain, so memory stays bounded however fast pages arrive.

Shutdown: the pool stops when the spider closes, after Scrapy has let the pages in flight finish
(a first Ctrl-C included: workers ignore SIGINT, so it cannot kill a page half-way). Workers exit
on their own when the crawl process dies.

Settings:

* ``HERALD_EXTRACT_WORKERS`` (default ``None``: one per core): extraction worker processes;
  ``0`` extracts inline on the reactor thread (debugging, profiling).
* ``HERALD_EXTRACT_TIMEOUT`` (default ``30``): seconds one page may take in a worker; a slower
  page's worker is killed and replaced and the page counted as ``herald/failed/extract_timeout``.
  A worker that dies mid-page is replaced too, the page counted as ``herald/failed/extract_crash``.
* ``HERALD_EXTRACT_MAX_PAGES`` (default ``50``): pages a worker extracts before a fresh one
  (forked from the warm fork server, a few milliseconds) takes its place; ``0``: never. A
  worker's private memory grows with the pages it has seen (heap fragmentation, caches, the
  fork server's pages it has written to) and a young worker is small, so this keeps the crawl's
  memory flat and low however long it runs.
* ``HERALD_EXTRACT_HOOK`` (default ``None``; for tests): import path of a callable run with the
  page URL in the worker before each page (tests use it to crash or hang a worker on purpose).

Stats: ``herald/extract_workers`` (pool size), ``herald/extract_workers_replaced`` (after a
crash or a timeout), ``herald/extract_workers_recycled`` (after ``HERALD_EXTRACT_MAX_PAGES``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.reactor import is_asyncio_reactor_installed

from herald_scraper.page_worker import PageResult, extract_article, extract_in_worker, warm_up
from herald_scraper.workers import WorkerError, WorkerPool, WorkerTimeout, default_workers

if TYPE_CHECKING:
    from herald_scraper.extraction import CleanerConfig

logger = logging.getLogger(__name__)

#: Modules the fork server imports once, so that every worker (and a replacement) starts warm.
_PRELOAD = ["herald_scraper.extract_warm"]


class ExtractPool:
    """Extension: the extraction worker pool of a crawl (``crawler.herald_extract_pool``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        workers = settings.get("HERALD_EXTRACT_WORKERS")
        self.workers = default_workers() if workers in (None, "") else int(workers)
        self.timeout = settings.getfloat("HERALD_EXTRACT_TIMEOUT", 30.0) or None
        self.hook: str | None = settings.get("HERALD_EXTRACT_HOOK") or None
        self.max_pages = settings.getint("HERALD_EXTRACT_MAX_PAGES", 50) or None
        self.pool: WorkerPool | None = None
        crawler.herald_extract_pool = self  # type: ignore[attr-defined]
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        if self.workers <= 0:
            logger.info("extraction runs inline (HERALD_EXTRACT_WORKERS=0)")
            return
        if not is_asyncio_reactor_installed():
            logger.warning("extraction runs inline: the worker pool needs the asyncio reactor")
            return
        self.pool = WorkerPool(
            self.workers,
            timeout=self.timeout,
            preload=_PRELOAD,
            initializer=warm_up,
            max_calls=self.max_pages,
        )
        self._stats_set("herald/extract_workers", self.workers)
        logger.info("extraction in %d worker processes", self.workers)

    def spider_closed(self, spider: Spider) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    async def extract(
        self,
        body: bytes,
        url: str,
        *,
        content_type: str | None,
        cleaner: CleanerConfig,
        listed: bool,
        source: str,
    ) -> PageResult:
        """Extract one page (its bytes and HTTP ``Content-Type``) in a worker, inline when
        there is no pool. The bytes go to the worker as they came: decoding is CPU work too."""
        args = (body, url, cleaner, listed, source, self.hook, content_type)
        pool = self.pool
        if pool is None:
            return extract_article(*args)
        future = pool.submit(extract_in_worker, *args)
        try:
            return await asyncio.wrap_future(future)  # type: ignore[no-any-return]
        except WorkerTimeout as exc:
            return self._failed(url, "extract_timeout", exc)
        except (WorkerError, BrokenPipeError) as exc:
            return self._failed(url, "extract_crash", exc)
        finally:
            self._stats_set("herald/extract_workers_replaced", pool.replaced)
            self._stats_set("herald/extract_workers_recycled", pool.recycled)

    def _failed(self, url: str, reason: str, exc: Exception) -> PageResult:
        logger.error("extraction of %s failed (%s): %s; worker replaced", url, reason, exc)
        return PageResult(None, reason, failed=True)

    def _stats_set(self, key: str, value: Any) -> None:
        if self.crawler.stats is not None and value:
            self.crawler.stats.set_value(key, value)


async def extract_inline(
    body: bytes,
    url: str,
    *,
    content_type: str | None,
    cleaner: CleanerConfig,
    listed: bool,
    source: str,
) -> PageResult:
    """The same as :meth:`ExtractPool.extract` for a crawl without the extension."""
    return extract_article(body, url, cleaner, listed, source, None, content_type)
