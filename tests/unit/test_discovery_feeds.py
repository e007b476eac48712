"""Tests for herald_scraper.discovery.feeds: RSS / Atom / JSON Feed parsing and discovery."""

from __future__ import annotations

import gzip
import json
import random
import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from herald_scraper.discovery.dates import is_recent_date, parse_feed_datetime
from herald_scraper.discovery.feeds import discover_feeds, looks_like_feed, parse_feed
from herald_scraper.discovery.sitemaps import parse_sitemap

FEED_URL = "https://example.com/news/feed"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:atom="http://www.w3.org/2005/Atom"
     xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>Example &amp; Co News</title>
  <link>https://example.com/</link>
  <atom:link rel="self" href="https://example.com/news/feed"/>
  <item>
    <title>Storm hits the coast</title>
    <link>https://example.com/2024/05/01/storm</link>
    <pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate>
    <dc:creator><![CDATA[Jane Doe]]></dc:creator>
    <author>desk@example.com (Desk Editor)</author>
    <category>Weather</category>
    <category>Coast</category>
    <category>Weather</category>
    <description>&lt;p&gt;Winds of &lt;b&gt;120 km/h&lt;/b&gt;.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Relative link</title>
    <link>/2024/05/02/relative</link>
    <pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate>
    <author>only@example.com</author>
  </item>
  <item>
    <title>Guid permalink</title>
    <guid>https://example.com/2024/05/03/guid</guid>
    <dc:date>2024-05-03T09:00:00Z</dc:date>
  </item>
  <item>
    <title>Guid not a permalink: no link at all</title>
    <guid isPermaLink="false">https://example.com/?p=99</guid>
  </item>
  <item>
    <title>FeedBurner proxy</title>
    <link>https://feeds.feedburner.com/~r/example/~3/abc/</link>
    <feedburner:origLink>https://example.com/2024/05/04/real</feedburner:origLink>
    <pubDate>not a date</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.com/blog/">
  <title type="html">Example &lt;em&gt;Blog&lt;/em&gt;</title>
  <author><name>Feed Author</name></author>
  <link rel="self" href="https://example.com/atom.xml"/>
  <entry>
    <title>First post</title>
    <link rel="enclosure" type="audio/mpeg" href="first.mp3"/>
    <link rel="alternate" type="text/html" href="2024/first-post"/>
    <id>tag:example.com,2024:1</id>
    <published>2024-05-01T10:00:00+02:00</published>
    <updated>2024-05-02T10:00:00Z</updated>
    <category term="tech" label="Technology"/>
    <category label="Label only"/>
    <summary type="html">&lt;p&gt;Short &lt;i&gt;summary&lt;/i&gt;&lt;/p&gt;</summary>
  </entry>
  <entry xml:base="https://other.example.org/mirror/">
    <title>Second post</title>
    <author><name>A. Writer</name></author>
    <author><name>B. Writer</name></author>
    <link href="second"/>
    <updated>2024-05-03T00:00:00Z</updated>
    <content type="text">Full text here.</content>
  </entry>
  <entry>
    <title>Only a self link</title>
    <link rel="self" href="https://example.com/api/3"/>
  </entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Example JSON",
    "items": [
        {
            "id": "1",
            "url": "https://example.com/2024/05/01/json-one",
            "title": "JSON one",
            "date_published": "2024-05-01T10:00:00Z",
            "date_modified": "2024-05-01T12:00:00+02:00",
            "authors": [{"name": "Jane Doe"}, {"url": "https://x"}, "bogus"],
            "tags": ["Politics", 3, "Politics"],
            "content_html": "<p>Hello <b>world</b></p>",
        },
        {"id": "2", "url": "/relative-json", "author": {"name": "Old Style"}, "summary": "S"},
        {"id": "3", "external_url": "https://elsewhere.example.org/"},
        "not an object",
        {"id": "5", "url": 12345},
    ],
}


def test_rss_feed() -> None:
    feed = parse_feed(RSS, FEED_URL)
    assert feed.kind == "rss"
    assert feed.title == "Example & Co News"
    assert [e.link for e in feed.entries] == [
        "https://example.com/2024/05/01/storm",
        "https://example.com/2024/05/02/relative",
        "https://example.com/2024/05/03/guid",
        "https://example.com/2024/05/04/real",
    ]
    first, second, third, fourth = feed.entries
    assert first.title == "Storm hits the coast"
    assert first.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert first.authors == ["Jane Doe", "Desk Editor"]
    assert first.categories == ["Weather", "Coast"]
    assert first.summary == "Winds of 120 km/h."
    assert second.published == datetime(2024, 5, 2, 8, 0, tzinfo=UTC)
    assert second.authors == []  # a bare e-mail address is not a name
    assert third.published == datetime(2024, 5, 3, 9, 0, tzinfo=UTC)  # dc:date, W3C format
    assert fourth.published is None


