"""Reading herald JSONL output back (pandas: ``pd.read_json(path, lines=True)`` works too)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


def iter_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield each record; a line that is not a JSON object (a torn write) is logged and skipped."""
    with open(path, encoding="utf-8") as fh:
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


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """All records of a JSONL file as dicts."""
    return list(iter_jsonl(path))
