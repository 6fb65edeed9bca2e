"""Typed results: results.json, Gradescope's format and the score table say exactly what was graded."""

from __future__ import annotations

import json

from grading.batch.records import AssignmentOutcome, StudentOutcome
from grading.reports.results import CellResult, GradingResults, StudentResult


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