def test_rss_1_0_rdf() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.com/"><title>RDF news</title></channel>
  <item rdf:about="https://example.com/rdf-1"><title>One</title>
    <link>https://example.com/rdf-1</link><dc:date>2024-05-01</dc:date>
    <dc:subject>Science</dc:subject></item>
  <item rdf:about="https://example.com/rdf-2"><title>Two</title></item>
</rdf:RDF>"""
    feed = parse_feed(body, FEED_URL)
    assert feed.kind == "rss"
    assert feed.title == "RDF news"
    assert [e.link for e in feed.entries] == [
        "https://example.com/rdf-1",
        "https://example.com/rdf-2",
    ]
    assert feed.entries[0].categories == ["Science"]
    assert feed.entries[0].published == datetime(2024, 5, 1, tzinfo=UTC)


def test_atom_feed() -> None:
    feed = parse_feed(ATOM, "https://example.com/atom.xml")
    assert feed.kind == "atom"
    assert feed.title == "Example Blog"
    first, second = feed.entries  # the self-link-only entry is dropped
    assert first.link == "https://example.com/blog/2024/first-post"  # xml:base, HTML alternate
    assert first.published == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert first.updated == datetime(2024, 5, 2, 10, 0, tzinfo=UTC)
    assert first.authors == ["Feed Author"]  # inherited from the feed
    assert first.categories == ["tech", "Label only"]
    assert first.summary == "Short summary"
    assert second.link == "https://other.example.org/mirror/second"  # entry-level xml:base
    assert second.authors == ["A. Writer", "B. Writer"]
    assert second.published is None
    assert second.summary == "Full text here."


def test_atom_relative_link_without_xml_base_uses_feed_url() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title>
<link href="../posts/x"/></entry></feed>"""
    feed = parse_feed(body, "https://example.com/feeds/all/atom.xml")
    assert [e.link for e in feed.entries] == ["https://example.com/feeds/posts/x"]


def test_json_feed() -> None:
    feed = parse_feed(json.dumps(JSON_FEED).encode(), "https://example.com/feed.json")
    assert feed.kind == "json"
    assert feed.title == "Example JSON"
    assert [e.link for e in feed.entries] == [
        "https://example.com/2024/05/01/json-one",
        "https://example.com/relative-json",
    ]
    first, second = feed.entries
    assert first.published == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert first.updated == datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert first.authors == ["Jane Doe"]
    assert first.categories == ["Politics"]
    assert first.summary == "Hello world"
    assert second.authors == ["Old Style"]  # JSON Feed 1.0 "author" object
    assert second.summary == "S"


def test_json_feed_with_bom_and_gzip() -> None:
    body = b"\xef\xbb\xbf" + json.dumps(JSON_FEED).encode()
    assert len(parse_feed(gzip.compress(body), FEED_URL).entries) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b'{"items": "nope"}',
        b"[1, 2, 3]",
        b"[" * 100_000,  # deep nesting must not crash
        b"{" + b'"a":{' * 100_000,
        b"<html><head><title>Not a feed</title></head><body></body></html>",
        b"<urlset><url><loc>https://example.com/</loc></url></urlset>",
        b"\x00\x01\x02\xff",
        b"\x1f\x8b\x08\x00corrupt",
    ],
)
def test_invalid_feeds(body: bytes) -> None:
    feed = parse_feed(body, FEED_URL)
    assert feed.kind == "invalid"
    assert feed.entries == []


def test_malformed_rss_is_recovered() -> None:
    body = b"""<rss><channel><title>Broken</title>
<item><title>Fish & chips</title><link>https://example.com/a?x=1&y=2</link></item>
<item><title>Unclosed<link>https://example.com/b</link></item>"""
    feed = parse_feed(body, FEED_URL)
    assert feed.kind == "rss"
    assert feed.entries[0].link == "https://example.com/a?x=1&y=2"
    assert feed.entries[0].title == "Fish & chips"


def test_billion_laughs_in_feed_is_not_expanded() -> None:
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    ]
    body = (
        f"<?xml version='1.0'?><!DOCTYPE rss [{''.join(levels)}]>"
        "<rss><channel><title>&l9;</title><item><title>&l9;</title>"
        "<link>https://example.com/a</link></item></channel></rss>"
    ).encode()
    start = time.perf_counter()
    feed = parse_feed(body, FEED_URL)
    assert time.perf_counter() - start < 2.0
    assert "lol" not in (feed.title or "")
    assert all("lol" not in (e.title or "") for e in feed.entries)


def test_gzip_bomb_feed_is_invalid() -> None:
    bomb = gzip.compress(b"<rss>" + b"\n" * (1024 * 1024) + b"</rss>")
    assert parse_feed(bomb, FEED_URL, max_bytes=64 * 1024).kind == "invalid"


