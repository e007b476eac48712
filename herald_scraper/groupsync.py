"""Group commit: ``fdatasync`` of an append-only file off the event loop, one sync for many records.

The JSONL writer must not tell the crawl state "written" before a record's line is on disk
(:mod:`herald_scraper.pipelines.jsonl`). Syncing each line on the reactor thread costs a few
milliseconds per record during which nothing else in the crawl moves. Here a record's writer
awaits :meth:`GroupSync.sync`: a single background thread runs ``fdatasync``, and every record
written before a sync started is durable when it returns, so records that arrive while one sync
runs share the next one. The guarantee is unchanged (no record is reported before its line is
on disk); the reactor never waits for the disk.

A failed sync (``EIO``, ``ENOSPC`` on a thin volume) breaks the group for good: every record
waiting, and every later call, gets the error, and :attr:`durable_end` says up to which offset
the file is known to be on disk. No Scrapy in here.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import Future as ThreadFuture
from concurrent.futures import ThreadPoolExecutor

logger = logging.getLogger(__name__)

# fdatasync skips the inode's timestamps (one write less); macOS has only fsync
fdatasync = getattr(os, "fdatasync", os.fsync)


class GroupSync:
    """Durability of appends to ``fd``, shared by every record written before each sync."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.durable_end = os.lseek(fd, 0, os.SEEK_END)
        """Offset up to which the file is known to be on disk."""
        self.syncs = 0
        """``fdatasync`` calls made (fewer than records when records shared them)."""
        self.error: OSError | None = None
        """The failure that broke the group, if any."""
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="herald-fsync")
        self._waiting: list[asyncio.Future[None]] = []  # written, not yet in a running sync
        self._running: ThreadFuture[None] | None = None

    async def sync(self) -> None:
        """Return once everything written to the file before this call is on disk; raises the
        ``OSError`` of a failed sync (then, and after, for every caller)."""
        if self.error is not None:
            raise self.error
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiting.append(waiter)
        if self._running is None:
            self._start(loop)
        await waiter

    def drain(self) -> OSError | None:
        """Blocking: finish the running sync and sync what is waiting, on the calling thread
        (the writer's failure path, before it truncates and closes the file). Returns the
        error that broke the group, if any."""
        if self._running is not None:
            exc = self._running.exception()  # waits for it
            if exc is not None:  # never sync again after a failure: a retry can "succeed"
                assert isinstance(exc, OSError)  # on pages the kernel has already dropped
                self._break(exc, self._waiting)
                self._waiting = []
        if self._waiting and self.error is None:
            end = os.lseek(self.fd, 0, os.SEEK_END)
            try:
                fdatasync(self.fd)
            except OSError as exc:
                self._break(exc, self._waiting)
            else:
                self.durable_end = end
                self._settle(self._waiting, None)
            self._waiting = []
        return self.error

    def close(self) -> None:
        """Stop the sync thread (after its current sync)."""
        self._executor.shutdown(wait=True)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        batch, self._waiting = self._waiting, []
        end = os.lseek(self.fd, 0, os.SEEK_END)
        running = self._executor.submit(fdatasync, self.fd)
        self._running = running

        def finished(job: ThreadFuture[None]) -> None:
            loop.call_soon_threadsafe(self._finished, loop, job, batch, end)

        running.add_done_callback(finished)

    def _finished(
        self,
        loop: asyncio.AbstractEventLoop,
        job: ThreadFuture[None],
        batch: list[asyncio.Future[None]],
        end: int,
    ) -> None:
        self._running = None
        self.syncs += 1
        exc = job.exception()
        if exc is not None:
            assert isinstance(exc, OSError)
            self._break(exc, batch + self._waiting)
            self._waiting = []
            return
        self.durable_end = max(self.durable_end, end)
        self._settle(batch, None)
        if self._waiting and self.error is None:
            self._start(loop)

    def _break(self, exc: OSError, waiters: list[asyncio.Future[None]]) -> None:
        if self.error is None:
            self.error = exc
            logger.error("fdatasync failed: %s", exc)
        self._settle(waiters, exc)

    @staticmethod
    def _settle(waiters: list[asyncio.Future[None]], exc: OSError | None) -> None:
        for waiter in waiters:
            if waiter.done():
                continue
            if exc is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(exc)
