"""A pool of worker processes that runs one call at a time per worker, with a per-call timeout.

Why not :class:`concurrent.futures.ProcessPoolExecutor`: a worker that dies breaks the whole
executor and fails every call in flight, and it has no per-call timeout. Here each worker has
its own pipe and a manager thread in the parent that knows which call the worker is running, so
a crash or a timeout fails exactly that call (:class:`WorkerCrashed`, :class:`WorkerTimeout`) and
the worker is replaced; the other workers never notice.

Calls are queued without bound here: the caller bounds them (the crawl does, through Scrapy's
scraper slot). Results are :class:`concurrent.futures.Future` objects, completed from manager
threads (``asyncio.wrap_future`` makes them awaitable on an event loop). No Scrapy in here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from multiprocessing.connection import Connection, wait
from typing import Any

logger = logging.getLogger(__name__)

#: Seconds a worker gets to finish its current call and exit on shutdown before it is killed.
SHUTDOWN_GRACE = 5.0
#: Seconds a new worker gets to import and initialise (not counted in a call's timeout).
STARTUP_TIMEOUT = 120.0


class WorkerError(Exception):
    """The call did not complete in its worker process."""


class WorkerCrashed(WorkerError):
    """The worker process died while running the call (segfault, OOM kill, ``os._exit``)."""


class WorkerTimeout(WorkerError):
    """The call ran longer than the pool's timeout; its worker was killed."""


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _worker_main(conn: Connection, initializer: Callable[[], Any] | None) -> None:
    """Worker loop: receive ``(fn, args)``, send ``(ok, result_or_exception)``; ``None`` stops."""
    # Ctrl-C reaches the whole process group: the parent decides when workers stop, so a first
    # Ctrl-C (Scrapy's graceful shutdown) lets the pages in flight finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        fn, args = task
        try:
            reply: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed back to the caller's future
            reply = (False, exc)
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            conn.send((False, WorkerError(f"result cannot be sent back: {exc!r}")))


class _Worker:
    """One process and its pipe."""

    def __init__(self, ctx: Any, initializer: Callable[[], Any] | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, initializer), name="herald-worker", daemon=True
        )
        self.process.start()
        child.close()  # the parent's copy: EOF on our end when the worker dies
        # Wait until it is ready, so that start-up time never counts against a call's timeout.
        ready = wait([self.conn, self.process.sentinel], STARTUP_TIMEOUT)
        try:
            if not ready or self.conn.recv() != "ready":
                raise EOFError
        except (EOFError, OSError):
            self.kill()
            raise WorkerError(
                f"a worker failed to start (exit code {self.process.exitcode})"
            ) from None

    def stop(self, grace: float) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)
        self.conn.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(1.0)
        self.conn.close()


