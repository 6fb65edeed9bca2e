"""Tampering with the graded structure is undone and reported."""

from __future__ import annotations

import copy

import nbformat
import pytest

from grading.verdict.repair import repair


def _release():
    answer = nbformat.v4.new_code_cell("# YOUR CODE HERE")
    answer.metadata["nbgrader"] = {"grade": False, "grade_id": "f", "locked": False, "solution": True,
                                   "schema_version": 3}
    test = nbformat.v4.new_code_cell('"""Hidden tests of f."""')
    test.metadata["nbgrader"] = {"grade": True, "grade_id": "f_tests", "locked": True, "points": 2,
                                 "solution": False, "schema_version": 3}
    return nbformat.v4.new_notebook(cells=[answer, test])


def test_untouched_submission_has_no_findings():
    nb = _release()
    repaired, findings = repair(nb, _release())
    assert findings == [] and repaired == nb


def test_changed_points_are_restored():
    nb = _release()
    nb.cells[1].metadata["nbgrader"]["points"] = 100
    repaired, findings = repair(nb, _release())
    assert repaired.cells[1].metadata["nbgrader"]["points"] == 2
    assert "points" in findings[0]


def test_invented_and_duplicated_cells_lose_their_grading_metadata():
    nb = _release()
    nb.cells.append(copy.deepcopy(nb.cells[1]))
    bonus = copy.deepcopy(nb.cells[1])
    bonus.metadata["nbgrader"]["grade_id"] = "bonus"
    nb.cells.append(bonus)
    repaired, findings = repair(nb, _release())
    assert [c.metadata.get("nbgrader", {}).get("grade_id") for c in repaired.cells] == ["f", "f_tests", None, None]
    assert any("more than once" in f for f in findings) and any("does not have" in f for f in findings)


@pytest.mark.parametrize("index, phrase", [(0, "answer cell 'f' was deleted"), (1, "'f_tests' was deleted")])
def test_deleted_cells_are_reported(index, phrase):
    nb = _release()
    del nb.cells[index]
    repaired, findings = repair(nb, _release())
    assert any(phrase in f for f in findings)
    assert len(repaired.cells) == (2 if index == 1 else 1)  # a deleted test cell is put back


def test_edited_locked_cell_and_changed_type_are_reported():
    nb = _release()
    nb.cells[1].source = "pass"
    nb.cells[1].cell_type = "markdown"
    repaired, findings = repair(nb, _release())
    assert repaired.cells[1].cell_type == "code"
    assert any("edited" in f for f in findings) and any("markdown" in f for f in findings)
