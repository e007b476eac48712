"""A worker hands the heap a page freed back to the system after the page, not when recycled."""

from __future__ import annotations

import subprocess
import sys

import pytest

from herald_scraper import page_worker
from herald_scraper.page_worker import extract_in_worker

PAGE = (
    "<html><body><article><h1>Budget</h1><p>"
    + "The council met on Tuesday to discuss the new budget for the schools. " * 30
    + "</p></article></body></html>"
)


def test_heap_is_trimmed_after_every_page_even_a_failed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trims: list[int] = []
    monkeypatch.setattr(page_worker, "malloc_trim", lambda: trims.append(1))
    result = extract_in_worker(PAGE.encode(), "https://a.example/news/budget", None, False, "urls")
    assert result.reason == "ok" and result.article is not None
    assert len(trims) == 1

    def broken(*args: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(page_worker, "extract_article", broken)
    with pytest.raises(ValueError):
        extract_in_worker(PAGE.encode(), "https://a.example/news/budget", None, False, "urls")
    assert len(trims) == 2


def test_the_fork_server_freezes_and_trims_its_heap_after_warming_up() -> None:
    # in a fresh interpreter, as the fork server imports it: the heap freed by loading goes
    # back to the system before any worker is forked (workers would copy those free pages)
    probe = (
        "import gc, herald_scraper.page_worker as worker\n"
        "calls = []\n"
        "worker.malloc_trim = lambda: calls.append(gc.get_freeze_count())\n"
        "import herald_scraper.extract_warm\n"
        "print(len(calls), calls[0] > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["1", "True"]  # trimmed once, after gc.freeze()