class WorkerPool:
    """``workers`` processes, each running one call at a time.

    ``start_method``: ``"forkserver"`` (default on Linux: workers fork from a clean server
    process, not from the crawl's threads), ``"spawn"`` or ``"fork"``. ``preload``: modules the
    fork server imports once, so each worker (and each replacement) starts warm.
    ``initializer``: called once in each new worker. ``timeout``: seconds per call (None = none).
    ``max_calls``: a worker that has run this many calls is replaced by a fresh one (None =
    never), as gunicorn's ``max_requests`` or Celery's ``max_tasks_per_child``: what a
    long-lived worker accumulates (heap fragmentation, caches, pages of the fork server's memory
    copied on write) is given back, so memory stays at a young worker's size however long the
    crawl. Counted in :attr:`recycled`.
    """

    def __init__(
        self,
        workers: int,
        *,
        timeout: float | None = None,
        start_method: str | None = None,
        preload: Sequence[str] = (),
        initializer: Callable[[], Any] | None = None,
        max_calls: int | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        methods = multiprocessing.get_all_start_methods()
        method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        self._ctx = multiprocessing.get_context(method)
        if method == "forkserver" and preload:
            self._ctx.set_forkserver_preload(list(preload))
        self.timeout = timeout
        self.size = workers
        self.replaced = 0
        """Workers started again after a crash or a timeout."""
        self.max_calls = max_calls
        self.recycled = 0
        """Workers replaced after ``max_calls`` calls."""
        self._initializer = initializer
        self._tasks: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple] | None] = (
            queue.SimpleQueue()
        )
        self._closed = False
        self._alive = workers  # manager threads still serving
        self._lock = threading.Lock()
        self._workers: list[_Worker | None] = [None] * workers
        self._threads = [
            threading.Thread(target=self._manage, args=(i,), name=f"herald-pool-{i}", daemon=True)
            for i in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker (``fn`` and ``args`` must be picklable)."""
        future: Future[Any] = Future()
        with self._lock:
            if self._closed or not self._alive:
                raise RuntimeError("the pool is shut down")
            self._tasks.put((future, fn, args))
        return future

    def shutdown(self, grace: float = SHUTDOWN_GRACE) -> None:
        """Let the calls already submitted finish, then stop every worker (killed after
        ``grace`` seconds); returns when no worker process is left."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for _ in self._threads:
                self._tasks.put(None)
        for thread in self._threads:
            thread.join()

    def _spawn(self, slot: int) -> _Worker:
        worker = _Worker(self._ctx, self._initializer)
        self._workers[slot] = worker
        return worker

    def _manage(self, slot: int) -> None:
        """Manager thread of one worker: feed it one call at a time, watch for its death and
        for the timeout, replace it when it is lost."""
        worker: _Worker | None = None
        future: Future[Any] | None = None
        try:
            worker = self._spawn(slot)
            calls = 0
            while True:
                task = self._tasks.get()
                if task is None:
                    break
                future, fn, args = task
                if not future.set_running_or_notify_cancel():
                    continue
                error = self._run(worker, future, fn, args)
                calls += 1
                if error is not None:
                    worker.kill()
                    with self._lock:  # before the caller hears of it: it may read the count
                        self.replaced += 1
                    future.set_exception(error)
                    worker, calls = self._spawn(slot), 0
                elif self.max_calls and calls >= self.max_calls:
                    worker.stop(SHUTDOWN_GRACE)
                    with self._lock:
                        self.recycled += 1
                    worker, calls = self._spawn(slot), 0
        except BaseException as exc:  # a pool that cannot start workers must not hang callers
            logger.exception("worker manager %d failed", slot)
            if future is not None and not future.done():
                future.set_exception(WorkerError(f"the pool failed: {exc!r}"))
            with self._lock:
                self._alive -= 1
                last = not self._alive
            if last:
                self._fail_pending(exc)
        finally:
            if worker is not None:
                worker.stop(SHUTDOWN_GRACE)
            self._workers[slot] = None

    def _run(
        self, worker: _Worker, future: Future[Any], fn: Callable[..., Any], args: tuple
    ) -> WorkerError | None:
        """Run one call in ``worker``; the error that makes the worker unusable, else None."""
        try:
            worker.conn.send((fn, args))
        except (OSError, EOFError):
            return WorkerCrashed(f"worker pid {worker.process.pid} exited before the call")
        ready = wait([worker.conn, worker.process.sentinel], self.timeout)
        if not ready:
            return WorkerTimeout(f"no result after {self.timeout:g} s")
        try:
            ok, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(1.0)
            return WorkerCrashed(
                f"worker pid {worker.process.pid} died (exit code {worker.process.exitcode})"
            )
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return None

    def _fail_pending(self, exc: BaseException) -> None:
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                return
            if task is None:
                self._tasks.put(None)  # another manager's stop signal: leave it
                return
            future, _, _ = task
            if future.set_running_or_notify_cancel():
                future.set_exception(WorkerError(f"the pool failed: {exc!r}"))
