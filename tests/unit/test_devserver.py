"""Tests of the stdlib fixture server: content types, redirects, HOST substitution, 404s."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from herald_scraper.devserver import DevServer, load_redirects, resolve, serve


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "index.html").write_text('<a href="http://HOST/news/a.html">a</a>', encoding="utf-8")
    (site / "news" / "a.html").write_text("<p>Article A</p>", encoding="utf-8")
    (site / "robots.txt").write_text("Sitemap: http://HOST/sitemap.xml\n", encoding="utf-8")
    (site / "sitemap.xml").write_text("<loc>http://HOST/news/a.html</loc>", encoding="utf-8")
    (site / "sm.xml.gz").write_bytes(gzip.compress(b"<loc>http://HOST/news/a.html</loc>"))
    (site / "doc.pdf").write_bytes(b"%PDF-1.4 http://HOST")
    (site / "_redirects").write_text(
        "# comment\n/old.html /news/a.html 301\n/tmp.html /news/a.html 302\nbroken\n",
        encoding="utf-8",
    )
    (tmp_path / "secret.txt").write_text("outside root", encoding="utf-8")
    return site


@pytest.fixture()
def server(root: Path) -> Iterator[DevServer]:
    with DevServer(root) as srv:
        yield srv


def fetch(url: str, follow: bool = True) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_html_served_with_host_substituted(server: DevServer) -> None:
    status, headers, body = fetch(server.url + "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.decode() == f'<a href="{server.url}/news/a.html">a</a>'


def test_url_is_loopback_with_real_port(server: DevServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert int(server.url.rsplit(":", 1)[1]) > 0


@pytest.mark.parametrize(
    ("path", "ctype"),
    [("/robots.txt", "text/plain"), ("/sitemap.xml", "application/xml")],
)
def test_text_types_substituted(server: DevServer, path: str, ctype: str) -> None:
    status, headers, body = fetch(server.url + path)
    assert status == 200
    assert headers["Content-Type"].startswith(ctype)
    assert b"http://HOST" not in body
    assert server.url.encode() in body


def test_gzip_sitemap_recompressed_with_real_host(server: DevServer) -> None:
    status, headers, body = fetch(server.url + "/sm.xml.gz")
    assert status == 200
    assert headers["Content-Type"] == "application/gzip"
    assert gzip.decompress(body) == f"<loc>{server.url}/news/a.html</loc>".encode()


def test_binary_untouched(server: DevServer) -> None:
    status, headers, body = fetch(server.url + "/doc.pdf")
    assert (status, headers["Content-Type"], body) == (
        200,
        "application/pdf",
        b"%PDF-1.4 http://HOST",
    )


def test_missing_is_404(server: DevServer) -> None:
    assert fetch(server.url + "/nope.html")[0] == 404


def test_traversal_outside_root_is_404(server: DevServer) -> None:
    assert fetch(server.url + "/../secret.txt")[0] == 404
    assert fetch(server.url + "/%2e%2e/secret.txt")[0] == 404


def test_query_string_ignored(server: DevServer) -> None:
    status, _, body = fetch(server.url + "/news/a.html?utm_source=x&utm_medium=y")
    assert (status, body) == (200, b"<p>Article A</p>")


@pytest.mark.parametrize(("path", "code"), [("/old.html", 301), ("/tmp.html", 302)])
def test_redirects(server: DevServer, path: str, code: int) -> None:
    status, headers, _ = fetch(server.url + path, follow=False)
    assert status == code
    assert headers["Location"] == server.url + "/news/a.html"
    assert fetch(server.url + path)[2] == b"<p>Article A</p>"


def test_hits_counted_per_path(server: DevServer) -> None:
    fetch(server.url + "/news/a.html")
    fetch(server.url + "/news/a.html?x=1")
    assert server.hits["/news/a.html"] == 2
    assert server.hits["/robots.txt"] == 0


def test_head_has_no_body(server: DevServer) -> None:
    req = urllib.request.Request(server.url + "/news/a.html", method="HEAD")
    with urllib.request.urlopen(req, timeout=5) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Length"] == str(len(b"<p>Article A</p>"))
        assert resp.read() == b""


def test_serve_start_stop(root: Path) -> None:
    srv = serve(root)
    try:
        assert fetch(srv.url + "/news/a.html")[0] == 200
    finally:
        srv.stop()
    with pytest.raises(RuntimeError):
        _ = srv.url


def test_load_redirects_skips_bad_lines(root: Path) -> None:
    assert load_redirects(root) == {
        "/old.html": ("/news/a.html", 301),
        "/tmp.html": ("/news/a.html", 302),
    }


def test_resolve_directory_index(root: Path) -> None:
    assert resolve(root, "/") == (root / "index.html").resolve()
    assert resolve(root, "/news/") is None


SITE = Path(__file__).resolve().parents[2] / "fixtures" / "site"


@pytest.mark.skipif(not (SITE / "site.json").is_file(), reason="fixture site not present")
def test_fixture_site_manifest_is_served_as_declared() -> None:
    import json

    manifest = json.loads((SITE / "site.json").read_text(encoding="utf-8"))
    with serve(SITE) as srv:
        for path in manifest["articles"] + list(manifest["duplicates"]) + manifest["non_articles"]:
            status, _, body = fetch(srv.url + path)
            assert status == 200, path
            assert b"http://HOST" not in body, path
        for path in manifest["missing"]:
            assert fetch(srv.url + path)[0] == 404, path
        for src, dst in manifest["redirects"].items():
            status, headers, _ = fetch(srv.url + src, follow=False)
            assert status in (301, 302) and headers["Location"] == srv.url + dst, src
        sitemap = gzip.decompress(fetch(srv.url + "/sitemap-articles.xml.gz")[2]).decode()
        assert sorted(manifest["articles"]) == sorted(
            line.split("<loc>")[1].split("</loc>")[0].removeprefix(srv.url)
            for line in sitemap.splitlines()
            if "<loc>" in line
        )
