"""``herald-scraper merge OUTPUT_DIR -o all.jsonl``: one file from many run files.

The workers of a distributed crawl (:mod:`herald_scraper.distributed`) each write their own
file, and scheduled runs add one file each; merging keeps one record per canonical URL
(``canonical_url``, else ``url``): the newest by ``fetched_at``, the later file on a tie. Records
keep the order in which their URL first appears. The output file is written whole, then renamed
into place, and is never read as an input should it lie in the folder merged.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from herald_scraper.jsonl import _records, jsonl_files

logger = logging.getLogger(__name__)


def record_key(record: dict[str, Any]) -> str:
    return str(record.get("canonical_url") or record.get("url") or "")


def merge_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per canonical URL, the newest (``fetched_at``; later ones win ties)."""
    kept: dict[str, dict[str, Any]] = {}
    for record in records:
        key = record_key(record)
        if not key:
            continue
        old = kept.get(key)
        if old is None or str(record.get("fetched_at") or "") >= str(old.get("fetched_at") or ""):
            kept[key] = record
    return list(kept.values())


def merge_command(inputs: list[Path], output: Path) -> int:
    """Merge ``inputs`` (files, folders, globs) into ``output``; 0 on success, 2 on an error."""
    target = output.resolve()
    try:
        files = [p for spec in inputs for p in jsonl_files(spec) if p.resolve() != target]
    except FileNotFoundError as exc:
        print(f"herald-scraper merge: error: {exc}", file=sys.stderr)
        return 2
    read = 0

    def records() -> Iterable[dict[str, Any]]:
        nonlocal read
        for path in files:
            for record in _records(path):
                read += 1
                yield record

    merged = merge_records(records())
    tmp = output.with_name(output.name + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            for record in merged:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, output)
    except OSError as exc:
        print(f"herald-scraper merge: error: {output}: {exc.strerror}", file=sys.stderr)
        return 2
    print(
        f"merged {read} records from {len(files)} files into {len(merged)} records "
        f"({read - len(merged)} duplicates dropped): {output}",
        file=sys.stderr,
    )
    return 0
