"""Every source notebook runs top to bottom in a real kernel: no error, no warning."""

from __future__ import annotations

import time

import nbformat
import pytest
from nbclient import NotebookClient

from grading.paths import source_notebooks

NOTEBOOKS = source_notebooks()


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


def test_committed_notebooks_carry_no_outputs():
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, path.name
