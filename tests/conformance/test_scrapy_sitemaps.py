"""Scrapy's sitemap tests (``scrapy/test_utils_sitemap.py``) run against herald's sitemap reader.

The peer's module is executed as it is, with its two imports bound to adapters over
:func:`parse_sitemap` and :func:`sitemap_urls_from_robots`. Scrapy yields dicts of every child
of ``<url>``; herald keeps ``loc``, ``lastmod`` (as a datetime) and the Google News fields, so
an adapter entry equals Scrapy's dict when ``loc`` is equal and a non-empty ``lastmod`` is the
same time; ``priority``, ``changefreq`` and hreflang ``alternate`` links are not herald's model.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from herald_scraper.discovery import parse_sitemap, sitemap_urls_from_robots
from herald_scraper.discovery.dates import parse_w3c_datetime
from tests.conformance.peers import conformance_dir, peer_dir

_IMPORT = "from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots"
_FILE = conformance_dir() / "scrapy" / "test_utils_sitemap.py"

# test name -> reason herald differs (on purpose)
DIFFERENCES = {
    "test_sitemap_str": "Scrapy's deprecation warning for str input is its API, not a parse "
    "result (herald reads bytes; the URLs are the same)",
    "test_sitemap_urls_from_robots_str_compat": "Scrapy's deprecation warning for str input is "
    "its API (herald reads robots.txt as str; the URLs are the same)",
}


class Entry(dict[str, Any]):
    """One herald sitemap entry in Scrapy's dict shape (see the module docstring)."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, dict):
            return NotImplemented
        if self["loc"] != other.get("loc"):
            return False
        lastmod = other.get("lastmod")
        return not lastmod or self.get("lastmod") == parse_w3c_datetime(lastmod)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # type: ignore[assignment]


class HeraldSitemap:
    """``scrapy.utils.sitemap.Sitemap`` over :func:`parse_sitemap`."""

    def __init__(self, xmltext: bytes | str) -> None:
        body = xmltext.encode() if isinstance(xmltext, str) else xmltext
        self.parsed = parse_sitemap(body, "http://www.example.com/sitemap.xml")
        self.type = self.parsed.kind

    def __iter__(self) -> Iterator[Entry]:
        for e in [*self.parsed.entries, *self.parsed.sitemaps]:
            entry = Entry(loc=e.loc)
            if e.lastmod is not None:
                entry["lastmod"] = e.lastmod
            yield entry


def herald_robots(robots_text: bytes | str, base_url: str) -> list[str]:
    text = robots_text.decode("utf-8", "replace") if isinstance(robots_text, bytes) else robots_text
    return sitemap_urls_from_robots(text, base_url)


def _tests() -> dict[str, Callable[[], None]]:
    if not _FILE.is_file():
        return {}
    source = _FILE.read_text(encoding="utf-8")
    assert _IMPORT in source, "Scrapy's test module changed its imports: update the adapter"
    namespace: dict[str, Any] = {
        "__name__": "scrapy_sitemap_conformance",
        "Sitemap": HeraldSitemap,
        "sitemap_urls_from_robots": herald_robots,
    }
    exec(compile(source.replace(_IMPORT, ""), str(_FILE), "exec"), namespace)  # noqa: S102
    return {k: v for k, v in namespace.items() if k.startswith("test_") and callable(v)}


TESTS = _tests()


def test_peer_tests_present() -> None:
    peer_dir("scrapy")
    assert len(TESTS) >= 10


@pytest.mark.parametrize("name", sorted(TESTS))
def test_scrapy_sitemap_case(name: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            TESTS[name]()
        except (AssertionError, pytest.fail.Exception):
            if name not in DIFFERENCES:
                raise
            return  # a listed difference, for the reason given
        except Exception:
            raise
    assert name not in DIFFERENCES, "listed difference no longer differs: remove it"


def test_figures(capsys: pytest.CaptureFixture[str]) -> None:
    peer_dir("scrapy")
    agree = 0
    for test in TESTS.values():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                test()
            agree += 1
        except (AssertionError, pytest.fail.Exception):
            pass
    with capsys.disabled():
        print(
            f"\nScrapy sitemap tests: {len(TESTS)} cases, {agree} agree, "
            f"{len(DIFFERENCES)} differ on purpose"
        )
    assert agree == len(TESTS) - len(DIFFERENCES)
