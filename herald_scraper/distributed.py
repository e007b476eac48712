"""Distributed crawls: any number of ``scrapy crawl`` workers share one frontier in Redis.

``-s REDIS_URL=redis://host:port/db`` (or the environment variable ``HERALD_REDIS_URL``) switches
any herald spider to scrapy-redis's ``Scheduler`` (a priority queue in Redis) and its
``RFPDupeFilter`` (a Redis set of request fingerprints): every worker pushes the links it finds
to the shared queue and pops the next request from it, and a URL any worker ever requested is not
requested again by any. The queue persists (``SCHEDULER_PERSIST``), so a worker that starts late
or is restarted joins the same crawl. Only scrapy-redis's scheduler and dupefilter are used, with
herald's own spiders and their async ``start()``: scrapy-redis's ``RedisSpider`` relies on
``start_requests()``, which Scrapy 2.16 removed.

:func:`configure` sets this up; the ``crawl`` command (:mod:`herald_scraper.commands.crawl`) and
the add-on (:mod:`herald_scraper.addon`) call it once ``-s`` settings are known. Values set
explicitly (``-s SCHEDULER_PERSIST=False``) win over the ones set here.

:class:`RedisIdleClose` makes workers exit on their own: a worker with nothing to do stays open
while the shared queue has requests or any worker was busy lately (it may yet find links), and
closes once the queue has been empty and every worker idle for ``HERALD_REDIS_IDLE_CLOSE``
seconds. The crawl is then over, and the seen-set is deleted: the next run (scheduled hourly,
say) starts afresh, and the crawl state decides what is new, as in a one-process crawl.

A worker that is killed stops reporting: the requests it had taken and not finished go back in
the queue (:class:`Scheduler`), and it counts as idle.

redis and scrapy-redis are imported only by a distributed crawl: the scheduler is in
:mod:`herald_scraper.distributed_redis` (also reachable as ``herald_scraper.distributed.Scheduler``)
and :class:`RedisIdleClose` connects on creation. Every ``scrapy crawl`` imports this module (the
``crawl`` command, the JSONL writer), and a one-process crawl has no use for the ~6 MB of the
Redis client.

Settings:

* ``REDIS_URL`` (default unset; env ``HERALD_REDIS_URL``): the Redis server; set: distributed.
* ``HERALD_REDIS_IDLE_CLOSE`` (default ``30``): seconds the shared queue must be empty and all
  workers idle before a worker closes (reason ``finished``).
* ``HERALD_WORKER_ID`` (default ``""``: ``<hostname>-<pid>``): this worker's name, in its JSONL
  file name (:mod:`herald_scraper.pipelines.jsonl`) and in Redis's list of workers.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Self

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

#: Environment variable read when ``REDIS_URL`` is not set.
ENV_REDIS_URL = "HERALD_REDIS_URL"

#: Set at ``project`` priority: above defaults and the add-on's, below ``-s``.
SETTINGS: dict[str, Any] = {
    "SCHEDULER": "herald_scraper.distributed_redis.Scheduler",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
    # keys named for the project, so other scrapy-redis users of the server are not touched
    "SCHEDULER_QUEUE_KEY": "herald:%(spider)s:requests",
    "SCHEDULER_DUPEFILTER_KEY": "herald:%(spider)s:dupefilter",
}

#: Seconds between a busy worker's reports.
HEARTBEAT = 1.0

#: Redis hash: worker id -> the last time (epoch seconds) it was busy.
WORKERS_KEY = "herald:%(spider)s:workers"
#: Redis hash per worker: fingerprint -> encoded request, for requests taken and not done.
INFLIGHT_KEY = "herald:%(spider)s:inflight:%(worker)s"
#: Request meta key: the fingerprints under which the request is noted in flight.
META_INFLIGHT = "_herald_inflight"


def redis_url(settings: BaseSettings) -> str:
    """The Redis URL of a distributed crawl, or ``""``."""
    return str(settings.get("REDIS_URL") or os.environ.get(ENV_REDIS_URL) or "")


def is_distributed(settings: BaseSettings) -> bool:
    return bool(redis_url(settings))


def configure(settings: BaseSettings) -> None:
    """Switch ``settings`` to the shared Redis frontier when a Redis URL is given."""
    url = redis_url(settings)
    if not url:
        return
    settings.set("REDIS_URL", url, priority="project")
    for name, value in SETTINGS.items():
        settings.set(name, value, priority="project")
    # the extension is harmless outside this mode (NotConfigured), but list it only here
    settings.setdefault_in_component_priority_dict("EXTENSIONS", RedisIdleClose, 520)
    # last before the spider: its output has been handled when the page is done
    settings.setdefault_in_component_priority_dict("SPIDER_MIDDLEWARES", InflightDone, 990)


def __getattr__(name: str) -> Any:
    """``Scheduler``, imported on first use (PEP 562): it pulls in redis and scrapy-redis."""
    if name == "Scheduler":
        from herald_scraper.distributed_redis import Scheduler

        return Scheduler
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def worker_id(settings: BaseSettings) -> str:
    """``HERALD_WORKER_ID``, else ``<hostname>-<pid>``: unique among running workers."""
    given = str(settings.get("HERALD_WORKER_ID") or "")
    return given or f"{socket.gethostname()}-{os.getpid()}"


class InflightDone:
    """Spider middleware: a page whose callback output has all been handled is done (see
    :class:`Scheduler`)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not is_distributed(crawler.settings):
            raise NotConfigured("no REDIS_URL")
        return cls(crawler)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            yield output
        self.done(response)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        yield from result
        self.done(response)

    def done(self, response: Any) -> None:
        scheduler = getattr(self.crawler.spider, "herald_scheduler", None)
        if scheduler is not None and response.request is not None:
            scheduler.done(response.request)


