"""Pure extraction: ``(html, url) -> article record``. No Scrapy imports anywhere in this package."""

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
