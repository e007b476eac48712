"""Pure URL discovery: canonicalisation, link classification, sitemaps and feeds.

No Scrapy imports: spiders call these functions and route requests on their results. Every
function is total: bad input gives an empty result or None plus a logged reason.
"""

from herald_scraper.discovery.dates import is_recent_date, parse_feed_datetime, parse_w3c_datetime
from herald_scraper.discovery.feeds import (
    Feed,
    FeedEntry,
    discover_feeds,
    looks_like_feed,
    parse_feed,
)
from herald_scraper.discovery.links import (
    LinkClassification,
    LinkKind,
    article_url_score,
    classify_link,
)
from herald_scraper.discovery.sitemaps import (
    Sitemap,
    SitemapEntry,
    SitemapRef,
    entry_date,
    fallback_sitemap_urls,
    is_recent,
    parse_sitemap,
    sitemap_urls_from_robots,
)
from herald_scraper.discovery.urls import (
    canonicalize_url,
    is_tracking_param,
    registered_domain,
    same_origin,
    same_site,
)

__all__ = [
    "Feed",
    "FeedEntry",
    "LinkClassification",
    "LinkKind",
    "Sitemap",
    "SitemapEntry",
    "SitemapRef",
    "article_url_score",
    "canonicalize_url",
    "classify_link",
    "discover_feeds",
    "entry_date",
    "fallback_sitemap_urls",
    "is_recent",
    "is_recent_date",
    "is_tracking_param",
    "looks_like_feed",
    "parse_feed",
    "parse_feed_datetime",
    "parse_sitemap",
    "parse_w3c_datetime",
    "registered_domain",
    "same_origin",
    "same_site",
    "sitemap_urls_from_robots",
]
