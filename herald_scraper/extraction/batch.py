"""Extraction over a batch of pages: what one page cannot tell, many pages of one site can.

A line a site repeats word for word on many of its pages (a newsletter pitch, a disclaimer, a
"follow us" line in wording no rule names) is its boilerplate. In a crawl the
:class:`~herald_scraper.extraction.crosspage.CrossPageLearner` learns such lines as pages
arrive, so the first pages of a site go out before a line is known; a batch (saved pages, a
re-extraction, a benchmark) has hindsight: every page is extracted first, the learner sees all
of them, and then the learned lines are stripped from *every* record, the first ones included.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from herald_scraper.discovery.urls import registered_domain
from herald_scraper.extraction.boilerplate import CleanerConfig, Removal
from herald_scraper.extraction.crosspage import CrossPageLearner
from herald_scraper.extraction.pipeline import ExtractionResult, extract_page
from herald_scraper.extraction.words import word_count

logger = logging.getLogger(__name__)

#: The rule name cross-page removals are reported under.
CROSSPAGE_RULE = "crosspage"


def extract_batch(
    pages: Iterable[tuple[bytes | str, str | None]],
    *,
    article_only: bool = True,
    cleaner: CleanerConfig | None = None,
    learner: CrossPageLearner | None = None,
) -> list[ExtractionResult]:
    """:func:`~herald_scraper.extraction.pipeline.extract_page` of every ``(html, url)`` page,
    then the lines each site repeats across its pages removed from all of its records.

    ``learner`` sets the thresholds (and may carry lines learned before); by default a line is
    boilerplate once seen on 3 pages that are at least 5% of the site's pages in the batch.
    Pages without a URL have no site and are left as extracted. Never raises for one bad page
    (that page's result carries the reason).
    """
    learner = learner if learner is not None else CrossPageLearner()
    results: list[ExtractionResult] = []
    sites: list[str | None] = []
    for html, url in pages:
        result = extract_page(html, url, article_only=article_only, cleaner=cleaner)
        site = registered_domain(url) if url else None
        if result.record is not None and site:
            learner.observe(site, result.record["text"].splitlines())
        results.append(result)
        sites.append(site)
    for result, site in zip(results, sites, strict=True):
        if result.record is not None and site:
            _strip(result, learner, site)
    return results


def _strip(result: ExtractionResult, learner: CrossPageLearner, site: str) -> None:
    removed = strip_learned(result.record, learner, site)  # type: ignore[arg-type]
    result.removed.extend(Removal(CROSSPAGE_RULE, line) for line in removed)


def strip_learned(record: dict[str, Any], learner: CrossPageLearner, site: str) -> list[str]:
    """Remove ``site``'s learned lines from ``record``'s text (word count updated); returns
    the removed lines."""
    kept, removed = learner.strip(site, record["text"].splitlines())
    if removed:
        record["text"] = "\n".join(kept)
        record["word_count"] = word_count(record["text"])
        logger.debug("%s: %d cross-page line(s) removed", site, len(removed))
    return removed
