"""Where things are in the repository."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO_ROOT / "notebooks"
ASSIGNMENT = "regularization"
BUILD_DIR = REPO_ROOT / "build"


def source_notebooks(assignment: str = ASSIGNMENT) -> list[Path]:
    """The source notebooks of an assignment, in teaching order."""
    return sorted((SOURCE_DIR / assignment).glob("*.ipynb"))
