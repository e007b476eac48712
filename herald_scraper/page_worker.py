"""The work an extraction worker process does for one page (no Scrapy in here).

:func:`extract_article` turns a page's bytes into an :class:`~herald_scraper.items.Article` (or
the reason there is none); :mod:`herald_scraper.extract_pool` runs it in the crawl's worker
processes, or inline. Nothing here imports Scrapy, so the workers' fork server, which imports
this module (:mod:`herald_scraper.extract_warm`), and every worker forked from it hold the
extraction stack only: Scrapy and Twisted (some 45 MB) stay in the crawl process.

The extraction stack itself (trafilatura, lxml trees, the language model) is imported where a
page is extracted, so that the crawl process, which imports this module for
:class:`PageResult`, loads it only when it extracts inline (``HERALD_EXTRACT_WORKERS=0``).
"""

from __future__ import annotations

import ctypes
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from herald_scraper.decoding import decode_html
from herald_scraper.items import Article

if TYPE_CHECKING:
    from herald_scraper.extraction import CleanerConfig

logger = logging.getLogger(__name__)

#: A worker empties trafilatura's and htmldate's memo caches every this many pages.
_RESET_CACHES_EVERY = 100


@dataclass
class PageResult:
    """What extraction made of one page: an article, or the reason there is none."""

    article: Article | None
    reason: str
    """``ok``, the extraction's reason (``not_article/...``), or ``extract_timeout`` /
    ``extract_crash`` when the worker did not finish the page (``failed`` is then True)."""
    failed: bool = False
    reduced: str | None = None
    """How a page over the extraction budget was reduced first (see
    :func:`herald_scraper.extraction.budget.reduce_to_budget`), else None."""


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
        pkgutil.resolve_name(hook)(url)  # Scrapy's load_object, without Scrapy
    html = decode_html(body, content_type) if isinstance(body, bytes) else body
    result = extract_page(html, url, cleaner=cleaner, listed=listed)
    if result.record is None:
        return PageResult(None, result.reason, reduced=result.reduced)
    article = Article.from_extraction(result.record, url=url, source=source)
    return PageResult(article, "ok", reduced=result.reduced)


def warm_up() -> None:
    """Load what extraction loads lazily (language model, rule tables)."""
    from herald_scraper.extraction import extract_page

    body = "<p>" + "The council met on Tuesday to discuss the new budget for schools. " * 8
    extract_page(f"<html><body><article>{body}</p></article></body></html>", "https://a.example/n")


_pages_done = 0


def extract_in_worker(*args: Any) -> PageResult:
    """:func:`extract_article` in a worker process, which then hands the heap freed by the page
    back to the system (libxml2 and trafilatura leave it fragmented, and a worker otherwise
    keeps the high-water mark of its largest page until it is recycled: 2 workers x 8
    generations of 50 dev pages, summed PSS at the end of each generation 235 MB without, 208 MB
    with; about 0.35 ms a page). Every ``_RESET_CACHES_EVERY`` pages it also empties
    trafilatura's and htmldate's memo caches (bounded, but some 70 MB of page strings after a
    few hundred pages, and rarely hit across pages), for workers that are never recycled."""
    global _pages_done
    try:
        return extract_article(*args)
    finally:
        _pages_done += 1
        if _pages_done % _RESET_CACHES_EVERY == 0:
            from trafilatura.meta import reset_caches

            reset_caches()  # collects garbage too
        malloc_trim()


@lru_cache(maxsize=1)
def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def malloc_trim() -> None:
    """Hand the heap's free pages back to the system (glibc only; elsewhere a no-op)."""
    trim = _libc_malloc_trim()
    if trim is not None:
        trim(0)
