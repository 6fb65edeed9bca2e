"""Shared fixtures: the reference solutions come from the source notebooks only."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from grading.course.config import ensure_tools_on_path  # noqa: E402

# nbgrader's Gradebook runs `alembic` by name: tests started as `.venv/bin/python -m pytest` need the venv's bin.
ensure_tools_on_path()

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
