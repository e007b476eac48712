"""Reading herald JSONL output back: one file, a folder of runs, or a glob.

Every crawl writes a new file (``output/<spider>/<timestamp>.jsonl``), so a corpus is many
files; :func:`read_jsonl` and :func:`iter_jsonl` take all of them at once. pandas and DuckDB read
the same files directly (``pd.read_json(path, lines=True)``, DuckDB's ``read_json('output/**/*.jsonl')``).
"""

from __future__ import annotations

import glob
import gzip
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

#: File names read in a folder (searched recursively).
SUFFIXES = (".jsonl", ".jsonl.gz")
_GLOB_CHARS = frozenset("*?[")


def jsonl_files(where: str | Path) -> list[Path]:
    """The JSONL files ``where`` names, sorted (run files sort by time): a file, a folder
    (its ``*.jsonl`` and ``*.jsonl.gz`` files, recursively) or a glob (``output/*/2024*.jsonl``;
    ``**`` descends). A missing file or folder raises :class:`FileNotFoundError`; a folder or
    glob with no JSONL files gives an empty list."""
    text = str(where)
    if _GLOB_CHARS & set(text) and not Path(text).exists():
        return sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
    path = Path(text)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.name.endswith(SUFFIXES) and p.is_file())
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {text}")
    return [path]


def iter_jsonl(*where: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the records of every file each argument names (see :func:`jsonl_files`), file by
    file; a line that is not a JSON object (a torn write) is logged and skipped."""
    for spec in where:
        files = jsonl_files(spec)
        if not files:
            logger.warning("%s: no JSONL files", spec)
        for path in files:
            yield from _records(path)


def read_jsonl(*where: str | Path) -> list[dict[str, Any]]:
    """All records of every file each argument names, as dicts (:func:`iter_jsonl` streams)."""
    return list(iter_jsonl(*where))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with _open(path) as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                logger.warning("%s:%d: not a JSON line (torn write?), skipped", path, number)
                continue
            if isinstance(record, dict):
                yield record
            else:
                logger.warning("%s:%d: not a JSON object, skipped", path, number)


def _open(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")
