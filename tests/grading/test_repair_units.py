"""Structure repair on a small hand-built release: every finding word for word, every repair checked."""

from __future__ import annotations

import copy
import json

import nbformat
import pytest

from grading.verdict.repair import RepairStructure, repair


def _cell(kind, source, **meta):
    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    if meta:
        cell.metadata["nbgrader"] = meta
    return cell


def _release():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        _cell("markdown", "intro", grade_id="intro", locked=True, grade=False, solution=False),
        _cell("code", "# answer", grade_id="ans", grade=False, solution=True, locked=False),
        _cell("code", "check()", grade_id="test", grade=True, solution=False, locked=True, points=2),
        _cell("code", "plain = 1"),
        _cell("markdown", "explain", grade_id="task", task=True, points=1, locked=False, solution=False,
              grade=False),
        _cell("code", "check2()", grade_id="test2", grade=True, solution=False, locked=True, points=1),
    ]
    return nb


def _ids(nb):
    return [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]


def test_an_untouched_submission_comes_back_equal_and_is_a_copy():
    release = _release()
    submitted = copy.deepcopy(release)
    repaired, findings = repair(submitted, release)
    assert findings == [] and repaired == release and repaired is not submitted
    repaired.cells[0].source = "changed"
    assert submitted.cells[0].source == "intro"


@pytest.mark.parametrize("meta", ["text", [], {}, {"grade_id": 3}, {"points": 1}])
def test_malformed_metadata_on_other_cells_is_dropped_silently(meta):
    submitted = _release()
    submitted.cells[3].metadata["nbgrader"] = meta
    repaired, findings = repair(submitted, _release())
    assert findings == [] and "nbgrader" not in repaired.cells[3].metadata


def test_invented_and_duplicated_ids():
    submitted = _release()
    submitted.cells.insert(3, _cell("code", "mine", grade_id="extra", grade=True, points=99))
    submitted.cells.append(copy.deepcopy(submitted.cells[2]))
    repaired, findings = repair(submitted, _release())
    assert findings == [
        "a cell claims nbgrader id 'extra', which the assignment does not have: it is graded as an ordinary cell",
        "cell 'test' appears more than once: only the first copy is graded"]
    assert _ids(repaired) == ["intro", "ans", "test", None, None, "task", "test2", None]


@pytest.mark.parametrize("key, value", [("grade", False), ("solution", True), ("locked", False), ("points", 20),
                                        ("task", True)])
def test_each_watched_key_is_put_back(key, value):
    submitted = _release()
    submitted.cells[2].metadata["nbgrader"][key] = value
    submitted.cells[2].metadata["nbgrader"]["unwatched"] = "kept?"
    repaired, findings = repair(submitted, _release())
    assert findings == [f"the nbgrader metadata of 'test' was changed ({key}): graded with the assignment's own"]
    assert repaired.cells[2].metadata["nbgrader"] == _release().cells[2].metadata["nbgrader"]


def test_several_changed_keys_are_named_in_order_and_other_keys_do_not_count():
    submitted = _release()
    submitted.cells[2].metadata["nbgrader"].update(points=5, grade=False, schema_version=3)
    _, findings = repair(submitted, _release())
    assert findings == ["the nbgrader metadata of 'test' was changed (grade, points): graded with the "
                        "assignment's own"]
    other = _release()
    other.cells[2].metadata["nbgrader"]["schema_version"] = 3
    assert repair(other, _release())[1] == []


def test_a_changed_cell_type_is_put_back_both_ways():
    submitted = _release()
    submitted.cells[2] = _cell("markdown", "check()", **submitted.cells[2].metadata["nbgrader"])
    code = _cell("code", "explain", **submitted.cells[4].metadata["nbgrader"])
    code.outputs = [nbformat.v4.new_output("stream", text="x")]
    code.execution_count = 4
    submitted.cells[4] = code
    repaired, findings = repair(submitted, _release())
    assert findings == [
        "cell 'test' was turned into a markdown cell: graded as the code cell it is",
        "cell 'task' was turned into a code cell: graded as the markdown cell it is"]
    assert repaired.cells[2].cell_type == "code" and repaired.cells[2].outputs == []
    assert repaired.cells[2].execution_count is None
    assert repaired.cells[4].cell_type == "markdown" and "outputs" not in repaired.cells[4]
    assert "execution_count" not in repaired.cells[4]


