"""Tests for herald_scraper.discovery.sitemaps (and the hardened XML loading under it)."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from herald_scraper.discovery.dates import parse_w3c_datetime
from herald_scraper.discovery.sitemaps import (
    SitemapEntry,
    SitemapRef,
    entry_date,
    fallback_sitemap_urls,
    is_recent,
    parse_sitemap,
    sitemap_urls_from_robots,
)

URL = "https://example.com/sitemap.xml"

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:video="http://www.google.com/schemas/sitemap-video/1.1">
  <url>
    <loc>https://example.com/2024/05/01/storm-hits</loc>
    <lastmod>2024-05-02T08:00:00+02:00</lastmod>
    <news:news>
      <news:publication><news:name>Example</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-05-01T10:00:00Z</news:publication_date>
      <news:title>Storm &amp; rain hit the coast</news:title>
    </news:news>
    <image:image><image:loc>https://cdn.example.com/storm.jpg</image:loc></image:image>
  </url>
  <url>
    <loc> /relative/page </loc>
    <lastmod>2024-05-03</lastmod>
    <video:video><video:content_loc>https://cdn.example.com/v.mp4</video:content_loc>
      <video:player_loc>https://cdn.example.com/player</video:player_loc></video:video>
  </url>
  <url><loc>mailto:desk@example.com</loc></url>
  <url><lastmod>2024-05-03</lastmod></url>
  <url><loc>https://example.com/bad-date</loc><lastmod>yesterday</lastmod></url>
</urlset>
"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.com/sitemap-2024-05.xml.gz</loc><lastmod>2024-05-31</lastmod>
  </sitemap>
  <sitemap><loc>/sitemap-news.xml</loc></sitemap>
  <sitemap><lastmod>2024-01-01</lastmod></sitemap>
</sitemapindex>
"""


def test_urlset_entries() -> None:
    sitemap = parse_sitemap(URLSET, URL)
    assert sitemap.kind == "urlset"
    assert sitemap.sitemaps == []
    locs = [e.loc for e in sitemap.entries]
    # image/video <loc>s are not entries; mailto and loc-less urls are dropped
    assert locs == [
        "https://example.com/2024/05/01/storm-hits",
        "https://example.com/relative/page",
        "https://example.com/bad-date",
    ]
    first = sitemap.entries[0]
    assert first.lastmod == datetime(2024, 5, 2, 6, 0, tzinfo=UTC)
    assert first.news_publication_date == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert first.news_title == "Storm & rain hit the coast"
    assert first.news_language == "en"
    assert sitemap.entries[1].news_title is None
    assert sitemap.entries[1].lastmod == datetime(2024, 5, 3, tzinfo=UTC)
    assert sitemap.entries[2].lastmod is None


def test_sitemap_index() -> None:
    sitemap = parse_sitemap(INDEX, URL)
    assert sitemap.kind == "sitemapindex"
    assert sitemap.entries == []
    assert sitemap.sitemaps == [
        SitemapRef("https://example.com/sitemap-2024-05.xml.gz", datetime(2024, 5, 31, tzinfo=UTC)),
        SitemapRef("https://example.com/sitemap-news.xml", None),
    ]


def test_namespace_less_sitemap_is_accepted() -> None:
    body = b"<urlset><url><loc>https://example.com/a</loc></url></urlset>"
    assert [e.loc for e in parse_sitemap(body, URL).entries] == ["https://example.com/a"]


def test_gzipped_sitemap_detected_by_magic_bytes() -> None:
    plain = parse_sitemap(URLSET, URL)
    # The URL does not say .gz: detection is by content.
    assert parse_sitemap(gzip.compress(URLSET), URL) == plain
    # Concatenated gzip members are one document.
    half = len(INDEX) // 2
    two_members = gzip.compress(INDEX[:half]) + gzip.compress(INDEX[half:])
    assert parse_sitemap(two_members, URL) == parse_sitemap(INDEX, URL)


def test_gzip_bomb_over_cap_returns_invalid(caplog: pytest.LogCaptureFixture) -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (51 * 1024 * 1024) + b"</urlset>")
    assert len(bomb) < 200_000
    assert parse_sitemap(bomb, URL).kind == "invalid"
    assert "inflates beyond" in caplog.text


