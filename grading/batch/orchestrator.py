"""Autograde a folder of submissions: in parallel, isolated, resumable.

SUBMISSIONS is laid out as ``<student_id>/<assignment>/<notebook>.ipynb``.
The output folder receives:

* ``course/``: a private nbgrader course (sources, the SQLite gradebook unless
  another database is given, the generated release);
* ``state/<student>.json``: each finished student's grading record. A second
  run of the same command skips students whose record matches their files, so
  an interrupted batch (Ctrl-C, kill) finishes the rest and grades no one twice;
* ``feedback/<student>/<assignment>/<notebook>.html``: feedback, hidden tests removed;
* ``gradescope/<student>/results.json``: Gradescope's autograder format;
* ``grades.csv``: nbgrader's own export; ``results.json``: student -> assignment ->
  notebook -> grade_id -> ``{"score", "max_score", "message"}``, plus ``_warnings``
  per student and ``_skipped`` for folders that are not students.

Students are graded by :func:`grading.worker.grade_student` on a local process
pool (``jobs``) or a Dask cluster (``scheduler``); this process is the only
writer of the gradebook.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from tqdm import tqdm

from .course import nbgrader_command, write_course_config
from .executors import default_jobs, run_dask, run_local
from .gradebook_sync import copy_assignment, import_student, integrity_problems
from .paths import ASSIGNMENT, source_notebooks
from .reports import collect_results, write_outputs
from .solutions import all_solution_cells
from .worker import CourseBundle, Limits, StudentJob

#: Student ids nbgrader and file systems both accept.
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
#: Bump when the meaning of a saved state record changes.
_STATE_VERSION = 1


@dataclass
class StudentReport:
    """Problems found with one student's files before grading."""

    student: str
    notes: dict[str, str] = field(default_factory=dict)  # notebook -> why it was not graded
    warnings: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # readable notebooks

    def digest(self) -> str:
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0" + hashlib.sha256(self.files[name]).digest())
        return h.hexdigest()


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


def _env() -> dict[str, str]:
    """Environment for nbgrader commands: its alembic must be on PATH, kernels must be quiet."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_nbgrader(course: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run one nbgrader command in ``course``; never raises on a non-zero exit."""
    return subprocess.run(nbgrader_command(*args), cwd=course, env=_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)


def _sources_digest(assignment: str) -> str:
    h = hashlib.sha256()
    for notebook in source_notebooks(assignment):
        h.update(notebook.name.encode() + notebook.read_bytes())
    return h.hexdigest()


def prepare_course(out: Path, assignment: str = ASSIGNMENT) -> Path:
    """Make ``out/course`` (sources, release, gradebook), reusing it while the sources are unchanged."""
    course = out / "course"
    stamp = course / ".prepared"
    digest = _sources_digest(assignment)
    if stamp.is_file() and stamp.read_text() == digest and (course / "gradebook.db").is_file():
        return course
    if course.exists():
        shutil.rmtree(course)
    shutil.rmtree(out / "state", ignore_errors=True)  # records of another version of the assignment
    (course / "source" / assignment).mkdir(parents=True)
    for notebook in source_notebooks(assignment):
        shutil.copy2(notebook, course / "source" / assignment / notebook.name)
    write_course_config(course)
    done = run_nbgrader(course, "generate_assignment", assignment, "--force")
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-3000:]}")
    stamp.write_text(digest)
    return course


def stage_submission(student_dir: Path, assignment: str, expected: list[str]) -> StudentReport:
    """Read one student's notebooks; note every missing, unreadable or extra file."""
    report = StudentReport(student=student_dir.name)
    folder = student_dir / assignment
    if not folder.is_dir():
        others = sorted(p.name for p in student_dir.iterdir() if p.is_dir())
        report.warnings.append(f"no '{assignment}' folder" + (f" (found {others})" if others else ""))
    for name in expected:
        path = folder / name
        if not path.is_file():
            report.notes[name] = f"notebook {name} was not submitted"
            continue
        try:
            data = path.read_bytes()
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is reported the same way
            report.notes[name] = f"{name} is not a valid notebook ({type(exc).__name__}: {str(exc)[:200]})"
            continue
        report.files[name] = data
    if folder.is_dir():
        extra = sorted(p.name for p in folder.glob("*.ipynb") if p.name not in expected)
        if extra:
            report.warnings.append(f"extra notebook(s) not graded: {', '.join(extra)}")
    return report


