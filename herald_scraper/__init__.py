"""herald-scraper: news crawler and boilerplate cleaner (Scrapy + trafilatura -> clean JSONL).

The public names below are imported on first use (PEP 562): the crawl process only routes
requests while extraction runs in worker processes (:mod:`herald_scraper.extract_pool`), so it
need not load trafilatura, the language model and the rest of the extraction stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from herald_scraper.extraction import CleanerConfig, extract, extract_batch, extract_page
    from herald_scraper.items import Article
    from herald_scraper.jsonl import iter_jsonl, read_jsonl

__version__ = "0.1.0"
__all__ = [
    "Article",
    "CleanerConfig",
    "__version__",
    "extract",
    "extract_batch",
    "extract_page",
    "iter_jsonl",
    "read_jsonl",
]

_HOMES = {
    "Article": "herald_scraper.items",
    "CleanerConfig": "herald_scraper.extraction",
    "extract": "herald_scraper.extraction",
    "extract_batch": "herald_scraper.extraction",
    "extract_page": "herald_scraper.extraction",
    "iter_jsonl": "herald_scraper.jsonl",
    "read_jsonl": "herald_scraper.jsonl",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'herald_scraper' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