def test_cap_applies_to_plain_and_gzip_bodies() -> None:
    body = b"<urlset>" + b"<url><loc>https://example.com/a</loc></url>" * 100 + b"</urlset>"
    assert len(parse_sitemap(body, URL, max_bytes=10_000).entries) == 100
    assert parse_sitemap(body, URL, max_bytes=1_000).kind == "invalid"
    assert parse_sitemap(gzip.compress(body), URL, max_bytes=1_000).kind == "invalid"


def test_corrupt_gzip_is_invalid() -> None:
    assert parse_sitemap(gzip.compress(URLSET)[:40], URL).kind == "invalid"
    assert parse_sitemap(b"\x1f\x8bnot gzip at all", URL).kind == "invalid"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset><url><loc>https://example.com/a&lol9;</loc></url></urlset>
"""


def test_billion_laughs_is_not_expanded() -> None:
    start = time.perf_counter()
    sitemap = parse_sitemap(BILLION_LAUGHS, URL)
    assert time.perf_counter() - start < 2.0
    assert all("lol" not in e.loc for e in sitemap.entries)
    assert all(len(e.loc) < 100 for e in sitemap.entries)


def test_small_internal_entity_is_not_expanded_either() -> None:
    body = b"""<!DOCTYPE u [<!ENTITY e "expanded">]>
<urlset><url><loc>https://example.com/a&e;b</loc></url></urlset>"""
    assert [e.loc for e in parse_sitemap(body, URL).entries] == ["https://example.com/ab"]


def test_external_entity_is_not_loaded(tmp_path: pytest.TempPathFactory) -> None:
    secret = tmp_path / "secret.txt"  # type: ignore[operator]
    secret.write_text("TOPSECRET")
    body = f"""<!DOCTYPE u [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset><url><loc>https://example.com/&xxe;</loc></url></urlset>""".encode()
    sitemap = parse_sitemap(body, URL)
    assert all("TOPSECRET" not in e.loc for e in sitemap.entries)


def test_malformed_xml_is_recovered() -> None:
    body = b"""<urlset>
<url><loc>https://example.com/a?x=1&y=2</loc></url>
<url><loc>https://example.com/b</loc>
<url><loc>https://example.com/c</loc></url>"""  # stray &, unclosed <url>, no </urlset>
    locs = [e.loc for e in parse_sitemap(body, URL).entries]
    assert "https://example.com/a?x=1&y=2" in locs
    assert "https://example.com/b" in locs


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"<html><body><h1>404 Not Found</h1></body></html>",
        b"<rss><channel></channel></rss>",
        b"\x00\xff\xfe garbage \x80",
        b"<<<<>>>>",
        b"just some words, not urls",
    ],
)
def test_unusable_bodies_are_invalid(body: bytes) -> None:
    sitemap = parse_sitemap(body, URL)
    assert sitemap.kind == "invalid"
    assert sitemap.entries == [] and sitemap.sitemaps == []


def test_non_utf8_sitemap_with_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url>'
        "<loc>https://example.com/caf\u00e9</loc><news:news xmlns:news='n'>"
        "<news:title>Caf\u00e9 cr\u00e8me</news:title></news:news></url></urlset>"
    ).encode("latin-1")
    entry = parse_sitemap(body, URL).entries[0]
    assert entry.loc == "https://example.com/caf\u00e9"
    assert entry.news_title == "Caf\u00e9 cr\u00e8me"


def test_undeclared_latin1_bytes_do_not_crash() -> None:
    body = b"<urlset><url><loc>https://example.com/caf\xe9</loc></url>"
    body += b"<url><loc>https://example.com/ok</loc></url></urlset>"
    sitemap = parse_sitemap(body, URL)
    assert sitemap.kind in ("urlset", "invalid")


def test_plain_text_sitemap() -> None:
    body = b"https://example.com/a\r\nhttps://example.com/b\n\n"
    assert [e.loc for e in parse_sitemap(body, URL).entries] == [
        "https://example.com/a",
        "https://example.com/b",
    ]


