"""Where things are in the repository, and which assignments it holds."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO_ROOT / "notebooks"
BUILD_DIR = REPO_ROOT / "build"
#: Folder names nbgrader and file systems both accept as an assignment or student id.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def assignments() -> list[str]:
    """Every assignment of the series: the folders under ``notebooks/`` holding notebooks."""
    return sorted(p.name for p in SOURCE_DIR.iterdir()
                  if p.is_dir() and SAFE_NAME.match(p.name) and any(p.glob("*.ipynb")))


def source_notebooks(assignment: str) -> list[Path]:
    """The source notebooks of an assignment, in teaching order."""
    return sorted((SOURCE_DIR / assignment).glob("*.ipynb"))


def check_assignment(name: str) -> str:
    """``name`` if it is an assignment of the series, else ValueError listing the known ones."""
    known = assignments()
    if name not in known:
        raise ValueError(f"unknown assignment {name!r}; the series has: {', '.join(known)}")
    return name
