"""Saved pages as extraction input: HTML files (optionally gzipped), folders of them, WARC files.

Pure reading, no extraction: :func:`iter_pages` turns the paths a user names into :class:`Page`
objects (bytes, URL, fetch time, HTTP content type) and :class:`Skipped` entries for what is no
page to extract (a non-HTML or non-2xx WARC response, an unreadable file), each with the input
bytes it accounts for, so a progress bar over :func:`input_size` has a true total.

WARC files (``.warc``, ``.warc.gz``, e.g. Common Crawl's CC-NEWS) are read with warcio: only
``response`` records whose HTTP ``Content-Type`` is HTML; the URL is ``WARC-Target-URI``, the
fetch time ``WARC-Date``, and the HTTP header's charset is passed on to decoding. warcio undoes
chunked transfer and content encodings.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from herald_scraper.items import utc_timestamp

logger = logging.getLogger(__name__)

#: Files a folder is searched for (recursively).
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz", ".xhtml.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
#: HTTP content types read from a WARC as HTML pages.
HTML_TYPES = ("text/html", "application/xhtml+xml")


class SourceError(Exception):
    """A path the user named cannot be read at all (missing, a folder without pages)."""


@dataclass(frozen=True)
class Page:
    """One saved page to extract."""

    body: bytes
    url: str
    source: str
    """``file`` or ``warc`` (the record's ``source``)."""
    fetched_at: str
    """UTC, ``YYYY-MM-DDTHH:MM:SSZ``: the file's mtime or the WARC-Date."""
    content_type: str | None
    """The HTTP ``Content-Type`` (WARC), whose charset decoding weighs; None for a file."""
    origin: str
    """Where it was read, for messages: a path, or ``path@offset`` for a WARC record."""
    size: int = 0
    """Input bytes this entry accounts for (progress)."""
    site: str | None = None
    """The folder a ``file://`` page was found in: its pages are taken as one site (cross-page
    boilerplate); None where the URL's domain tells the site."""


@dataclass(frozen=True)
class Skipped:
    """An input that gives no page, with the reason it is counted under."""

    origin: str
    reason: str
    failed: bool
    """True for an input that could not be read (``failed``), False for one that is no HTML
    page by its headers (``skipped``)."""
    size: int = 0


def check_paths(paths: Sequence[Path]) -> None:
    """Raise :class:`SourceError` for the first path that does not exist."""
    for path in paths:
        if not path.exists():
            raise SourceError(f"no such file or folder: {path}")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def input_files(paths: Sequence[Path]) -> list[Path]:
    """Every file to read: named files as they are, folders searched for HTML and WARC files."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.name.lower().endswith(HTML_SUFFIXES + WARC_SUFFIXES)
            )
            if not found:
                logger.warning("%s: no HTML or WARC files", path)
            files += found
        else:
            files.append(path)
    return files


def input_size(paths: Sequence[Path]) -> int:
    """Bytes :func:`iter_pages` will read: the progress bar's total."""
    return sum(p.stat().st_size for p in input_files(paths))


def iter_pages(paths: Sequence[Path], url: str | None = None) -> Iterator[Page | Skipped]:
    """Pages (and skipped inputs) from files, folders and WARC files, in the order named
    (a folder's files sorted by path).

    ``url``: for a single file named alone, that page's URL; for a folder, the base URL its
    files' relative paths are joined to (``URL/news/a.html``); for several files, the base of
    their names. Without it, a file's URL is its ``file://`` URL. WARC records carry their own.
    """
    single = len(paths) == 1 and not paths[0].is_dir()
    for path in paths:
        if path.is_dir():
            for file in input_files([path]):
                if url:
                    yield from _read(file, _joined(url, file.relative_to(path)))
                else:
                    yield from (_in_site(e, str(path)) for e in _read(file, None))
        elif single and url:
            yield from _read(path, url)
        else:
            yield from _read(path, _joined(url, Path(path.name)) if url else None)


def _joined(base: str, relative: Path) -> str:
    return urljoin(base if base.endswith("/") else base + "/", quote(relative.as_posix()))


def _read(path: Path, url: str | None) -> Iterator[Page | Skipped]:
    if is_warc(path):
        yield from read_warc(path)
    else:
        yield read_html_file(path, url)


def read_html_file(path: Path, url: str | None = None) -> Page | Skipped:
    """A saved page (``.gz`` decompressed); its URL ``url`` or its ``file://`` URL."""
    try:
        data = path.read_bytes()
        stat = path.stat()
        size = len(data)
        if path.name.lower().endswith(".gz"):
            data = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        logger.warning("cannot read %s: %s", path, exc)
        return Skipped(str(path), "unreadable_file", failed=True)
    fetched = utc_timestamp(datetime.fromtimestamp(stat.st_mtime, UTC))
    return Page(data, url or path.resolve().as_uri(), "file", fetched, None, str(path), size=size)


def read_warc(path: Path) -> Iterator[Page | Skipped]:
    """The HTML responses of a WARC file (other record types are passed over silently)."""
    try:
        fh: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed below, the iterator reads it
    except OSError as exc:
        logger.warning("cannot read %s: %s", path, exc)
        yield Skipped(str(path), "unreadable_warc", failed=True)
        return
    with fh:
        done = 0  # input bytes accounted for so far
        try:
            # digests checked, not trusted blindly: a cut-off record fails its digest
            records = ArchiveIterator(fh, check_digests=True)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                entry = _warc_page(path, records, record)
                position = fh.tell()
                yield _sized(entry, position - done)
                done = position
        except (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as exc:
            logger.warning("%s: cannot read past byte %d: %s", path, done, exc)
            yield Skipped(str(path), "unreadable_warc", failed=True)


def _warc_page(path: Path, records: ArchiveIterator, record: object) -> Page | Skipped:
    http = record.http_headers  # type: ignore[attr-defined]
    headers = record.rec_headers  # type: ignore[attr-defined]
    status = http.get_statuscode() or ""
    ctype = http.get_header("Content-Type") or ""
    html = status.startswith("2") and ctype.lower().lstrip().startswith(HTML_TYPES)
    # the body first: asking the iterator for the offset reads the record to its end
    body = record.content_stream().read() if html else b""  # type: ignore[attr-defined]
    origin = f"{path}@{records.get_record_offset()}"
    if html and _damaged(record):
        logger.warning("%s: the record is cut short or fails its digest", origin)
        return Skipped(origin, "warc_record_damaged", failed=True)
    if not status.startswith("2"):
        return Skipped(origin, f"http_{status or 'unknown'}", failed=False)
    if not html:
        return Skipped(origin, "not_html", failed=False)
    url = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    return Page(body, url, "warc", _warc_date(headers.get_header("WARC-Date")), ctype, origin)


def _damaged(record: Any) -> bool:
    """A record read to its end that fell short of its ``Content-Length`` (a cut-off file:
    warcio then ends quietly) or whose digest does not match."""
    if getattr(record.raw_stream, "limit", 0) > 0:
        return True
    checker = getattr(record, "digest_checker", None)
    return checker is not None and checker.passed is False


def _warc_date(value: str | None) -> str:
    try:
        return utc_timestamp(value or "")
    except ValueError:
        logger.debug("bad WARC-Date %r", value)
        return utc_timestamp(datetime.now(UTC))


def _in_site(entry: Page | Skipped, site: str) -> Page | Skipped:
    return (
        replace(entry, site=site) if isinstance(entry, Page) and entry.source == "file" else entry
    )


def _sized(entry: Page | Skipped, size: int) -> Page | Skipped:
    return replace(entry, size=max(size, 0))
