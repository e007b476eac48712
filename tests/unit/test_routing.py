"""Routing decisions of the discovery spiders (pure functions, no Scrapy)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from herald_scraper.discovery import FeedEntry, SitemapEntry
from herald_scraper.items import Article
from herald_scraper.routing import (
    discovery_hints_from_feed,
    discovery_hints_from_sitemap,
    fallback_feed_urls,
    feed_entry_skip_reason,
    feed_stamp,
    fill_gaps,
    link_decision,
    looks_like_sitemap_url,
    origin,
    parse_bool_arg,
    parse_int_arg,
    parse_since,
    scope_skip_reason,
    sitemap_entry_skip_reason,
    sitemap_stamp,
    stamp,
)
from herald_scraper.sites import parse_site

SITE = "https://news.test"
D = datetime(2024, 5, 14, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def test_parse_since() -> None:
    assert parse_since(None) is None and parse_since("") is None
    assert parse_since("2024-05-01") == date(2024, 5, 1)
    assert parse_since("2024-05-01T10:00:00") == datetime(2024, 5, 1, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="since"):
        parse_since("yesterday")


def test_int_and_bool_args() -> None:
    assert parse_int_arg("max_pages", None, 7) == 7
    assert parse_int_arg("max_pages", "12", 7) == 12
    with pytest.raises(ValueError, match="max_pages"):
        parse_int_arg("max_pages", "many", 7)
    with pytest.raises(ValueError, match=">= 0"):
        parse_int_arg("max_depth", "-1", 7)
    assert parse_bool_arg("true") and parse_bool_arg("1") and parse_bool_arg(True)
    assert not parse_bool_arg(None) and not parse_bool_arg("false") and not parse_bool_arg("0")


@pytest.mark.parametrize(
    ("url", "sitemap"),
    [
        (f"{SITE}/sitemap_index.xml", True),
        (f"{SITE}/sitemap-articles.xml.gz", True),
        (f"{SITE}/news-sitemap", True),
        (f"{SITE}/sitemaps/2024-05.xml", True),
        (f"{SITE}/", False),
        (SITE, False),
        (f"{SITE}/news/2024/05/story.html", False),
    ],
)
def test_looks_like_sitemap_url(url: str, sitemap: bool) -> None:
    assert looks_like_sitemap_url(url) is sitemap


def test_fallback_feed_urls() -> None:
    urls = fallback_feed_urls("https://news.test:8443/section/x?y=1")
    assert urls[0] == "https://news.test:8443/feed/"
    assert "https://news.test:8443/atom.xml" in urls
    assert fallback_feed_urls("ftp://news.test/") == [] and fallback_feed_urls("nonsense") == []


def test_origin() -> None:
    assert origin("http://127.0.0.1:8080/a/b?c") == "http://127.0.0.1:8080"


def test_stamps_keep_day_precision_for_dates() -> None:
    assert stamp(None) is None
    assert stamp(datetime(2024, 5, 14, tzinfo=UTC)) == "2024-05-14"  # a date-only lastmod
    assert stamp(D) == "2024-05-14T08:30:00+01:00"
    entry = SitemapEntry(f"{SITE}/a", lastmod=D, news_publication_date=D - timedelta(days=1))
    assert sitemap_stamp(entry) == "2024-05-14T08:30:00+01:00"  # lastmod first: it moves on edit
    assert sitemap_stamp(SitemapEntry(f"{SITE}/a", news_publication_date=D)) == stamp(D)
    assert feed_stamp(FeedEntry(f"{SITE}/a", published=D)) == stamp(D)
    later = D + timedelta(days=80)
    assert feed_stamp(FeedEntry(f"{SITE}/a", published=D, updated=later)) == stamp(later)


def test_scope() -> None:
    assert scope_skip_reason(f"{SITE}/news/a", SITE) is None
    assert scope_skip_reason("https://www.news.test/a", SITE) is None  # www. ignored
    assert scope_skip_reason("https://other.test/a", SITE) == "offsite"
    home = "https://www.example.com/"
    assert scope_skip_reason("https://edition.example.com/a", home) == "offsite"
    assert scope_skip_reason("https://edition.example.com/a", home, allow_subdomains=True) is None
    site = parse_site("n", {"deny": ["/live/"], "allow_subdomains": True})
    assert scope_skip_reason("https://edition.example.com/a", home, site) is None
    assert scope_skip_reason(f"{SITE}/live/x", SITE, site) == "denied_by_site_config"


def test_sitemap_entry_rules() -> None:
    story = f"{SITE}/news/2024/05/harbour-bridge-reopens.html"
    old = SitemapEntry(story, lastmod=datetime(2024, 1, 1, tzinfo=UTC))
    assert sitemap_entry_skip_reason(old, date(2024, 5, 1)) == "older_than_since"
    assert sitemap_entry_skip_reason(old, None) is None
    # the Google News date is the publication date: it decides over an old lastmod
    news = SitemapEntry(story, lastmod=datetime(2023, 1, 1, tzinfo=UTC), news_publication_date=D)
    assert sitemap_entry_skip_reason(news, date(2024, 5, 1)) is None
    undated = SitemapEntry(story)
    assert sitemap_entry_skip_reason(undated, date(2024, 5, 1)) is None  # cannot tell: fetch
    for page in ("/about.html", "/tag/harbour.html", "/section/world.html", "/", "/a.pdf"):
        assert sitemap_entry_skip_reason(SitemapEntry(SITE + page), None) == "not_article_url"
    # a short slug looks like a section to URL shape alone, but a sitemap lists it: fetch
    assert sitemap_entry_skip_reason(SitemapEntry(f"{SITE}/bridge-reopens"), None) is None
    # a Google News entry is an article whatever its URL looks like
    assert (
        sitemap_entry_skip_reason(SitemapEntry(f"{SITE}/section/x", news_title="T"), None) is None
    )


def test_feed_entry_rules() -> None:
    entry = FeedEntry(f"{SITE}/news/2024/05/story-slug-here.html", published=D)
    assert feed_entry_skip_reason(entry, date(2024, 5, 1)) is None
    assert feed_entry_skip_reason(entry, date(2024, 6, 1)) == "older_than_since"
    assert feed_entry_skip_reason(FeedEntry(f"{SITE}/files/a.mp3"), None) == "not_article_url"


def test_link_decision_prioritises_articles() -> None:
    skip, _ = link_decision(f"{SITE}/tag/harbour.html")
    assert skip == "not_article_link"
    assert link_decision(f"{SITE}/login")[0] == "not_article_link"
    assert link_decision(f"{SITE}/feed.xml")[0] == "not_article_link"
    article = link_decision(f"{SITE}/news/2024/05/harbour-bridge-reopens.html")
    listing = link_decision(f"{SITE}/section/world.html")
    assert article[0] is None and listing[0] is None
    assert article[1] > listing[1] > 0


def test_hints_are_plain_data() -> None:
    entry = SitemapEntry(f"{SITE}/a", news_publication_date=D, news_title="T", news_language="en")
    assert discovery_hints_from_sitemap(entry) == {
        "title": "T",
        "date_published": "2024-05-14T08:30:00+01:00",
        "language": "en",
    }
    assert discovery_hints_from_sitemap(SitemapEntry(f"{SITE}/a")) == {}
    feed = FeedEntry(f"{SITE}/a", title="T", published=D, updated=D, authors=["A B"])
    hints = discovery_hints_from_feed(feed)
    assert hints["authors"] == ["A B"] and hints["date_published"] == stamp(D)
    assert "date_modified" not in hints  # updated == published says nothing
    edited = discovery_hints_from_feed(
        FeedEntry(f"{SITE}/a", published=D, updated=D + timedelta(1))
    )
    assert edited["date_modified"] == stamp(D + timedelta(1))


def test_fill_gaps_never_overrides_the_page() -> None:
    article = Article(url=f"{SITE}/a", title="Page title", authors=[], date_published=None)
    filled = fill_gaps(
        article, {"title": "Feed title", "authors": ["Feed Author"], "date_published": "2024-05-14"}
    )
    assert filled.title == "Page title"
    assert filled.authors == ["Feed Author"]
    assert filled.date_published == "2024-05-14"
    assert article.authors == []  # the original is not mutated
    assert fill_gaps(article, None) is article
    assert fill_gaps(article, {"unknown_field": "x"}) is article
