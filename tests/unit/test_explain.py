"""The explain report: every text block of the page, kept or removed with the rule that removed
it, and the metadata with where each value is declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from herald_scraper.cli import main
from herald_scraper.explain import MAIN_CONTENT, explain

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "fixtures" / "pages" / "ghost_en_newsletter.html"
URL = "https://dispatch.localpress.news/the-slow-death-of-the-county-paper-and-what-comes-next/"


def _blocks(report: str) -> list[tuple[str, str]]:
    return re.findall(r'<div class="block (kept|removed)" data-rule="([^"]+)"', report)


def test_blocks_are_kept_or_removed_by_a_named_rule_or_stage() -> None:
    report = explain(PAGE.read_bytes(), URL)
    blocks = _blocks(report)
    kinds = {kind for kind, _ in blocks}
    assert kinds == {"kept", "removed"}
    rules = {rule for kind, rule in blocks if kind == "removed"}
    assert {"signup_form", "support_us", MAIN_CONTENT} <= rules
    # a sign-up pitch of the page is shown removed, with its rule
    assert re.search(r'class="block removed" data-rule="signup_form">.*?Sign up', report)
    assert "A hundred and thirty-one years" in report


def test_metadata_says_where_each_value_is_declared() -> None:
    report = explain(PAGE.read_bytes(), URL)
    rows = dict(
        (name, source)
        for name, source in re.findall(
            r"<tr><th>(\w+)</th><td>.*?</td><td class=src>(.*?)</td>", report
        )
    )
    assert rows["title"] == "JSON-LD headline"
    assert rows["date_published"] == "JSON-LD datePublished"
    assert rows["site_name"] == "og:site_name"


def test_a_page_without_an_article_is_reported_with_its_reason() -> None:
    report = explain(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", URL)
    assert "no record: " in report and 'data-rule="main-content pass"' in report


def test_explain_command_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["explain", str(PAGE), "--url", URL, "-o", str(out)]) == 0
    assert _blocks(out.read_text(encoding="utf-8"))
    assert main(["explain", str(tmp_path / "missing.html")]) == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith("No such file or directory")
