"""Persistent crawl state for incremental, scheduled runs: one SQLite file per project.

What is remembered, and why:

* ``urls``: every URL a crawl fetched and extracted (the discovered URL, the final URL after
  redirects, the page's canonical URL), with the ``stamp`` its sitemap/feed gave it (``lastmod``
  or entry date) and the article it led to (NULL for a page that was no article). A re-run skips
  a known URL whose stamp did not change, so hourly runs fetch nothing twice.
* ``articles``: per canonical URL, the ``content_hash`` of the text last written and when it was
  first/last seen and last changed. A re-run writes a record only when the hash is new.
* ``meta``: a generic key/value table for other components (e.g. learned boilerplate,
  key ``boilerplate/<site>``).
* ``writing``: the record being written (its article key, hash, file and offset), inserted
  just before the line is written and deleted when the article is recorded. A process killed
  in between leaves the row: the next run reads the file at that offset and records the
  article if its line is there, so it is neither lost nor written twice.
* ``frontier``: pages a site crawl has requested but not finished (fetched, and for an article
  written). A crawl that ends uncleanly (killed) leaves them there, and the next run requests
  them again; a crawl that finishes clears its spider's rows.

Write first, then record: a URL that led to an article and the article's hash are recorded only
after the article's line is on disk (:mod:`herald_scraper.pipelines.state`), so a failed write or
a kill never leaves the state vouching for a record that does not exist.

The file is in WAL mode so readers (a notebook, a second crawl) never block the writer, and
every write is one small autocommitted statement: nothing is lost when a crawl is killed.

Settings (read by :func:`get_crawl_state`):

* ``HERALD_STATE`` (default ``"on"``): ``off``/``false``/``0``/``no`` disables the state, every
  run is then a full crawl that writes every article.
* ``HERALD_STATE_PATH`` (default ``""``): the SQLite file; empty means
  ``<HERALD_OUTPUT_DIR or output>/.state/<BOT_NAME>.sqlite3``. In a distributed crawl
  (``REDIS_URL`` set) the state is in Redis instead (:mod:`herald_scraper.state_redis`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from herald_scraper.discovery.dates import parse_w3c_datetime
from herald_scraper.errors import HeraldError

if TYPE_CHECKING:  # the pure part of this module must import without Scrapy
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ChangeKind = Literal["new", "changed", "unchanged"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    article TEXT,
    stamp TEXT,
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    last_changed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS writing (
    key TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    path TEXT NOT NULL,
    offset INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY,
    spider TEXT NOT NULL,
    depth INTEGER NOT NULL
);
"""

_OFF = frozenset({"off", "false", "0", "no", "none", "disabled"})


class StateError(HeraldError):
    """The crawl state file cannot be opened or is not a SQLite database."""


def change_kind(previous_hash: str | None, content_hash: str) -> ChangeKind:
    """``new`` (never written), ``changed`` (text differs) or ``unchanged``."""
    if previous_hash is None:
        return "new"
    return "unchanged" if previous_hash == content_hash else "changed"


def needs_fetch(known: bool, old_stamp: str | None, new_stamp: str | None) -> bool:
    """Should a sitemap/feed entry be fetched? Only when unknown or dated later than last time.

    An entry we already have is not fetched when it has no date, or had none when we fetched
    it: the source gives no sign of a change, and re-fetching every undated entry every hour is
    what incremental runs avoid. "Later", not "different": the same URL listed by an RSS feed
    (``pubDate``) and an Atom feed (``updated``) must not look changed on every run.
    """
    if not known:
        return True
    if old_stamp is None or new_stamp is None:
        return False
    return compare_stamps(old_stamp, new_stamp) < 0


def compare_stamps(a: str, b: str) -> int:
    """-1, 0 or 1 as discovery date ``a`` is before, same as, or after ``b``.

    Sites list one URL in several sitemaps with ``2024-07-10`` in one and
    ``2024-07-10T08:30:00+01:00`` in another, so a date-only stamp is compared at day precision
    (the datetime's own calendar day). Unparsable stamps: equal text is 0, else ``b`` is later.
    """
    if a == b:
        return 0
    if len(a) == 10 or len(b) == 10:  # YYYY-MM-DD
        left, right = a[:10], b[:10]
        return (left > right) - (left < right)
    a_dt, b_dt = parse_w3c_datetime(a), parse_w3c_datetime(b)
    if a_dt is None or b_dt is None:
        return -1
    return (a_dt > b_dt) - (a_dt < b_dt)


