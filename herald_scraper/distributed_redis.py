"""The scheduler of a distributed crawl (:mod:`herald_scraper.distributed`): scrapy-redis's,
plus the requests a worker has in flight, so that those of a killed worker go back in the queue.

A module of its own so that only a distributed crawl imports redis and scrapy-redis
(``SCHEDULER = "herald_scraper.distributed_redis.Scheduler"``, set by
:func:`herald_scraper.distributed.configure`).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any, Self

from redis.exceptions import ResponseError
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from herald_scraper.distributed import INFLIGHT_KEY, META_INFLIGHT, WORKERS_KEY, worker_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("herald_scraper.distributed")


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler that notes each request it hands out as in flight for this
    worker until its page is done (:class:`~herald_scraper.distributed.InflightDone`); the
    requests a killed worker had taken are put back in the queue by the first worker that finds
    it dead (no report for ``HERALD_REDIS_IDLE_CLOSE`` seconds), or by the worker itself
    restarted with the same ``HERALD_WORKER_ID``. A worker that closes normally has none left."""

    worker = ""
    workers_key = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        instance = super().from_crawler(crawler)
        instance.worker = worker_id(crawler.settings)
        instance.crawler = crawler
        return instance  # type: ignore[no-any-return]

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.workers_key = WORKERS_KEY % {"spider": spider.name}
        spider.herald_scheduler = self
        self.reclaim(self.worker)  # a previous run of this worker, killed

    def inflight_key(self, worker: str) -> str:
        return INFLIGHT_KEY % {"spider": self.spider.name, "worker": worker}

    def next_request(self) -> Any:
        request = super().next_request()
        if request is not None:
            fp = self.df.request_fingerprint(request)
            request.meta[META_INFLIGHT] = [*request.meta.get(META_INFLIGHT, ()), fp]
            self.server.hset(
                self.inflight_key(self.worker), fp, self.queue._encode_request(request)
            )
            self.server.hset(self.workers_key, self.worker, time.time())  # busy from now
        return request

    def done(self, request: Any) -> None:
        fingerprints = request.meta.get(META_INFLIGHT)
        if fingerprints:
            self.server.hdel(self.inflight_key(self.worker), *fingerprints)

    def reclaim(self, worker: str) -> int:
        """Put the requests ``worker`` had in flight back in the queue; how many."""
        key = self.inflight_key(worker)
        taken = f"{key}:reclaiming:{self.worker}"
        try:
            self.server.rename(key, taken)  # atomic: one worker reclaims
        except ResponseError:  # no such key
            return 0
        count = 0
        for data in self.server.hvals(taken):
            request = self.queue._decode_request(data)
            request.meta.pop(META_INFLIGHT, None)
            self.queue.push(request)  # past the seen-set: it is in it already
            count += 1
        self.server.delete(taken)
        if count:
            logger.warning(
                "distributed crawl: %d request(s) of worker %s, which stopped, back in the queue",
                count,
                worker,
            )
        return count

    def reclaim_dead(self, idle_close: float) -> int:
        """Reclaim the requests of workers silent for ``idle_close`` seconds."""
        now = time.time()
        count = 0
        for worker, beat in self.server.hgetall(self.workers_key).items():
            name = worker.decode() if isinstance(worker, bytes) else str(worker)
            if name != self.worker and now - float(beat) >= idle_close:
                count += self.reclaim(name)
        return count

    def close(self, reason: str) -> None:
        self.server.delete(self.inflight_key(self.worker))  # a clean end: nothing in flight
        super().close(reason)
