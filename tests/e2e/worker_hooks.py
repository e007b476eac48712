"""Test-only ``HERALD_EXTRACT_HOOK``: makes an extraction worker die or hang on chosen pages.

The pages are URL paths listed (comma-separated) in the environment variables
``HERALD_TEST_CRASH_PATHS`` / ``HERALD_TEST_HANG_PATHS``, which the crawl's workers inherit.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit


def crash_or_hang(url: str) -> None:
    path = urlsplit(url).path
    if path in os.environ.get("HERALD_TEST_CRASH_PATHS", "").split(","):
        os._exit(70)  # as a segfault or the OOM killer would: no exception, no reply
    if path in os.environ.get("HERALD_TEST_HANG_PATHS", "").split(","):
        time.sleep(600)
