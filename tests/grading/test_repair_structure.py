"""RepairStructure runs repair inside nbgrader's chain, against the private release, and records findings."""

from __future__ import annotations

import json

import nbformat

from grading.verdict.repair import RepairStructure


def _release():
    test = nbformat.v4.new_code_cell("# Hidden tests of f")
    test.metadata["nbgrader"] = {"grade": True, "grade_id": "f_tests", "locked": True, "points": 2,
                                 "solution": False, "schema_version": 3}
    return nbformat.v4.new_notebook(cells=[test])


def test_findings_are_written_and_the_notebook_repaired(tmp_path):
    nbformat.write(_release(), tmp_path / "part.ipynb")
    submitted = _release()
    submitted.cells[0].metadata["nbgrader"]["points"] = 100
    odd = nbformat.v4.new_code_cell("x = 1")
    odd.metadata["nbgrader"] = "str"
    submitted.cells.append(odd)
    findings = tmp_path / "findings.jsonl"
    step = RepairStructure(release_dir=str(tmp_path), findings_file=str(findings))
    repaired, _ = step.preprocess(submitted, {"unique_key": "part"})
    assert repaired.cells[0].metadata["nbgrader"]["points"] == 2
    assert "nbgrader" not in repaired.cells[1].metadata  # malformed, ungraded: dropped without a word
    [line] = findings.read_text().splitlines()
    assert json.loads(line)["notebook"] == "part.ipynb" and "points" in json.loads(line)["finding"]


def test_a_notebook_the_release_does_not_have_is_left_alone(tmp_path):
    nb = _release()
    repaired, _ = RepairStructure(release_dir=str(tmp_path)).preprocess(nb, {"unique_key": "other"})
    assert repaired is nb
