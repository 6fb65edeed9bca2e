"""End to end: `python -m grading demo` builds the release, autogrades the samples, exports grades."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from grading.paths import REPO_ROOT
from grading.samples import EXPECTED_TOTALS


@pytest.fixture(scope="module")
def demo(tmp_path_factory, venv_env):
    out = tmp_path_factory.mktemp("demo")
    done = subprocess.run([sys.executable, "-m", "grading", "demo", "--out", str(out)], cwd=REPO_ROOT,
                          env=venv_env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out, done.stdout


def _results(out):
    return json.loads((out / "grading" / "results.json").read_text())


def test_sample_students_get_their_expected_totals(demo):
    results = _results(demo[0])
    for student, total in EXPECTED_TOTALS.items():
        got = sum(c["score"] for cells in results[student]["regularization"].values() for c in cells.values())
        assert got == total, student


def test_results_json_shape_and_messages(demo):
    results = _results(demo[0])
    ada = results["ada"]["regularization"]
    assert set(ada) == {"1_baseline", "2_l2_regularization", "3_dropout"}
    cell = ada["2_l2_regularization"]["compute_cost_with_regularization_tests"]
    assert cell == {"score": 2.0, "max_score": 2.0, "message": ""}
    assert "raised NotImplementedError (is the answer cell still the stub?)" in \
        results["ben"]["regularization"]["3_dropout"]["forward_propagation_with_dropout_tests"]["message"]
    cleo = results["cleo"]["regularization"]
    assert "returned 73, expected 87" in cleo["1_baseline"]["count_parameters_tests"]["message"]
    dan = results["dan"]["regularization"]
    assert "kernel died" in dan["2_l2_regularization"]["compute_cost_with_regularization_tests"]["message"]
    assert "not a valid notebook" in dan["3_dropout"]["forward_propagation_with_dropout_tests"]["message"]
    eve = results["eve"]["regularization"]
    assert eve["2_l2_regularization"]["compute_cost_with_regularization_tests"]["score"] == 0.0


def test_grades_csv_is_nbgrader_export(demo):
    rows = list(csv.DictReader((demo[0] / "grading" / "grades.csv").open()))
    by_student = {row["student_id"]: float(row["score"]) for row in rows}
    assert by_student == EXPECTED_TOTALS
    assert all(row["max_score"] == "13.0" for row in rows)


def test_feedback_html_for_every_graded_student(demo):
    feedback = demo[0] / "grading" / "feedback"
    for student in ("ada", "ben", "cleo", "eve"):
        assert len(list((feedback / student / "regularization").glob("*.html"))) == 3


def test_demo_prints_the_table_and_paths(demo):
    stdout = demo[1]
    assert "ada" in stdout and "13/13" in stdout and "grades.csv" in stdout and "feedback" in stdout
