"""Sitemap and feed caps (issue 8, cost): an index whose child is another index, forever, stops
at HERALD_SITEMAP_MAX_DEPTH; entries beyond HERALD_SITEMAP_MAX_ENTRIES / HERALD_FEED_MAX_ENTRIES
and sitemaps beyond HERALD_MAX_SITEMAPS are counted, not fetched."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.handler_server import serving
from tests.e2e.test_decoding_crawl import article
from tests.e2e.test_durability import finish, start

HITS: Counter[str] = Counter()
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        HITS[parts.path] += 1
        n = int(parse_qs(parts.query).get("n", ["0"])[0])
        base = f"http://{self.headers['Host']}"
        if parts.path == "/sitemap_index.xml":  # an index naming the next index, forever
            body = (
                f'<?xml version="1.0"?><sitemapindex {NS}>'
                f"<sitemap><loc>{base}/sitemap_index.xml?n={n + 1}</loc></sitemap>"
                f"<sitemap><loc>{base}/sitemap-{n}.xml</loc></sitemap></sitemapindex>"
            )
            ctype = "application/xml"
        elif parts.path.startswith("/sitemap-"):
            k = parts.path.removeprefix("/sitemap-").removesuffix(".xml")
            urls = "".join(
                f"<url><loc>{base}/news/2024/06/s{k}-story-{i}.html</loc></url>" for i in range(10)
            )
            body = f'<?xml version="1.0"?><urlset {NS}>{urls}</urlset>'
            ctype = "application/xml"
        elif parts.path == "/feed.xml":
            items = "".join(
                f"<item><title>{i}</title><link>{base}/news/2024/06/feed-{i}.html</link></item>"
                for i in range(10)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
            ctype = "application/rss+xml"
        elif parts.path == "/bad-sitemap.xml":  # two good entries, two with no http(s) <loc>
            urls = "".join(
                f"<url><loc>{loc}</loc></url>"
                for loc in (f"{base}/news/2024/06/ok-1.html", "javascript:void(0)", "mailto:x@y.z")
            )
            urls += f"<url><loc>{base}/news/2024/06/ok-2.html</loc></url>"
            body = f'<?xml version="1.0"?><urlset {NS}>{urls}</urlset>'
            ctype = "application/xml"
        elif parts.path == "/cp1251-feed.xml":  # the charset is in the HTTP header only
            link = f"{base}/news/2024/06/\u043d\u043e\u0432\u043e\u0441\u0442\u0438.html"
            item = f"<item><title>\u0414\u0435\u043d\u044c</title><link>{link}</link></item>"
            data = f'<rss version="2.0"><channel><title>F</title>{item}</channel></rss>'.encode(
                "cp1251"
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=windows-1251")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        elif parts.path.startswith("/news/"):
            body = article(parts.path, f"Report {parts.path} on the harbour council budget vote.")
            ctype = "text/html; charset=utf-8"
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    HITS.clear()
    with serving(_Handler) as base:
        yield base


def test_endless_sitemap_index_and_entry_caps(tmp_path: Path, server: str) -> None:
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "HERALD_STATE": "off",
        "HERALD_STATS_FILE": str(stats_file),
        "HERALD_SITEMAP_MAX_DEPTH": "3",
        "HERALD_SITEMAP_MAX_ENTRIES": "4",
    }
    code, log = finish(start("sitemap", f"{server}/sitemap_index.xml", tmp_path / "out", settings))
    assert code == 0, log[-3000:]
    stats = json.loads(stats_file.read_text())
    assert HITS["/sitemap_index.xml"] == 4  # the start index and 3 nested ones, then stop
    # the children of the 4th index (depth 4): the next index and its urlset
    assert stats["herald/skipped/sitemap_too_deep"] == 2
    # urlsets of the first 3 indexes, 10 entries each: 4 read, 6 counted
    assert stats["herald/skipped/sitemap_entries_over_cap"] == 3 * 6
    assert stats["herald/written"] == 3 * 4


def test_max_sitemaps(tmp_path: Path, server: str) -> None:
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "HERALD_STATE": "off",
        "HERALD_STATS_FILE": str(stats_file),
        "HERALD_MAX_SITEMAPS": "3",
        "HERALD_SITEMAP_MAX_DEPTH": "100",
    }
    code, log = finish(start("sitemap", f"{server}/sitemap_index.xml", tmp_path / "out", settings))
    assert code == 0, log[-3000:]
    stats = json.loads(stats_file.read_text())
    assert sum(n for p, n in HITS.items() if "sitemap" in p) == 3
    assert stats["herald/skipped/max_sitemaps"] >= 1


def test_feed_entries_cap(tmp_path: Path, server: str) -> None:
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "HERALD_STATE": "off",
        "HERALD_STATS_FILE": str(stats_file),
        "HERALD_FEED_MAX_ENTRIES": "3",
    }
    code, log = finish(start("feed", f"{server}/feed.xml", tmp_path / "out", settings))
    assert code == 0, log[-3000:]
    stats = json.loads(stats_file.read_text())
    assert stats["herald/skipped/feed_entries_over_cap"] == 7
    assert sum(n for p, n in HITS.items() if p.startswith("/news/")) == 3


def test_sitemap_entries_with_bad_data_are_counted(tmp_path: Path, server: str) -> None:
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "HERALD_STATE": "off",
        "HERALD_STATS_FILE": str(stats_file),
    }
    code, log = finish(start("sitemap", f"{server}/bad-sitemap.xml", tmp_path / "out", settings))
    assert code == 0, log[-3000:]
    stats = json.loads(stats_file.read_text())
    assert stats["herald/skipped/sitemap_entry_invalid"] == 2
    assert sum(n for p, n in HITS.items() if p.startswith("/news/")) == 2


def test_feed_charset_from_http_header(tmp_path: Path, server: str) -> None:
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "HERALD_STATE": "off",
        "HERALD_STATS_FILE": str(stats_file),
    }
    code, log = finish(start("feed", f"{server}/cp1251-feed.xml", tmp_path / "out", settings))
    assert code == 0, log[-3000:]
    # the Cyrillic path read as windows-1251, requested as percent-encoded UTF-8
    assert HITS["/news/2024/06/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8.html"] == 1, HITS
