"""Labelled pages for measuring the article gate: one loader per source.

Sources: the gate set (``fixtures/gate``, :file:`fixtures/tools/build_gate_set.py`), the golden
pages (``fixtures/pages``), the fixture site (``fixtures/site``) and, when present, the AEB dev
split (all of its pages are articles). Each page carries its label and the half it belongs to
(:func:`herald_scraper.evaluation.datasets.half_of`), so rules can be designed on ``tune`` and
judged on ``validate``.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from herald_scraper.evaluation.datasets import Half, half_of

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
#: The fixture site's templates name their own origin ``http://HOST``.
SITE_BASE = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class GatePage:
    source: str
    """``gate``, ``golden``, ``site``, ``aeb``."""
    id: str
    url: str
    is_article: bool
    kind: str
    """Page kind (``article``, ``home``, ``tag``...); the source's own label where it has one."""
    family: str
    half: Half
    path: Path

    def html(self) -> bytes:
        data = self.path.read_bytes()
        if self.path.suffix == ".gz":
            data = gzip.decompress(data)
        if self.source == "site":
            data = data.replace(b"http://HOST", SITE_BASE.encode())
        return data


def gate_set(root: Path = FIXTURES / "gate") -> Iterator[GatePage]:
    labels = json.loads((root / "labels.json").read_text(encoding="utf-8"))
    for name, label in sorted(labels.items()):
        yield GatePage(
            "gate",
            name,
            label["url"],
            bool(label["article"]),
            label["kind"],
            label["family"],
            half_of(name),
            root / name,
        )


def golden_pages(root: Path = FIXTURES / "pages") -> Iterator[GatePage]:
    for expected in sorted(root.glob("*.expected.json")):
        case = expected.name.removesuffix(".expected.json")
        data = json.loads(expected.read_text(encoding="utf-8"))
        kind = "article" if data["article"] else "non_article"
        path = root / f"{case}.html"
        yield GatePage(
            "golden", case, data["url"], data["article"], kind, "golden", half_of(case), path
        )


def site_pages(root: Path = FIXTURES / "site") -> Iterator[GatePage]:
    manifest = json.loads((root / "site.json").read_text(encoding="utf-8"))
    for paths, is_article in ((manifest["articles"], True), (manifest["non_articles"], False)):
        for url_path in paths:
            rel = url_path.lstrip("/") or "index.html"
            kind = "article" if is_article else "non_article"
            yield GatePage(
                "site",
                url_path,
                SITE_BASE + url_path,
                is_article,
                kind,
                "site",
                half_of(url_path),
                root / rel,
            )


def aeb_pages(root: Path) -> Iterator[GatePage]:
    """Every page of an AEB-format split (all articles); nothing when ``root`` is absent."""
    truth = root / "ground-truth.json"
    if not truth.is_file():
        return
    for page_id, gold in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
        path = root / "html" / f"{page_id}.html.gz"
        if path.is_file():
            yield GatePage(
                "aeb",
                page_id,
                gold.get("url") or "",
                True,
                "article",
                "aeb",
                half_of(page_id),
                path,
            )


def aeb_like_segments(root: Path) -> Iterator[GatePage]:
    """segments-dev pages, labelled "article" only for the loader's sake: the corpus is mixed
    web pages without article labels, so its figures are a share kept, never recall."""
    annotations = root / "annotations.json"
    if not annotations.is_file():
        return
    for page_id, gold in sorted(json.loads(annotations.read_text(encoding="utf-8")).items()):
        path = root / "html" / f"{page_id}.html.gz"
        if path.is_file():
            yield GatePage(
                "segments",
                page_id,
                gold.get("url") or "",
                True,
                "web",
                "segments",
                half_of(page_id),
                path,
            )
