"""trafilatura's sitemap and feed resources through herald's readers.

The inputs are read from ``trafilatura/`` at test time; the expected figures are those its
tests state (``sitemaps_tests.py``, ``feeds_tests.py``), quoted beside each case. trafilatura
filters URLs by target language and domain while reading; herald reads everything a document
lists and leaves scope to the spider, so the comparison is on what the documents contain.
"""

from __future__ import annotations

import pytest

from herald_scraper.discovery import discover_feeds, parse_feed, parse_sitemap
from tests.conformance.peers import peer_dir

SITEMAP_URL = "http://www.example.com/sitemap.xml"


def _bytes(name: str) -> bytes:
    return (peer_dir("trafilatura") / name).read_bytes()


@pytest.mark.parametrize("name", ["sitemap.xml", "sitemap.xml.gz"])
def test_sitemap_urls(name: str) -> None:
    # sitemaps_tests.py: "assert len(sitemap.urls) == 84" (plain and gzip)
    sitemap = parse_sitemap(_bytes(name), SITEMAP_URL)
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 84 and not sitemap.sitemaps


def test_sitemap_index() -> None:
    # sitemaps_tests.py: sitemap_urls == [the sitemap itself, .../sitemap1.xml.gz,
    # .../sitemap2.xml.gz]; trafilatura's list starts with the URL it was given, herald's lists
    # what the index names.
    sitemap = parse_sitemap(_bytes("sitemap2.xml"), SITEMAP_URL)
    assert [ref.loc for ref in sitemap.sitemaps] == [
        "http://www.example.com/sitemap1.xml.gz",
        "http://www.example.com/sitemap2.xml.gz",
    ]
    assert not sitemap.entries


def test_hreflang_sitemap_on_purpose() -> None:
    # trafilatura with target_lang="de" follows the German hreflang alternates; herald does no
    # language selection (on purpose: the record's language comes from the page) and lists
    # each <url>'s own <loc>.
    sitemap = parse_sitemap(_bytes("sitemap-hreflang.xml"), SITEMAP_URL)
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 3


@pytest.mark.parametrize("name", ["feed1.atom", "feed2.rss"])
def test_feed_links(name: str) -> None:
    # feeds_tests.py: "assert len(extract_links(teststring, params)) > 0"
    feed = parse_feed(_bytes(name), "https://example.org/feed")
    assert feed.kind in ("atom", "rss") and len(feed.entries) > 0


def test_json_feed_links() -> None:
    # feeds_tests.py: "assert len(links) == 25"
    feed = parse_feed(_bytes("feed.json"), "https://npr.org/feed.json")
    assert feed.kind == "json" and len(feed.entries) == 25


def test_json_feed_id_as_backup() -> None:
    # feeds_tests.py, "id as a backup": one link
    body = (
        rb'{"version":"https:\/\/jsonfeed.org\/version\/1","items":'
        rb'[{"id":"https://www.example.org/1","title":"Test"}]}'
    )
    assert [e.link for e in parse_feed(body, "https://example.org/f.json").entries] == [
        "https://www.example.org/1"
    ]


def test_feed_discovery() -> None:
    # feeds_tests.py: a JSON Feed announced as application/json is found; a comments feed is not
    page = (
        '<html><head><link rel="alternate" type="application/json" title="JSON Feed" '
        'href="https://www.jsonfeed.org/feed.json" />'
        '<link rel="alternate" type="application/rss+xml" title="Feed" '
        'href="https://www.jsonfeed.org/blog/comments-feed/"/></head><body/></html>'
    )
    assert discover_feeds(page, "https://www.jsonfeed.org/") == [
        "https://www.jsonfeed.org/feed.json"
    ]
