"""A tiny local HTTP server for the fixture news site (demo command and end-to-end tests).

Stdlib only (no Scrapy): a :class:`~http.server.ThreadingHTTPServer` bound to 127.0.0.1 on a
random port, serving a directory with the few behaviours a real news site has and
:class:`http.server.SimpleHTTPRequestHandler` lacks:

* redirects declared in ``root/_redirects`` (``FROM_PATH TO_PATH STATUS`` per line);
* absolute URLs: fixtures write ``http://HOST`` where sitemaps/feeds/canonicals need an absolute
  URL, and the server substitutes its real base URL on the fly (also inside ``.gz`` sitemaps);
* query strings ignored for file lookup (tracking parameters still reach the same file);
* a per-path request counter (:attr:`DevServer.hits`) so tests can assert what was fetched.
"""

from __future__ import annotations

import gzip
import logging
import posixpath
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

HOST_PLACEHOLDER = b"http://HOST"
REDIRECTS_FILE = "_redirects"

CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
}
# Text types get the http://HOST substitution; binary ones are served untouched.
_TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".txt", ".json"})


def load_redirects(root: Path) -> dict[str, tuple[str, int]]:
    """Parse ``root/_redirects`` into ``{from_path: (to_path, status)}``; bad lines are skipped."""
    redirects: dict[str, tuple[str, int]] = {}
    path = root / REDIRECTS_FILE
    if not path.is_file():
        return redirects
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        status = 301
        if len(parts) == 3 and parts[2].isdigit():
            status = int(parts[2])
        elif len(parts) != 2:
            logger.warning("%s:%d: ignoring malformed redirect line %r", path, lineno, line)
            continue
        redirects[parts[0]] = (parts[1], status)
    return redirects


def resolve(root: Path, url_path: str) -> Path | None:
    """Map a URL path to a file under ``root``; None when missing or outside ``root``."""
    # posixpath.normpath folds "..", and the relative_to check below catches anything left.
    clean = posixpath.normpath("/" + unquote(url_path)).lstrip("/")
    candidate = (root / clean).resolve() if clean not in ("", ".") else root.resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_HEAD(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self._serve(send_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        with self.server.lock:
            self.server.hits[path] += 1
        redirect = self.server.redirects.get(path)
        if redirect is not None:
            target, status = redirect
            if target.startswith("/"):  # absolute Location, as most servers send
                target = self.server.base_url + target
            self._respond(status, b"", "text/plain; charset=utf-8", {"Location": target}, send_body)
            return
        file = resolve(self.server.root, path)
        if file is None:
            body = b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
            body += b"<body><h1>Page not found</h1></body></html>"
            self._respond(404, body, CONTENT_TYPES[".html"], {}, send_body)
            return
        suffix = file.suffix.lower()
        data = file.read_bytes()
        base = self.server.base_url.encode("ascii")
        if suffix in _TEXT_SUFFIXES:
            data = data.replace(HOST_PLACEHOLDER, base)
        elif suffix == ".gz":
            try:
                data = gzip.compress(gzip.decompress(data).replace(HOST_PLACEHOLDER, base))
            except (OSError, EOFError):
                logger.warning("%s is not valid gzip; served as is", file)
        ctype = CONTENT_TYPES.get(suffix, "application/octet-stream")
        self._respond(200, data, ctype, {}, send_body)

    def _respond(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str], send_body: bool
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        # Quiet by default: access lines go to debug logging, not stderr.
        logger.debug("%s " + format, self.address_string(), *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    root: Path
    redirects: dict[str, tuple[str, int]]
    hits: Counter[str]
    lock: threading.Lock
    base_url: str


class DevServer:
    """A running (or startable) fixture server; use as a context manager or start()/stop()."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = Path(root)
        self.port = port
        self.hits: Counter[str] = Counter()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL without trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if self._httpd is None:
            raise RuntimeError("server not started")
        return self._httpd.base_url

    def start(self) -> DevServer:
        if self._httpd is not None:
            return self
        httpd = _Server(("127.0.0.1", self.port), _Handler)
        httpd.root = self.root
        httpd.redirects = load_redirects(self.root)
        httpd.hits = self.hits
        httpd.lock = threading.Lock()
        httpd.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, name="devserver", daemon=True)
        self._thread.start()
        logger.info("serving %s at %s", self.root, httpd.base_url)
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(root: Path, port: int = 0) -> DevServer:
    """A started :class:`DevServer` for ``root`` on 127.0.0.1 (port 0 = any free port)."""
    return DevServer(root, port).start()
