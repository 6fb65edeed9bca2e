"""Every source notebook runs top to bottom in a real kernel: no error, no warning."""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from grading.paths import source_notebooks

#: Executes the notebooks in a real kernel (a minute or more): not part of the fast unit layer.
pytestmark = pytest.mark.slow

NOTEBOOKS = source_notebooks("regularization")
#: Lines a cell of a correctly answered notebook may print at most (about a screenful).
MAX_LINES = 30


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run the three notebooks in order in one folder (part 3 reads what 1 and 2 saved)."""
    folder = tmp_path_factory.mktemp("run_all")
    done = {}
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
        done[path.name] = (nb, time.perf_counter() - start)
        print(f"{path.name}: {done[path.name][1]:.1f} s")
    return folder, done


def test_there_are_three_parts():
    assert [p.name for p in NOTEBOOKS] == ["1_baseline.ipynb", "2_l2_regularization.ipynb", "3_dropout.ipynb"]


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_runs_clean(executed, name):
    nb, _ = executed[1][name]
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"{name}: {output.get('ename')}: {output.get('evalue')}"
            assert not (output["output_type"] == "stream" and output["name"] == "stderr"), \
                f"{name} wrote to stderr: {output['text'][:300]}"


def test_public_tests_pass_and_figures_are_drawn(executed):
    folder, done = executed
    text = {name: "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
            for name, (nb, _) in done.items()}
    assert text["1_baseline.ipynb"].count("All tests passed.") == 2
    assert text["2_l2_regularization.ipynb"].count("All tests passed.") == 2
    assert text["3_dropout.ipynb"].count("All tests passed.") == 2
    assert "cost = 1.7864859451590758" in text["2_l2_regularization.ipynb"]
    images = sum(1 for nb, _ in done.values() for c in nb.cells for o in c.get("outputs", [])
                 if "image/png" in o.get("data", {}))
    assert images == 7  # data, costs and boundaries in part 1; costs, boundaries in 2; costs, comparison in 3
    assert {p.name for p in (folder / "runs").iterdir()} == {"baseline.npz", "l2.npz", "dropout.npz"}
    # The closing table lists the three models with numbers, not the "run part N" placeholder.
    assert "run the earlier part first" not in text["3_dropout.ipynb"]


def test_no_cell_prints_more_than_a_screenful(executed):
    for name, (nb, _) in executed[1].items():
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                shown = output.get("text", "") or output.get("data", {}).get("text/plain", "")
                assert shown.count("\n") <= MAX_LINES, f"{name}: a cell prints {shown.count(chr(10))} lines"
                # No bare array of predictions as a cell's result.
                assert not (output["output_type"] == "execute_result" and "array(" in shown), f"{name}: {shown[:200]}"


def test_part_2_uses_the_lambd_its_sweep_picked_on_the_dev_set(executed):
    text = "".join(o.get("text", "") for c in executed[1]["2_l2_regularization.ipynb"][0].cells
                   for o in c.get("outputs", []))
    assert "lambd   train     dev" in text
    best = text.split("best dev accuracy at lambd = ")[1].split()[0]
    assert f"L2, lambd = {best}:" in text


def test_hidden_test_cells_open_with_a_comment_and_reveal_no_expected_value():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                first = cell.source.splitlines()[0]
                assert first == f"# Hidden tests of {meta['grade_id'][:-6]}: scored by the grader.", first
                for line in cell.source.splitlines():
                    if line.lstrip().startswith("assert") and ", f\"" in line:
                        message = line.split(", f\"", 1)[1]
                        assert "_want" not in message and "_dims" not in message, line


def test_ungraded_cells_never_carry_empty_nbgrader_metadata():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            assert cell.metadata.get("nbgrader", None) != {}, path.name


def test_how_to_work_says_run_all_stops_at_the_first_unwritten_exercise():
    for path in NOTEBOOKS:
        text = "".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
        assert "\"Run All\" stops at the first test cell that fails" in text, path.name
        assert "reg_utils/" not in text, f"{path.name} points at a file the release does not ship"


def test_committed_notebooks_carry_no_outputs():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
