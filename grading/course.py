"""nbgrader settings shared by the repository-root config and the grading CLI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

#: Seconds a single cell may run while grading before nbgrader interrupts it.
CELL_TIMEOUT = 30
#: What an answer cell of the release contains.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


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
    # PYTHONWARNINGS in grading/autograde.py.)
    c.Execute.extra_arguments = ["--HistoryManager.enabled=False"]
    c.ExecutePreprocessor.kernel_name = "python3"
    c.Exchange.root = str(Path(root) / prefix / "exchange")


def write_course_config(root: Path, source: str = "source", build: str = ".") -> Path:
    """Write an ``nbgrader_config.py`` into ``root`` that applies :func:`apply_course_config`."""
    repo = Path(__file__).resolve().parent.parent
    path = root / "nbgrader_config.py"
    path.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(repo)!r})\n"
        "from pathlib import Path\n"
        "from grading.course import apply_course_config\n"
        "c = get_config()  # noqa: F821\n"
        f"apply_course_config(c, root=Path({str(root)!r}), source={source!r}, build={build!r})\n"
    )
    return path


def nbgrader_command(*args: str) -> list[str]:
    """The argv that runs nbgrader with this interpreter."""
    return [sys.executable, "-m", "nbgrader", *args]
