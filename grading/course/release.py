"""Build the student release with nbgrader's ``generate_assignment``."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..paths import REPO_ROOT
from .prepare import prepare_course

#: What the student's Validate button and ``nbgrader validate`` read in a release folder: check every cell.
STUDENT_CONFIG = REPO_ROOT / "student_config" / "nbgrader_config.py"


def build_release(out: Path, names: list[str]) -> list[Path]:
    """Write ``out/<assignment>/<notebook>.ipynb`` for each assignment: answers stubbed, hidden tests removed."""
    folders = []
    with tempfile.TemporaryDirectory(prefix="reglab-release-") as tmp:
        course = prepare_course(Path(tmp), names)
        for name in names:
            target = out / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(course / "release" / name, target)
            if STUDENT_CONFIG.is_file():
                shutil.copy(STUDENT_CONFIG, target / "nbgrader_config.py")
            folders.append(target)
    return folders
