"""Where the peers' conformance material is (``../shared/conformance``, or ``HERALD_CONFORMANCE``).

The material is read at test time and never copied into the repository (each peer's licence is
in its folder). Absent, the peer tests skip, saying where they looked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def conformance_dir() -> Path:
    """The conformance folder (may not exist)."""
    override = os.environ.get("HERALD_CONFORMANCE")
    return Path(override) if override else REPO.parent / "shared" / "conformance"


def peer_dir(name: str) -> Path:
    """``<conformance>/<name>``, or a pytest skip naming the path that is missing."""
    path = conformance_dir() / name
    if not path.is_dir():
        pytest.skip(
            f"peer conformance material not found at {path} (set HERALD_CONFORMANCE to the "
            "folder holding feedparser/, scrapy/ and trafilatura/)"
        )
    return path


def peer_files(name: str, pattern: str) -> list[Path]:
    """Files of a peer's folder for parametrisation (empty when the folder is absent)."""
    path = conformance_dir() / name
    return sorted(path.glob(pattern)) if path.is_dir() else []
