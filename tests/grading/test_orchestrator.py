"""The orchestrator: parallel, Dask and resumed runs give the same grades as plain serial ``nbgrader autograde``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from nbgrader.api import Gradebook

from grading.batch.orchestrator import autograde
from grading.course.config import run_nbgrader
from grading.course.prepare import prepare_course
from grading.gradebook.integrity import integrity_problems
from grading.samples.build import build_samples, expected_totals
from grading.settings import Limits

pytestmark = pytest.mark.slow

HONEST = ["ada", "ben", "cleo", "eve"]  # correct, blank, partial, hard-coded: no kernel deaths
LIMITS = Limits(cell_timeout=10, notebook_timeout=90, memory_mb=1024)
NAMES = ["regularization"]
EXPECTED_TOTALS = {student: total for (student, _), total in expected_totals(NAMES).items()}


def _scores(db_url: str, students: list[str]) -> dict:
    with Gradebook(db_url) as gb:
        assignment = gb.find_assignment("regularization")
        return {(s, nb.name, cell.name): gb.find_grade(cell.name, nb.name, "regularization", s).score
                for s in students for nb in assignment.notebooks for cell in nb.grade_cells}


def _assert_same_grades_and_sound(out, reference) -> None:
    """The gradebook in ``out`` holds the same scores as the one in ``reference`` and passes the integrity check."""
    book = f"sqlite:///{out / 'gradebook.db'}"
    assert _scores(book, HONEST) == _scores(f"sqlite:///{reference / 'gradebook.db'}", HONEST)
    assert integrity_problems(book, "regularization") == []


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    course = prepare_course(root / "release-build", NAMES)
    subs = build_samples(course / "release", root / "submissions", NAMES)
    for student in set(EXPECTED_TOTALS) - set(HONEST):
        shutil.rmtree(subs / student)
    return root, subs


@pytest.fixture(scope="module")
def parallel_run(samples):
    root, subs = samples
    out = root / "parallel"
    results = autograde(subs, out, NAMES, jobs=2, limits=LIMITS, progress=False)
    return out, results


def test_parallel_equals_serial_plain_nbgrader(samples, parallel_run):
    root, subs = samples
    out, _ = parallel_run
    course = prepare_course(root / "serial", NAMES)
    shutil.copytree(subs, course / "submitted")
    done = run_nbgrader(course, "autograde", "regularization", "--force")
    assert done.returncode == 0, done.stderr[-2000:]
    serial = _scores(f"sqlite:///{course / 'gradebook.db'}", HONEST)
    ours = _scores(f"sqlite:///{out / 'gradebook.db'}", HONEST)
    assert ours == serial
    assert {s: sum(v for (st, _, _), v in ours.items() if st == s) for s in HONEST} == {
        s: EXPECTED_TOTALS[s] for s in HONEST}


def test_dask_cluster_equals_local_run(samples, parallel_run, tmp_path):
    distributed = pytest.importorskip("distributed")
    _, subs = samples
    out, _ = parallel_run
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        autograde(subs, tmp_path / "dask", NAMES, scheduler=cluster.scheduler_address, limits=LIMITS,
                  progress=False)
    _assert_same_grades_and_sound(tmp_path / "dask", out)


def test_any_sqlalchemy_url_works_as_gradebook(samples, parallel_run, tmp_path):
    _, subs = samples
    out, _ = parallel_run
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere' / 'book.sqlite'}"
    (tmp_path / "elsewhere").mkdir()
    shutil.copytree(out / "state", tmp_path / "run" / "state")  # resumed: no grading needed
    shutil.copytree(out / "course", tmp_path / "run" / "course")
    autograde(subs, tmp_path / "run", NAMES, db_url=elsewhere, progress=False)
    assert _scores(elsewhere, HONEST) == _scores(f"sqlite:///{out / 'gradebook.db'}", HONEST)


def test_killed_batch_resumes_without_grading_anyone_twice(samples, parallel_run, tmp_path):
    _, subs = samples
    out = tmp_path / "resumable"
    cmd = [sys.executable, "-m", "grading", "autograde", str(subs), "--out", str(out), "--jobs", "1", "--quiet",
           "--assignment", "regularization"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and len(list((out / "state").glob("*.json"))) < 1:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")}
    assert 1 <= len(finished) < len(HONEST)
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    after = {p.name: p.stat().st_mtime_ns for p in (out / "state").glob("*.json")}
    assert {name: after[name] for name in finished} == finished  # not graded again
    assert len(after) == len(HONEST)
    _assert_same_grades_and_sound(out, parallel_run[0])


def test_a_changed_submission_is_graded_again_on_resume(samples, parallel_run, tmp_path):
    _, subs = samples
    out, _ = parallel_run
    run = tmp_path / "resubmitted"
    shutil.copytree(out / "state", run / "state")
    shutil.copytree(out / "course", run / "course")
    changed = tmp_path / "subs"
    shutil.copytree(subs, changed)
    for notebook in (changed / "ben" / "regularization").glob("*.ipynb"):  # ben's blank work replaces ada's
        shutil.copy(notebook, changed / "ada" / "regularization" / notebook.name)
    results = autograde(changed, run, NAMES, jobs=1, limits=LIMITS, progress=False)
    assert results["ada"].total("regularization") == 0.0
    assert results["cleo"].total("regularization") == EXPECTED_TOTALS["cleo"]  # resumed, not regraded
    assert "graded 1 " in (run / "summary.txt").read_text()
