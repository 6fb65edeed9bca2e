"""The regularization_toolbox notebooks: they run clean and quickly, follow the grader's rules, and their hidden
tests pass the reference answers and fail the usual wrong ones (through the grader's own proxies)."""

from __future__ import annotations

import subprocess
import sys
import time

import nbformat
import pytest
from nbclient import NotebookClient

from grading.course.release import build_release
from grading.paths import REPO_ROOT, source_notebooks
from tests import hidden_harness
from tests.release_checks import unanswered_public_tests

pytestmark = pytest.mark.slow

ASSIGNMENT = "regularization_toolbox"
#: notebook -> (graded exercises, figures)
NOTEBOOKS = {
    "1_l1_and_weight_decay.ipynb": (["compute_cost_with_l1", "backward_propagation_with_l1"], 3),
    "2_early_stopping.ipynb": (["early_stopping_index"], 1),
    "3_dropout_and_search.ipynb": (["Dropout", "NonInvertedDropout", "sample_log_uniform"], 3),
}
POINTS = {"compute_cost_with_l1": 2, "backward_propagation_with_l1": 3, "early_stopping_index": 2, "Dropout": 3,
          "NonInvertedDropout": 2, "sample_log_uniform": 2}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    done = {}
    for path in source_notebooks(ASSIGNMENT):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path_factory.mktemp("toolbox"))}}).execute()
        seconds = time.perf_counter() - start
        print(f"{ASSIGNMENT}/{path.name}: {seconds:.1f} s")
        done[path.name] = (nb, seconds)
    return done


def test_the_three_notebooks_in_order():
    assert [p.name for p in source_notebooks(ASSIGNMENT)] == list(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_runs_clean_passes_its_public_tests_and_draws_its_figures(executed, name):
    nb, seconds = executed[name]
    text, images = "", 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{output.get('ename')}: {output.get('evalue')}"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), output["text"][:300]
            text += output.get("text", "")
            images += "image/png" in output.get("data", {})
    exercises, figures = NOTEBOOKS[name]
    assert text.count("All tests passed.") == len(exercises)
    assert images == figures
    assert seconds < 40  # about 4, 3 and 12 s on a 2-core machine; the bound leaves room for a busy one


def test_the_story_is_printed(executed):
    text = "".join(o.get("text", "") for nb, _ in executed.values() for c in nb.cells for o in c.get("outputs", []))
    for words in ("no regularization: train 1.000", "weights with |w| < 0.001: L1", "early stopping (patience 8)",
                  "best:    lambd", "default: lambd 0.7", "chosen setting lambd"):
        assert words in text, words


def _cells():
    return [(path.name, cell) for path in source_notebooks(ASSIGNMENT)
            for cell in nbformat.read(path, as_version=4).cells]


def test_nbgrader_cells_follow_the_grader_rules():
    answers, hidden, public = {}, {}, {}
    for notebook, cell in _cells():
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None
        if meta.get("grade_id") == "setup":
            assert meta["locked"] and not meta["solution"] and not meta["grade"]
        elif meta.get("solution"):
            name = meta["grade_id"]
            answers[name] = notebook
            assert not meta["grade"] and not meta["locked"]
            assert f"def {name}(" in cell.source or f"class {name}:" in cell.source
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
        elif meta.get("grade"):
            name = meta["grade_id"].removesuffix("_tests")
            hidden[name] = meta["points"]
            lines = cell.source.splitlines()
            assert lines[0] == f"# Hidden tests of {name}: scored by the grader."
            assert lines[1] == "### BEGIN HIDDEN TESTS" and lines[-1] == "### END HIDDEN TESTS"
            assert meta["locked"] and not meta["solution"]
            assert "print(" not in cell.source
        elif meta.get("grade_id", "").startswith("public_test_"):
            name = meta["grade_id"].removeprefix("public_test_")
            public[name] = notebook
            assert meta["locked"] and cell.source == f"{name}_test({name})"
    assert answers == public and hidden == POINTS
    assert {name: nb for nb, (names, _) in NOTEBOOKS.items() for name in names} == answers


def test_narrative_has_the_series_sections():
    for notebook in NOTEBOOKS:
        text = "".join(c.source for name, c in _cells() if name == notebook and c.cell_type == "markdown")
        assert "## Tweak and observe" in text and "## What to remember" in text and "**How to work.**" in text


def test_hidden_tests_pass_the_reference_answers_through_the_graders_proxies():
    verdicts = hidden_harness.grade(ASSIGNMENT)
    assert {grade_id: v.score for grade_id, v in verdicts.items()} == \
        {f"{name}_tests": float(points) for name, points in POINTS.items()}, verdicts


WRONG = {
    "compute_cost_with_l1": """
def compute_cost_with_l1(A3, Y, parameters, lambd):
    m = Y.shape[1]
    return compute_cost(A3, Y) + lambd / (2 * m) * sum(np.sum(np.abs(v)) for v in parameters.values())
""",
    "backward_propagation_with_l1": """
def backward_propagation_with_l1(X, Y, cache, lambd):
    m = X.shape[1]
    grads = backward_propagation(X, Y, cache)
    for name, W in (("dW1", cache[2]), ("dW2", cache[6]), ("dW3", cache[10])):
        grads[name] = grads[name] + lambd / m * np.sign(W)
    return grads
""",
    "early_stopping_index": """
def early_stopping_index(dev_errors, patience):
    best, index, waited = float("inf"), 0, 0
    for i, error in enumerate(dev_errors):
        if error <= best:
            best, index, waited = error, i, 0
        else:
            waited += 1
            if waited >= patience:
                break
    return index
""",
    "Dropout": """
class Dropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
    def forward(self, x, train=True):
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask / self.keep_prob if train else x
    def backward(self, dout):
        return dout * self.mask / self.keep_prob
""",
    "NonInvertedDropout": """
class NonInvertedDropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
    def forward(self, x, train=True):
        if not train:
            return x
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask
    def backward(self, dout):
        return dout * self.mask
""",
    "sample_log_uniform": """
def sample_log_uniform(low, high, size, rng):
    return 10.0 ** np.random.uniform(np.log10(low), np.log10(high), size)
""",
}


@pytest.mark.parametrize("name", WRONG)
def test_hidden_tests_fail_a_usual_mistake_and_only_its_own_cell(name):
    verdicts = hidden_harness.grade(ASSIGNMENT, {name: WRONG[name]})
    failed = {grade_id for grade_id, v in verdicts.items() if v.score < v.max_score}
    assert failed == {f"{name}_tests"}, verdicts
    assert "_want" not in verdicts[f"{name}_tests"].message


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    return build_release(tmp_path_factory.mktemp("release"), [ASSIGNMENT])[0]


def test_nbgrader_validate_passes_the_sources_in_grading_mode(venv_env):
    sources = [str(p) for p in source_notebooks(ASSIGNMENT)]
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", *sources], cwd=REPO_ROOT, env=venv_env,
                          capture_output=True, text=True, timeout=600)
    assert done.stdout.count("Success! Your notebook passes all the tests.") == len(sources), done.stdout


def test_in_the_release_every_public_test_reports_its_exercise_as_not_answered(release, tmp_path):
    text = "\n".join(p.read_text() for p in release.glob("*.ipynb"))
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "RandomState(" not in text
    seen = unanswered_public_tests(release, tmp_path)
    assert seen == len(POINTS)
