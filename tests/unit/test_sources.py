"""Saved pages as input: files, gzipped files, folders and WARC files (written here with warcio),
and the extraction over them (inline and in worker processes, cross-page lines in hindsight)."""

from __future__ import annotations

import gzip
import os
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from herald_scraper.extraction import extract_batch
from herald_scraper.reextract import Tally, extract_entries
from herald_scraper.sources import (
    Page,
    Skipped,
    SourceError,
    check_paths,
    input_size,
    iter_pages,
)

PITCH = "Get the Harbour Morning Digest in your inbox before seven, every weekday."
TOPICS = ["seawall", "ferry", "library", "market", "school", "bridge"]


def page(topic: str, extra: str = PITCH) -> str:
    paras = "".join(
        f"<p>The {topic} project entered phase {n} this week, and officials said the work on the "
        f"{topic} would continue through the spring despite the weather and the budget debate.</p>"
        for n in range(1, 5)
    )
    return (
        f"<html><head><title>{topic} update</title></head><body><article><h1>The {topic} update</h1>"
        f"{paras}<p>{extra}</p></article></body></html>"
    )


def write_warc(path: Path, responses: list[tuple[str, str, str, bytes]]) -> None:
    """A WARC as crawlers write it: a request and a response record per ``(url, status,
    content type, body)``, plus a warcinfo record."""
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, status, ctype, body in responses:
            request = writer.create_warc_record(
                url, "request", payload=BytesIO(f"GET {url} HTTP/1.1\r\n\r\n".encode())
            )
            writer.write_record(request)
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-06-10T08:30:00.123456Z"},
            )
            writer.write_record(response)


def test_a_folder_gives_its_html_files_with_urls_under_the_base(tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.html").write_text(page("ferry"), encoding="utf-8")
    (tmp_path / "news" / "b.htm.gz").write_bytes(gzip.compress(page("school").encode()))
    (tmp_path / "notes.txt").write_text("not a page", encoding="utf-8")
    os.utime(tmp_path / "news" / "a.html", (1718008200, 1718008200))
    entries = list(iter_pages([tmp_path], "https://harbour.example/"))
    assert [e.url for e in entries if isinstance(e, Page)] == [
        "https://harbour.example/news/a.html",
        "https://harbour.example/news/b.htm.gz",
    ]
    first = entries[0]
    assert isinstance(first, Page)
    assert first.source == "file" and first.fetched_at == "2024-06-10T08:30:00Z"
    assert b"school" in entries[1].body  # type: ignore[union-attr]
    assert sum(e.size for e in entries) == input_size([tmp_path])


def test_without_url_a_file_is_its_file_url_and_a_folder_is_one_site(tmp_path: Path) -> None:
    (tmp_path / "a b.html").write_text(page("ferry"), encoding="utf-8")
    (entry,) = iter_pages([tmp_path / "a b.html"])
    assert isinstance(entry, Page)
    assert entry.url == (tmp_path / "a b.html").as_uri() and entry.site is None
    (entry,) = iter_pages([tmp_path / "a b.html"], "https://n.example/story")
    assert entry.url == "https://n.example/story"  # type: ignore[union-attr]
    (entry,) = iter_pages([tmp_path])
    assert entry.site == str(tmp_path)  # type: ignore[union-attr]


def test_a_broken_gzip_is_a_failure_and_a_missing_path_an_error(tmp_path: Path) -> None:
    (tmp_path / "x.html.gz").write_bytes(b"\x1f\x8b not really")
    (entry,) = iter_pages([tmp_path / "x.html.gz"])
    assert isinstance(entry, Skipped) and entry.failed and entry.reason == "unreadable_file"
    with pytest.raises(SourceError, match="no such file or folder"):
        check_paths([tmp_path / "x.html.gz", tmp_path / "missing.html"])


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_gives_its_html_responses_with_url_date_and_charset(
    tmp_path: Path, name: str
) -> None:
    cyrillic = "<html><head><title>Новости</title></head><body><p>Привет</p></body></html>"
    write_warc(
        tmp_path / name,
        [
            ("http://n.example/a.html", "200 OK", "text/html; charset=utf-8", page("ferry").encode()),
            ("http://n.example/ru.html", "200 OK", "text/html; charset=windows-1251",
             cyrillic.encode("cp1251")),
            ("http://n.example/r.pdf", "200 OK", "application/pdf", b"%PDF-1.4"),
            ("http://n.example/gone", "404 Not Found", "text/html", b"<p>gone</p>"),
        ],
    )  # fmt: skip
    entries = list(iter_pages([tmp_path / name]))
    pages = [e for e in entries if isinstance(e, Page)]
    assert [p.url for p in pages] == ["http://n.example/a.html", "http://n.example/ru.html"]
    assert all(p.source == "warc" and p.fetched_at == "2024-06-10T08:30:00Z" for p in pages)
    assert pages[0].body == page("ferry").encode()
    assert pages[1].content_type == "text/html; charset=windows-1251"
    assert [(s.reason, s.failed) for s in entries if isinstance(s, Skipped)] == [
        ("not_html", False),
        ("http_404", False),
    ]
    assert 0 < sum(e.size for e in entries) <= input_size([tmp_path / name])


def test_the_warc_charset_reaches_decoding(tmp_path: Path) -> None:
    body = "".join(
        f"<p>Городской совет обсудил бюджет школ на заседании во вторник, пункт {n}.</p>"
        for n in range(8)
    )
    html = f"<html><body><article><h1>Бюджет</h1>{body}</article></body></html>"
    write_warc(
        tmp_path / "ru.warc.gz",
        [("http://n.example/ru/budget", "200 OK", "text/html; charset=windows-1251",
          html.encode("cp1251"))],
    )  # fmt: skip
    (outcome,) = extract_entries(iter_pages([tmp_path / "ru.warc.gz"]), workers=0)
    assert outcome.article is not None and "Городской совет" in outcome.article.text


def test_repeated_lines_go_from_every_page_inline_and_in_workers(tmp_path: Path) -> None:
    for topic in TOPICS:
        (tmp_path / f"{topic}.html").write_text(page(topic), encoding="utf-8")
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b broken")
    inline = list(extract_entries(iter_pages([tmp_path]), workers=0))
    pooled = list(extract_entries(iter_pages([tmp_path]), workers=2))
    texts = [o.article.text for o in inline if o.article]
    assert texts == [o.article.text for o in pooled if o.article]
    assert len(texts) == len(TOPICS) and not any(PITCH in t for t in texts)
    # the same records as extract_batch makes of the same pages
    batch = extract_batch([(page(t), f"https://harbour.example/{t}.html") for t in sorted(TOPICS)])
    assert texts == [r.record["text"] for r in batch if r.record]
    tally = Tally()
    for outcome in inline:
        tally.add(outcome)
    assert tally.extracted == len(TOPICS) and tally.failed == {"unreadable_file": 1}
    assert tally.crosspage_lines == len(TOPICS)
    kept = list(extract_entries(iter_pages([tmp_path]), workers=0, crosspage=False))
    assert all(PITCH in o.article.text for o in kept if o.article)


def test_a_truncated_warc_gives_what_it_holds_then_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(
        path,
        [(f"http://n.example/{t}.html", "200 OK", "text/html", page(t).encode()) for t in TOPICS],
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    entries = list(iter_pages([path]))
    pages = [e for e in entries if isinstance(e, Page)]
    assert 0 < len(pages) < len(TOPICS)
    cut = entries[-1]  # the record cut in the middle: its digest fails
    assert isinstance(cut, Skipped) and cut.failed
    assert cut.reason in ("warc_record_damaged", "unreadable_warc")
