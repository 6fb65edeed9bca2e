"""Typed results: results.json, Gradescope's format and the score table say exactly what was graded."""

from __future__ import annotations

import json

import nbgrader.api
import pytest
from nbgrader.api import Gradebook

from grading.batch.records import AssignmentOutcome, StudentOutcome
from grading.reports.results import CellResult, GradingResults, StudentResult, collect_results


def _results() -> GradingResults:
    ada = StudentResult("ada", {"regularization": {"1_baseline": {
        "count_parameters_tests": CellResult(1.0, 1.0), "mean_abs_weights_tests": CellResult(0.0, 1.0, "W1 wrong")}}})
    ben = StudentResult("ben", {"regularization": {"1_baseline": {
        "count_parameters_tests": CellResult(0.0, 1.0, ""), "mean_abs_weights_tests": CellResult(0.0, 1.0, "x")}}},
        warnings=["extra notebook(s) not graded: a.ipynb"])
    return GradingResults(["regularization", "initialization"], {"ada": ada, "ben": ben}, {"bad!": "not an id"})


def test_results_json_layout():
    data = _results().to_json()
    assert data["ada"]["regularization"]["1_baseline"]["mean_abs_weights_tests"] == {
        "score": 0.0, "max_score": 1.0, "message": "W1 wrong"}
    assert "_warnings" not in data["ada"] and data["ben"]["_warnings"] == ["extra notebook(s) not graded: a.ipynb"]
    assert data["_skipped"] == {"bad!": "not an id"}


def test_gradescope_status_and_output_follow_each_verdict():
    report = _results()["ada"].gradescope()
    tests = {t["name"]: t for t in report["tests"]}
    passed = tests["regularization / 1_baseline: count_parameters_tests"]
    failed = tests["regularization / 1_baseline: mean_abs_weights_tests"]
    assert (passed["status"], passed["output"], passed["score"]) == ("passed", "passed", 1.0)
    assert (failed["status"], failed["output"], failed["score"]) == ("failed", "W1 wrong", 0.0)
    assert report["score"] == 1.0 and report["output"] == "All notebooks were graded."
    ben = _results()["ben"].gradescope()
    assert {t["output"] for t in ben["tests"]} == {"did not pass", "x"}  # no message: still says it failed
    assert "extra notebook" in ben["output"]


def test_totals_and_score_table():
    results = _results()
    assert results["ada"].total() == 1.0 and results["ada"].max_total("regularization") == 2.0
    table = results.score_table()
    assert "initialization" not in table  # nobody submitted it
    lines = table.splitlines()
    assert lines[2].split() == ["ada", "1/2", "1/2"] and lines[3].split() == ["ben", "0/2", "0/2"]


def test_write_puts_each_file_where_it_belongs(tmp_path):
    results = _results()
    outcomes = {"ada": StudentOutcome("ada", {"regularization": AssignmentOutcome(
        feedback={"1_baseline.html": "<p>ok</p>", "../escape.html": "no", ".hidden.html": "no"})})}
    results.write(tmp_path, outcomes)
    assert json.loads((tmp_path / "results.json").read_text()) == results.to_json()
    assert json.loads((tmp_path / "gradescope" / "ben" / "results.json").read_text())["score"] == 0.0
    pages = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "feedback").rglob("*.html"))
    assert pages == ["feedback/ada/regularization/1_baseline.html"]


def test_results_json_is_indented_with_sorted_keys(tmp_path):
    # Read by people and diffed between runs: two-space indent, keys sorted ("_skipped" sorts first).
    results = GradingResults(["hw"], {"ben": StudentResult("ben", {"hw": {"one": {"g": CellResult(1.0, 1.0)}}},
                                                           warnings=["late"])}, {"0junk": "not a student"})
    results.write(tmp_path, {})
    assert (tmp_path / "results.json").read_text() == (
        '{\n'
        '  "_skipped": {\n'
        '    "0junk": "not a student"\n'
        '  },\n'
        '  "ben": {\n'
        '    "_warnings": [\n'
        '      "late"\n'
        '    ],\n'
        '    "hw": {\n'
        '      "one": {\n'
        '        "g": {\n'
        '          "max_score": 1.0,\n'
        '          "message": "",\n'
        '          "score": 1.0\n'
        '        }\n'
        '      }\n'
        '    }\n'
        '  }\n'
        '}')
    scope = (tmp_path / "gradescope" / "ben" / "results.json").read_text()
    assert scope.startswith('{\n  "score": 1.0,\n  "tests": [\n    {\n      "name": "hw / one: g",\n')


