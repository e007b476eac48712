"""What each process imports: the crawl process routes pages and never loads the extraction
stack (trafilatura, the language model); the workers' fork server loads it and no Scrapy. Each
import runs in a fresh interpreter, since this test process has imported everything.

The crawl process's own modules also leave out what only some crawls use, imported where it is
used: redis and scrapy-redis (a distributed crawl), feedparser and chardet (feed dates), the
crawl state's sqlite3 (the discovery spiders), tldextract (registrable domains) and courlan
(tracking query parameters), warcio (HERALD_WARC). Scrapy's own components may still load some of them (its cookies
middleware imports tldextract, and with it requests and chardet): these tests import herald's
modules only."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("trafilatura", "py3langid", "htmldate", "justext")

#: Imported only by the crawls (or the pages) that need them, never with herald's modules.
ON_USE = (
    "redis",
    "scrapy_redis",
    "feedparser",
    "chardet",
    "sqlite3",
    "herald_scraper.state",
    "tldextract",
    "courlan",
    "warcio",
)

#: Every herald module a ``scrapy crawl`` loads: Scrapy's spider loader imports every spider
#: module, the command and each component named in the settings are loaded.
_CRAWL_MODULES = """
import importlib, pkgutil
import herald_scraper.spiders, herald_scraper.settings as s
import herald_scraper.commands.crawl, herald_scraper.addon, herald_scraper.logformatter
for info in pkgutil.iter_modules(herald_scraper.spiders.__path__, "herald_scraper.spiders."):
    importlib.import_module(info.name)
for group in (s.ITEM_PIPELINES, s.DOWNLOADER_MIDDLEWARES, s.EXTENSIONS):
    for path in group:
        if path.startswith("herald_scraper."):
            importlib.import_module(path.rsplit(".", 1)[0])
"""


def _modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_the_crawl_process_does_not_load_the_extraction_stack() -> None:
    loaded = _modules_after(
        "import herald_scraper, herald_scraper.settings, herald_scraper.spiders.urls, "
        "herald_scraper.spiders.site, herald_scraper.spiders.sitemap, herald_scraper.spiders.feed, "
        "herald_scraper.extract_pool, herald_scraper.pipelines.validate, "
        "herald_scraper.pipelines.crosspage, herald_scraper.pipelines.state, "
        "herald_scraper.pipelines.jsonl, herald_scraper.metarefresh, herald_scraper.logformatter"
    )
    assert "scrapy" in loaded
    assert not loaded & set(HEAVY)


def test_the_workers_fork_server_loads_extraction_and_no_scrapy() -> None:
    loaded = _modules_after("import herald_scraper.extract_warm")
    assert set(HEAVY) <= loaded
    assert not {m for m in loaded if m == "scrapy" or m.startswith(("scrapy.", "twisted"))}


def test_the_public_names_still_import_from_the_package() -> None:
    loaded = _modules_after("from herald_scraper import extract, Article, CleanerConfig")
    assert "trafilatura" in loaded  # loaded on first use of extract


def test_a_crawl_loads_no_module_before_it_is_used() -> None:
    loaded = _modules_after(_CRAWL_MODULES)
    assert {"herald_scraper.spiders.feed", "herald_scraper.distributed"} <= loaded
    assert "herald_scraper.pipelines.jsonl" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ON_USE or m in ON_USE}


def test_the_distributed_scheduler_loads_redis() -> None:
    code = _CRAWL_MODULES + (
        "from scrapy.utils.misc import load_object\n"
        "from herald_scraper import distributed\n"
        "assert load_object(distributed.SETTINGS['SCHEDULER']) is distributed.Scheduler"
    )
    assert {"redis", "scrapy_redis.scheduler"} <= _modules_after(code)


def test_feed_dates_registrable_domains_and_tracking_parameters_load_on_use() -> None:
    loaded = _modules_after(
        "from herald_scraper.discovery import parse_feed_datetime, registered_domain\n"
        "from herald_scraper.discovery import canonicalize_url\n"
        "assert parse_feed_datetime('Wed, 01 May 2024 10:00:00 PT').hour == 18\n"
        "assert registered_domain('https://news.bbc.co.uk/a') == 'bbc.co.uk'\n"
        "assert canonicalize_url('https://x.org/a?id=1&clickid=2') == 'https://x.org/a?id=1'"
    )
    assert {"feedparser", "tldextract", "courlan"} <= loaded


def test_a_discovery_spider_opens_its_crawl_state() -> None:
    code = _CRAWL_MODULES + (
        "from scrapy.utils.test import get_crawler\n"
        "from herald_scraper.spiders.sitemap import SitemapSpider\n"
        "crawler = get_crawler(SitemapSpider, {'HERALD_STATE': 'off'})\n"
        "spider = SitemapSpider.from_crawler(crawler, url='https://example.org/')\n"
        "assert spider.herald_state is None"
    )
    assert "herald_scraper.state" in _modules_after(code)


def test_scrapys_remote_control_server_is_neither_enabled_nor_imported() -> None:
    code = (
        "from scrapy.settings import Settings\n"
        "from scrapy.utils.conf import build_component_list\n"
        "settings = Settings()\n"
        "settings.setmodule('herald_scraper.settings', priority='project')\n"
        "extensions = build_component_list(settings.getwithbase('EXTENSIONS'))\n"
        "assert not [e for e in extensions if 'remote_control' in str(e)], extensions\n"
        "from scrapy.extension import ExtensionManager\n"
    )
    loaded = _modules_after(code)
    assert "aiohttp" not in loaded and "scrapy.extensions.remote_control" not in loaded
