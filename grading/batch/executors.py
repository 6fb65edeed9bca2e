"""Where students are graded: a local process pool, or a Dask distributed cluster.

Both run :func:`grading.batch.worker.grade_student` once per student and call
``on_result(job, outcome)`` in the calling process as results arrive, so the
caller stays the only writer of the gradebook. A worker that crashes turns into
a "lost" outcome for its students (not saved, so the next run retries them).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed

from .records import CourseBundle, StudentJob, StudentOutcome

ResultHandler = Callable[[StudentJob, StudentOutcome], None]


def warm_up() -> None:
    """Import the grading stack once per worker, before the first student arrives."""
    from . import worker  # noqa: F401 - the import is the warm-up


def grade_student(job: StudentJob, bundle: CourseBundle) -> StudentOutcome:
    """The worker's entry point (imported lazily so that the pool's parent stays light)."""
    from .worker import grade_student as grade

    return grade(job, bundle)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def run_local(jobs: Iterable[StudentJob], bundle: CourseBundle, workers: int, on_result: ResultHandler) -> None:
    """Grade on ``workers`` local processes (spawned: they share nothing with this one)."""
    jobs = list(jobs)
    if not jobs:
        return
    if workers == 1 or len(jobs) == 1:
        # One at a time: grade here and spare a worker's start-up (a late submission graded alone).
        # Every kernel lives in its own sandbox either way; this process only runs nbgrader.
        for job in jobs:
            try:
                outcome = grade_student(job, bundle)
            except Exception as exc:  # noqa: BLE001 - one student's failure must not stop the class
                outcome = StudentOutcome.lost_worker(job.student, f"{type(exc).__name__}: {exc}")
            on_result(job, outcome)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context, initializer=warm_up)
    try:
        futures = {pool.submit(grade_student, job, bundle): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                payload = future.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker must not stop the class
                payload = StudentOutcome.lost_worker(job.student, f"{type(exc).__name__}: {exc}")
            on_result(job, payload)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def run_dask(jobs: Iterable[StudentJob], bundle: CourseBundle, scheduler: str, on_result: ResultHandler) -> None:
    """Grade on the Dask cluster at ``scheduler`` (needs the ``distributed`` extra)."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("--scheduler needs Dask: pip install 'regularization-lab[distributed]'") from exc
    jobs = list(jobs)
    if not jobs:
        return
    with Client(scheduler) as client:
        client.run(warm_up)
        [shared] = client.scatter([bundle], broadcast=True)
        futures = {client.submit(grade_student, job, shared, pure=False, key=f"grade-{job.student}"): job
                   for job in jobs}
        try:
            for future in dask_completed(list(futures)):
                job = futures[future]
                try:
                    payload = future.result()
                except Exception as exc:  # noqa: BLE001
                    payload = StudentOutcome.lost_worker(job.student, f"{type(exc).__name__}: {exc}")
                on_result(job, payload)
        finally:
            client.cancel(list(futures))
