"""The initialization and gradient_checking notebooks: they run clean and quickly, and follow the series' rules."""

from __future__ import annotations

import subprocess
import sys
import time

import nbformat
import pytest
from nbclient import NotebookClient

from grading.course.release import build_release
from grading.paths import REPO_ROOT, source_notebooks
from tests.release_checks import unanswered_public_tests

pytestmark = pytest.mark.slow

ASSIGNMENTS = {"initialization": 5, "gradient_checking": 3}  # assignment -> graded exercises
PUBLISHED = {
    "initialization": ["W1 = [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]]",
                       "W2 = [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]"],
    "gradient_checking": ["numerical estimate = 2.0000000011677344", "difference = 2.919335883291695e-10",
                          "difference = 0.2850931567761623", "difference after the fix = 1.1890913024229996e-07"],
}
FIGURES = {"initialization": 6, "gradient_checking": 2}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    done = {}
    for assignment in ASSIGNMENTS:
        for path in source_notebooks(assignment):
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": str(tmp_path_factory.mktemp(assignment))}}).execute()
            seconds = time.perf_counter() - start
            print(f"{assignment}/{path.name}: {seconds:.1f} s")
            done[assignment] = (nb, seconds)
    return done


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_one_notebook_per_assignment(assignment):
    assert [p.name for p in source_notebooks(assignment)] == [f"{assignment}.ipynb"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_runs_clean_prints_the_published_values_and_draws_its_figures(executed, assignment):
    nb, seconds = executed[assignment]
    text = ""
    images = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{output.get('ename')}: {output.get('evalue')}"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output["text"][:300]
            text += output.get("text", "")
            images += "image/png" in output.get("data", {})
    assert text.count("All tests passed.") == ASSIGNMENTS[assignment]
    for line in PUBLISHED[assignment]:
        assert line in text, line
    assert images == FIGURES[assignment]
    assert seconds < 60  # under 15 s on an idle 2-core machine; the bound leaves room for a busy one


def _cells(assignment):
    return [cell for path in source_notebooks(assignment) for cell in nbformat.read(path, as_version=4).cells]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_cells_follow_the_grader_rules(assignment):
    answers, hidden, public = set(), {}, set()
    for cell in _cells(assignment):
        assert cell.metadata.get("nbgrader", None) != {}
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
        if meta.get("solution"):
            answers.add(meta["grade_id"])
            assert f"def {meta['grade_id']}(" in cell.source and "### BEGIN SOLUTION" in cell.source
        elif meta.get("grade"):
            name = meta["grade_id"].removesuffix("_tests")
            hidden[name] = meta["points"]
            lines = cell.source.splitlines()
            assert lines[0] == f"# Hidden tests of {name}: scored by the grader."
            assert lines[1] == "### BEGIN HIDDEN TESTS" and lines[-1] == "### END HIDDEN TESTS"
            assert meta["locked"] and meta["points"] > 0
            for line in lines:
                if line.lstrip().startswith("assert") and ", f\"" in line:
                    message = line.split(", f\"", 1)[1]
                    assert "_want" not in message and "_dims" not in message and "_seed" not in message, line
        elif meta.get("grade_id", "").startswith("public_test_"):
            name = meta["grade_id"].removeprefix("public_test_")
            public.add(name)
            assert meta["locked"] and cell.source == f"{name}_test({name})"
    assert answers == set(hidden) == public and len(answers) == ASSIGNMENTS[assignment]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_narrative_has_the_series_sections(assignment):
    text = "".join(c.source for c in _cells(assignment) if c.cell_type == "markdown")
    assert "\"Run All\" stops at the first test cell that fails" in text
    assert "Tweak and observe" in text and "## What to remember" in text
    assert "reg_utils/" not in text


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    folders = build_release(tmp_path_factory.mktemp("release"), list(ASSIGNMENTS))
    return {folder.name: folder for folder in folders}


def test_nbgrader_validate_passes_the_sources_and_fails_the_release(venv_env, releases):
    for assignment, release in releases.items():
        sources = [str(p) for p in source_notebooks(assignment)]
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *sources], cwd=REPO_ROOT,
                              env=venv_env, capture_output=True, text=True, timeout=600)
        assert done.stdout.count("Success! Your notebook passes all the tests.") == len(sources), done.stdout
        stubs = [str(p) for p in sorted(release.glob("*.ipynb"))]
        done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", "--invert", *stubs], cwd=REPO_ROOT,
                              env=venv_env, capture_output=True, text=True, timeout=600)
        # Every graded cell of the release must fail. The hidden-test cells are empty placeholders there
        # (nbgrader removed their body), which nbgrader counts as passing; nothing else may pass.
        passed = [block.strip().splitlines()[0] for block in done.stdout.split("The following cell passed:")[1:]]
        assert all(first.startswith("# Hidden tests of ") for first in passed), done.stdout
        assert "Success! The notebook does not pass any tests." in done.stdout or passed, done.stdout
        text = "\n".join(p.read_text() for p in release.glob("*.ipynb"))
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "RandomState(" not in text


def test_in_the_release_every_public_test_reports_its_exercise_as_not_answered(releases, tmp_path):
    for release in releases.values():
        unanswered_public_tests(release, tmp_path)
