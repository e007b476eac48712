"""Crawl state: change rules (pure), the SQLite store, the settings switch and the accessor."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from herald_scraper.state import (
    CrawlState,
    change_kind,
    compare_stamps,
    default_state_path,
    get_crawl_state,
    later_stamp,
    needs_fetch,
    state_enabled,
)


def test_change_kind() -> None:
    assert change_kind(None, "a") == "new"
    assert change_kind("a", "a") == "unchanged"
    assert change_kind("a", "b") == "changed"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2024-05-01", "2024-05-01", 0),
        ("2024-05-01", "2024-05-02", -1),
        ("2024-05-02", "2024-05-01", 1),
        # date-only against a datetime: compared at day precision, either way round
        ("2024-07-10", "2024-07-10T08:30:00+01:00", 0),
        ("2024-07-10T08:30:00+01:00", "2024-07-10", 0),
        ("2024-07-10T08:30:00+01:00", "2024-07-11", -1),
        # same instant in two offsets
        ("2024-07-10T08:30:00+01:00", "2024-07-10T07:30:00+00:00", 0),
        ("2024-07-10T08:30:00+01:00", "2024-07-10T08:30:00+00:00", -1),
        ("garbage", "other garbage", -1),
    ],
)
def test_compare_stamps(a: str, b: str, expected: int) -> None:
    assert compare_stamps(a, b) == expected


def test_later_stamp() -> None:
    assert later_stamp(None, None) is None
    assert later_stamp("2024-05-01", None) == "2024-05-01"
    assert later_stamp(None, "2024-05-01") == "2024-05-01"
    assert later_stamp("2024-05-01", "2024-06-01") == "2024-06-01"
    assert later_stamp("2024-06-01", "2024-05-01") == "2024-06-01"


@pytest.mark.parametrize(
    ("known", "old", "new", "fetch"),
    [
        (False, None, None, True),  # never seen
        (False, None, "2024-05-01", True),
        (True, "2024-05-01", "2024-05-01", False),  # unchanged date
        (True, "2024-05-01", "2024-05-01T09:00:00+00:00", False),  # same day, finer precision
        (True, "2024-05-01", "2024-08-02", True),  # lastmod moved on: the page changed
        (True, "2024-08-02", "2024-05-01", False),  # an older listing (RSS pubDate vs Atom)
        (True, "2024-05-01", None, False),  # no date now: no sign of change
        (True, None, "2024-05-01", False),  # no date then: nothing to compare with
    ],
)
def test_needs_fetch(known: bool, old: str | None, new: str | None, fetch: bool) -> None:
    assert needs_fetch(known, old, new) is fetch


@pytest.mark.parametrize("value", ["off", "OFF", "false", "0", "no", False])
def test_state_disabled_values(value: object) -> None:
    assert state_enabled(value) is False


@pytest.mark.parametrize("value", ["on", "true", "1", True])
def test_state_enabled_values(value: object) -> None:
    assert state_enabled(value) is True


@pytest.fixture()
def state(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = CrawlState.open(tmp_path / "deep" / "state.sqlite3")
    yield st
    st.close()


def test_open_creates_folders_and_uses_wal(state: CrawlState, tmp_path: Path) -> None:
    assert (tmp_path / "deep" / "state.sqlite3").is_file()
    assert state.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert state.counts() == {"urls": 0, "articles": 0, "meta": 0, "frontier": 0, "writing": 0}


def test_urls_fetch_decisions(state: CrawlState) -> None:
    url = "https://x.test/news/a.html"
    assert state.known_url(url) is None
    assert state.should_fetch(url, "2024-05-01")
    state.record_url(url, article=url, stamp="2024-05-01")
    assert state.known_url(url) is not None
    assert state.is_known_article(url)
    assert not state.should_fetch(url, "2024-05-01")
    assert not state.should_fetch(url, None)
    assert state.should_fetch(url, "2024-05-02")
    # a later record without a stamp keeps the one we had
    state.record_url(url, article=url, stamp=None)
    assert state.known_url(url).stamp == "2024-05-01"  # type: ignore[union-attr]
    # a fetched page that was no article is known, but not as an article
    state.record_url("https://x.test/about.html", article=None, stamp=None)
    assert not state.is_known_article("https://x.test/about.html")
    assert not state.should_fetch("https://x.test/about.html", None)


def test_observe_article_new_unchanged_changed(state: CrawlState) -> None:
    key = "https://x.test/news/a.html"
    assert state.article(key) is None
    assert state.observe_article(key, "h1") == "new"
    first = state.article(key)
    assert first is not None and first.content_hash == "h1"
    assert state.observe_article(key, "h1") == "unchanged"
    assert state.observe_article(key, "h2") == "changed"
    after = state.article(key)
    assert after is not None and after.content_hash == "h2"
    assert after.first_seen == first.first_seen
    assert state.counts()["articles"] == 1


def test_meta_key_value(state: CrawlState) -> None:
    assert state.get_meta("boilerplate/x.test") is None
    state.set_meta("boilerplate/x.test", '["Follow us"]')
    state.set_meta("boilerplate/x.test", '["Follow us", "Share"]')
    assert state.get_meta("boilerplate/x.test") == '["Follow us", "Share"]'


def test_state_persists_and_concurrent_reader_sees_it(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    writer = CrawlState.open(path)
    writer.observe_article("https://x.test/a", "h")
    # a reader in another connection (another process, a notebook) reads while the writer is open
    seen: list[int] = []

    def read() -> None:
        with sqlite3.connect(path) as reader:
            seen.append(reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [1]
    writer.close()
    again = CrawlState.open(path)
    assert again.observe_article("https://x.test/a", "h") == "unchanged"
    again.close()


def test_default_path() -> None:
    assert default_state_path("out", "bot") == Path("out/.state/bot.sqlite3")
    assert default_state_path("", None) == Path("output/.state/herald_scraper.sqlite3")


class _Signals:
    def __init__(self) -> None:
        self.connected: list[object] = []

    def connect(self, receiver: object, signal: object, **kwargs: object) -> None:
        self.connected.append(receiver)


def _crawler(settings: dict[str, object]) -> SimpleNamespace:
    from scrapy.settings import Settings

    return SimpleNamespace(settings=Settings(settings), signals=_Signals())


def test_get_crawl_state_opens_once_and_closes_on_stop(tmp_path: Path) -> None:
    crawler = _crawler({"HERALD_OUTPUT_DIR": str(tmp_path), "BOT_NAME": "proj"})
    state = get_crawl_state(crawler)  # type: ignore[arg-type]
    assert state is not None and crawler.herald_state is state
    assert get_crawl_state(crawler) is state  # type: ignore[arg-type]
    assert state.path == tmp_path / ".state" / "proj.sqlite3"
    (close,) = crawler.signals.connected
    close()  # type: ignore[operator]
    with pytest.raises(sqlite3.ProgrammingError):
        state.get_meta("x")


def test_get_crawl_state_off_and_explicit_path(tmp_path: Path) -> None:
    off = _crawler({"HERALD_STATE": "off", "HERALD_OUTPUT_DIR": str(tmp_path)})
    assert get_crawl_state(off) is None  # type: ignore[arg-type]
    assert not (tmp_path / ".state").exists()
    custom = _crawler({"HERALD_STATE_PATH": str(tmp_path / "custom.db")})
    state = get_crawl_state(custom)  # type: ignore[arg-type]
    assert state is not None and state.path == tmp_path / "custom.db"
    state.close()