class RedisIdleClose:
    """Keep an idle worker open while the shared frontier may still grow (see module doc)."""

    def __init__(self, crawler: Crawler) -> None:
        from scrapy_redis.connection import get_redis_from_settings

        settings = crawler.settings
        self.crawler = crawler
        self.idle_close = settings.getfloat("HERALD_REDIS_IDLE_CLOSE", 30.0)
        self.worker = worker_id(settings)
        self.server = get_redis_from_settings(settings)
        self.key = ""
        self.queue_key = ""
        self.idle = False
        """Did the engine report this worker idle since its last request or response? Busy
        otherwise (downloading, or extracting a page that may hold new links)."""
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.busy, signal=signals.request_scheduled)
        crawler.signals.connect(self.busy, signal=signals.request_reached_downloader)
        crawler.signals.connect(self.busy, signal=signals.response_received)
        crawler.signals.connect(self.busy, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not is_distributed(crawler.settings):
            raise NotConfigured("no REDIS_URL")
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        self.key = WORKERS_KEY % {"spider": spider.name}
        self.queue_key = self.crawler.settings.get("SCHEDULER_QUEUE_KEY") % {"spider": spider.name}
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(HEARTBEAT, now=True)
        logger.info("distributed crawl: worker %s on %s", self.worker, self.key)

    def busy(self, *args: Any, **kwargs: Any) -> None:
        self.idle = False

    def beat(self) -> None:
        """Every second: tell the other workers this one is busy (a killed worker stops)."""
        if not self.idle:
            self.server.hset(self.key, self.worker, time.time())

    def spider_idle(self, spider: Any) -> None:
        """Close only when the queue is empty and no worker was busy for ``idle_close``."""
        self.idle = True
        scheduler = getattr(spider, "herald_scheduler", None)
        if scheduler is not None:
            # idle: nothing of ours is in flight (a request whose download failed is noted
            # still: no spider middleware sees its errback)
            scheduler.server.delete(scheduler.inflight_key(scheduler.worker))
        if scheduler is not None and scheduler.reclaim_dead(self.idle_close):
            raise DontCloseSpider  # their requests are back in the queue
        if self.queued():
            raise DontCloseSpider
        last_busy = max((float(v) for v in self.server.hvals(self.key)), default=0.0)
        if time.time() - last_busy < self.idle_close:
            raise DontCloseSpider
        # The crawl is over: forget its fingerprints, so the next (scheduled) run fetches again
        # and the crawl state decides what is new, as in a one-process crawl.
        dupefilter = self.crawler.settings.get("SCHEDULER_DUPEFILTER_KEY")
        self.server.delete(dupefilter % {"spider": spider.name})
        logger.info(
            "distributed crawl: frontier empty and all workers idle for %.0f s: closing",
            self.idle_close,
        )

    def queued(self) -> int:
        """Requests in the shared queue (a sorted set; a list for the FIFO/LIFO queues)."""
        kind = self.server.type(self.queue_key)
        if kind == "zset":
            return int(self.server.zcard(self.queue_key))
        if kind == "list":
            return int(self.server.llen(self.queue_key))
        return 0

    def spider_closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.server.hdel(self.key, self.worker)
