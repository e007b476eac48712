"""Per-site configuration files: discovery, parsing, URL allow/deny, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from herald_scraper.sites import SiteConfigError, load_site, parse_site, site_tables

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_in_repo_parses() -> None:
    site = load_site("example", ROOT)
    assert site.start_urls == ("https://news.example.com/",)
    assert site.sitemaps and site.feeds
    assert site.allows("https://news.example.com/news/2024/05/a-story")
    assert not site.allows("https://news.example.com/live/2024/05/a-story")  # deny
    assert not site.allows("https://news.example.com/sport/a-story")  # not allowed
    assert ".newsletter-signup" in site.extra_selectors
    assert site.extra_phrases


def test_sites_toml_and_folder(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text(
        '[alpha]\nstart_urls = ["https://alpha.test/"]\n'
        '[beta]\nstart_urls = "https://beta.test/"\ndeny = ["/tag/"]\n',
        encoding="utf-8",
    )
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "beta.toml").write_text(
        'start_urls = ["https://beta.example/"]\n', encoding="utf-8"
    )
    (tmp_path / "sites" / "broken.toml").write_text("start_urls = [", encoding="utf-8")
    tables = site_tables(tmp_path)
    assert sorted(tables) == ["alpha", "beta"]  # broken file skipped, not fatal
    assert load_site("alpha", tmp_path).start_urls == ("https://alpha.test/",)
    # a file in sites/ wins over the same name in sites.toml
    beta = load_site("beta", tmp_path)
    assert beta.start_urls == ("https://beta.example/",)
    assert beta.allows("https://beta.example/tag/x")  # the sites.toml deny is not merged


def test_no_patterns_allows_everything() -> None:
    site = parse_site("s", {})
    assert site.allows("https://any.test/x")
    assert site.start_urls == () and not site.allow_subdomains


def test_missing_site_names_known_ones(tmp_path: Path) -> None:
    (tmp_path / "sites.toml").write_text("[alpha]\n", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="alpha"):
        load_site("nope", tmp_path)


@pytest.mark.parametrize(
    "table",
    [
        {"allow": ["("]},  # bad regex
        {"start_urls": [1]},  # not strings
        {"start_url": ["https://x.test/"]},  # typo: unknown key
        {"deny": {"a": 1}},
    ],
)
def test_invalid_entries_raise_clear_errors(table: dict[str, object]) -> None:
    with pytest.raises(SiteConfigError, match="site 's'"):
        parse_site("s", table, "sites.toml")
