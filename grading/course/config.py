"""nbgrader settings shared by the repository-root config and the grading CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..settings import CELL_TIMEOUT, CODE_STUB


def apply_course_config(c: Any, root: Path, source: str = "source", build: str = ".") -> None:
    """Fill a traitlets config object with this course's nbgrader settings.

    Args:
        c: the config object (``get_config()`` in an ``nbgrader_config.py``).
        root: course root; every other folder is relative to it.
        source: folder of the source notebooks, one sub-folder per assignment.
        build: folder that receives release, submitted, autograded, feedback
            and the SQLite gradebook.
    """
    prefix = "" if build in ("", ".") else build.rstrip("/") + "/"
    # SQLite cannot create the gradebook's folder itself.
    (Path(root) / prefix).mkdir(parents=True, exist_ok=True)
    c.CourseDirectory.root = str(root)
    c.CourseDirectory.course_id = "regularization-lab"
    c.CourseDirectory.source_directory = source
    c.CourseDirectory.release_directory = prefix + "release"
    c.CourseDirectory.submitted_directory = prefix + "submitted"
    c.CourseDirectory.autograded_directory = prefix + "autograded"
    c.CourseDirectory.feedback_directory = prefix + "feedback"
    c.CourseDirectory.db_url = f"sqlite:///{(Path(root) / prefix / 'gradebook.db').as_posix()}"
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "runs"]
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.Execute.timeout = CELL_TIMEOUT
    # Kernels of graded notebooks keep no IPython history database: nothing
    # of a student's session should be written outside the course folder.
    # (Warnings, which nbgrader would count as failures, are silenced through
    # PYTHONWARNINGS in the kernel's environment, see grading/sandbox/session.py.)
    c.Execute.extra_arguments = ["--HistoryManager.enabled=False"]
    c.ExecutePreprocessor.kernel_name = "python3"
    c.Exchange.root = str(Path(root) / prefix / "exchange")


def write_course_config(root: Path, source: str = "source", build: str = ".") -> Path:
    """Write an ``nbgrader_config.py`` into ``root`` that applies :func:`apply_course_config`."""
    repo = Path(__file__).resolve().parents[2]
    path = root / "nbgrader_config.py"
    path.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(repo)!r})\n"
        "from pathlib import Path\n"
        "from grading.course.config import apply_course_config\n"
        "c = get_config()  # noqa: F821\n"
        f"apply_course_config(c, root=Path({str(root)!r}), source={source!r}, build={build!r})\n"
    )
    return path


def nbgrader_command(*args: str) -> list[str]:
    """The argv that runs nbgrader with this interpreter."""
    return [sys.executable, "-m", "nbgrader", *args]


def nbgrader_env() -> dict[str, str]:
    """Environment for nbgrader commands: this interpreter's bin first (nbgrader runs ``alembic`` by name)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_nbgrader(course: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run one nbgrader command in ``course``; never raises on a non-zero exit."""
    return subprocess.run(nbgrader_command(*args), cwd=course, env=nbgrader_env(), capture_output=True,
                          text=True, timeout=timeout, check=False)


def ensure_tools_on_path() -> None:
    """Put this interpreter's bin first on this process's PATH.

    nbgrader's Gradebook runs ``alembic`` by name; started as
    ``.venv/bin/python -m grading`` without an activated venv, it is not on PATH.
    """
    bin_dir = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[:1] != [bin_dir]:
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
