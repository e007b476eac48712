"""Strip cross-page boilerplate: lines a site repeats on many of its pages in this crawl.

The learning is :class:`herald_scraper.extraction.crosspage.CrossPageLearner` (pure); this is
the Scrapy shell: it feeds each record's body lines to the learner, removes the site's learned
lines from the record (recomputing ``word_count`` and ``content_hash``), counts removals in the
``herald/crosspage/removed`` stat, and persists what was learned in the crawl state (key
``boilerplate/<site>``) so a scheduled re-run starts informed.

The first pages of a site in a fresh crawl are written before a line is learned (a line is
learned on its ``HERALD_CROSSPAGE_MIN_PAGES``-th page, which is already stripped); every later
record is clean. With a saved state, a re-run strips learned lines from its first record on.

Settings (defaults in ``herald_scraper.settings``):

* ``HERALD_CROSSPAGE`` (``True``): enable the pipeline.
* ``HERALD_CROSSPAGE_MIN_PAGES`` (``3``): distinct pages a line must be seen on.
* ``HERALD_CROSSPAGE_MIN_SHARE`` (``0.05``): ...and at least this share of the site's pages seen.
* ``HERALD_CROSSPAGE_MAX_WORDS`` (``50``): longer lines are never learned (see the learner).
* ``HERALD_CROSSPAGE_MAX_SITES`` (``256``): sites kept in memory (least recently used evicted).

Order (``ITEM_PIPELINES`` 350): after validation (only real articles teach it), dedupe and the
crawl state's change check, before the writer. The state must compare the *extracted* text:
were it to compare stripped text, an article written before a line was learned would look
"changed" on the next run just because the learner knows more. The written ``content_hash`` is
the one of the final (stripped) text.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol, Self

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler

from herald_scraper.discovery.urls import registered_domain
from herald_scraper.extraction.crosspage import CrossPageLearner
from herald_scraper.items import content_hash

logger = logging.getLogger(__name__)

META_PREFIX = "boilerplate/"


class MetaStore(Protocol):
    """The part of the crawl state this pipeline uses (``herald_scraper.state.CrawlState``)."""

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...


class CrossPageBoilerplatePipeline:
    def __init__(
        self, crawler: Crawler, learner: CrossPageLearner, store: MetaStore | None = None
    ) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.learner = learner
        self._store = store
        self.enabled = crawler.settings.getbool("HERALD_CROSSPAGE", True)
        self._loaded: set[str] = set()
        self._dirty: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        learner = CrossPageLearner(
            min_pages=settings.getint("HERALD_CROSSPAGE_MIN_PAGES", 3),
            min_share=settings.getfloat("HERALD_CROSSPAGE_MIN_SHARE", 0.05),
            max_words=settings.getint("HERALD_CROSSPAGE_MAX_WORDS", 50),
            max_sites=settings.getint("HERALD_CROSSPAGE_MAX_SITES", 256),
        )
        return cls(crawler, learner)

    @property
    def store(self) -> MetaStore | None:
        """The crawl state of spiders that keep one (``spider.herald_state``, as the state
        pipeline uses it); None for stateless spiders such as ``urls``: learning then lasts one
        crawl."""
        if self._store is None:
            self._store = getattr(self.crawler.spider, "herald_state", None)
        return self._store

    def process_item(self, item: Any) -> Any:
        if not self.enabled:
            return item
        adapter = ItemAdapter(item)
        text = adapter.get("text") or ""
        site = registered_domain(adapter.get("url") or "")
        if not text or not site:
            return item
        self._load(site)
        lines = text.split("\n")
        if self.learner.observe(site, lines):
            self._dirty.add(site)
        kept, removed = self.learner.strip(site, lines)
        if not removed:
            return item
        if not kept:
            # Everything "learned": a site of near-identical pages. Keep the record as it is.
            logger.debug("crosspage: would empty %s, kept as is", adapter.get("url"))
            return item
        new_text = "\n".join(kept)
        adapter["text"] = new_text
        adapter["word_count"] = len(new_text.split())
        adapter["content_hash"] = content_hash(new_text)
        if self.stats is not None:
            self.stats.inc_value("herald/crosspage/removed", len(removed))
            self.stats.inc_value("herald/crosspage/records")
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self.store is None:
            return
        for site in sorted(self._dirty):
            data = self.learner.to_json(site)
            if data is not None:
                try:
                    self.store.set_meta(META_PREFIX + site, data)
                except Exception:  # noqa: BLE001 — losing the cache must not fail the crawl
                    logger.exception("crosspage: could not save learned lines of %s", site)
        if self.stats is not None and self._dirty:
            self.stats.set_value("herald/crosspage/sites_learned", len(self._dirty))

    def _load(self, site: str) -> None:
        """Seed the learner with what earlier crawls learned for ``site`` (once per crawl)."""
        if site in self._loaded:
            return
        self._loaded.add(site)
        if self.store is None:
            return
        try:
            count = self.learner.from_json(site, self.store.get_meta(META_PREFIX + site))
        except Exception:  # noqa: BLE001 — a broken state file must not fail the crawl
            logger.exception("crosspage: could not load learned lines of %s", site)
            return
        if count:
            logger.info("crosspage: %s: %d line(s) learned in earlier crawls", site, count)
