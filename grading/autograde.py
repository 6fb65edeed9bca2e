"""Autograde a folder of submissions with nbgrader and write the grade files.

SUBMISSIONS is laid out as ``<student_id>/<assignment>/<notebook>.ipynb``.
The output folder receives:

* ``course/``: a private nbgrader course (sources, gradebook.db, autograded copies);
* ``feedback/<student>/<assignment>/<notebook>.html``: what each student gets back;
* ``grades.csv``: nbgrader's own export;
* ``results.json``: student -> assignment -> notebook -> grade_id ->
  ``{"score", "max_score", "message"}``, ``message`` being the failing test's
  text (empty when it passed) or why the notebook could not be graded.

A submission that cannot be read, crashes its kernel or loops is graded zero
where it earned zero and explained in ``results.json``; the batch goes on.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook, MissingEntry

from .course import nbgrader_command, write_course_config
from .paths import ASSIGNMENT, source_notebooks
from .results import cell_messages

#: Student ids nbgrader and file systems both accept.
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
#: Wall-clock limit for grading one student's whole assignment.
STUDENT_TIMEOUT = 600


@dataclass
class StudentReport:
    """Problems found with one student's files before or while grading."""

    student: str
    notes: dict[str, str] = field(default_factory=dict)  # notebook -> why it was not graded
    warnings: list[str] = field(default_factory=list)
    grading_error: str = ""  # why nbgrader could not finish, in a student's words


#: Known ways a kernel run ends badly, as nbgrader reports them, and what to tell the student.
_FAILURE_EXPLANATIONS = (
    ("DeadKernelError", "the kernel died while this notebook ran (a crash, os._exit, or running out "
                        "of memory), so its tests could not run"),
    ("CellTimeoutError", "a cell ran longer than the time limit (an endless loop?), so the tests "
                         "after it could not run"),
    ("TimeoutError", "a cell ran longer than the time limit (an endless loop?)"),
)


def explain_failure(stderr: str) -> str:
    """Turn nbgrader's error output into one sentence for the student."""
    for marker, explanation in _FAILURE_EXPLANATIONS:
        if marker in stderr:
            return explanation
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return "grading stopped with an error: " + (lines[-1] if lines else "unknown")


def _env() -> dict[str, str]:
    """Environment for nbgrader: its alembic must be on PATH, kernels must be quiet."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    # A RuntimeWarning printed on stderr would fail an otherwise correct test cell.
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_nbgrader(course: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run one nbgrader command in ``course``; never raises on a non-zero exit."""
    return subprocess.run(nbgrader_command(*args), cwd=course, env=_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)


def prepare_course(out: Path, assignment: str = ASSIGNMENT) -> Path:
    """Create ``out/course`` with the source notebooks and a fresh gradebook."""
    course = out / "course"
    if course.exists():
        shutil.rmtree(course)
    (course / "source" / assignment).mkdir(parents=True)
    for notebook in source_notebooks(assignment):
        shutil.copy2(notebook, course / "source" / assignment / notebook.name)
    write_course_config(course)
    done = run_nbgrader(course, "generate_assignment", assignment, "--force")
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-3000:]}")
    return course


def stage_submission(student_dir: Path, course: Path, assignment: str, expected: list[str]) -> StudentReport:
    """Copy one student's readable notebooks into ``course/submitted``; note every problem."""
    report = StudentReport(student=student_dir.name)
    target = course / "submitted" / student_dir.name / assignment
    target.mkdir(parents=True, exist_ok=True)
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
            nb = nbformat.read(path, as_version=4)
            nbformat.validate(nb)
        except Exception as exc:  # any unreadable file is reported the same way
            report.notes[name] = f"{name} is not a valid notebook ({type(exc).__name__}: {str(exc)[:200]})"
            continue
        shutil.copy2(path, target / name)
    if folder.is_dir():
        extra = sorted(p.name for p in folder.glob("*.ipynb") if p.name not in expected)
        if extra:
            report.warnings.append(f"extra notebook(s) not graded: {', '.join(extra)}")
    return report


