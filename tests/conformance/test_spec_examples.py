"""The formats' own examples (sitemaps.org, Google News sitemaps, JSON Feed 1.0 and 1.1),
written here as small inline inputs, with what each spec says they mean."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from herald_scraper.discovery import parse_feed, parse_sitemap

# sitemaps.org protocol, "Sample XML Sitemap" (abridged to three of its URLs, one with the
# entity-escaped query the spec uses to show escaping).
SITEMAPS_ORG = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
   <url>
      <loc>http://www.example.com/</loc>
      <lastmod>2005-01-01</lastmod>
      <changefreq>monthly</changefreq>
      <priority>0.8</priority>
   </url>
   <url>
      <loc>http://www.example.com/catalog?item=12&amp;desc=vacation_hawaii</loc>
      <changefreq>weekly</changefreq>
   </url>
   <url>
      <loc>http://www.example.com/catalog?item=83&amp;desc=vacation_usa</loc>
      <lastmod>2004-11-23</lastmod>
   </url>
</urlset>"""

# sitemaps.org, "Sample XML Sitemap Index"
SITEMAPS_ORG_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
   <sitemap>
      <loc>http://www.example.com/sitemap1.xml.gz</loc>
      <lastmod>2004-10-01T18:23:17+00:00</lastmod>
   </sitemap>
   <sitemap>
      <loc>http://www.example.com/sitemap2.xml.gz</loc>
      <lastmod>2005-01-01</lastmod>
   </sitemap>
</sitemapindex>"""

# Google News sitemap spec, the example entry.
GOOGLE_NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
   <loc>http://www.example.org/business/article55.html</loc>
   <news:news>
   <news:publication>
     <news:name>The Example Times</news:name>
     <news:language>en</news:language>
   </news:publication>
   <news:publication_date>2008-12-23</news:publication_date>
     <news:title>Companies A, B in Merger Talks</news:title>
    </news:news>
  </url>
</urlset>"""

# JSON Feed 1.0 spec, the simple example.
JSON_FEED_10 = b"""{
    "version": "https://jsonfeed.org/version/1",
    "title": "My Example Feed",
    "home_page_url": "https://example.org/",
    "feed_url": "https://example.org/feed.json",
    "author": {"name": "John Gruber"},
    "items": [
        {"id": "2", "content_text": "This is a second item.",
         "url": "https://example.org/second-item"},
        {"id": "1", "content_html": "<p>Hello, world!</p>",
         "url": "https://example.org/initial-post",
         "date_published": "2010-02-07T14:04:00-05:00",
         "author": {"name": "Brent Simmons"}}
    ]
}"""

# JSON Feed 1.1 spec: "authors" (an array) replaces "author"; "language" added.
JSON_FEED_11 = b"""{
    "version": "https://jsonfeed.org/version/1.1",
    "title": "My Example Feed",
    "language": "en-US",
    "items": [
        {"id": "https://example.org/initial-post", "title": "Initial post",
         "content_html": "<p>Hello, world!</p>", "date_modified": "2020-08-07T11:44:36-05:00",
         "authors": [{"name": "Brent Simmons"}, {"name": "Manton Reece"}],
         "tags": ["example"]}
    ]
}"""


def test_sitemaps_org_sample() -> None:
    sitemap = parse_sitemap(SITEMAPS_ORG, "http://www.example.com/sitemap.xml")
    assert [e.loc for e in sitemap.entries] == [
        "http://www.example.com/",
        "http://www.example.com/catalog?item=12&desc=vacation_hawaii",  # &amp; is the escaping
        "http://www.example.com/catalog?item=83&desc=vacation_usa",
    ]
    assert sitemap.entries[0].lastmod == datetime(2005, 1, 1, tzinfo=UTC)
    assert sitemap.entries[1].lastmod is None


def test_sitemaps_org_index() -> None:
    sitemap = parse_sitemap(SITEMAPS_ORG_INDEX, "http://www.example.com/sitemap_index.xml")
    assert sitemap.kind == "sitemapindex"
    assert [(r.loc, r.lastmod) for r in sitemap.sitemaps] == [
        ("http://www.example.com/sitemap1.xml.gz", datetime(2004, 10, 1, 18, 23, 17, tzinfo=UTC)),
        ("http://www.example.com/sitemap2.xml.gz", datetime(2005, 1, 1, tzinfo=UTC)),
    ]


def test_sitemaps_org_text_sitemap() -> None:
    # "Text file": one URL per line, UTF-8; nothing else may be in the file, but generators add
    # comments, which herald skips and counts.
    body = b"http://www.example.com/catalog?item=1\nhttp://www.example.com/catalog?item=11\n"
    sitemap = parse_sitemap(body, "http://www.example.com/sitemap.txt")
    assert [e.loc for e in sitemap.entries] == [
        "http://www.example.com/catalog?item=1",
        "http://www.example.com/catalog?item=11",
    ]
    assert sitemap.skipped == 0


def test_google_news_example() -> None:
    (entry,) = parse_sitemap(GOOGLE_NEWS, "http://www.example.org/news.xml").entries
    assert entry.loc == "http://www.example.org/business/article55.html"
    assert entry.news_title == "Companies A, B in Merger Talks"
    assert entry.news_language == "en"
    assert entry.news_publication_date == datetime(2008, 12, 23, tzinfo=UTC)


def test_json_feed_10_example() -> None:
    feed = parse_feed(JSON_FEED_10, "https://example.org/feed.json")
    assert feed.kind == "json" and feed.title == "My Example Feed"
    second, first = feed.entries
    assert second.link == "https://example.org/second-item"
    assert second.summary == "This is a second item."
    assert first.summary == "Hello, world!"  # content_html as text
    assert first.published == datetime(2010, 2, 7, 14, 4, tzinfo=timezone(timedelta(hours=-5)))
    assert first.authors == ["Brent Simmons"]  # 1.0's "author" object


def test_json_feed_11_example() -> None:
    (entry,) = parse_feed(JSON_FEED_11, "https://example.org/feed.json").entries
    assert entry.link == "https://example.org/initial-post"  # no "url": the id is the permalink
    assert entry.title == "Initial post"
    assert entry.authors == ["Brent Simmons", "Manton Reece"]  # 1.1's "authors" array
    assert entry.categories == ["example"]
    assert entry.updated == datetime(2020, 8, 7, 16, 44, 36, tzinfo=UTC)