def later_stamp(a: str | None, b: str | None) -> str | None:
    """The later of two stamps (either may be None)."""
    if a is None or b is None:
        return a or b
    return b if compare_stamps(a, b) < 0 else a


def state_enabled(value: object) -> bool:
    """Interpret the ``HERALD_STATE`` setting (bools and on/off strings)."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in _OFF


@dataclass(frozen=True)
class KnownUrl:
    """A URL row: the article key it led to (None: no article) and its discovery stamp."""

    article: str | None
    stamp: str | None


@dataclass(frozen=True)
class KnownArticle:
    content_hash: str
    first_seen: str
    last_seen: str
    last_changed: str


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlState:
    """The SQLite crawl state. Open with :meth:`open`; use from one thread (the reactor's)."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None = None) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> CrawlState:
        """Open (creating folders, file and tables as needed) the state at ``path``; raises
        :class:`StateError` (with the way out) when it cannot be opened or is corrupt."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: autocommit, each small write is durable at once.
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; fsync at checkpoints
                db.executescript(_SCHEMA)
                # cheap structural check (pages are read lazily, so a damaged file may pass
                # the statements above and fail mid-crawl)
                if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("integrity check failed")
            except sqlite3.Error:
                db.close()
                raise
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"crawl state {path} is corrupt ({exc}): move it away or delete it to start a "
                f"fresh state (every article is then written again), or run with "
                f"-s HERALD_STATE_PATH=OTHER_FILE or -s HERALD_STATE=off"
            ) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StateError(
                f"cannot open crawl state {path} ({exc}): fix its folder's permissions, or run "
                f"with -s HERALD_STATE_PATH=OTHER_FILE or -s HERALD_STATE=off"
            ) from exc
        logger.info("crawl state: %s", path)
        return cls(db, path)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic commit (all of them survive a kill, or none)."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # --- URLs ---------------------------------------------------------------------------
    def known_url(self, url: str) -> KnownUrl | None:
        row = self.db.execute("SELECT article, stamp FROM urls WHERE url = ?", (url,)).fetchone()
        return KnownUrl(row[0], row[1]) if row else None

    def should_fetch(self, url: str, stamp: str | None) -> bool:
        """:func:`needs_fetch` for ``url`` against what the state knows."""
        known = self.known_url(url)
        return needs_fetch(known is not None, known.stamp if known else None, stamp)

    def is_known_article(self, url: str) -> bool:
        known = self.known_url(url)
        return known is not None and known.article is not None

    def record_url(self, url: str, *, article: str | None, stamp: str | None) -> None:
        """Remember that ``url`` was fetched, what it led to, and its discovery stamp (the latest
        one known: a URL listed by two sitemaps with different dates keeps the later)."""
        known = self.known_url(url) if stamp is not None else None
        stamp = later_stamp(known.stamp if known else None, stamp)
        self.db.execute(
            "INSERT INTO urls (url, article, stamp, seen_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET article = excluded.article, "
            "stamp = COALESCE(excluded.stamp, urls.stamp), seen_at = excluded.seen_at",
            (url, article, stamp, _now()),
        )

    # --- articles -----------------------------------------------------------------------
    def article(self, key: str) -> KnownArticle | None:
        row = self.db.execute(
            "SELECT content_hash, first_seen, last_seen, last_changed FROM articles WHERE key = ?",
            (key,),
        ).fetchone()
        return KnownArticle(*row) if row else None

    def change_of(self, key: str, content_hash: str) -> ChangeKind:
        """What :meth:`observe_article` would say, without recording anything."""
        previous = self.article(key)
        return change_kind(previous.content_hash if previous else None, content_hash)

    def observe_article(self, key: str, content_hash: str) -> ChangeKind:
        """Compare ``content_hash`` with the stored one, store it, and say what changed."""
        previous = self.article(key)
        kind = change_kind(previous.content_hash if previous else None, content_hash)
        now = _now()
        if kind == "new":
            self.db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?)", (key, content_hash, now, now, now)
            )
        elif kind == "changed":
            self.db.execute(
                "UPDATE articles SET content_hash = ?, last_seen = ?, last_changed = ? "
                "WHERE key = ?",
                (content_hash, now, now, key),
            )
        else:
            self.db.execute("UPDATE articles SET last_seen = ? WHERE key = ?", (now, key))
        return kind

    def counts(self) -> dict[str, int]:
        """Row counts per table (for logs and tests)."""
        return {
            table: self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("urls", "articles", "meta", "frontier", "writing")
        }

    # --- the record being written ---------------------------------------------------------
    def begin_write(self, key: str, content_hash: str, path: str, offset: int) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO writing (key, content_hash, path, offset) VALUES (?, ?, ?, ?)",
            (key, content_hash, path, offset),
        )

    def end_write(self, key: str) -> None:
        self.db.execute("DELETE FROM writing WHERE key = ?", (key,))

    def unfinished_writes(self) -> list[tuple[str, str, str, int]]:
        """``(key, content_hash, path, offset)`` of writes a killed run left unconfirmed."""
        return list(self.db.execute("SELECT key, content_hash, path, offset FROM writing"))

    # --- frontier (requested, not finished) ---------------------------------------------
    def add_frontier(self, spider: str, url: str, depth: int) -> None:
        self.db.execute(
            "INSERT INTO frontier (url, spider, depth) VALUES (?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET depth = MIN(depth, excluded.depth)",
            (url, spider, depth),
        )

    def done_frontier(self, url: str) -> None:
        self.db.execute("DELETE FROM frontier WHERE url = ?", (url,))

    def frontier(self, spider: str) -> list[tuple[str, int]]:
        """``(url, depth)`` of the pages ``spider`` requested and never finished."""
        rows = self.db.execute(
            "SELECT url, depth FROM frontier WHERE spider = ? ORDER BY depth, url", (spider,)
        )
        return [(url, depth) for url, depth in rows]

    def clear_frontier(self, spider: str, urls: list[str] | None = None) -> None:
        """Forget ``spider``'s unfinished pages (``urls`` only, when given)."""
        if urls is None:
            self.db.execute("DELETE FROM frontier WHERE spider = ?", (spider,))
        else:
            self.db.executemany("DELETE FROM frontier WHERE url = ?", [(u,) for u in urls])

    # --- generic key/value --------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def default_state_path(output_dir: str | None, bot_name: str | None) -> Path:
    """``<output_dir or "output">/.state/<bot_name>.sqlite3``."""
    return Path(output_dir or "output") / ".state" / f"{bot_name or 'herald_scraper'}.sqlite3"


def get_crawl_state(crawler: Crawler) -> CrawlState | None:
    """The crawl's :class:`CrawlState` (``crawler.herald_state``), opened on first use and
    closed when the spider closes; None when ``HERALD_STATE`` is off."""
    if hasattr(crawler, "herald_state"):
        return crawler.herald_state  # type: ignore[no-any-return]
    settings = crawler.settings
    state: CrawlState | None = None
    if state_enabled(settings.get("HERALD_STATE", "on")):
        from herald_scraper import distributed  # local: imports Scrapy

        if distributed.is_distributed(settings):
            # workers on several machines: the state lives on the crawl's Redis server
            from herald_scraper.state_redis import RedisCrawlState

            state = RedisCrawlState.from_url(
                distributed.redis_url(settings), distributed.worker_id(settings)
            )
            crawler.herald_state = state  # type: ignore[attr-defined]
            return state
        path = settings.get("HERALD_STATE_PATH") or default_state_path(
            settings.get("HERALD_OUTPUT_DIR"), settings.get("BOT_NAME")
        )
        state = CrawlState.open(path)
        from scrapy import signals  # local: keeps the module importable without Scrapy

        # engine_stopped, not spider_closed: other components may still write while closing.
        crawler.signals.connect(_closer(state), signal=signals.engine_stopped, weak=False)
    else:
        logger.info("crawl state disabled (HERALD_STATE=off): every article is written")
    crawler.herald_state = state  # type: ignore[attr-defined]
    return state


def _closer(state: CrawlState) -> Callable[[], None]:
    def close() -> None:
        state.close()

    return close