def grade_student(course: Path, assignment: str, report: StudentReport) -> None:
    """Autograde one staged student; failures of nbgrader itself become notes."""
    try:
        done = run_nbgrader(course, "autograde", assignment, f"--student={report.student}", "--force",
                            timeout=STUDENT_TIMEOUT)
    except subprocess.TimeoutExpired:
        report.grading_error = f"grading this submission took longer than {STUDENT_TIMEOUT} s and was stopped"
        report.warnings.append(report.grading_error)
        return
    if done.returncode != 0:
        report.grading_error = explain_failure(done.stderr)
        report.warnings.append(report.grading_error)


def collect_results(course: Path, assignment: str, reports: list[StudentReport],
                    expected: list[str]) -> dict:
    """Build the results.json structure from the gradebook and the autograded notebooks."""
    results: dict = {}
    db_url = f"sqlite:///{(course / 'gradebook.db').as_posix()}"
    with Gradebook(db_url) as gb:
        source_cells = {nb.name: [(c.name, c.max_score) for c in nb.grade_cells]
                        for nb in gb.find_assignment(assignment).notebooks}
        for report in reports:
            per_notebook: dict = {}
            for filename in expected:
                notebook_id = filename[: -len(".ipynb")]
                autograded = course / "autograded" / report.student / assignment / filename
                messages = cell_messages(autograded) if autograded.is_file() else {}
                fallback = report.notes.get(filename) or (
                    "" if autograded.is_file() else report.grading_error or "the notebook could not be graded")
                cells = {}
                for grade_id, max_score in sorted(source_cells[notebook_id]):
                    try:
                        score = gb.find_grade(grade_id, notebook_id, assignment, report.student).score
                    except MissingEntry:
                        score = 0.0
                    message = messages.get(grade_id, "") or ("" if score >= max_score else fallback)
                    cells[grade_id] = {"score": float(score or 0.0), "max_score": float(max_score),
                                       "message": message}
                per_notebook[notebook_id] = cells
            results[report.student] = {assignment: per_notebook}
            if report.warnings:
                results[report.student]["_warnings"] = report.warnings
    return results


def autograde(submissions: Path, out: Path, assignment: str = ASSIGNMENT) -> dict:
    """Grade every student folder in ``submissions``; return the results.json structure."""
    out.mkdir(parents=True, exist_ok=True)
    course = prepare_course(out, assignment)
    expected = [p.name for p in source_notebooks(assignment)]
    reports: list[StudentReport] = []
    skipped: dict[str, str] = {}
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
        if not STUDENT_ID.match(student_dir.name):
            skipped[student_dir.name] = ("folder name is not a valid student id (letters, digits, "
                                         "'.', '_' or '-', starting with a letter or digit)")
            continue
        report = stage_submission(student_dir, course, assignment, expected)
        if len(report.notes) < len(expected):
            grade_student(course, assignment, report)
        reports.append(report)

    results = collect_results(course, assignment, reports, expected)
    if skipped:
        results["_skipped"] = skipped
    (out / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True))
    write_feedback(course, out, assignment)
    export_grades(course, out)
    return results


def write_feedback(course: Path, out: Path, assignment: str) -> None:
    """Generate feedback HTML and copy it to ``out/feedback``."""
    run_nbgrader(course, "generate_feedback", assignment, "--force")
    source = course / "feedback"
    if source.is_dir():
        target = out / "feedback"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target)


def export_grades(course: Path, out: Path) -> Path:
    """Write nbgrader's CSV export to ``out/grades.csv``."""
    target = out / "grades.csv"
    done = run_nbgrader(course, "export", f"--CsvExportPlugin.to={target}")
    if done.returncode != 0:
        raise RuntimeError(f"nbgrader export failed:\n{done.stderr[-2000:]}")
    return target
