"""Pure extraction: ``(html, url) -> article record``. No Scrapy imports anywhere in this package.

The names below are imported on first use (PEP 562), so that importing a light submodule
(``words``, ``crosspage``, ``boilerplate``) does not load trafilatura and the language model
into a process that never extracts a page (the crawl process, see
:mod:`herald_scraper.extract_pool`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from herald_scraper.extraction.batch import extract_batch
    from herald_scraper.extraction.boilerplate import CleanerConfig, Removal
    from herald_scraper.extraction.pipeline import ExtractionResult, extract, extract_page

__all__ = [
    "CleanerConfig",
    "ExtractionResult",
    "Removal",
    "extract",
    "extract_batch",
    "extract_page",
]

_HOMES = {
    "CleanerConfig": "herald_scraper.extraction.boilerplate",
    "ExtractionResult": "herald_scraper.extraction.pipeline",
    "Removal": "herald_scraper.extraction.boilerplate",
    "extract": "herald_scraper.extraction.pipeline",
    "extract_batch": "herald_scraper.extraction.batch",
    "extract_page": "herald_scraper.extraction.pipeline",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