def test_large_sitemap_parses_quickly() -> None:
    n = 50_000  # the protocol's maximum per file
    rows = b"".join(
        b"<url><loc>https://example.com/2024/05/%d/story-%d</loc><lastmod>2024-05-01</lastmod></url>"
        % (i, i)
        for i in range(n)
    )
    body = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + rows + b"</urlset>"
    start = time.perf_counter()
    sitemap = parse_sitemap(gzip.compress(body), URL)
    assert len(sitemap.entries) == n
    assert time.perf_counter() - start < 10.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024-05", datetime(2024, 5, 1, tzinfo=UTC)),
        ("2024", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-05-01T10:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
        ("2024-05-01T10:00:00.123+00:00", datetime(2024, 5, 1, 10, 0, 0, 123000, tzinfo=UTC)),
        (
            "2024-05-01T10:00:00+02:00",
            datetime(2024, 5, 1, 10, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-05-01T10:00:00 +02:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T10:00:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),  # naive -> UTC
        (" 2024-05-01 ", datetime(2024, 5, 1, tzinfo=UTC)),
    ],
)
def test_w3c_dates(text: str, expected: datetime) -> None:
    parsed = parse_w3c_datetime(text)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize(
    "text", ["", "yesterday", "2024-13-01", "2024-02-30", "01/05/2024", "9" * 500, None]
)
def test_bad_dates_are_none(text: str | None) -> None:
    assert parse_w3c_datetime(text) is None


def test_entry_date_prefers_news_publication_date() -> None:
    pub = datetime(2024, 5, 1, tzinfo=UTC)
    mod = datetime(2024, 6, 1, tzinfo=UTC)
    assert entry_date(SitemapEntry("u", lastmod=mod, news_publication_date=pub)) == pub
    assert entry_date(SitemapEntry("u", lastmod=mod)) == mod
    assert entry_date(SitemapEntry("u")) is None
    assert entry_date(SitemapRef("u", mod)) == mod


def test_is_recent() -> None:
    entry = SitemapEntry("u", news_publication_date=datetime(2024, 5, 1, 12, tzinfo=UTC))
    assert is_recent(entry, date(2024, 5, 1))
    assert not is_recent(entry, date(2024, 5, 2))
    assert is_recent(entry, datetime(2024, 5, 1, 11, tzinfo=UTC))
    assert not is_recent(entry, datetime(2024, 5, 1, 13))  # naive since is UTC
    assert is_recent(entry, None)
    assert is_recent(SitemapEntry("u"), date(2099, 1, 1))  # undated: can't tell, keep
    assert not is_recent(SitemapRef("u", datetime(2020, 1, 1, tzinfo=UTC)), date(2024, 1, 1))


ROBOTS = """
User-agent: *
Disallow: /admin/
Sitemap: https://example.com/sitemap_index.xml
sitemap: /news-sitemap.xml
Sitemap: https://example.com/sitemap_index.xml
Sitemap: ftp://example.com/nope.xml
"""


def test_sitemaps_from_robots() -> None:
    assert sitemap_urls_from_robots(ROBOTS, "https://example.com/robots.txt") == [
        "https://example.com/sitemap_index.xml",
        "https://example.com/news-sitemap.xml",
    ]


@pytest.mark.parametrize("text", ["", "User-agent: *\nDisallow: /", "\x00\xff<html>", None])
def test_robots_without_sitemaps(text: str | None) -> None:
    assert sitemap_urls_from_robots(text, "https://example.com/") == []  # type: ignore[arg-type]


def test_fallback_sitemap_urls() -> None:
    urls = fallback_sitemap_urls("https://www.example.com:8443/some/page?x=1")
    assert urls[:3] == [
        "https://www.example.com:8443/sitemap.xml",
        "https://www.example.com:8443/sitemap_index.xml",
        "https://www.example.com:8443/sitemap-news.xml",
    ]
    assert len(urls) == len(set(urls))


@pytest.mark.parametrize("url", ["", "/relative", "mailto:x@example.com", None])
def test_fallback_sitemap_urls_bad_input(url: str | None) -> None:
    assert fallback_sitemap_urls(url) == []  # type: ignore[arg-type]
