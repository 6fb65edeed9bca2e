"""Grade one student, anywhere: in a local process pool or on a Dask worker.

:func:`grade_student` receives everything as plain data (a
:class:`~grading.batch.records.CourseBundle` shared by the class and a
:class:`~grading.batch.records.StudentJob`). It opens the student's sandbox
(:class:`~grading.sandbox.session.SandboxSession`), builds a private nbgrader
course in a temporary folder of its own (the sources and a copy of the
gradebook as ``generate_assignment`` left it), and runs nbgrader's own
``autograde`` there through its Python API, with
:class:`~grading.verdict.repair.RepairStructure` first in the chain and
:class:`~grading.verdict.secure_execute.SecureExecute` in place of ``Execute``.

The kernel sees none of that folder: it works in the sandbox's own scratch
folder. Feedback pages are built from the autograded notebooks and the scores
nbgrader saved (:func:`grading.reports.feedback.render_feedback`). What comes
back is a :class:`~grading.batch.records.StudentOutcome`: the gradebook rows
nbgrader wrote, the messages, the sanitised feedback and what was found
tampered with.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
import uuid
import warnings
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from ..course.config import apply_course_config, ensure_tools_on_path
from ..gradebook.sync import export_student
from ..reports.feedback import render_feedback
from ..reports.messages import cell_messages
from ..sandbox.session import SandboxError, SandboxSession, sandbox_for
from ..verdict.repair import RepairStructure
from ..verdict.secure_execute import SESSIONS, SecureExecute
from .records import AssignmentBundle, AssignmentOutcome, CourseBundle, StudentJob, StudentOutcome


def grading_config(course: Path, bundle: CourseBundle, assignment: AssignmentBundle, session_id: str,
                   findings: Path) -> Config:
    """nbgrader configuration of a private course with the repair step and the hardened Execute step."""
    from nbgrader.converters import Autograde

    c = Config()
    apply_course_config(c, root=course)
    defaults = Autograde.class_traits()
    c.Autograde.sanitize_preprocessors = [RepairStructure, *defaults["sanitize_preprocessors"].default()]
    c.Autograde.autograde_preprocessors = [
        SecureExecute if p is Execute else p for p in defaults["autograde_preprocessors"].default()]
    c.RepairStructure.release_dir = str(course / "release" / assignment.name)
    c.RepairStructure.findings_file = str(findings)
    limits = bundle.limits
    c.SecureExecute.timeout = limits.cell_timeout
    c.SecureExecute.notebook_timeout = limits.notebook_timeout
    c.SecureExecute.max_output_chars = limits.max_output_chars
    c.SecureExecute.exercise_names = list(assignment.exercise_names)
    c.SecureExecute.session_id = session_id
    # Nothing of a finished kernel is worth a graceful shutdown.
    c.SecureExecute.shutdown_kernel = "immediate"
    return c


def _write_course(course: Path, bundle: CourseBundle) -> None:
    for name, assignment in bundle.assignments.items():
        for folder, notebooks in (("source", assignment.sources), ("release", assignment.releases)):
            target = course / folder / name
            target.mkdir(parents=True, exist_ok=True)
            for filename, data in notebooks.items():
                (target / filename).write_bytes(data)
    (course / "gradebook.db").write_bytes(bundle.gradebook)


def _grade_assignment(course: Path, bundle: CourseBundle, name: str, student: str, files: dict[str, bytes],
                      session_id: str) -> AssignmentOutcome:
    assignment = bundle.assignments[name]
    outcome = AssignmentOutcome()
    submitted = course / "submitted" / student / name
    submitted.mkdir(parents=True)
    for filename, data in files.items():
        (submitted / filename).write_bytes(data)
    findings = course / f"findings-{name}.jsonl"
    config = grading_config(course, bundle, assignment, session_id, findings)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    result = api.autograde(name, student, force=True, create=True)
    if not result.get("success"):
        outcome.error = _last_error(result)
        if os.environ.get("REGLAB_DEBUG"):
            print(result.get("log"), result.get("error"), file=sys.stderr)
    if findings.is_file():
        outcome.findings = [f"{r['notebook']}: {r['finding']}" for r in map(json.loads, findings.read_text()
                                                                           .splitlines())]
    autograded = course / "autograded" / student / name
    for filename in sorted(assignment.sources):
        path = autograded / filename
        if path.is_file():
            outcome.graded_notebooks.append(filename)
            outcome.messages[filename[: -len(".ipynb")]] = cell_messages(path)
    if outcome.graded_notebooks:
        outcome.feedback = _feedback_pages(autograded, name, student, outcome, config.CourseDirectory.db_url)
    outcome.records = export_student(config.CourseDirectory.db_url, name, student)
    return outcome


def _feedback_pages(autograded: Path, name: str, student: str, outcome: AssignmentOutcome,
                    db_url: str) -> dict[str, str]:
    """One sanitised page per graded notebook, with the scores nbgrader saved."""
    pages = {}
    with Gradebook(db_url) as gb:
        for filename in outcome.graded_notebooks:
            notebook_id = filename[: -len(".ipynb")]
            submitted = gb.find_submission_notebook(notebook_id, name, student)
            grades = {g.name: (float(g.score or 0.0), float(g.max_score)) for g in submitted.grades}
            nb = nbformat.read(autograded / filename, as_version=4)
            pages[f"{notebook_id}.html"] = render_feedback(nb, f"{name}: {notebook_id}", grades,
                                                           outcome.messages.get(notebook_id, {}))
    return pages


def grade_student(job: StudentJob, bundle: CourseBundle) -> StudentOutcome:
    """Autograde every assignment ``job`` holds, in one sandbox and a private course; return plain data."""
    # nbgrader's own SQLAlchemy session warns while it creates a student; nothing is wrong.
    warnings.filterwarnings("ignore", category=SAWarning)
    ensure_tools_on_path()
    started = time.monotonic()
    outcome = StudentOutcome(student=job.student)
    session_id = uuid.uuid4().hex
    session: SandboxSession | None = None
    with tempfile.TemporaryDirectory(prefix="reglab-grade-") as tmp:
        course = Path(tmp) / "course"
        try:
            session = sandbox_for(bundle.limits)
            SESSIONS[session_id] = session
            outcome.sandbox_notes = list(session.notes)
            _write_course(course, bundle)
            for name in sorted(job.files):
                try:
                    outcome.assignments[name] = _grade_assignment(course, bundle, name, job.student,
                                                                  job.files[name], session_id)
                except SandboxError as exc:
                    outcome.assignments[name] = AssignmentOutcome(error=f"the sandbox failed: {exc}")
                if not session.alive():  # the student's code took the whole sandbox down: start afresh
                    session.close()
                    session = SESSIONS[session_id] = SandboxSession(bundle.limits)
        except Exception as exc:  # noqa: BLE001 - one student's failure must not stop the class
            outcome.error = f"the grader failed on this submission: {type(exc).__name__}: {exc}"
            traceback.print_exc()
        finally:
            SESSIONS.pop(session_id, None)
            if session is not None:
                session.close()
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


def _last_error(result: dict) -> str:
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    lines = [line.strip() for line in text.splitlines() if "ERROR" in line or "Error" in line]
    return lines[-1][:500] if lines else "nbgrader could not finish grading this submission"
