"""The student release: stubs instead of solutions, no hidden tests, metadata nbgrader accepts."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from grading.release import build_release
from grading.solutions import all_solution_cells


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_release(tmp_path_factory.mktemp("release"))


def _solution_lines(source: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def test_release_has_the_three_notebooks(release):
    assert sorted(p.name for p in release.glob("*.ipynb")) == [
        "1_baseline.ipynb", "2_l2_regularization.ipynb", "3_dropout.ipynb"]


def _answer_cells(release):
    cells = {}
    for path in release.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                cells[meta["grade_id"]] = cell.source
    return cells


def test_release_holds_no_solution_and_no_hidden_test(release):
    text = "\n".join(p.read_text() for p in release.glob("*.ipynb"))
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert "RandomState(2" not in text  # the hidden inputs' seeds
    released = _answer_cells(release)
    for grade_id, source in all_solution_cells().items():
        for line in _solution_lines(source):
            assert line not in released[grade_id], f"{grade_id}: solution line {line!r} is in the release"


def test_every_answer_cell_raises_not_implemented(release):
    answers = 0
    for path in release.glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                answers += 1
                assert "raise NotImplementedError()" in cell.source
            if meta.get("grade"):
                assert meta["grade_id"].startswith(meta["grade_id"].removesuffix("_tests"))
                assert meta["locked"] and meta["points"] > 0
    assert answers == 6


def test_plain_nbgrader_validate_passes_the_sources(venv_env):
    from grading.paths import REPO_ROOT, source_notebooks

    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *map(str, source_notebooks())],
                          cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True, timeout=600)
    assert done.stdout.count("Success! Your notebook passes all the tests.") == 3, done.stdout + done.stderr
