"""Per-site configuration: ``sites/<name>.toml`` files or one ``sites.toml`` (stdlib tomllib).

A site entry names its start points, which URLs may be fetched, and extra boilerplate rules::

    # sites/gazette.toml  (the file stem is the site name; or [gazette] tables in sites.toml)
    start_urls = ["https://gazette.example/"]      # home page(s): site crawl, feed autodiscovery
    sitemaps = ["https://gazette.example/sitemap_index.xml"]   # optional, sitemap spider
    feeds = ["https://gazette.example/feed.xml"]               # optional, feed spider
    allow = ['^https://gazette\\.example/news/']  # regexes (re.search); none = everything allowed
    deny = ['/live/', '[?&]amp=']                 # regexes; deny wins over allow
    allow_subdomains = false
    extra_selectors = [".promo-box", "aside.related"]   # pruned before extraction
    extra_phrases = ["^Read more:", "Sign up for our"]  # body lines removed (regex)

Pure: no Scrapy import. Bad files are logged and skipped, bad entries raise a clear error only
when that site is asked for (``-a site=NAME``), so one typo does not break the other sites.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herald_scraper.errors import HeraldError

logger = logging.getLogger(__name__)

_LIST_KEYS = (
    "start_urls",
    "sitemaps",
    "feeds",
    "allow",
    "deny",
    "extra_selectors",
    "extra_phrases",
)


class SiteConfigError(HeraldError, ValueError):
    """A site is missing or its entry is invalid."""


@dataclass(frozen=True)
class SiteConfig:
    name: str
    start_urls: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    allow_subdomains: bool = False
    extra_selectors: tuple[str, ...] = ()
    extra_phrases: tuple[str, ...] = ()
    source: str = field(default="", compare=False)
    """File the entry came from (for messages)."""

    def allows(self, url: str) -> bool:
        """True unless a ``deny`` pattern matches or ``allow`` patterns exist and none matches."""
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)


def parse_site(name: str, data: dict[str, Any], source: str = "") -> SiteConfig:
    """Build a :class:`SiteConfig` from one TOML table; raises :class:`SiteConfigError`."""
    if not isinstance(data, dict):
        raise SiteConfigError(f"site {name!r} in {source}: expected a table")
    unknown = set(data) - set(_LIST_KEYS) - {"allow_subdomains", "name"}
    if unknown:
        raise SiteConfigError(f"site {name!r} in {source}: unknown keys {sorted(unknown)}")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SiteConfigError(f"site {name!r} in {source}: {key} must be a list of strings")
        lists[key] = tuple(value)
    try:
        allow = tuple(re.compile(p) for p in lists.pop("allow"))
        deny = tuple(re.compile(p) for p in lists.pop("deny"))
    except re.error as exc:
        raise SiteConfigError(f"site {name!r} in {source}: bad URL pattern: {exc}") from exc
    return SiteConfig(
        name=name,
        allow=allow,
        deny=deny,
        allow_subdomains=bool(data.get("allow_subdomains", False)),
        source=source,
        **lists,  # type: ignore[arg-type]
    )


def _read_toml(path: Path, broken: dict[str, str]) -> dict[str, Any] | None:
    """The parsed file, or None with the reason in ``broken`` (by path)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, ValueError) as exc:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        # debug only: the error is reported in full when this site is asked for
        logger.debug("site config %s unreadable, skipped: %s", path, exc)
        broken[str(path)] = f"{type(exc).__name__}: {exc}"
        return None


def _scan(root: Path) -> tuple[dict[str, tuple[dict[str, Any], str]], dict[str, str]]:
    """(site tables, unreadable files with why) under ``root``; see :func:`site_tables`."""
    tables: dict[str, tuple[dict[str, Any], str]] = {}
    broken: dict[str, str] = {}
    combined = root / "sites.toml"
    if combined.is_file() and (doc := _read_toml(combined, broken)) is not None:
        for name, table in doc.items():
            tables[name] = (table, str(combined))
    folder = root / "sites"
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        if (doc := _read_toml(path, broken)) is not None:
            tables[str(doc.get("name") or path.stem)] = (doc, str(path))
    return tables, broken


def site_tables(root: Path) -> dict[str, tuple[dict[str, Any], str]]:
    """Raw site tables under ``root``: ``root/sites.toml`` (one table per site) and
    ``root/sites/*.toml`` (one site per file, named by its stem); a file entry wins.
    Unreadable files (bad TOML, not UTF-8) are skipped: they break only their own site."""
    return _scan(root)[0]


def load_site(name: str, root: str | Path = ".") -> SiteConfig:
    """The configuration of site ``name`` found under ``root``; raises :class:`SiteConfigError`
    (naming the file when the site's own file, or ``sites.toml``, is unreadable)."""
    root = Path(root)
    tables, broken = _scan(root)
    if name not in tables:
        own = str(root / "sites" / f"{name}.toml")
        combined = str(root / "sites.toml")
        for path in (own, combined):
            if path in broken:
                raise SiteConfigError(f"site {name!r}: cannot read {path}: {broken[path]}")
        known = ", ".join(sorted(tables)) or "none"
        raise SiteConfigError(f"no site {name!r} in {root}/sites.toml or {root}/sites/ ({known})")
    table, source = tables[name]
    return parse_site(name, table, source)
