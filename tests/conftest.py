"""Session-wide test setup: the language model's memory-mapped cache
(:mod:`herald_scraper.extraction.langmodel`) is built in a directory of this test session, not
in the user's ``~/.cache``; crawls the tests start as subprocesses inherit it."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE = tempfile.mkdtemp(prefix="herald-test-cache-")
os.environ.setdefault("HERALD_CACHE_DIR", _CACHE)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)
