"""``herald-scraper extract`` as a user runs it: a folder of saved pages and a WARC file become
valid JSONL (checked against ``herald-scraper schema``); a missing file, a closed pipe and
stdin; the progress bar only on a terminal."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from herald_scraper.schema import record_schema
from tests.unit.test_sources import write_warc

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8000/"
#: The fixture site's article pages (fixtures/site/site.json lists them).
ARTICLES = 11


def run(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "herald_scraper.cli", "extract", *args],
        text=True,
        timeout=300,
        cwd=ROOT,
        **kwargs,
    )


def records_of(text: str) -> list[dict[str, Any]]:
    validator = jsonschema.Draft202012Validator(record_schema())
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record["url"], errors)
    return records


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixtures/site as saved pages: its ``http://HOST`` placeholders filled in."""
    folder = tmp_path_factory.mktemp("saved") / "site"
    shutil.copytree(ROOT / "fixtures" / "site", folder)
    for page in folder.rglob("*.html"):
        page.write_bytes(page.read_bytes().replace(b"http://HOST/", BASE.encode()))
    return folder


def test_a_folder_becomes_valid_jsonl_records(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = run(str(site), "--url", BASE, "-o", str(out), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    records = records_of(out.read_text(encoding="utf-8"))
    assert len(records) == ARTICLES
    assert all(r["source"] == "file" and r["url"].startswith(BASE) for r in records)
    assert {r["url"] for r in records} >= {f"{BASE}news/2024/06/council-budget.html"}
    assert all(r["date_published"] and r["text"] and r["content_hash"] for r in records)
    # piped, the run is one summary line: no progress bar, counts by reason
    (line,) = proc.stderr.splitlines()
    assert line.startswith("herald extract (finished): pages ")
    assert f"extracted {ARTICLES}," in line and "not_article_listing" in line


def test_golden_pages_get_file_urls(tmp_path: Path) -> None:
    proc = run(str(ROOT / "fixtures" / "pages"), "--workers", "0")
    assert proc.returncode == 0, proc.stderr
    records = records_of(proc.stdout)
    expected = [
        p for p in (ROOT / "fixtures" / "pages").glob("*.expected.json")
        if json.loads(p.read_text(encoding="utf-8")).get("article", True)
    ]  # fmt: skip
    assert len(records) >= len(expected) - 1
    assert all(r["url"].startswith("file:///") and r["source"] == "file" for r in records)


def test_a_warc_becomes_the_same_records_as_the_pages(site: Path, tmp_path: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    responses = [
        (
            BASE + p.relative_to(site).as_posix(),
            "200 OK",
            "text/html; charset=utf-8",
            p.read_bytes(),
        )
        for p in pages
    ]
    warc = tmp_path / "site.warc.gz"
    write_warc(warc, responses + [(BASE + "logo.png", "200 OK", "image/png", b"\x89PNG")])
    proc = run(str(warc), "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    records = records_of(proc.stdout)
    assert all(r["source"] == "warc" and r["fetched_at"] == "2024-06-10T08:30:00Z" for r in records)
    from_files = records_of(run(str(site), "--url", BASE, "--workers", "0").stdout)
    assert [(r["url"], r["text"]) for r in records] == [(r["url"], r["text"]) for r in from_files]
    assert "not_html: 1" in proc.stderr


def test_a_missing_file_is_one_line_and_a_nonzero_exit(tmp_path: Path) -> None:
    proc = run(str(ROOT / "fixtures" / "pages"), str(tmp_path / "missing.html"))
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        f"herald-scraper extract: error: no such file or folder: {tmp_path / 'missing.html'}"
    ]


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    page = ROOT / "fixtures" / "pages" / "ghost_en_newsletter.html"
    proc = run(str(page), "-o", str(tmp_path / "no" / "such" / "dir.jsonl"))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "No such file" in proc.stderr


def test_a_closed_pipe_is_one_line_and_a_nonzero_exit(site: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line (`| head -0`)
    try:
        proc = run(str(site), "--url", BASE, "--workers", "0", stdout=write)
    finally:
        os.close(write)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "herald-scraper: output closed by the reader (broken pipe), stopped"
    ]


def test_one_page_from_stdin_is_one_record() -> None:
    page = ROOT / "fixtures" / "pages" / "ghost_en_newsletter.html"
    url = "https://dispatch.localpress.news/the-slow-death-of-the-county-paper/"
    proc = run("-", "--url", url, input=page.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    (record,) = records_of(proc.stdout)
    assert record["url"] == url and record["title"]


def test_a_non_article_alone_says_why(tmp_path: Path) -> None:
    page = ROOT / "fixtures" / "pages" / "section_listing_en.html"
    proc = run(str(page), "--url", "https://www.northshorenews.ca/world/")
    assert proc.returncode == 1 and proc.stdout == ""
    (line,) = proc.stderr.splitlines()  # one line: the reason
    assert line.startswith("no record: no")


def test_the_progress_bar_shows_on_a_terminal(site: Path, tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = run(str(site), "--url", BASE, "--workers", "0", "-o", str(tmp_path / "o.jsonl"),
                   stderr=follower)  # fmt: skip
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0
    text = screen.decode("utf-8", "replace")
    assert "extract: 100%" in text and f"articles={ARTICLES}" in text and "B/s" in text
    assert "herald extract (finished)" in text
