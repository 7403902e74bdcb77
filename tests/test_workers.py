"""Work spread over processes comes back in task order, the same as in this process."""

from __future__ import annotations

import os

from fichegen.workers import Pool, chunks


def _square(x):
    return x * x


def _pid(_):
    return os.getpid()


def test_results_come_in_task_order_in_one_process_or_several():
    tasks = range(100)
    with Pool(1) as one, Pool(2) as two:
        assert list(one.map(_square, tasks)) == list(two.map(_square, tasks)) == [x * x for x in tasks]
        assert list(two.map(_square, iter(tasks))) == [x * x for x in tasks]  # tasks made as they are sent


def test_little_work_stays_in_this_process():
    with Pool(2) as pool:
        assert set(pool.map(_pid, range(4), parallel=False)) == {os.getpid()}
        assert os.getpid() not in set(pool.map(_pid, range(8)))


def test_submit_gives_its_result_with_or_without_workers():
    for jobs in (1, 2):
        with Pool(jobs) as pool:
            assert pool.submit(_square, 7).result() == 49


def test_chunks_cover_every_task_once():
    assert chunks(0, 8) == []
    assert [list(r) for r in chunks(10, 4)] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
