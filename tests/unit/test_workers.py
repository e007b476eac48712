"""WorkerPool: results and exceptions come back per call; a crash or a timeout fails that call
only, and the worker is replaced; shutdown leaves no process behind."""

from __future__ import annotations

import os
import time

import pytest

from herald_scraper.workers import WorkerCrashed, WorkerPool, WorkerTimeout


def job(x: object) -> object:
    if x == "crash":
        os._exit(3)
    if x == "hang":
        time.sleep(60)
    if x == "raise":
        raise ValueError("bad page")
    return (x, os.getpid())


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_lost_worker_costs_its_call_only(method: str) -> None:
    pool = WorkerPool(1, timeout=1.0, start_method=method)
    try:
        futures = [pool.submit(job, x) for x in (1, "crash", 2, "hang", 3, "raise", 4)]
        first = futures[0].result(60)
        assert first[0] == 1
        with pytest.raises(WorkerCrashed):
            futures[1].result(60)
        assert futures[2].result(60)[0] == 2
        with pytest.raises(WorkerTimeout):
            futures[3].result(60)
        third = futures[4].result(60)
        with pytest.raises(ValueError, match="bad page"):  # the job's own error: worker kept
            futures[5].result(60)
        assert futures[6].result(60)[1] == third[1]
        assert pool.replaced == 2
        # one worker: a new process after each loss
        assert len({first[1], futures[2].result()[1], third[1]}) == 3
        processes = [w.process for w in pool._workers if w is not None]
    finally:
        pool.shutdown()
    assert processes and not any(p.is_alive() for p in processes)
    with pytest.raises(RuntimeError):
        pool.submit(job, 5)


def test_calls_are_spread_over_the_workers() -> None:
    pool = WorkerPool(2)
    try:
        pids = {f.result(60)[1] for f in [pool.submit(job, i) for i in range(40)]}
    finally:
        pool.shutdown()
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


def test_a_worker_is_recycled_after_max_calls_and_no_call_is_lost() -> None:
    pool = WorkerPool(1, max_calls=2)
    try:
        results = [f.result(60) for f in [pool.submit(job, i) for i in range(6)]]
        old = [w.process for w in pool._workers if w is not None]
    finally:
        pool.shutdown()
    assert [x for x, _ in results] == list(range(6))
    pids = [pid for _, pid in results]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4] == pids[5]  # 2 calls each
    assert pool.recycled == 3 and pool.replaced == 0
    assert not any(p.is_alive() for p in old)


def test_without_max_calls_a_worker_serves_every_call() -> None:
    pool = WorkerPool(1)
    try:
        pids = {f.result(60)[1] for f in [pool.submit(job, i) for i in range(6)]}
    finally:
        pool.shutdown()
    assert len(pids) == 1 and pool.recycled == 0
