"""Page extraction off the reactor: the crawl's pool of extraction worker processes.

Every CPU-bound step of turning a page into an :class:`Article` (parsing, extraction, cleaning,
language, hashing) runs in :func:`extract_article` in a worker process, so downloads go on while
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
* ``HERALD_EXTRACT_HOOK`` (default ``None``; for tests): import path of a callable run with the
  page URL in the worker before each page (tests use it to crash or hang a worker on purpose).

Stats: ``herald/extract_workers`` (pool size), ``herald/extract_workers_replaced``.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy.utils.reactor import is_asyncio_reactor_installed

from herald_scraper.decoding import decode_html
from herald_scraper.items import Article
from herald_scraper.workers import WorkerError, WorkerPool, WorkerTimeout, default_workers

if TYPE_CHECKING:
    from herald_scraper.extraction import CleanerConfig

# The extraction stack (trafilatura, lxml trees, the language model) is imported where a page
# is extracted, never at module level: with a worker pool the crawl process itself does not
# load it (some 30 MB, and the model's 70 MB when a page is extracted inline).

logger = logging.getLogger(__name__)

#: Modules the fork server imports once, so that every worker (and a replacement) starts warm.
_PRELOAD = ["herald_scraper.extract_warm"]
#: A worker hands memory freed by its last pages back to the system every this many pages.
_TRIM_EVERY = 100


@dataclass
class PageResult:
    """What extraction made of one page: an article, or the reason there is none."""

    article: Article | None
    reason: str
    """``ok``, the extraction's reason (``not_article/...``), or ``extract_timeout`` /
    ``extract_crash`` when the worker did not finish the page (``failed`` is then True)."""
    failed: bool = False


def extract_article(
    body: str | bytes,
    url: str,
    cleaner: CleanerConfig | None,
    listed: bool,
    source: str,
    hook: str | None = None,
    content_type: str | None = None,
) -> PageResult:
    """The per-page work, run in a worker (or inline): decoding the page's bytes (``body``, with
    the HTTP ``content_type``), extraction and the Article record."""
    from herald_scraper.extraction import extract_page

    if hook:
        load_object(hook)(url)
    html = decode_html(body, content_type) if isinstance(body, bytes) else body
    result = extract_page(html, url, cleaner=cleaner, listed=listed)
    if result.record is None:
        return PageResult(None, result.reason)
    return PageResult(Article.from_extraction(result.record, url=url, source=source), "ok")


def warm_up() -> None:
    """Load what extraction loads lazily (language model, rule tables)."""
    from herald_scraper.extraction import extract_page

    body = "<p>" + "The council met on Tuesday to discuss the new budget for schools. " * 8
    extract_page(f"<html><body><article>{body}</p></article></body></html>", "https://a.example/n")


_pages_done = 0


def extract_in_worker(*args: Any) -> PageResult:
    """:func:`extract_article` in a worker process, which every ``_TRIM_EVERY`` pages empties
    trafilatura's and htmldate's memo caches (bounded, but some 70 MB of page strings after a
    few hundred pages, and rarely hit across pages) and hands freed heap back to the system
    (libxml2 leaves it fragmented): a long crawl's workers stay at their early size."""
    global _pages_done
    try:
        return extract_article(*args)
    finally:
        _pages_done += 1
        if _pages_done % _TRIM_EVERY == 0:
            from trafilatura.meta import reset_caches

            reset_caches()  # collects garbage too
            _malloc_trim()


def _malloc_trim() -> None:
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


class ExtractPool:
    """Extension: the extraction worker pool of a crawl (``crawler.herald_extract_pool``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        workers = settings.get("HERALD_EXTRACT_WORKERS")
        self.workers = default_workers() if workers in (None, "") else int(workers)
        self.timeout = settings.getfloat("HERALD_EXTRACT_TIMEOUT", 30.0) or None
        self.hook: str | None = settings.get("HERALD_EXTRACT_HOOK") or None
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
            self.workers, timeout=self.timeout, preload=_PRELOAD, initializer=warm_up
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
