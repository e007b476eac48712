"""Reading output back: one file, a folder of runs, a glob, gzip; torn lines skipped; pandas and
DuckDB load the same files (optional: the `analysis` extra, also in `test`)."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest

from herald_scraper import iter_jsonl, read_jsonl
from herald_scraper.items import SCHEMA_VERSION, Article
from herald_scraper.jsonl import jsonl_files
from herald_scraper.schema import duckdb_columns


def _line(url: str, **fields: object) -> str:
    record = Article(url=url, text="One two.", fetched_at="2024-06-10T08:30:00Z", **fields)
    return json.dumps(record.to_dict(), ensure_ascii=False) + "\n"


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """An output folder as crawls leave it: runs of two spiders, a torn line, a gzipped run."""
    out = tmp_path / "output"
    (out / "urls").mkdir(parents=True)
    (out / "sitemap").mkdir()
    (out / ".state").mkdir()
    (out / ".state" / "herald_scraper.sqlite3").write_bytes(b"SQLite format 3\0")
    (out / "urls" / "20240610T080000Z.jsonl").write_text(
        _line("https://n.example/a", date_published="2024-06-10")
        + _line("https://n.example/b", date_published="2024-06-10T08:30:00+02:00"),
        encoding="utf-8",
    )
    (out / "urls" / "20240611T080000Z.jsonl").write_text(
        _line("https://n.example/c", date_published="2024-06-11T09:00:00+02:00")
        + '{"url": "https://n.example/torn", "te',
        encoding="utf-8",
    )
    (out / "sitemap" / "20240612T080000Z.jsonl.gz").write_bytes(
        gzip.compress(_line("https://n.example/d").encode())
    )
    return out


def test_a_folder_reads_every_run_file_in_order(
    runs: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        urls = [r["url"] for r in read_jsonl(runs)]
    assert sorted(urls) == ["https://n.example/" + x for x in "abcd"]
    assert urls[:3] == ["https://n.example/d", "https://n.example/a", "https://n.example/b"]
    assert "torn write" in caplog.text


def test_a_glob_and_a_single_file(runs: Path) -> None:
    assert [r["url"][-1] for r in read_jsonl(f"{runs}/urls/*.jsonl")] == ["a", "b", "c"]
    assert [r["url"][-1] for r in read_jsonl(f"{runs}/**/*.jsonl*")] == ["d", "a", "b", "c"]
    assert [r["url"][-1] for r in iter_jsonl(runs / "urls" / "20240610T080000Z.jsonl")] == [
        "a",
        "b",
    ]
    assert read_jsonl(runs / "urls", runs / "sitemap") == read_jsonl(runs / "urls") + read_jsonl(
        runs / "sitemap"
    )
    assert jsonl_files(f"{runs}/nothing-*.jsonl") == []


def test_a_missing_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_jsonl(tmp_path / "missing.jsonl")


def test_pandas_loads_the_output_with_an_integer_schema_version(runs: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas: pip install -e '.[analysis]'")
    frames = [pd.read_json(path, lines=True) for path in jsonl_files(runs / "urls")[:1]]
    df = pd.concat(frames)
    assert len(df) == 2
    assert df["schema_version"].dtype.kind == "i" and set(df["schema_version"]) == {SCHEMA_VERSION}
    # every record as pandas sees it (torn lines skipped by read_jsonl)
    every = pd.DataFrame(read_jsonl(runs))
    assert len(every) == 4 and list(every.columns) == Article.field_names()
    days = pd.to_datetime(every["date_published"].str[:10])
    assert days.notna().sum() == 3


def test_duckdb_reads_every_run_with_the_schemas_column_types(runs: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb: pip install -e '.[analysis]'")
    query = (
        "select url, schema_version, fetched_at, date_published, "
        "cast(left(date_published, 10) as date) as day "
        "from read_json('FILES', format='newline_delimited', "
        f"columns={duckdb_columns()}, ignore_errors=true) "
        # a torn line (a killed crawl) is a row of nulls with ignore_errors
        "where url is not null order by url"
    )
    rel = duckdb.sql(query.replace("FILES", f"{runs}/**/*.jsonl*"))
    types = dict(zip(rel.columns, (str(t) for t in rel.types), strict=True))
    rows = rel.fetchall()
    assert [r[0][-1] for r in rows] == ["a", "b", "c", "d"]
    assert types["schema_version"] == "BIGINT"
    assert types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["date_published"] == "VARCHAR"
    assert str(rows[0][4]) == str(rows[1][4]) == "2024-06-10"
    # a run whose dates are all full timestamps types the same: the query runs on any run
    only = duckdb.sql(query.replace("FILES", f"{runs}/urls/20240611T080000Z.jsonl"))
    assert dict(zip(only.columns, (str(t) for t in only.types), strict=True)) == types
    # left to guess, DuckDB types the dates of that file differently
    guessed = duckdb.sql(
        f"select date_published from read_json('{runs}/**/*11T*.jsonl', ignore_errors=true)"
    )
    assert str(guessed.types[0]) != "VARCHAR"


def test_hugging_face_datasets_loads_the_runs(runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    datasets = pytest.importorskip("datasets", reason="datasets: pip install -e '.[analysis]'")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # never the hub: local files only
    monkeypatch.setenv("HF_HOME", str(runs.parent / "hf"))
    files = [
        str(runs / "urls" / "20240610T080000Z.jsonl"),
        str(runs / "sitemap" / "20240612T080000Z.jsonl.gz"),
    ]
    ds = datasets.load_dataset(
        "json", data_files=files, split="train", cache_dir=str(runs.parent / "hfc")
    )
    assert ds.num_rows == 3 and ds.column_names == Article.field_names()
    assert set(ds["schema_version"]) == {SCHEMA_VERSION}
    # pyarrow reads both date shapes (day, timestamp with offset) as timestamps: one type
    assert sorted(str(d)[:10] for d in ds["date_published"] if d) == ["2024-06-10", "2024-06-10"]
