"""Grade one student, anywhere: in a local process pool or on a Dask worker.

:func:`grade_student` receives everything it needs as plain data (a
:class:`CourseBundle` shared by the class and a :class:`StudentJob`), builds a
private nbgrader course in a temporary folder (the sources and a copy of the
gradebook as ``generate_assignment`` left it), and runs nbgrader's own
``autograde`` and ``generate_feedback`` there through its Python API, with
:class:`grading.secure_execute.SecureExecute` in place of ``Execute``. It
returns the gradebook rows nbgrader wrote, the failure messages, the feedback
HTML and what it found tampered with: a :class:`dict` small enough to send
back over a network, applied to the main gradebook by the caller.

Nothing the student's kernel can reach (its working folder and a private home)
holds sources, the gradebook or another student's work.
"""

from __future__ import annotations

import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import ClearHiddenTests, Execute, GetGrades
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from .course import CELL_TIMEOUT, apply_course_config
from .gradebook_sync import export_student
from .results import cell_messages
from .sandbox import landlock_abi
from .secure_execute import SecureExecute
from .tamper import repair


class OmitFigures(Preprocessor):
    """Replace figures by a one-line note in feedback.

    The student already has every figure in their own notebook; in the feedback
    they would only triple its size and its rendering time.
    """

    def preprocess_cell(self, cell, resources, index):  # noqa: ANN001, ANN201 - nbconvert's signature
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and any(key.startswith("image/") for key in data):
                output["data"] = {"text/plain": "[figure: see your own notebook]"}
                output.get("metadata", {}).clear()
        return cell, resources


@dataclass
class Limits:
    """Per-kernel limits applied while grading."""

    cell_timeout: int = CELL_TIMEOUT
    notebook_timeout: int = 300
    memory_mb: int = 2048
    max_output_chars: int = 20000


@dataclass
class CourseBundle:
    """What every grader needs, the same for the whole class."""

    assignment: str
    sources: dict[str, bytes]  # notebook file name -> source notebook
    releases: dict[str, bytes]  # notebook file name -> student release
    gradebook: bytes  # the SQLite gradebook right after generate_assignment
    exercise_names: list[str]
    limits: Limits = field(default_factory=Limits)


@dataclass
class StudentJob:
    """One student's readable notebooks (file name -> bytes)."""

    student: str
    files: dict[str, bytes]


def grading_config(course: Path, bundle: CourseBundle, home: Path) -> Config:
    """nbgrader configuration of a private course with the hardened Execute step."""
    c = Config()
    apply_course_config(c, root=course)
    c.Autograde.autograde_preprocessors = [
        SecureExecute if p is Execute else p for p in _default_autograde_preprocessors()]
    c.SecureExecute.timeout = bundle.limits.cell_timeout
    c.SecureExecute.notebook_timeout = bundle.limits.notebook_timeout
    c.SecureExecute.memory_limit_mb = bundle.limits.memory_mb
    c.SecureExecute.max_output_chars = bundle.limits.max_output_chars
    c.SecureExecute.exercise_names = list(bundle.exercise_names)
    c.SecureExecute.sandbox_home = str(home)
    # Nothing of a finished kernel is worth a graceful shutdown.
    c.SecureExecute.shutdown_kernel = "immediate"
    # Hidden tests stay hidden in what students get back; figures stay in the student's own copy.
    c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, ClearHiddenTests, OmitFigures]
    return c


def _default_autograde_preprocessors() -> list:
    from nbgrader.converters import Autograde

    return list(Autograde.class_traits()["autograde_preprocessors"].default())


def _stage(course: Path, bundle: CourseBundle, job: StudentJob) -> list[str]:
    """Write the private course; return what was found tampered with, per notebook."""
    source = course / "source" / bundle.assignment
    source.mkdir(parents=True)
    for name, data in bundle.sources.items():
        (source / name).write_bytes(data)
    (course / "gradebook.db").write_bytes(bundle.gradebook)
    submitted = course / "submitted" / job.student / bundle.assignment
    submitted.mkdir(parents=True)
    findings = []
    for name, data in job.files.items():
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        release = nbformat.reads(bundle.releases[name].decode("utf-8"), as_version=4)
        repaired, notes = repair(nb, release)
        findings += [f"{name}: {note}" for note in notes]
        nbformat.write(repaired, submitted / name)
    return findings


def grade_student(job: StudentJob, bundle: CourseBundle) -> dict:
    """Autograde one student in a private course; return the records and reports (plain data)."""
    # nbgrader's own SQLAlchemy session warns while it creates a student; nothing is wrong.
    warnings.filterwarnings("ignore", category=SAWarning)
    started = time.monotonic()
    payload: dict = {"student": job.student, "records": {}, "messages": {}, "feedback": {}, "findings": [],
                     "error": "", "graded_notebooks": [], "sandbox": [] if landlock_abi() else
                     ["file-system isolation unavailable (no Landlock in this kernel)"]}
    with tempfile.TemporaryDirectory(prefix="reglab-grade-") as tmp:
        course, home = Path(tmp) / "course", Path(tmp) / "home"
        home.mkdir()
        try:
            payload["findings"] = _stage(course, bundle, job)
            config = grading_config(course, bundle, home)
            api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
            result = api.autograde(bundle.assignment, job.student, force=True, create=True)
            if not result.get("success"):
                payload["error"] = _last_error(result)
            autograded = course / "autograded" / job.student / bundle.assignment
            for name in sorted(bundle.sources):
                path = autograded / name
                if path.is_file():
                    payload["graded_notebooks"].append(name)
                    payload["messages"][name[: -len(".ipynb")]] = cell_messages(path)
            if payload["graded_notebooks"]:
                api.generate_feedback(bundle.assignment, job.student, force=True)
                feedback = course / "feedback" / job.student / bundle.assignment
                for html in sorted(feedback.glob("*.html")):
                    payload["feedback"][html.name] = html.read_text(encoding="utf-8")
            payload["records"] = export_student(config.CourseDirectory.db_url, bundle.assignment, job.student)
        except Exception as exc:  # noqa: BLE001 - one student's failure must not stop the class
            payload["error"] = f"the grader failed on this submission: {type(exc).__name__}: {exc}"
            payload["traceback"] = traceback.format_exc()[-3000:]
    payload["seconds"] = round(time.monotonic() - started, 3)
    return payload


def _last_error(result: dict) -> str:
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    lines = [line.strip() for line in text.splitlines() if "ERROR" in line or "Error" in line]
    return lines[-1][:500] if lines else "nbgrader could not finish grading this submission"


def warm_up() -> None:
    """Start this process's kernel fork server before the first student arrives."""
    from .kernels import shared_zygote

    shared_zygote()
