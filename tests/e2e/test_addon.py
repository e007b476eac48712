"""Another Scrapy project uses herald with one line (``ADDONS``): herald's spiders run in it, and
its own spider's Article items go through herald's pipelines to JSONL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from herald_scraper.devserver import DevServer
from herald_scraper.jsonl import read_jsonl
from tests.e2e.conftest import SITE

MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))

OWN_SPIDER = """
from urllib.parse import urlsplit

import scrapy

from herald_scraper import Article, extract


class Mine(scrapy.Spider):
    name = "mine"

    def __init__(self, urls="", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = urls.split(",")
        # herald's SSRF guard lets a spider reach the non-public hosts it names here
        self.trusted_hosts = {urlsplit(url).hostname for url in self.start_urls}

    def parse(self, response):
        record = extract(response.body, response.url)
        if record is not None:
            yield Article.from_extraction(record, url=response.url, source="urls")
"""


def _project(root: Path) -> Path:
    """A Scrapy project of its own whose settings name herald only in ``ADDONS``."""
    package = root / "otherproj"
    (package / "spiders").mkdir(parents=True)
    (root / "scrapy.cfg").write_text("[settings]\ndefault = otherproj.settings\n")
    (package / "__init__.py").write_text("")
    (package / "spiders" / "__init__.py").write_text("")
    (package / "spiders" / "mine.py").write_text(OWN_SPIDER)
    (package / "settings.py").write_text(
        'BOT_NAME = "otherproj"\nSPIDER_MODULES = ["otherproj.spiders"]\n'
        'ADDONS = {"herald_scraper.addon.Herald": 0}\n'
        "AUTOTHROTTLE_ENABLED = False\nDOWNLOAD_DELAY = 0\n"
    )
    return root


def _crawl(project: Path, spider: str, urls: str, out: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(project)
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"urls={urls}",
           "-s", f"HERALD_OUTPUT_DIR={out}"]  # fmt: skip
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=180)


def test_one_line_gives_another_project_herald(site_server: DevServer, tmp_path: Path) -> None:
    project = _project(tmp_path / "other")
    out = tmp_path / "output"
    pages = MANIFEST["articles"] + MANIFEST["non_articles"]
    urls = ",".join(f"{site_server.url}{p}" for p in pages)

    # herald's own spider, found through the add-on
    proc = _crawl(project, "urls", urls, out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(read_jsonl(out / "urls")) == len(MANIFEST["articles"])
    assert "herald summary (finished)" in proc.stderr

    # the project's own spider: its Article items validated, deduplicated, written
    proc = _crawl(project, "mine", urls + "," + urls.split(",")[0], out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = read_jsonl(out / "mine")
    assert len(records) == len({r["canonical_url"] for r in records}) >= 1, proc.stderr[-4000:]
    assert "otherproj" in proc.stderr  # the project keeps its own name (BOT_NAME)
