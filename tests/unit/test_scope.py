"""The crawl scope is scheme + host + port of the start URL (plus subdomains when configured)."""

from __future__ import annotations

import pytest

from herald_scraper.discovery import same_origin
from herald_scraper.routing import scope_skip_reason


@pytest.mark.parametrize(
    ("url", "home", "subdomains", "expected"),
    [
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/", False, True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/", False, False),  # another port
        ("http://news.example.com/a", "http://news.example.com:80/", False, True),  # default port
        (
            "https://news.example.com/a",
            "http://news.example.com/",
            False,
            True,
        ),  # the usual upgrade
        ("http://news.example.com/a", "https://news.example.com/", False, False),  # no downgrade
        ("https://news.example.com:8443/a", "http://news.example.com/", False, False),
        ("https://www.news.example.com/a", "https://news.example.com/", False, True),
        ("https://live.news.example.com/a", "https://news.example.com/", False, False),
        ("https://live.news.example.com/a", "https://news.example.com/", True, True),
        ("https://live.news.example.com:444/a", "https://news.example.com/", True, False),
        ("https://news.example.com:99999/a", "https://news.example.com/", False, False),  # bad port
    ],
)
def test_same_origin(url: str, home: str, subdomains: bool, expected: bool) -> None:
    assert same_origin(url, home, allow_subdomains=subdomains) is expected


def test_scope_skip_reason_counts_another_port_as_offsite() -> None:
    assert scope_skip_reason("http://127.0.0.1:8001/a", "http://127.0.0.1:8000") == "offsite"
    assert scope_skip_reason("http://127.0.0.1:8000/a", "http://127.0.0.1:8000") is None
