"""herald-scraper: news crawler and boilerplate cleaner (Scrapy + trafilatura -> clean JSONL)."""

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
