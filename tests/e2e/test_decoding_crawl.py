"""Pages in legacy charsets, declared right, wrong or not at all, come out as correct text in the
records of a real crawl (issue 8): Shift_JIS, windows-1251, undeclared latin-1, UTF-16 with a
BOM and no declared charset, and a header contradicted by the bytes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.e2e.handler_server import serving
from tests.e2e.test_durability import finish, start

FR = "Le conseil municipal a voté jeudi un budget réduit pour l'année prochaine à Lyon."
RU = "Правительство объявило о новых мерах поддержки экономики в понедельник утром."
JA = "東京都は月曜日、新しい経済対策を発表しました。市民の生活を支援するためです。"


def article(slug: str, sentence: str, meta: str | None = None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    body = "".join(f"<p>{sentence} ({slug} {n})</p>" for n in range(12))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{slug}</title>"
        '<meta property="og:type" content="article">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "'
        + slug
        + '", "datePublished": "2024-06-03"}</script>'
        f"</head><body><article><h1>{slug}</h1>{body}</article></body></html>"
    )


PAGES: dict[str, tuple[str, bytes, str]] = {
    # path: (content type, body, sentence expected in the text)
    "/news/2024/06/sjis.html": (
        "text/html; charset=Shift_JIS",
        # with English words too: the article gate counts words, which CJK text lacks
        article("sjis", JA + " The city announced new measures for residents on Monday.").encode(
            "shift_jis"
        ),
        JA,
    ),
    "/news/2024/06/cp1251-meta.html": (
        "text/html",
        article("cp1251", RU, meta="windows-1251").encode("cp1251"),
        RU,
    ),
    "/news/2024/06/latin1.html": ("text/html", article("latin1", FR).encode("latin-1"), FR),
    "/news/2024/06/utf16.html": ("text/html", article("utf16", FR + JA).encode("utf-16"), JA),
    "/news/2024/06/lying-header.html": (
        "text/html; charset=utf-8",
        article("lying", RU).encode("cp1251"),
        RU,
    ),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        ctype, body, _ = PAGES.get(self.path, ("text/plain", b"", ""))
        self.send_response(200 if self.path in PAGES else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def charset_server() -> Iterator[str]:
    with serving(_Handler) as base:
        yield base


def test_every_charset_comes_out_as_text(tmp_path: Path, charset_server: str) -> None:
    urls = ",".join(charset_server + path for path in PAGES)
    out = tmp_path / "out"
    settings = {"HERALD_MIN_WORDS": "1", "ROBOTSTXT_OBEY": "False"}
    code, log = finish(start("urls", urls, out, settings, arg="urls"))
    assert code == 0, log[-3000:]
    records = {
        r["url"].removeprefix(charset_server): r
        for path in (out / "urls").glob("*.jsonl")
        for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())
    }
    assert set(records) == set(PAGES), log[-3000:]
    for path, (_, _, sentence) in PAGES.items():
        assert sentence in records[path]["text"], (path, records[path]["text"][:200])
