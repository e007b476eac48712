"""Benchmark datasets: format detection and lazy page loading.

Two on-disk formats are supported (see ``/work/shared/benchmarks/README.md``):

* ``aeb``: ``ground-truth.json`` = ``{id: {"url", "articleBody"}}``; gold is the body text.
* the gate set (``fixtures/gate/labels.json``, AEB metric): ``<id>`` is the page file, gold
  is the ``gold`` body text of its article pages;
* ``segments``: ``annotations.json`` = ``{id: {"url", "with": [...], "without": [...]}}``;
  gold is a :class:`SegmentGold`.

Pages live in ``html/<id>.html.gz`` and are read only when iterated, so ``--limit`` and
``--show`` stay cheap.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

logger = logging.getLogger(__name__)

Kind = Literal["aeb", "segments"]
Half = Literal["tune", "validate"]
HALVES: tuple[Half, ...] = ("tune", "validate")

_MARKERS: dict[str, Kind] = {
    "ground-truth.json": "aeb",
    "annotations.json": "segments",
    # herald's own gate set (fixtures/gate): article pages carry their body text as "gold"
    "labels.json": "aeb",
}


def half_of(page_id: str) -> Half:
    """The half a page belongs to (``../shared/benchmarks/README.md``, "Tuning honestly").

    Rules are written looking at ``tune`` pages only and kept only when ``validate`` improves, so
    the gap between the halves measures how much a change fitted the pages, not the problem.
    """
    return "tune" if int(hashlib.sha1(page_id.encode()).hexdigest(), 16) % 2 == 0 else "validate"


@dataclass(frozen=True)
class SegmentGold:
    """Gold of a segments page: text that must appear / must not appear in the output."""

    with_: tuple[str, ...]
    without: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """One benchmark page: raw bytes as served plus its gold annotation."""

    id: str
    url: str | None
    html: bytes
    gold: str | SegmentGold


def detect_format(root: Path) -> Kind | None:
    """Return the dataset kind of directory ``root`` or None (logged) if it is neither."""
    for marker, kind in _MARKERS.items():
        if (root / marker).is_file():
            return kind
    logger.warning("%s: no ground-truth.json or annotations.json, not a dataset", root)
    return None


class Dataset:
    """A benchmark directory; iterate it to get :class:`Page` objects (read lazily)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        kind = detect_format(self.root)
        if kind is None:
            raise ValueError(f"{self.root} is not a benchmark dataset directory")
        self.kind: Kind = kind
        marker = next(m for m in _MARKERS if (self.root / m).is_file())
        with (self.root / marker).open(encoding="utf-8") as fh:
            self._meta: dict[str, dict] = json.load(fh)
        # The gate set: plain .html files named by id; only pages with a gold body are scored.
        self._plain = marker == "labels.json"
        if self._plain:
            self._meta = {
                name: {"url": entry.get("url"), "articleBody": entry["gold"]}
                for name, entry in self._meta.items()
                if entry.get("gold")
            }

    def __len__(self) -> int:
        return len(self._meta)

    def ids(self, half: Half | None = None) -> list[str]:
        """Page ids in file order (stable, so ``--limit N`` picks the same pages every run),
        only those of one ``half`` when given."""
        return [i for i in self._meta if half is None or half_of(i) == half]

    def url(self, page_id: str) -> str | None:
        """The page's URL as recorded in the gold file."""
        return self._meta[page_id].get("url")

    def gold(self, page_id: str) -> str | SegmentGold:
        """The gold annotation of one page."""
        entry = self._meta[page_id]
        if self.kind == "aeb":
            return entry.get("articleBody") or ""
        return SegmentGold(
            with_=tuple(s for s in entry.get("with") or () if s),
            without=tuple(s for s in entry.get("without") or () if s),
        )

    def read_html(self, page_id: str) -> bytes:
        """Raw page bytes; empty bytes (logged) when the file is missing or corrupt."""
        path = self.root / page_id if self._plain else self.root / "html" / f"{page_id}.html.gz"
        try:
            return path.read_bytes() if self._plain else gzip.decompress(path.read_bytes())
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            logger.warning("%s: cannot read page: %s", path, exc)
            return b""

    def page(self, page_id: str) -> Page:
        """Load one page by id (KeyError if the id is unknown)."""
        return Page(page_id, self.url(page_id), self.read_html(page_id), self.gold(page_id))

    def pages(self, limit: int | None = None, half: Half | None = None) -> Iterator[Page]:
        """Yield pages in id order (of one ``half`` when given), at most ``limit`` of them."""
        ids = self.ids(half) if limit is None else self.ids(half)[:limit]
        for page_id in ids:
            yield self.page(page_id)

    def __iter__(self) -> Iterator[Page]:
        return self.pages()
