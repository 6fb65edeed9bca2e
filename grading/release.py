"""Build the student release with nbgrader generate_assignment."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .autograde import prepare_course
from .paths import ASSIGNMENT


def build_release(out: Path, assignment: str = ASSIGNMENT) -> Path:
    """Write ``out/<assignment>/<notebook>.ipynb``: answers stubbed, hidden tests removed."""
    with tempfile.TemporaryDirectory(prefix="reglab-release-") as tmp:
        course = prepare_course(Path(tmp), assignment)
        target = out / assignment
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(course / "release" / assignment, target)
    return target
