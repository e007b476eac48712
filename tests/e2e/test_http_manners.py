"""HTTP manners (issue 8): Retry-After on 429/503 honoured (seconds or HTTP-date), a wait beyond
HERALD_RETRY_AFTER_MAX given up and counted, redirect loops counted in the summary."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.e2e.handler_server import serving
from tests.e2e.test_decoding_crawl import article
from tests.e2e.test_durability import finish, start

ARTICLE = article("retry", "The harbour council met on Monday to discuss the new ferry timetable.")
HITS: dict[str, list[float]] = defaultdict(list)
REDIRECTS = {
    "/loop/a.html": "/loop/b.html",
    "/loop/b.html": "/loop/a.html",
    **{f"/chain/{n}.html": f"/chain/{n + 1}.html" for n in range(10)},
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        HITS[self.path].append(time.monotonic())
        first = len(HITS[self.path]) == 1
        if self.path in REDIRECTS:
            self._send(302, b"", {"Location": REDIRECTS[self.path]})
        elif self.path == "/news/2024/06/busy-seconds.html" and first:
            self._send(429, b"slow down", {"Retry-After": "1"})
        elif self.path == "/news/2024/06/busy-date.html" and first:
            self._send(503, b"later", {"Retry-After": formatdate(time.time() + 2, usegmt=True)})
        elif self.path == "/news/2024/06/busy-long.html":
            self._send(429, b"come back tomorrow", {"Retry-After": "86400"})
        elif self.path.startswith("/news/"):
            self._send(200, ARTICLE.encode(), {})
        else:
            self._send(404, b"", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    HITS.clear()
    with serving(_Handler) as base:
        yield base


def test_retry_after_and_redirect_loops(tmp_path: Path, server: str) -> None:
    paths = [
        "/news/2024/06/busy-seconds.html",
        "/news/2024/06/busy-date.html",
        "/news/2024/06/busy-long.html",
        "/loop/a.html",
        "/chain/0.html",
    ]
    stats_file = tmp_path / "stats.json"
    settings = {
        "ROBOTSTXT_OBEY": "False",
        "REDIRECT_MAX_TIMES": "4",
        "HERALD_STATS_FILE": str(stats_file),
        "HERALD_EXTRACT_WORKERS": "0",
    }
    urls = ",".join(server + p for p in paths)
    code, log = finish(start("urls", urls, tmp_path / "out", settings, arg="urls"))
    assert code == 0, log[-3000:]
    stats = json.loads(stats_file.read_text())
    # waited as asked before the retry, then wrote the article
    seconds = HITS["/news/2024/06/busy-seconds.html"]
    assert len(seconds) == 2 and seconds[1] - seconds[0] >= 0.9
    dated = HITS["/news/2024/06/busy-date.html"]
    assert len(dated) == 2 and dated[1] - dated[0] >= 0.9
    assert stats["herald/written"] == 1  # one article (the second is a duplicate of it)
    # a day's wait: given up at once, no retry, counted
    assert len(HITS["/news/2024/06/busy-long.html"]) == 1
    assert stats["herald/failed/retry_after_too_long"] == 1
    # both kinds of redirect loop are in the summary
    assert stats["herald/failed/redirect_loop"] == 2
    assert "redirect_loop: 2" in log and "retry_after_too_long: 1" in log
