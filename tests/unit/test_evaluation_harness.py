"""Dataset detection/loading, the runner and the eval CLI on tiny temp datasets."""

import argparse
import gzip
import json
from pathlib import Path

import pytest

from herald_scraper.evaluation import cli
from herald_scraper.evaluation.datasets import Dataset, SegmentGold, detect_format
from herald_scraper.evaluation.metrics import ShingleMatch
from herald_scraper.evaluation.runner import run, run_many


def _write(root: Path, marker: str, meta: dict, pages: dict[str, bytes]) -> Path:
    (root / "html").mkdir(parents=True)
    (root / marker).write_text(json.dumps(meta), encoding="utf-8")
    for page_id, html in pages.items():
        (root / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html))
    return root


@pytest.fixture
def aeb(tmp_path: Path) -> Path:
    meta = {
        "p1": {"url": "https://a.example/1", "articleBody": "alpha beta gamma delta epsilon"},
        "p2": {"url": "https://a.example/2", "articleBody": "one two three four five six"},
        "p3": {"url": "https://a.example/3", "articleBody": "red green blue black white"},
    }
    pages = {
        "p1": b"<p>alpha beta gamma delta epsilon</p>",
        "p2": b"<p>one two three four</p><p>menu login subscribe now</p>",
        "p3": b"<p>boom</p>",
    }
    return _write(tmp_path / "aeb", "ground-truth.json", meta, pages)


@pytest.fixture
def segments(tmp_path: Path) -> Path:
    meta = {"s1": {"url": "hard::x", "with": ["Keep this text"], "without": ["Cookie banner"]}}
    return _write(
        tmp_path / "seg", "annotations.json", meta, {"s1": "Keep  this text é".encode("latin-1")}
    )


def _strip_tags(html: bytes, url: str | None, kind: str) -> str:
    """Fake extractor: tag-stripped text; raises on pages containing 'boom'."""
    import re

    text = html.decode("utf-8", "replace")
    if "boom" in text:
        raise RuntimeError("kaboom")
    return "\n".join(re.findall(r"<p>(.*?)</p>", text))


def test_detect_format(tmp_path: Path, aeb: Path, segments: Path):
    assert detect_format(aeb) == "aeb"
    assert detect_format(segments) == "segments"
    assert detect_format(tmp_path) is None
    with pytest.raises(ValueError):
        Dataset(tmp_path)


def test_pages_load_lazily_with_gold(aeb: Path, segments: Path):
    ds = Dataset(aeb)
    assert len(ds) == 3 and ds.ids() == ["p1", "p2", "p3"]
    first = next(iter(ds))
    assert first.id == "p1" and first.url == "https://a.example/1"
    assert first.html.startswith(b"<p>alpha") and first.gold.startswith("alpha")
    assert [p.id for p in ds.pages(limit=2)] == ["p1", "p2"]
    seg = Dataset(segments).page("s1")
    assert seg.gold == SegmentGold(with_=("Keep this text",), without=("Cookie banner",))
    assert seg.html.endswith("é".encode("latin-1"))  # raw bytes, not decoded


def test_missing_page_file_reads_as_empty(aeb: Path):
    (aeb / "html" / "p1.html.gz").unlink()
    assert Dataset(aeb).page("p1").html == b""


def test_runner_scores_times_and_survives_exceptions(aeb: Path):
    result = run(Dataset(aeb), "fake", _strip_tags)
    assert [p.id for p in result.pages] == ["p1", "p2", "p3"]
    p1, p2, p3 = result.pages
    assert isinstance(p1.match, ShingleMatch) and p1.match.f1 == 1.0
    assert p3.output == "" and p3.error == "RuntimeError: kaboom"
    assert result.errors == [p3] and result.empty == 1
    assert all(p.seconds >= 0 for p in result.pages) and result.pages_per_second > 0
    assert [p.id for p in result.worst(2)] == ["p3", "p2"]
    s = result.scores
    assert s.precision == pytest.approx((1 + 1 / 5 + 0) / 3)  # p2: tp 1 (one..four), fp 4
    assert s.recall == pytest.approx((1 + 1 / 3 + 0) / 3)
    data = result.to_dict(worst=1)
    assert data["worst"] == ["p3"] and data["errors"][0]["id"] == "p3"
    assert len(data["per_page"]) == 3


def test_run_many_interleaves_and_keeps_results_apart(aeb: Path):
    calls: list[str] = []

    def tracer(name: str):
        def fn(html: bytes, url: str | None, kind: str) -> str:
            calls.append(name)
            return ""

        return fn

    a, b = run_many(Dataset(aeb), [("a", tracer("a")), ("b", tracer("b"))])
    assert calls == ["a", "b"] + ["a", "b", "b", "a", "a", "b"]  # warm-up call, then the pages
    assert (a.extractor, b.extractor) == ("a", "b") and len(a.pages) == len(b.pages) == 3


def test_cli_writes_json_and_shows_a_page(aeb: Path, segments: Path, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(cli.EXTRACTORS, "fake", _strip_tags)
    out = tmp_path / "out.json"
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    # --extractor choices are fixed at parser build time, so set the fake one on the Namespace.
    args = parser.parse_args([str(aeb), "--json", str(out), "--worst", "2"])
    args.extractor = "fake"
    assert cli.run(args) == 0
    data = json.loads(out.read_text())
    assert data["kind"] == "aeb" and data["results"][0]["pages"] == 3
    assert "worst 2 pages for fake" in capsys.readouterr().out
    args.show, args.json = "p2", None
    assert cli.run(args) == 0
    shown = capsys.readouterr().out
    assert "MISSING" in shown and "five six" in shown
    assert "EXTRA" in shown and "menu login subscribe now" in shown
    seg_args = parser.parse_args([str(segments), "--show", "s1"])
    seg_args.extractor = "fake"
    assert cli.run(seg_args) == 0  # no <p> in page: the with-segment is missing
    assert "MISSING  Keep this text" in capsys.readouterr().out
    assert cli.run(parser.parse_args([str(tmp_path)])) == 2


def test_halves_split_by_page_id_and_report_both(aeb: Path, capsys) -> None:
    from herald_scraper.evaluation.datasets import half_of

    ds = Dataset(aeb)
    assert sorted(ds.ids("tune") + ds.ids("validate")) == sorted(ds.ids())
    assert all(half_of(i) == "tune" for i in ds.ids("tune"))
    result = run(ds, "identity", lambda html, url, kind: html.decode())
    assert len(result.half("tune").pages) + len(result.half("validate").pages) == 3
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args([str(aeb), "--extractor", "trafilatura", "--worst", "0"])) == 0
    out = capsys.readouterr().out
    assert "tune F1" in out and "validate F1" in out and "gap" in out


def test_gate_set_labels_are_a_dataset_of_its_article_pages(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text("<p>one two three four five</p>", encoding="utf-8")
    (tmp_path / "n.html").write_text("<p>listing</p>", encoding="utf-8")
    labels = {
        "a.html": {
            "url": "https://x.example/a",
            "article": True,
            "gold": "one two three four five",
        },
        "n.html": {"url": "https://x.example/", "article": False},
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    ds = Dataset(tmp_path)
    assert ds.kind == "aeb" and ds.ids() == ["a.html"]
    page = ds.page("a.html")
    assert page.html.startswith(b"<p>one") and page.gold == "one two three four five"
