"""herald-scraper: news crawler and boilerplate cleaner (Scrapy + trafilatura -> clean JSONL)."""

from herald_scraper.items import Article

__all__ = ["Article", "extract"]


def extract(html, url=None, *, article_only=True, **kwargs):  # replaced below once extraction lands
    from herald_scraper.extraction import extract as _extract

    return _extract(html, url, article_only=article_only, **kwargs)
