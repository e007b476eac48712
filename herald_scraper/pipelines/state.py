"""Incremental runs: write an article only when it is new or its text changed since the last run.

Compares the record's ``content_hash`` with the crawl state (:mod:`herald_scraper.state`),
keyed by the canonical URL. Unchanged records are dropped (``herald/dropped/unchanged``);
changed ones get ``date_modified`` (when the page gives none: the time we saw the change).
Spiders that do not keep state (the ``urls`` spider) and ``-s HERALD_STATE=off`` pass every
record through.

Write first, then record: this pipeline only *looks* at the state. The new hash is stored (and
the record counted in ``herald/new`` or ``herald/changed``) when ``item_scraped`` fires, that is
after the JSONL writer, the last pipeline, has put the line on disk; in the same transaction the
spider records the URLs that led to it (:meth:`DiscoverySpider.page_written`). A record whose
write failed, or that a kill cut short, is therefore unknown to the next run, which writes it.
A kill after the line was written and before it was recorded is caught too: the state notes
each write (key, file, offset) just before it happens (the writer's ``record_writing`` signal),
and the next run, when it opens, records the articles whose lines are there.

Runs after dedupe, so a duplicate within the run never counts as unchanged.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response

from herald_scraper.pipelines.drops import drop
from herald_scraper.pipelines.jsonl import WriteFailed, record_writing

if TYPE_CHECKING:  # the state (and sqlite3) is loaded by the spiders that keep one
    from herald_scraper.state import CrawlState

logger = logging.getLogger(__name__)


class StatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.pending: dict[str, str] = {}
        """Extracted ``content_hash`` of records on their way to the writer, by state key (the
        hash the state compares: later pipelines may strip learned boilerplate)."""
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.record_writing, signal=record_writing)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def state(self) -> Any:
        return getattr(self.crawler.spider, "herald_state", None)

    def open_spider(self, spider: Any = None) -> None:
        state = self.state
        if state is not None:
            recover_writes(state)

    def record_writing(self, item: Any, path: str, offset: int) -> None:
        state = self.state
        if state is None:
            return
        key = _key(ItemAdapter(item))
        if key in self.pending:
            state.begin_write(key, self.pending[key], path, offset)

    def process_item(self, item: Any) -> Any:
        state = self.state
        if state is None:
            return item
        adapter = ItemAdapter(item)
        key = _key(adapter)
        kind = state.change_of(key, adapter["content_hash"])
        if kind == "unchanged":
            state.observe_article(key, adapter["content_hash"])  # last_seen; nothing to write
            raise drop(self.stats, "unchanged", key)
        if kind == "changed":
            if not adapter.get("date_modified"):
                adapter["date_modified"] = adapter.get("fetched_at") or None
            logger.info("changed since the last run: %s", key)
        self.pending[key] = adapter["content_hash"]
        return item

    def item_scraped(self, item: Any, response: Response) -> None:
        """The record is on disk: record it (and the URLs that led to it) in the state."""
        state = self.state
        if state is None:
            return
        key = _key(ItemAdapter(item))
        digest = self.pending.pop(key, None)
        if digest is None:
            return
        with state.transaction():
            kind = state.observe_article(key, digest)
            state.end_write(key)
            page_written = getattr(self.crawler.spider, "page_written", None)
            if page_written is not None:
                page_written(response, written=True)
        if self.stats is not None:
            self.stats.inc_value(f"herald/{kind}")

    def item_dropped(self, item: Any, response: Response, exception: DropItem) -> None:
        """A dropped record (duplicate, too short, unchanged) is done with: its page is recorded
        as fetched. One the writer could not write is not, so the next run fetches it again."""
        if self.state is None:
            return
        key = _key(ItemAdapter(item))
        if self.pending.pop(key, None) is not None:
            self.state.end_write(key)  # not written (cut off if torn)
        page_written = getattr(self.crawler.spider, "page_written", None)
        if page_written is not None:
            page_written(response, written=not isinstance(exception, WriteFailed))

    def item_error(self, item: Any, response: Response, failure: Any) -> None:
        """A pipeline bug: nothing is recorded, the next run tries the page again."""
        if self.state is None:
            return
        self.pending.pop(_key(ItemAdapter(item)), None)
        page_written = getattr(self.crawler.spider, "page_written", None)
        if page_written is not None:
            page_written(response, written=False)


def recover_writes(state: CrawlState) -> None:
    """Record the articles a killed run wrote but had not recorded yet (see ``writing`` in
    :mod:`herald_scraper.state`); forget the notes of writes that did not happen."""
    for key, digest, path, offset in state.unfinished_writes():
        if _line_at(path, offset, key):
            kind = state.observe_article(key, digest)
            logger.info("recorded %s (%s), written by a run that was killed", key, kind)
        else:
            _cut_torn_tail(path, offset)
        state.end_write(key)


def _cut_torn_tail(path: str, offset: int) -> None:
    """A kill can land inside the write(2) of a line (the kernel copies a long write page by
    page and stops at a fatal signal): cut such a piece when it is the end of the file, so
    every line of a run's output stays valid JSON. Nothing else is touched."""
    try:
        with open(path, "rb+") as fh:
            fh.seek(offset)
            tail = fh.read()
            if not tail or b"\n" in tail:
                return  # nothing torn at the end (or the line was never written)
            fh.truncate(offset)
    except OSError as exc:
        logger.warning("could not cut the torn last line of %s: %s", path, exc)
        return
    logger.warning("cut the torn last line of %s (%d bytes, a killed run's write)", path, len(tail))


def _line_at(path: str, offset: int, key: str) -> bool:
    """Is there a whole JSONL line at ``offset`` of ``path`` whose record has ``key``?"""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            line = fh.readline()
    except OSError:
        return False
    if not line.endswith(b"\n"):
        return False  # torn: not written
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and _key(ItemAdapter(record)) == key


def _key(adapter: ItemAdapter) -> str:
    return str(adapter.get("canonical_url") or adapter["url"])
