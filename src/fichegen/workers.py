"""Work spread over worker processes, results in task order, so a build with any number of jobs
writes the same bytes. Workers are started once with what every task shares; tasks send little (indexes,
or a few cards)."""

from __future__ import annotations

import gc
import os
from collections import deque
from itertools import islice
from typing import Callable, Iterable, Iterator

PARALLEL_FROM = 24  # cards: below this, starting processes costs more than it saves
AHEAD = 4  # tasks sent ahead per worker


class Workers:
    """`jobs` processes (or this one, for one job) that ran `start(*args)`; `map` gives results in order.
    Use as a context manager: the processes stop at its end."""

    def __init__(self, jobs: int, start: Callable, args: tuple):
        self.jobs, self.start, self.args, self.pool = jobs, start, args, None

    def __enter__(self) -> "Workers":
        if self.jobs <= 1:
            self.start(*self.args)
        else:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_begin,
                                            initargs=(self.start, self.args))
        return self

    def map(self, task: Callable, tasks: Iterable) -> Iterator:
        """Results in order. The first few tasks are sent now, and each further one as a result comes
        back: a few in flight per worker keep it busy, and tasks made as they are sent (each brings its
        cards) are never in memory all at once."""
        if self.pool is None:
            return map(task, tasks)
        tasks = iter(tasks)
        ahead = deque(self.pool.submit(task, t) for t in islice(tasks, AHEAD * self.jobs))

        def results() -> Iterator:
            while ahead:
                done = ahead.popleft()
                ahead.extend(self.pool.submit(task, t) for t in islice(tasks, 1))
                yield done.result()
        return results()

    def submit(self, task: Callable, *args):
        """`task(*args)` in a worker, now; `.result()` waits for it."""
        if self.pool is not None:
            return self.pool.submit(task, *args)
        from concurrent.futures import Future

        done: Future = Future()
        done.set_result(task(*args))
        return done

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _begin(start: Callable, args: tuple) -> None:
    # forked from a build that holds its collector back (build._collector_held): a worker makes garbage
    gc.enable()
    start(*args)


def ordered(task: Callable, tasks: Iterable, *, jobs: int, start: Callable, args: tuple) -> Iterator:
    """`task` over `tasks` in `jobs` processes (or this one), after `start(*args)` in each process."""
    tasks = list(tasks)
    with Workers(jobs if len(tasks) > 1 else 1, start, args) as workers:
        yield from workers.map(task, tasks)


def chunks(count: int, size: int) -> list[range]:
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def shared_floats(jobs: int, values: list[float]):
    """Numbers every worker process sees and may lower (no lock: a lost update only costs time)."""
    if jobs <= 1:
        return list(values)
    return _context().Array("d", values, lock=False)


def forks() -> bool:
    """Whether workers are forked (they are wherever the system can). multiprocessing offers "fork"
    wherever os.fork exists; asking os spares a build that starts no workers importing multiprocessing."""
    return hasattr(os, "fork")


def _context():
    import multiprocessing

    return multiprocessing.get_context("fork" if forks() else "spawn")
