"""Keep a crawl's raw responses in a WARC file, so it can be re-extracted later from the same bytes.

``HERALD_WARC`` (default ``off``): ``on`` writes ``<output>/<spider>/<timestamp>.warc.gz`` beside
the run's JSONL file (same name); any other value is the path of the WARC file to write. Every
response the crawl receives (pages, redirects, robots.txt, sitemaps, feeds, errors) is one
``request`` and one ``response`` record, gzipped per record, as Common Crawl writes them:
``WARC-Target-URI``, ``WARC-Date``, ``WARC-IP-Address``, ``WARC-Concurrent-To``, payload digests.
``herald-scraper extract RUN.warc.gz`` reads it back (:mod:`herald_scraper.sources`).

It is a downloader middleware next to the downloader, so it sees each response as received:
before redirects are followed, retries made or the body decompressed (a gzip body is kept with
its ``Content-Encoding``, which readers undo). The HTTP client has already undone chunked
transfer, so ``Transfer-Encoding`` is not written and ``Content-Length`` is the body's length.

Records a WARC run cannot reproduce from the pages alone: discovery data (a sitemap's title, a
feed's date) that filled a record's gaps, and the ``source``/``fetched_at`` of the crawl.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

import herald_scraper

if TYPE_CHECKING:  # warcio is imported only when recording is on (HERALD_WARC)
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

#: Its place in DOWNLOADER_MIDDLEWARES: after compression (590), redirects (600), retries
#: (550) and the stats (850) on the way back, i.e. it sees what the downloader returned.
ORDER = 950
_OFF = {"", "0", "off", "false", "no", "none"}
_ON = {"1", "on", "true", "yes"}
# hop-by-hop or undone by the HTTP client: would mislead a reader of the stored body
_DROPPED = {b"transfer-encoding", b"content-length"}


class WarcRecorder:
    """Downloader middleware writing each request/response exchange to a WARC file."""

    def __init__(self, crawler: Crawler, target: str) -> None:
        self.crawler = crawler
        self.target = target
        self.path: Path | None = None
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.records = 0
        self.failed = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        value = str(crawler.settings.get("HERALD_WARC") or "").strip()
        if value.lower() in _OFF:
            raise NotConfigured
        return cls(crawler, value)

    def process_response(self, request: Request, response: Response) -> Response:
        if not self.failed:
            try:
                self._write(request, response)
            except OSError as exc:  # a full disk costs the archive, not the crawl
                self.failed = True
                logger.error("cannot write the WARC file %s: %s; no more records", self.path, exc)
        return response

    def _open(self) -> WARCWriter:
        if self.writer is not None:
            return self.writer
        self.path = self._path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open(self.path, "xb")  # noqa: SIM115 - closed when the spider closes
        from warcio.warcwriter import WARCWriter

        self.writer = WARCWriter(self.file, gzip=True)
        software = f"herald-scraper/{herald_scraper.__version__} (Scrapy)"
        self.writer.write_record(
            self.writer.create_warcinfo_record(
                self.path.name, {"software": software, "format": "WARC File Format 1.0"}
            )
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("herald/warc_file", str(self.path))
        logger.info("writing raw responses to %s", self.path)
        return self.writer

    def _path(self) -> Path:
        if self.target.lower() not in _ON:
            return Path(self.target)
        stats = self.crawler.stats
        jsonl = stats.get_value("herald/output_file") if stats is not None else None
        if jsonl:  # beside the run's records, under the same name
            return Path(str(jsonl)).with_suffix(".warc.gz")
        name = self.crawler.spider.name if self.crawler.spider else "crawl"
        folder = Path(self.crawler.settings.get("HERALD_OUTPUT_DIR") or ".") / name
        return folder / (datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + ".warc.gz")

    def _write(self, request: Request, response: Response) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        writer = self._open()
        url = response.url
        date = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        resp_headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            if name.lower() not in _DROPPED
            for value in values
        ]
        resp_headers.append(("Content-Length", str(len(response.body))))
        protocol = response.protocol or "HTTP/1.1"
        status = StatusAndHeaders(
            f"{response.status} {_reason(response.status)}", resp_headers, protocol=protocol
        )
        warc_headers = {"WARC-Date": date}
        if response.ip_address is not None:
            warc_headers["WARC-IP-Address"] = str(response.ip_address)
        resp = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(response.body),
            http_headers=status,
            warc_headers_dict=warc_headers,
        )
        req = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(request.body or b""),
            http_headers=_request_headers(request, protocol),
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_request_response_pair(req, resp)
        self.records += 1
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("herald/warc_responses")

    def spider_closed(self, spider: Any = None) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
            logger.info("wrote %d responses to %s", self.records, self.path)


def _request_headers(request: Request, protocol: str) -> StatusAndHeaders:
    from warcio.statusandheaders import StatusAndHeaders

    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in request.headers.items()
        for value in values
    ]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(
        f"{request.method} {target} {protocol}", headers, protocol=protocol, is_http_request=True
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
