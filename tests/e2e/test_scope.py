"""Scope and SSRF (issue 8): a crawl stays on the scheme, host and port of its start URLs, and
never connects to a non-public address its start URLs are not on.

Two servers on 127.0.0.1 (two ports = two sites): site A names site B's pages and documents in
every way a site can (robots.txt ``Sitemap:``, sitemap index child, sitemap and feed entries,
``<link rel=alternate>``, links, redirects); B must get no request at all. The SSRF test uses a
stub resolver and a tripwire that refuses (and records) any connection off 127.0.0.1 in the
crawl process (``tests/e2e/inject``), so no packet ever leaves loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from herald_scraper.devserver import DevServer, serve
from tests.e2e.bigsite import article_path, make_site
from tests.e2e.test_durability import finish, start

A_ONLY = article_path(0)
B_ARTICLE = article_path(1)


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[tuple[DevServer, DevServer]]:
    a_root, b_root = tmp_path / "a", tmp_path / "b"
    a_root.mkdir()
    b_root.mkdir()
    make_site(b_root, n=4)
    with serve(b_root) as b:
        make_site(a_root, n=1)
        other = b.url
        (a_root / "robots.txt").write_text(
            f"User-agent: *\nSitemap: http://HOST/sitemap_index.xml\nSitemap: {other}/sitemap.xml\n"
        )
        (a_root / "sitemap_index.xml").write_text(
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            "<sitemap><loc>http://HOST/sitemap.xml</loc></sitemap>"
            f"<sitemap><loc>{other}/sitemap.xml</loc></sitemap></sitemapindex>"
        )
        (a_root / "sitemap.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>http://HOST{A_ONLY}</loc></url><url><loc>{other}{B_ARTICLE}</loc></url>"
            "<url><loc>http://HOST/go/story.html</loc></url></urlset>"
        )
        (a_root / "feed.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>A</title>'
            f"<item><title>a</title><link>http://HOST{A_ONLY}</link></item>"
            f"<item><title>b</title><link>{other}{B_ARTICLE}</link></item>"
            "<item><title>go</title><link>http://HOST/go/story.html</link></item>"
            "</channel></rss>"
        )
        (a_root / "index.html").write_text(
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>A</title>'
            '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
            f'<link rel="alternate" type="application/rss+xml" href="{other}/feed.xml">'
            f'</head><body><a href="{A_ONLY}">a</a> <a href="{other}{B_ARTICLE}">b</a> '
            '<a href="/go/story.html">go</a></body></html>'
        )
        (a_root / "_redirects").write_text(f"/go/story.html {other}{article_path(2)} 302\n")
        with serve(a_root) as a:
            yield a, b


@pytest.mark.parametrize("spider", ["sitemap", "feed", "site"])
def test_discovery_stays_on_the_start_port(
    tmp_path: Path, sites: tuple[DevServer, DevServer], spider: str
) -> None:
    a, b = sites
    out = tmp_path / "out"
    code, log = finish(start(spider, f"{a.url}/", out, {"HERALD_STATE": "off"}))
    assert code == 0, log[-3000:]
    assert dict(b.hits) == {}, f"{spider} fetched from the other port: {dict(b.hits)}"
    records = [json.loads(line) for p in (out / spider).glob("*.jsonl") for line in p.open()]
    assert [urlsplit(r["url"]).path for r in records] == [A_ONLY]
    assert "redirect_offsite" in log  # the redirect to B was refused, and counted


def test_urls_spider_redirects_stay_on_the_given_origin(
    tmp_path: Path, sites: tuple[DevServer, DevServer]
) -> None:
    a, b = sites
    out = tmp_path / "out"
    urls = f"{a.url}/go/story.html,{a.url}{A_ONLY}"
    code, log = finish(start("urls", urls, out, arg="urls"))
    assert code == 0, log[-3000:]
    assert dict(b.hits) == {}
    assert "skipped 1 (redirect_offsite: 1)" in log


def test_no_connection_to_a_non_public_address(tmp_path: Path) -> None:
    """A subdomain in scope (``allow_subdomains``) that resolves to the cloud metadata address is
    refused before any connection; the start host, on 127.0.0.1, is crawled as usual."""
    root = tmp_path / "site"
    root.mkdir()
    make_site(root, n=1)
    tripwire = tmp_path / "connections-off-loopback.txt"
    with serve(root) as server:
        port = urlsplit(server.url).port
        home, metadata = "www.gazette-example.com", "meta.gazette-example.com"
        (root / "index.html").write_text(
            f'<html><body><a href="{article_path(0)}">a</a> '
            f'<a href="http://{metadata}:{port}/news/2024/06/credentials.html">b</a> '
            f'<a href="http://169.254.169.254/latest/meta-data/">c</a></body></html>'
        )
        sites = tmp_path / "sites"
        sites.mkdir()
        (sites / "gz.toml").write_text(
            f'start_urls = ["http://{home}:{port}/"]\nallow_subdomains = true\n'
        )
        inject = {
            "hosts": {home: "127.0.0.1", metadata: "169.254.169.254"},
            "tripwire": str(tripwire),
        }
        settings = {"HERALD_SITES_DIR": str(tmp_path), "HERALD_STATE": "off"}
        out = tmp_path / "out"
        code, log = finish(start("site", "gz", out, settings, inject=inject, arg="site"))
    assert code == 0, log[-3000:]
    assert not tripwire.exists(), tripwire.read_text()  # not even an attempt
    assert "blocked_address: 1" in log  # in the summary
    assert f"blocked http://{metadata}:{port}/news/2024/06/credentials.html" in log
    records = [json.loads(line) for p in (out / "site").glob("*.jsonl") for line in p.open()]
    assert [urlsplit(r["url"]).path for r in records] == [article_path(0)]
