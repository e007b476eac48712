"""Tests for herald_scraper.discovery.urls: canonicalisation and same-site checks."""

from __future__ import annotations

import random

import pytest

from herald_scraper.discovery.urls import (
    TRACKING_PARAMS,
    canonicalize_url,
    is_tracking_param,
    registered_domain,
    same_site,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.COM/Path", "http://example.com/Path"),  # path case is significant
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),  # 443 is not http's default
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a/", "https://example.com/a/"),  # trailing slash kept
        ("https://example.com/a", "https://example.com/a"),  # ...and not added
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a%7Eb/caf%c3%a9", "https://example.com/a~b/caf%C3%A9"),
        ("https://example.com/café x", "https://example.com/caf%C3%A9%20x"),
        ("https://bücher.de/x", "https://xn--bcher-kva.de/x"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    "query",
    [
        "utm_source=tw&utm_medium=social&utm_campaign=x&utm_content=y&utm_term=z",
        "fbclid=IwAR0",
        "gclid=abc&dclid=d&msclkid=m&yclid=y",
        "mc_cid=1&mc_eid=2",
        "igshid=abc",
        "_ga=2.1.2.3",
        "ref_src=twsrc%5Etfw",
        "cmpid=rss&ocid=msn",
        "at_medium=rss&at_campaign=feed",
        "UTM_SOURCE=upper",  # names compare case-insensitively
    ],
)
def test_tracking_parameters_removed(query: str) -> None:
    assert canonicalize_url(f"https://example.com/a?id=7&{query}") == "https://example.com/a?id=7"
    assert canonicalize_url(f"https://example.com/a?{query}") == "https://example.com/a"


@pytest.mark.parametrize("name", ["id", "page", "q", "ref", "article", "at", "utm"])
def test_content_parameters_kept(name: str) -> None:
    assert not is_tracking_param(name)
    assert canonicalize_url(f"https://example.com/a?{name}=1") == f"https://example.com/a?{name}=1"


def test_tracking_set_is_lowercase() -> None:
    assert all(name == name.lower() for name in TRACKING_PARAMS)


def test_blank_values_kept_and_sorted_stably() -> None:
    url = "https://example.com/a?b=&a=2&a=1&utm_source=x"
    assert canonicalize_url(url) == "https://example.com/a?a=1&a=2&b="


def test_relative_urls_resolved_against_base() -> None:
    base = "https://example.com/news/today/index.html"
    assert canonicalize_url("../2024/story", base) == "https://example.com/news/2024/story"
    assert canonicalize_url("//cdn.example.com/x", base) == "https://cdn.example.com/x"
    assert canonicalize_url("?page=2", base) == "https://example.com/news/today/index.html?page=2"
    assert canonicalize_url("/a/./b/../c", base) == "https://example.com/a/c"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "mailto:desk@example.com",
        "javascript:void(0)",
        "ftp://example.com/file",
        "data:text/html,hi",
        "tel:+123",
        "/relative/without/base",
        "http://",
        "http://example.com:99999/",
        "http://[::1/",
        None,
        42,
    ],
)
def test_rejected_urls_give_none(url: object) -> None:
    assert canonicalize_url(url) is None  # type: ignore[arg-type]


def test_canonicalisation_is_idempotent() -> None:
    once = canonicalize_url("HTTPS://WWW.Example.com:443/a b/?z=1&y=2&utm_source=x#f")
    assert once is not None
    assert canonicalize_url(once) == once


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.bbc.co.uk/x", "bbc.co.uk"),
        ("https://www.example.com/", "example.com"),
        ("http://a.b.example.org:8080/", "example.org"),
        ("http://127.0.0.1:8000/a", "127.0.0.1"),
        ("http://localhost/a", "localhost"),
    ],
)
def test_registered_domain(url: str, expected: str) -> None:
    assert registered_domain(url) == expected


@pytest.mark.parametrize("url", ["", "not a url", "mailto:x@y.z", None])
def test_registered_domain_without_host(url: object) -> None:
    assert registered_domain(url) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "home", "expected"),
    [
        ("https://www.example.com/a", "https://example.com/", True),
        ("https://example.com/a", "http://www.example.com:8080/", True),
        ("https://EXAMPLE.com/a", "https://example.com", True),
        ("https://news.example.com/a", "https://www.example.com", False),
        ("https://example.org/a", "https://example.com", False),
        ("https://example.com.evil.net/a", "https://example.com", False),
        ("https://bücher.de/a", "https://www.xn--bcher-kva.de/", True),
        ("/relative", "https://example.com", False),
        ("", "https://example.com", False),
    ],
)
def test_same_site_exact_host(url: str, home: str, expected: bool) -> None:
    assert same_site(url, home) is expected


@pytest.mark.parametrize(
    ("url", "home", "expected"),
    [
        ("https://news.example.com/a", "https://www.example.com", True),
        ("https://edition.example.co.uk/a", "https://sport.example.co.uk", True),
        ("https://other.co.uk/a", "https://www.example.co.uk", False),
        ("https://a.blogspot.com/x", "https://b.blogspot.com/", False),  # private PSL suffix
        ("https://example.com.evil.net/a", "https://example.com", False),
    ],
)
def test_same_site_with_subdomains(url: str, home: str, expected: bool) -> None:
    assert same_site(url, home, allow_subdomains=True) is expected


def _fuzz_strings(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["http://", "https://", "//", "[::1]", ":80", ":99999", "%", "%zz", "?", "#", "&",
              "=", "www.", "xn--", "..", "/", "mailto:", "utm_source=1", "a", "é", "中", " ", "\x00"]  # fmt: skip
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 20))) for _ in range(count)]


def test_url_functions_are_total_on_garbage() -> None:
    for text in _fuzz_strings(0, 2000):
        result = canonicalize_url(text, "https://example.com/a/")
        assert result is None or result.startswith(("http://", "https://"))
        canonicalize_url("x", text)  # any base string: must not raise
        assert isinstance(same_site(text, "https://example.com", allow_subdomains=True), bool)
        registered_domain(text)


def test_non_string_base_is_ignored_safely() -> None:
    assert canonicalize_url("https://example.com/a", 12) == "https://example.com/a"  # type: ignore[arg-type]
    assert canonicalize_url("/a", 12) is None  # type: ignore[arg-type]