def make_bundle(course: Path, assignment: str, limits: Limits) -> CourseBundle:
    """Everything a grader needs, as bytes."""
    def read(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.ipynb"))}

    return CourseBundle(assignment=assignment, sources=read(course / "source" / assignment),
                        releases=read(course / "release" / assignment),
                        gradebook=(course / "gradebook.db").read_bytes(),
                        exercise_names=sorted(all_solution_cells(assignment)), limits=limits)


class _State:
    """Finished students' records under ``out/state``, written atomically."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def load(self, student: str, digest: str) -> dict | None:
        path = self.folder / f"{student}.json"
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        if record.get("version") != _STATE_VERSION or record.get("digest") != digest:
            return None
        return record

    def save(self, student: str, record: dict) -> None:
        path = self.folder / f"{student}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"version": _STATE_VERSION, **record}))
        os.replace(tmp, path)


def autograde(submissions: Path, out: Path, assignment: str = ASSIGNMENT, *, jobs: int | None = None,
              scheduler: str | None = None, db_url: str | None = None, limits: Limits | None = None,
              progress: bool = True) -> dict:
    """Grade every student folder in ``submissions``; return the results.json structure."""
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    course = prepare_course(out, assignment)
    template_url = f"sqlite:///{(course / 'gradebook.db').as_posix()}"
    db_url = db_url or f"sqlite:///{(out / 'gradebook.db').as_posix()}"
    copy_assignment(template_url, db_url, assignment)
    bundle = make_bundle(course, assignment, limits or Limits())
    expected = sorted(bundle.sources)
    state = _State(out / "state")
    summary = BatchSummary()

    skipped: dict[str, str] = {}
    outcomes: dict[str, dict] = {}
    pending: list[StudentJob] = []
    reports: dict[str, StudentReport] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        if not STUDENT_ID.match(student_dir.name):
            skipped[student_dir.name] = ("folder name is not a valid student id (letters, digits, "
                                         "'.', '_' or '-', starting with a letter or digit)")
            continue
        report = stage_submission(student_dir, assignment, expected)
        reports[report.student] = report
        record = state.load(report.student, report.digest())
        if record is not None:
            # Finished in an earlier run; re-applying is idempotent and repairs a run killed mid-write.
            import_student(db_url, assignment, report.student, record["payload"]["records"])
            outcomes[report.student] = {"payload": record["payload"], "notes": report.notes,
                                        "warnings": report.warnings}
            summary.resumed += 1
        else:
            pending.append(StudentJob(report.student, report.files))
    summary.skipped = len(skipped)

    bar = tqdm(total=len(pending), unit="student", desc="grading", disable=not progress, file=sys.stderr)

    def on_result(job: StudentJob, payload: dict) -> None:
        report = reports[job.student]
        if payload.get("records"):
            import_student(db_url, assignment, job.student, payload["records"])
        if not payload.get("lost"):
            state.save(job.student, {"digest": report.digest(), "payload": payload})
        outcomes[job.student] = {"payload": payload, "notes": report.notes, "warnings": report.warnings}
        summary.graded += 1
        summary.grading_seconds.append(float(payload.get("seconds", 0.0)))
        if payload.get("error") or report.notes or len(payload.get("graded_notebooks", [])) < len(report.files):
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

    results = collect_results(db_url, assignment, outcomes, expected)
    if skipped:
        results["_skipped"] = skipped
    write_outputs(out, results, outcomes, assignment)
    export_grades(course, out, db_url)
    summary.seconds = time.monotonic() - started
    results_summary = summary.line()
    (out / "summary.txt").write_text(results_summary + "\n")
    if progress:
        print(results_summary, file=sys.stderr)
    problems = integrity_problems(db_url, assignment)
    if problems:
        raise RuntimeError("the gradebook failed its integrity check:\n" + "\n".join(problems))
    return results


def export_grades(course: Path, out: Path, db_url: str) -> Path:
    """Write nbgrader's CSV export of the gradebook at ``db_url`` to ``out/grades.csv``."""
    target = out / "grades.csv"
    done = run_nbgrader(course, "export", f"--CsvExportPlugin.to={target}", f"--db={db_url}")
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader export failed:\n{done.stderr[-2000:]}")
    return target


__all__ = ["autograde", "prepare_course", "stage_submission", "export_grades", "STUDENT_ID"]
