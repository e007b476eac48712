"""The crawl state in Redis, for distributed crawls: workers agree on what is new.

In a distributed crawl (``REDIS_URL`` set, :mod:`herald_scraper.distributed`) the workers may run
on several machines, so the SQLite file of :mod:`herald_scraper.state` cannot be shared; this
class keeps the same tables in Redis hashes on the crawl's server, with the same methods, so
spiders and pipelines use it unchanged:

* ``herald:state:urls`` (URL -> article, stamp, seen_at) and ``herald:state:articles`` (key ->
  content hash, first/last seen, last changed): a URL or article any worker recorded is known
  to all, in this run and the next ones;
* ``herald:state:meta``: learned per-site boilerplate lines (``boilerplate/<site>``), shared;
* ``herald:state:writing:<worker id>``: the record this worker is writing (its file is on this
  worker's disk, so the note is the worker's own): a worker restarted with the same
  ``HERALD_WORKER_ID`` records the article a kill left unconfirmed, as the SQLite state does.

There is no ``frontier`` here: the shared Redis request queue is the frontier.
:meth:`transaction` groups nothing: each write is one atomic Redis command, and the order
(write the line, then record it) is what keeps a kill from losing an article.

What a Redis restart loses depends on the server's persistence (RDB snapshots, AOF): without
any, the state is gone and the next run writes every article again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from herald_scraper.state import (
    ChangeKind,
    CrawlState,
    KnownArticle,
    KnownUrl,
    _now,
    change_kind,
    later_stamp,
)

logger = logging.getLogger(__name__)

PREFIX = "herald:state:"


class RedisCrawlState(CrawlState):
    """:class:`~herald_scraper.state.CrawlState`'s interface on a Redis server."""

    def __init__(self, server: Any, worker: str, prefix: str = PREFIX) -> None:
        self.server = server
        self.path = None
        self.urls = prefix + "urls"
        self.articles = prefix + "articles"
        self.meta = prefix + "meta"
        self.writing = f"{prefix}writing:{worker}"

    @classmethod
    def from_url(cls, url: str, worker: str) -> RedisCrawlState:
        import redis

        server = redis.Redis.from_url(url, decode_responses=True)
        server.ping()
        logger.info("crawl state: Redis %s (worker %s)", url, worker)
        return cls(server, worker)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield

    def close(self) -> None:
        self.server.close()

    # --- URLs ---------------------------------------------------------------------------
    def known_url(self, url: str) -> KnownUrl | None:
        raw = self.server.hget(self.urls, url)
        if raw is None:
            return None
        article, stamp, _seen = json.loads(raw)
        return KnownUrl(article, stamp)

    def record_url(self, url: str, *, article: str | None, stamp: str | None) -> None:
        known = self.known_url(url)
        stamp = later_stamp(known.stamp if known else None, stamp)
        self.server.hset(self.urls, url, json.dumps([article, stamp, _now()]))

    # --- articles -----------------------------------------------------------------------
    def article(self, key: str) -> KnownArticle | None:
        raw = self.server.hget(self.articles, key)
        return KnownArticle(*json.loads(raw)) if raw is not None else None

    def observe_article(self, key: str, content_hash: str) -> ChangeKind:
        previous = self.article(key)
        kind = change_kind(previous.content_hash if previous else None, content_hash)
        now = _now()
        if previous is None:
            row = [content_hash, now, now, now]
        elif kind == "changed":
            row = [content_hash, previous.first_seen, now, now]
        else:
            row = [content_hash, previous.first_seen, now, previous.last_changed]
        self.server.hset(self.articles, key, json.dumps(row))
        return kind

    def counts(self) -> dict[str, int]:
        return {
            "urls": int(self.server.hlen(self.urls)),
            "articles": int(self.server.hlen(self.articles)),
            "meta": int(self.server.hlen(self.meta)),
            "frontier": 0,
            "writing": int(self.server.hlen(self.writing)),
        }

    # --- the record being written ---------------------------------------------------------
    def begin_write(self, key: str, content_hash: str, path: str, offset: int) -> None:
        self.server.hset(self.writing, key, json.dumps([content_hash, path, offset]))

    def end_write(self, key: str) -> None:
        self.server.hdel(self.writing, key)

    def unfinished_writes(self) -> list[tuple[str, str, str, int]]:
        rows = self.server.hgetall(self.writing).items()
        return [(key, *json.loads(raw)) for key, raw in rows]

    # --- frontier: the shared request queue is the frontier --------------------------------
    def add_frontier(self, spider: str, url: str, depth: int) -> None:
        pass

    def done_frontier(self, url: str) -> None:
        pass

    def frontier(self, spider: str) -> list[tuple[str, int]]:
        return []

    def clear_frontier(self, spider: str, urls: list[str] | None = None) -> None:
        pass

    # --- generic key/value --------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        value = self.server.hget(self.meta, key)
        return str(value) if value is not None else None

    def set_meta(self, key: str, value: str) -> None:
        self.server.hset(self.meta, key, value)
