"""A worker hands the heap a page freed back to the system after the page, not when recycled."""

from __future__ import annotations

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
