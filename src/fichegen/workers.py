"""Work spread over processes, results in task order, so a build with any number of jobs writes the
same bytes. Processes start with the platform's default method; tasks carry what they need (plain data),
so a worker keeps no state of a build between tasks."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterable, Iterator

PARALLEL_FROM = 24  # cards: below this, starting processes costs more than it saves
AHEAD = 4  # tasks in flight per worker: enough to keep it busy, few enough to hold little in memory


class Pool:
    """`jobs` worker processes, or this process alone for one job; `map` gives results in order.
    Processes start when first needed and stop at the end of the `with` block."""

    def __init__(self, jobs: int = 1):
        self.jobs = max(1, jobs)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def _processes(self, parallel: bool) -> ProcessPoolExecutor | None:
        if self.jobs == 1 or not parallel:
            return None
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.jobs)
        return self._executor

    def map(self, task: Callable, tasks: Iterable, *, parallel: bool = True) -> Iterator:
        """task(t) for each t, in order; in this process when not `parallel` (little work: starting
        processes would cost more). Tasks are sent a few per worker ahead of the results taken, so
        tasks made as they are sent are never all in memory at once."""
        executor = self._processes(parallel)
        if executor is None:
            return map(task, tasks)
        tasks = iter(tasks)
        ahead = deque(executor.submit(task, t) for t in islice(tasks, AHEAD * self.jobs))

        def results() -> Iterator:
            while ahead:
                done = ahead.popleft()
                ahead.extend(executor.submit(task, t) for t in islice(tasks, 1))
                yield done.result()
        return results()

    def submit(self, task: Callable, *args) -> Future:
        """task(*args), in a worker when there are workers; `.result()` waits for it."""
        executor = self._processes(True)
        if executor is not None:
            return executor.submit(task, *args)
        done: Future = Future()
        done.set_result(task(*args))
        return done


def chunks(count: int, size: int) -> list[range]:
    return [range(i, min(i + size, count)) for i in range(0, count, size)]
