"""The student release of every assignment: stubs instead of solutions, no hidden tests, metadata nbgrader accepts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest

from grading.course.release import build_release
from grading.course.solutions import all_solution_cells
from grading.paths import REPO_ROOT, assignments, source_notebooks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    folders = build_release(tmp_path_factory.mktemp("release"), assignments())
    return {folder.name: folder for folder in folders}


@pytest.fixture(scope="module")
def release(releases):
    return releases["regularization"]


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


def test_every_assignment_is_released(releases):
    assert sorted(releases) == assignments()
    for name, folder in releases.items():
        assert sorted(p.name for p in folder.glob("*.ipynb")) == [p.name for p in source_notebooks(name)]


def test_release_holds_no_solution_and_no_hidden_test(releases):
    for name, release in releases.items():
        text = "\n".join(p.read_text() for p in release.glob("*.ipynb"))
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert "RandomState(2" not in text  # the hidden inputs' seeds
        released = _answer_cells(release)
        for grade_id, source in all_solution_cells(name).items():
            for line in _solution_lines(source):
                assert line not in released[grade_id], f"{grade_id}: solution line {line!r} is in the release"


def test_every_answer_cell_raises_not_implemented_and_every_test_names_its_exercise(releases):
    for name, release in releases.items():
        answers, tests = set(), []
        for path in release.glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution"):
                    answers.add(meta["grade_id"])
                    assert "raise NotImplementedError()" in cell.source
                if meta.get("grade"):
                    tests.append(meta["grade_id"])
                    assert meta["locked"] and meta["points"] > 0
        assert answers == set(all_solution_cells(name))
        for grade_id in tests:  # each hidden test cell is named after the exercise it scores
            assert any(grade_id.startswith(answer) and grade_id != answer for answer in answers), grade_id


def test_hidden_test_placeholders_show_nothing(releases):
    for release in releases.values():
        for path in release.glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("grade") and not meta.get("solution"):
                    code = [line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")]
                    assert code == [], (path.name, meta["grade_id"], code)


def test_plain_nbgrader_validate_passes_the_sources(venv_env, releases):
    # (The release's graded cells are only hidden-test placeholders, which pass by design, so
    # `validate --invert` proves nothing here; the release's own config, tested below, makes
    # every cell count instead.)
    for name in releases:
        sources = [str(p) for p in source_notebooks(name)]
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *sources], cwd=REPO_ROOT,
                              env=venv_env, capture_output=True, text=True, timeout=600)
        assert done.stdout.count("Success! Your notebook passes all the tests.") == len(sources), done.stdout


def test_validate_in_a_release_folder_checks_every_cell(venv_env, releases, tmp_path):
    """The release ships an nbgrader config: Validate fails on unanswered work and passes on answered work."""
    from grading.samples.build import fill_answers

    release = releases["regularization"]
    assert (release / "nbgrader_config.py").is_file()
    first = sorted(release.glob("*.ipynb"))[0]
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", first.name], cwd=release, env=venv_env,
                          capture_output=True, text=True, timeout=600)
    assert "Success!" not in done.stdout and "NotImplementedError" in done.stdout, done.stdout[-2000:]
    answered = tmp_path / "answered"
    answered.mkdir()
    shutil.copy(release / "nbgrader_config.py", answered / "nbgrader_config.py")
    for path in release.glob("*.ipynb"):
        fill_answers(path, all_solution_cells("regularization"), answered / path.name)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", first.name], cwd=answered, env=venv_env,
                          capture_output=True, text=True, timeout=600)
    assert "Success! Your notebook passes all the tests." in done.stdout, done.stdout[-2000:]
