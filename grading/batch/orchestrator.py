"""Autograde a folder of submissions: every assignment, in parallel, sandboxed, resumable.

SUBMISSIONS is laid out as ``<student_id>/<assignment>/<notebook>.ipynb``. The
output folder receives:

* ``course/``: a private nbgrader course (sources, release, the gradebook
  template made by ``generate_assignment``), reused while the sources are unchanged;
* ``gradebook.db``: the gradebook (or any SQLAlchemy URL given as ``db_url``);
* ``state/<student>.json``: each finished student's record; a second run of
  the same command skips students whose record matches their files, so an
  interrupted batch finishes the rest and grades no one twice;
* ``feedback/<student>/<assignment>/<notebook>.html``: sanitised feedback;
* ``gradescope/<student>/results.json``; ``results.json``; ``grades.csv``
  (nbgrader's own export); ``summary.txt``.

Students are graded by :func:`grading.batch.worker.grade_student` on a local
process pool (``jobs``) or a Dask cluster (``scheduler``); this process is the
only writer of the gradebook and of the output folder.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook
from tqdm import tqdm

from ..course.config import ensure_tools_on_path
from ..course.prepare import prepare_course, sources_digest
from ..course.solutions import all_solution_cells
from ..gradebook.integrity import integrity_problems
from ..gradebook.sync import copy_assignment, import_student, structure_copy
from ..reports.results import GradingResults, collect_results
from ..sandbox import session
from ..sandbox.bwrap import availability
from ..settings import Limits
from .executors import default_jobs, run_dask, run_local
from .intake import Submission, read_class
from .records import AssignmentBundle, CourseBundle, StudentJob, StudentOutcome
from .state import ResumeStore


class SandboxUnavailable(RuntimeError):
    """This machine cannot run the kernel sandbox; nothing was graded."""


@dataclass
class BatchSummary:
    """What a run did, for the closing summary line."""

    graded: int = 0
    failed: int = 0
    resumed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    grading_seconds: list[float] = field(default_factory=list)

    def line(self) -> str:
        mean = sum(self.grading_seconds) / len(self.grading_seconds) if self.grading_seconds else 0.0
        return (f"graded {self.graded} (with problems: {self.failed}), already graded earlier: {self.resumed}, "
                f"skipped folders: {self.skipped}; {self.seconds:.1f} s wall, {mean:.1f} s per student")


def _student_folders(submissions: Path) -> int:
    try:
        return sum(1 for entry in os.scandir(submissions) if entry.is_dir(follow_symlinks=False))
    except OSError:
        return 0


def make_bundle(course: Path, names: list[str], limits: Limits, db_url: str) -> CourseBundle:
    """Everything a worker needs, as bytes; its gradebook carries the main gradebook's ids."""
    def read(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ipynb"))}

    assignments = {name: AssignmentBundle(name=name, sources=read(course / "source" / name),
                                          releases=read(course / "release" / name),
                                          exercise_names=sorted(all_solution_cells(name)))
                   for name in names}
    worker_book = course / "worker-gradebook.db"
    structure_copy(db_url, names, str(course / "gradebook.db"), str(worker_book))
    return CourseBundle(assignments=assignments, gradebook=worker_book.read_bytes(), limits=limits)


def _has_problems(submission: Submission, outcome: StudentOutcome) -> bool:
    if outcome.error or any(submission.notes.values()):
        return True
    return any(graded.error or len(graded.graded_notebooks) < len(submission.files.get(name, {}))
               for name, graded in outcome.assignments.items())


def autograde(submissions: Path, out: Path, names: list[str], *, jobs: int | None = None,
              scheduler: str | None = None, db_url: str | None = None, limits: Limits | None = None,
              progress: bool = True) -> GradingResults:
    """Grade every student folder in ``submissions`` on the assignments ``names``."""
    ensure_tools_on_path()
    why = availability()
    if why:
        raise SandboxUnavailable(f"student code is never run unconfined, and the sandbox cannot start here: {why}")
    started = time.monotonic()
    limits = limits or Limits()
    local_and_alone = not scheduler and (jobs == 1 or _student_folders(submissions) == 1)
    if local_and_alone and not session.prestarted(limits):
        # One student graded here (a late submission): start the sandbox while the course is being read.
        session.prestart(limits)
    out = out.resolve()  # nbgrader commands run in the course folder: no relative path may reach them
    out.mkdir(parents=True, exist_ok=True)
    course = prepare_course(out, names)
    template_url = f"sqlite:///{(course / 'gradebook.db').as_posix()}"
    db_url = db_url or f"sqlite:///{(out / 'gradebook.db').as_posix()}"
    for name in names:
        copy_assignment(template_url, db_url, name)  # StaleGradebook when it holds another version
    bundle = make_bundle(course, names, limits, db_url)
    expected = {name: sorted(a.sources) for name, a in bundle.assignments.items()}
    state = ResumeStore(out / "state")
    stamp = out / "state" / ".sources"
    digest = sources_digest(names)
    if not stamp.is_file() or stamp.read_text() != digest:
        state.clear()  # records of another version of the assignments
        stamp.write_text(digest)
    summary = BatchSummary()

    students, skipped = read_class(submissions, expected)
    summary.skipped = len(skipped)
    by_name = {s.student: s for s in students}
    outcomes: dict[str, StudentOutcome] = {}
    pending: list[StudentJob] = []
    for submission in students:
        if not submission.files and not submission.notes:
            skipped[submission.student] = "; ".join(submission.warnings) or "nothing to grade"
            continue
        saved = state.load(submission.student, submission.digest())
        if saved is not None:
            # Finished in an earlier run; re-applying is idempotent and repairs a run killed mid-write.
            for name, graded in saved.assignments.items():
                if graded.records:
                    import_student(db_url, name, submission.student, graded.records)
            outcomes[submission.student] = saved
            summary.resumed += 1
        else:
            readable = {a: dict(f) for a, f in submission.files.items() if f}
            if readable:
                pending.append(StudentJob(submission.student, readable))

    bar = tqdm(total=len(pending), unit="student", desc="grading", disable=not progress, file=sys.stderr)

    def on_result(job: StudentJob, outcome: StudentOutcome) -> None:
        submission = by_name[job.student]
        for name, graded in outcome.assignments.items():
            if graded.records:
                import_student(db_url, name, job.student, graded.records)
        if not outcome.lost and not outcome.error:  # a grader failure is retried on the next run
            state.save(job.student, submission.digest(), outcome)
        outcomes[job.student] = outcome
        summary.graded += 1
        summary.grading_seconds.append(outcome.seconds)
        if _has_problems(submission, outcome):
            summary.failed += 1
        bar.update(1)
        bar.set_postfix(graded=summary.graded, failed=summary.failed, remaining=len(pending) - summary.graded)

    try:
        if scheduler:
            run_dask(pending, bundle, scheduler, on_result)
        else:
            run_local(pending, bundle, jobs or default_jobs(), on_result)
    finally:
        bar.close()
        session.discard_prestarted()

    for submission in students:  # students whose every notebook was refused at intake: listed with 0
        if submission.student not in outcomes and submission.notes and submission.student not in skipped:
            outcomes[submission.student] = StudentOutcome(student=submission.student)
            with Gradebook(db_url) as gb:
                gb.update_or_create_student(submission.student)
    results = collect_results(db_url, names, outcomes, {s.student: s.notes for s in students},
                              {s.student: s.warnings for s in students}, skipped)
    results.write(out, outcomes)
    export_grades(out, db_url)
    summary.seconds = time.monotonic() - started
    (out / "summary.txt").write_text(summary.line() + "\n")
    if progress:
        print(summary.line(), file=sys.stderr)
    problems = [p for name in names for p in integrity_problems(db_url, name)]
    if problems:
        raise RuntimeError("the gradebook failed its integrity check:\n" + "\n".join(problems))
    return results


def export_grades(out: Path, db_url: str) -> Path:
    """Write nbgrader's own CSV export of the gradebook at ``db_url`` to ``out/grades.csv``."""
    from nbgrader.plugins import CsvExportPlugin

    target = out / "grades.csv"
    with Gradebook(db_url) as gb:
        CsvExportPlugin(to=str(target)).export(gb)
    return target
