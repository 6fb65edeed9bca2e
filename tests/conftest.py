"""Shared fixtures: the reference solutions come from the source notebooks only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from grading.course.solutions import all_solution_cells, load_solutions  # noqa: E402


@pytest.fixture(scope="session")
def sol():
    return load_solutions("regularization")


@pytest.fixture(scope="session")
def solution_sources():
    return all_solution_cells("regularization")


@pytest.fixture(scope="session")
def venv_env():
    """Environment for subprocesses: this interpreter's bin first (nbgrader needs alembic)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env