def test_non_utf8_feed() -> None:
    body = (
        '<?xml version="1.0" encoding="windows-1252"?><rss><channel><title>Caf\u00e9</title>'
        "<item><title>\u201cQuoted\u201d r\u00e9sum\u00e9</title>"
        "<link>https://example.com/r</link></item></channel></rss>"
    ).encode("cp1252")
    feed = parse_feed(body, FEED_URL)
    assert feed.title == "Caf\u00e9"
    assert feed.entries[0].title == "\u201cQuoted\u201d r\u00e9sum\u00e9"


def test_entries_keep_only_http_links() -> None:
    body = b"""<rss><channel>
<item><link>javascript:alert(1)</link></item>
<item><link>mailto:x@example.com</link></item>
<item><link>  https://example.com/ok  </link></item></channel></rss>"""
    assert [e.link for e in parse_feed(body, FEED_URL).entries] == ["https://example.com/ok"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wed, 01 May 2024 10:00:00 +0200", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("Wed, 01 May 2024 10:00:00 GMT", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("01 May 2024 10:00 EST", datetime(2024, 5, 1, 15, tzinfo=UTC)),
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
    ],
)
def test_feed_dates(text: str, expected: datetime) -> None:
    assert parse_feed_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "Wed, 99 Foo 2024", None])
def test_bad_feed_dates(text: str | None) -> None:
    assert parse_feed_datetime(text) is None


def test_is_recent_date_for_feed_entries() -> None:
    entry = parse_feed(RSS, FEED_URL).entries[0]
    assert is_recent_date(entry.published, datetime(2024, 5, 1, tzinfo=UTC))
    assert not is_recent_date(entry.published, datetime(2024, 5, 2, tzinfo=UTC))
    assert is_recent_date(None, datetime(2024, 5, 2, tzinfo=UTC))


PAGE = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="News" href="/feed/">
<link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
<link rel="Alternate" type="Application/Atom+XML; charset=utf-8" href="atom.xml">
<link rel="alternate" type="application/feed+json" href="https://example.com/feed.json">
<link rel="alternate" type="application/rss+xml" href="https://example.com/feed/">
<link rel="alternate" hreflang="de" href="https://example.com/de/">
<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
<link rel="alternate" type="application/rss+xml">
</head><body><link rel="alternate" type="application/rss+xml" href="/body-feed"></body></html>"""


def test_discover_feeds_in_page_order() -> None:
    assert discover_feeds(PAGE, "https://example.com/news/index.html") == [
        "https://example.com/feed/",
        "https://example.com/news/atom.xml",
        "https://example.com/feed.json",
        "https://example.com/body-feed",
    ]


def test_discover_feeds_honours_base_and_bytes() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><base href="https://cdn.example.com/x/">'
        '<link rel="alternate" type="application/atom+xml" href="a.xml"></head></html>'
    )
    expected = ["https://cdn.example.com/x/a.xml"]
    assert discover_feeds(page, "https://example.com/") == expected
    assert discover_feeds(page.encode(), "https://example.com/") == expected


@pytest.mark.parametrize("html", ["", "   ", b"", "<html><head></head></html>", "\x00\x01", None])
def test_discover_feeds_nothing(html: str | bytes | None) -> None:
    assert discover_feeds(html, "https://example.com/") == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/rss+xml; charset=utf-8"),
        (b"", "application/atom+xml"),
        (b"", "application/feed+json"),
        (RSS, "text/xml"),
        (RSS, None),
        (ATOM, "application/xml"),
        (b"\xef\xbb\xbf  " + ATOM, None),
        (json.dumps(JSON_FEED).encode(), "application/json"),
    ],
)
def test_looks_like_feed(body: bytes, content_type: str | None) -> None:
    assert looks_like_feed(body, content_type)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<!DOCTYPE html><html><head></head><body>rss feed</body></html>", "text/html"),
        (b"<html><body><feed xmlns='http://www.w3.org/2005/Atom'/></body></html>", None),
        (b'{"items": []}', "application/json"),
        (b"<urlset><url><loc>https://example.com/</loc></url></urlset>", "application/xml"),
        (b"", None),
        (b"\x00\xff", "application/octet-stream"),
    ],
)
def test_does_not_look_like_feed(body: bytes, content_type: str | None) -> None:
    assert not looks_like_feed(body, content_type)


@pytest.mark.parametrize(
    "prefix", [b"", b"<rss><channel><item><link>", b"{", b"\x1f\x8b", b"<feed>"]
)
def test_parsers_are_total_on_random_bytes(prefix: bytes) -> None:
    rng = random.Random(2)
    for _ in range(300):
        body = prefix + rng.randbytes(rng.randint(0, 200))
        assert parse_feed(body, FEED_URL).kind in ("rss", "atom", "json", "invalid")
        assert parse_sitemap(body, FEED_URL).kind in ("urlset", "sitemapindex", "invalid")
        assert isinstance(discover_feeds(body, FEED_URL), list)
        assert isinstance(looks_like_feed(body, None), bool)
