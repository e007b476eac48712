"""The periodic progress line: pages done, rate, and for a known total the share and ETA."""

from __future__ import annotations

from types import SimpleNamespace

from herald_scraper.progress import expected_total, progress_line


def test_a_known_total_gives_share_and_eta() -> None:
    stats = {
        "herald/fetched": 100,
        "herald/failed": 10,
        "herald/skipped/robots_txt": 10,
        "herald/skipped/not_article_listing_page": 30,  # fetched already: not counted twice
        "herald/written": 60,
    }
    line = progress_line(stats, 600, seconds=120)
    assert line == "120 of 600 URLs done (20%), 60.0/min, ETA 8m00s; written 60"


def test_without_a_total_there_is_no_eta() -> None:
    assert progress_line({"herald/fetched": 5}, None, 60) == "5 pages done, 5.0/min; written 0"
    assert progress_line({}, 10, 0).endswith("ETA unknown; written 0")


def test_the_urls_spiders_list_is_the_total() -> None:
    assert expected_total(SimpleNamespace(raw_urls=["a", "b", "c"])) == 3  # type: ignore[arg-type]
    assert expected_total(SimpleNamespace()) is None  # type: ignore[arg-type]
