"""What each process imports: the crawl process routes pages and never loads the extraction
stack (trafilatura, the language model); the workers' fork server loads it and no Scrapy. Each
import runs in a fresh interpreter, since this test process has imported everything."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("trafilatura", "py3langid", "htmldate", "justext")


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
