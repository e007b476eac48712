"""The project deployed as scrapyd-deploy does it (an egg) to a real scrapyd on 127.0.0.1: the
egg lists the spiders, a scheduled ``urls`` crawl of the fixture site writes its records."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from herald_scraper.devserver import DevServer
from herald_scraper.jsonl import read_jsonl
from tests.e2e.conftest import ROOT, SITE

pytest.importorskip("scrapyd", reason="scrapyd is in the test extra")
DEPLOY = shutil.which("scrapyd-deploy", path=str(Path(sys.executable).parent))
MANIFEST = json.loads((SITE / "site.json").read_text(encoding="utf-8"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _api(base: str, path: str, data: dict[str, str] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{path}", data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.skipif(DEPLOY is None, reason="scrapyd-deploy (scrapyd-client) is not installed")
def test_the_egg_runs_under_scrapyd(site_server: DevServer, tmp_path: Path) -> None:
    # a copy of the project: scrapyd-deploy writes setup.py and build files where it runs
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "herald_scraper", project / "herald_scraper",
        ignore=shutil.ignore_patterns("__pycache__"),
    )  # fmt: skip
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    (project / "scrapy.cfg").write_text(
        "[settings]\ndefault = herald_scraper.settings\n\n"
        f"[deploy]\nurl = {base}/\nproject = herald_scraper\n",
        encoding="utf-8",
    )
    service = tmp_path / "scrapyd"
    service.mkdir()
    (service / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\n"
        "logs_dir = logs\nitems_dir =\ndbs_dir = dbs\nmax_proc = 1\npoll_interval = 0.5\n",
        encoding="utf-8",
    )
    scrapyd = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=service,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _api(base, "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                assert scrapyd.poll() is None and time.monotonic() < deadline, "no scrapyd"
                time.sleep(0.3)
        deploy = subprocess.run(
            [str(DEPLOY)], cwd=project, capture_output=True, text=True, timeout=180
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        spiders = _api(base, "listspiders.json?project=herald_scraper")
        assert {"urls", "sitemap", "feed", "site"} <= set(spiders["spiders"]), spiders

        out = tmp_path / "output"
        urls = ",".join(f"{site_server.url}{p}" for p in MANIFEST["articles"])
        job = _api(
            base,
            "schedule.json",
            {
                "project": "herald_scraper",
                "spider": "urls",
                "urls": urls,
                "setting": f"HERALD_OUTPUT_DIR={out}",
            },
        )
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 180
        while not any(
            j["id"] == job["jobid"]
            for j in _api(base, "listjobs.json?project=herald_scraper")["finished"]
        ):
            assert time.monotonic() < deadline, "the job did not finish"
            time.sleep(0.5)
    finally:
        scrapyd.terminate()
        scrapyd.wait(30)
    records = read_jsonl(out / "urls")
    logs = "\n".join(p.read_text() for p in (service / "logs").rglob("*.log"))
    assert len(records) == len(MANIFEST["articles"]), logs[-3000:]
    assert all(r["source"] == "urls" and r["text"] for r in records)
