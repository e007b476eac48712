"""Saved pages to records: the work behind ``herald-scraper extract`` (no argument parsing, no
output; :mod:`herald_scraper.cli` does those).

Each page is decoded (BOM, HTTP charset, ``<meta>``) and extracted in a worker process of a
:class:`~herald_scraper.workers.WorkerPool` (``workers=0``: inline), in input order with a
bounded number of pages in flight. Then, as :func:`herald_scraper.extraction.extract_batch` does,
the lines a site repeats across its pages are learned over the *whole* input and removed from
all its records, the first ones included; that needs every record before the first is written
(``crosspage=False`` streams records as they come instead).
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from herald_scraper.decoding import decode_html
from herald_scraper.discovery.urls import registered_domain
from herald_scraper.extraction import extract_page
from herald_scraper.extraction.batch import strip_learned
from herald_scraper.extraction.crosspage import CrossPageLearner
from herald_scraper.extraction.engine import parse_html
from herald_scraper.extraction.structured import read_structured
from herald_scraper.items import Article
from herald_scraper.sources import Page, Skipped
from herald_scraper.workers import WorkerCrashed, WorkerPool, WorkerTimeout

logger = logging.getLogger(__name__)

#: Modules the pool's fork server imports once (the language model is loaded before forking).
PRELOAD = ["herald_scraper.extract_warm"]
#: Seconds one page may take in a worker (as the crawl's ``HERALD_EXTRACT_TIMEOUT``).
TIMEOUT = 30.0


@dataclass
class Outcome:
    """What became of one input: a record, or the reason there is none."""

    entry: Page | Skipped
    article: Article | None
    reason: str
    """``ok`` (a record), ``skipped`` reasons (``not_article_listing_page``, ``not_html``, ``http_404``)
    or ``failed`` ones (``error``, ``extract_timeout``, ``extract_crash``, ``unreadable_file``)."""
    failed: bool = False
    crosspage_removed: int = 0
    """Lines the cross-page pass removed from the record."""


@dataclass
class Tally:
    """Counts by outcome and reason, for the summary line."""

    pages: int = 0
    extracted: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    crosspage_lines: int = 0

    def add(self, outcome: Outcome) -> None:
        self.pages += 1
        self.crosspage_lines += outcome.crosspage_removed
        if outcome.reason == "ok":
            self.extracted += 1
        elif outcome.failed:
            self.failed[outcome.reason] += 1
        else:
            self.skipped[outcome.reason] += 1

    def summary(self) -> str:
        return (
            f"pages {self.pages}, extracted {self.extracted}, "
            f"skipped {_counts(self.skipped)}, failed {_counts(self.failed)}, "
            f"cross-page lines removed {self.crosspage_lines}"
        )


def _counts(counter: Counter[str]) -> str:
    total = sum(counter.values())
    if not total:
        return "0"
    return f"{total} (" + ", ".join(f"{k}: {n}" for k, n in counter.most_common()) + ")"


def extract_saved(
    body: bytes, content_type: str | None, url: str, article_only: bool
) -> tuple[dict[str, Any] | None, str]:
    """One page's extraction (run in a worker): ``(record, reason)``.

    A saved file known only by its ``file://`` URL is extracted under the URL the page declares
    for itself (canonical link, og:url), when it declares one: the article gate reads a page's
    links against its site (teasers of the site's own articles make a listing page), which a
    file URL has not."""
    html = decode_html(body, content_type)
    if url.startswith("file:"):
        url = declared_url(html) or url
    result = extract_page(html, url, article_only=article_only)
    return result.record, result.reason


def declared_url(html: str) -> str | None:
    """The absolute http(s) URL a page gives for itself (``<link rel=canonical>``, og:url)."""
    try:
        sd = read_structured(parse_html(html))
    except Exception:  # noqa: BLE001 - not HTML: extraction says why
        return None
    for candidate in (sd.canonical, sd.meta.get("og:url")):
        parts = urlsplit(candidate or "")
        if parts.scheme in ("http", "https") and parts.netloc:
            return candidate
    return None


def extract_entries(
    entries: Iterable[Page | Skipped],
    *,
    workers: int,
    article_only: bool = True,
    crosspage: bool = True,
    timeout: float = TIMEOUT,
    on_done: Callable[[Outcome], None] | None = None,
) -> Generator[Outcome, None, None]:
    """An :class:`Outcome` per entry, in input order. ``on_done`` is called as each page is
    extracted (progress), before the cross-page pass holds the outcomes back."""
    outcomes = _extracted(entries, workers, article_only, timeout)
    if on_done is not None:
        outcomes = _tapped(outcomes, on_done)
    if not crosspage:
        for raw, outcome in outcomes:
            yield _finished(outcome, raw)
        return
    learner = CrossPageLearner()
    held = []
    for raw, outcome in outcomes:
        site = _site(outcome.entry, raw)
        if raw is not None and site:
            learner.observe(site, raw["text"].splitlines())
        held.append((raw, outcome))
    for raw, outcome in held:
        site = _site(outcome.entry, raw)
        if raw is not None and site:
            outcome.crosspage_removed = len(strip_learned(raw, learner, site))
        yield _finished(outcome, raw)


def _site(entry: Page | Skipped, raw: dict[str, Any] | None) -> str | None:
    """The site a page's lines are learned for: its folder, its URL's domain, or the domain
    of the URL it declares."""
    if not isinstance(entry, Page) or raw is None:
        return None
    return (
        entry.site
        or registered_domain(entry.url)
        or registered_domain(raw.get("canonical_url") or "")
    )


def _finished(outcome: Outcome, raw: dict[str, Any] | None) -> Outcome:
    """The Article of a page's record (hash and word count from the final text)."""
    if raw is not None and isinstance(outcome.entry, Page):
        page = outcome.entry
        outcome.article = Article.from_extraction(
            raw, url=page.url, source=page.source, fetched_at=page.fetched_at
        )
    return outcome


def _tapped(
    outcomes: Iterator[tuple[dict[str, Any] | None, Outcome]], on_done: Callable[[Outcome], None]
) -> Iterator[tuple[dict[str, Any] | None, Outcome]]:
    for raw, outcome in outcomes:
        on_done(outcome)
        yield raw, outcome


def _extracted(
    entries: Iterable[Page | Skipped], workers: int, article_only: bool, timeout: float
) -> Iterator[tuple[dict[str, Any] | None, Outcome]]:
    if workers <= 0:
        for entry in entries:
            if isinstance(entry, Skipped):
                yield None, Outcome(entry, None, entry.reason, entry.failed)
            else:
                raw, reason = extract_saved(entry.body, entry.content_type, entry.url, article_only)
                yield _outcome(entry, raw, reason)
        return
    pool = WorkerPool(workers, timeout=timeout, preload=PRELOAD)
    window: deque[tuple[Page | Skipped, Future[Any] | None]] = deque()
    try:
        for entry in entries:
            if isinstance(entry, Skipped):
                window.append((entry, None))
            else:
                args = (entry.body, entry.content_type, entry.url, article_only)
                window.append((entry, pool.submit(extract_saved, *args)))
            # Enough pages in flight to keep every worker busy; the rest is read as they finish.
            while len(window) > 2 * workers + 2:
                yield _collect(*window.popleft())
        while window:
            yield _collect(*window.popleft())
    finally:
        for _, future in window:
            if future is not None:
                future.cancel()
        pool.shutdown()


def _collect(
    entry: Page | Skipped, future: Future[Any] | None
) -> tuple[dict[str, Any] | None, Outcome]:
    if isinstance(entry, Skipped) or future is None:
        assert isinstance(entry, Skipped)
        return None, Outcome(entry, None, entry.reason, entry.failed)
    try:
        raw, reason = future.result()
    except WorkerTimeout:
        logger.warning("%s: extraction took over the timeout", entry.origin)
        return None, Outcome(entry, None, "extract_timeout", failed=True)
    except WorkerCrashed:
        logger.warning("%s: the extraction worker died", entry.origin)
        return None, Outcome(entry, None, "extract_crash", failed=True)
    except Exception:  # noqa: BLE001 - one page never stops the run
        logger.exception("%s: extraction failed", entry.origin)
        return None, Outcome(entry, None, "error", failed=True)
    return _outcome(entry, raw, reason)


def _outcome(
    entry: Page, raw: dict[str, Any] | None, reason: str
) -> tuple[dict[str, Any] | None, Outcome]:
    if raw is not None:
        return raw, Outcome(entry, None, "ok")
    # "error" is extraction failing on the page; every other reason says what the page is not
    failed = reason == "error"
    return None, Outcome(entry, None, reason.replace("/", "_"), failed=failed)
