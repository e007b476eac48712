"""Test-only ``HERALD_EXTRACT_HOOK``: every page takes ``HERALD_TEST_SLOW`` seconds to extract,
so a crawl is still running when a test kills one of its workers."""

from __future__ import annotations

import os
import time


def slow(url: str) -> None:
    time.sleep(float(os.environ.get("HERALD_TEST_SLOW", "0")))