def test_edited_locked_cells_are_reported_and_answers_may_change():
    submitted = _release()
    submitted.cells[0].source = "my intro"
    submitted.cells[2].source = "pass"
    submitted.cells[1].source = "my answer"
    submitted.cells[4].source = "my explanation"
    _, findings = repair(submitted, _release())
    assert findings == ["locked cell 'intro' was edited: graded with the assignment's version",
                        "locked cell 'test' was edited: graded with the assignment's version"]


def test_deleted_cells_put_back_after_the_graded_cell_before_them():
    submitted = _release()
    del submitted.cells[5]  # test2, last
    del submitted.cells[2]  # test
    del submitted.cells[1]  # ans
    repaired, findings = repair(submitted, _release())
    assert findings == ["answer cell 'ans' was deleted: its exercise has no answer to grade",
                        "cell 'test' was deleted: graded with the assignment's version put back",
                        "cell 'test2' was deleted: graded with the assignment's version put back"]
    assert _ids(repaired) == ["intro", "test", None, "task", "test2"]
    assert repaired.cells[1].source == "check()" and repaired.cells[4].source == "check2()"
    first = _release()
    del first.cells[0]
    repaired, findings = repair(first, _release())
    assert _ids(repaired)[0] == "intro" and findings == [
        "cell 'intro' was deleted: graded with the assignment's version put back"]


def test_the_preprocessor_writes_one_json_line_per_finding(tmp_path):
    nbformat.write(_release(), tmp_path / "one.ipynb")
    submitted = _release()
    submitted.cells[2].metadata["nbgrader"]["points"] = 9
    submitted.cells[0].source = "x"
    findings = tmp_path / "findings.jsonl"
    findings.write_text('{"old": 1}\n')
    step = RepairStructure(release_dir=str(tmp_path), findings_file=str(findings))
    repaired, resources = step.preprocess(submitted, {"unique_key": "one"})
    assert resources == {"unique_key": "one"} and repaired.cells[2].metadata["nbgrader"]["points"] == 2
    lines = [json.loads(line) for line in findings.read_text().splitlines()]
    assert lines == [{"old": 1},
                     {"notebook": "one.ipynb", "finding": "locked cell 'intro' was edited: graded with the "
                                                         "assignment's version"},
                     {"notebook": "one.ipynb", "finding": "the nbgrader metadata of 'test' was changed (points): "
                                                         "graded with the assignment's own"}]
    by_name = RepairStructure(release_dir=str(tmp_path), findings_file="")
    assert by_name.preprocess(copy.deepcopy(submitted), {"metadata": {"name": "one"}})[0].cells[2].metadata[
        "nbgrader"]["points"] == 2
    untouched = copy.deepcopy(submitted)
    assert by_name.preprocess(untouched, {"metadata": {"name": "two"}})[0] is untouched
    assert RepairStructure(release_dir=str(tmp_path)).preprocess(untouched, {})[0] is untouched


def test_a_markdown_cell_turned_into_a_raw_cell_is_put_back():
    # A raw cell has neither outputs nor an execution count: nothing to remove, nothing to fail on.
    submitted = _release()
    raw = nbformat.v4.new_raw_cell("explain")
    raw.metadata["nbgrader"] = copy.deepcopy(submitted.cells[4].metadata["nbgrader"])
    submitted.cells[4] = raw
    repaired, findings = repair(submitted, _release())
    assert findings == ["cell 'task' was turned into a raw cell: graded as the markdown cell it is"]
    assert repaired.cells[4].cell_type == "markdown" and repaired.cells[4].source == "explain"
    assert "outputs" not in repaired.cells[4] and "execution_count" not in repaired.cells[4]


def test_a_release_cell_whose_id_is_not_a_string_is_not_a_graded_cell():
    release = _release()
    release.cells.append(_cell("code", "odd()", grade_id=7, grade=True, solution=False, locked=True, points=1))
    submitted = copy.deepcopy(release)
    del submitted.cells[-1]
    repaired, findings = repair(submitted, release)
    assert findings == [] and len(repaired.cells) == len(release.cells) - 1


def test_a_put_back_cell_shares_nothing_with_the_release():
    release = _release()
    submitted = copy.deepcopy(release)
    del submitted.cells[2]  # test
    repaired, _ = repair(submitted, release)
    assert repaired.cells[2].source == "check()"
    repaired.cells[2].metadata["nbgrader"]["points"] = 99  # later steps change the notebook being graded
    repaired.cells[2].outputs.append(nbformat.v4.new_output("stream", text="x"))
    assert release.cells[2].metadata["nbgrader"]["points"] == 2 and release.cells[2].outputs == []