def test_write_again_into_the_same_folder_replaces_the_files(tmp_path):
    results = _results()
    outcomes = {"ada": StudentOutcome("ada", {"regularization": AssignmentOutcome(
        feedback={"1_baseline.html": "<p>first</p>"})})}
    results.write(tmp_path, outcomes)
    outcomes["ada"].assignments["regularization"].feedback["1_baseline.html"] = "<p>second</p>"
    results.write(tmp_path, outcomes)  # a resumed batch writes its results over the last run's
    assert (tmp_path / "feedback" / "ada" / "regularization" / "1_baseline.html").read_text() == "<p>second</p>"


def test_feedback_pages_are_utf8_whatever_the_locale(tmp_path, monkeypatch):
    # On a machine whose locale is Latin-1, text written without an explicit encoding would not be UTF-8.
    import io
    real = io.text_encoding
    monkeypatch.setattr(io, "text_encoding", lambda encoding, stacklevel=2: encoding or "latin-1")
    page = '<meta charset="utf-8"><p>λ = 0.1 → ✓ passed</p>'
    outcomes = {"ada": StudentOutcome("ada", {"regularization": AssignmentOutcome(
        feedback={"1_baseline.html": page})})}
    _results().write(tmp_path, outcomes)
    monkeypatch.setattr(io, "text_encoding", real)
    data = (tmp_path / "feedback" / "ada" / "regularization" / "1_baseline.html").read_bytes()
    assert data.decode("utf-8") == page


def test_gradescope_output_lists_each_warning_on_its_own_line():
    result = StudentResult("ann", {"hw": {"one": {"g": CellResult(1.0, 1.0)}}}, ["late", "extra notebook"])
    assert result.gradescope()["output"] == "late\nextra notebook"


def test_totals_of_an_assignment_not_submitted_are_zero():
    result = StudentResult("ann", {"hw": {"one": {"g": CellResult(1.0, 2.0)}}})
    assert (result.total("quiz"), result.max_total("quiz")) == (0.0, 0.0)
    assert (result.total("hw"), result.max_total("hw")) == (1.0, 2.0)


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    """hw/one (g1: 2 points) and quiz/q (q1: 4 points); ann has 2/2 on g1 and 4/4 on q1."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nbgrader.api, "get_alembic_version", lambda: "unit-test")
        url = f"sqlite:///{tmp_path_factory.mktemp('small') / 'book.db'}"
        with Gradebook(url) as gb:
            for assignment, notebook, cell, points in (("hw", "one", "g1", 2.0), ("quiz", "q", "q1", 4.0)):
                gb.add_assignment(assignment)
                gb.add_notebook(notebook, assignment)
                gb.add_grade_cell(cell, notebook, assignment, max_score=points, cell_type="code")
            gb.add_student("ann")
            gb.add_submission("hw", "ann")
            gb.add_submission("quiz", "ann")
            gb.find_grade("g1", "one", "hw", "ann").auto_score = 2.0
            gb.find_grade("q1", "q", "quiz", "ann").auto_score = 4.0
            gb.db.commit()
    return url


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_collected_results_skip_an_assignment_not_submitted_and_keep_the_next(small_book):
    outcomes = {"ann": StudentOutcome("ann", {"quiz": AssignmentOutcome(graded_notebooks=["q.ipynb"])})}
    results = collect_results(small_book, ["hw", "quiz"], outcomes, {}, {}, {})
    ann = results["ann"]
    assert ann.student == "ann"
    assert ann.assignments == {"quiz": {"q": {"q1": CellResult(4.0, 4.0, "")}}}


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
def test_a_cell_at_full_marks_carries_no_failure_message(small_book):
    # hw was not graded in this run (its notebook was refused) but the gradebook holds full marks for g1:
    # the note explains failures only, and a full-marks cell did not fail.
    outcomes = {"ann": StudentOutcome("ann", {"quiz": AssignmentOutcome(graded_notebooks=["q.ipynb"])})}
    notes = {"ann": {"hw": {"one.ipynb": "one.ipynb is a symbolic link: refused"}}}
    results = collect_results(small_book, ["hw", "quiz"], outcomes, notes, {}, {})
    assert results["ann"].assignments["hw"] == {"one": {"g1": CellResult(2.0, 2.0, "")}}
