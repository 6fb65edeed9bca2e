"""End to end: the README's demo command builds the release, autogrades the samples, exports grades."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from grading.paths import assignments
from grading.samples.build import expected_totals

pytestmark = pytest.mark.slow

EXPECTED = expected_totals(assignments())


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo run as an instructor would: venv not activated, from a folder holding a grading/ folder."""
    out = tmp_path_factory.mktemp("demo")
    cwd = tmp_path_factory.mktemp("elsewhere")
    (cwd / "grading" / "course").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    before = set(Path(tempfile.gettempdir()).glob("reglab-*"))
    done = subprocess.run([sys.executable, "-m", "grading", "demo", "--out", str(out)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    left = set(Path(tempfile.gettempdir()).glob("reglab-*")) - before
    return out, done.stdout, done.stderr, left


def _results(out):
    return json.loads((out / "grading" / "results.json").read_text())


def test_sample_students_get_their_expected_totals(demo):
    results = _results(demo[0])
    for (student, assignment), total in EXPECTED.items():
        got = sum(c["score"] for cells in results[student][assignment].values() for c in cells.values())
        assert got == total, (student, assignment)


def test_results_json_shape_and_messages(demo):
    results = _results(demo[0])
    ada = results["ada"]["regularization"]
    assert set(ada) == {"1_baseline", "2_l2_regularization", "3_dropout"}
    cell = ada["2_l2_regularization"]["compute_cost_with_regularization_tests"]
    assert cell == {"score": 2.0, "max_score": 2.0, "message": ""}
    assert "raised NotImplementedError (is the answer cell still the stub?)" in \
        results["ben"]["regularization"]["3_dropout"]["forward_propagation_with_dropout_tests"]["message"]
    cleo = results["cleo"]["regularization"]
    assert "73" in cleo["1_baseline"]["count_parameters_tests"]["message"]  # what cleo's function returned
    assert "87" not in cleo["1_baseline"]["count_parameters_tests"]["message"]  # never the hidden expectation
    dan = results["dan"]["regularization"]
    assert "kernel died" in dan["2_l2_regularization"]["compute_cost_with_regularization_tests"]["message"]
    assert "not a valid notebook" in dan["3_dropout"]["forward_propagation_with_dropout_tests"]["message"]
    eve = results["eve"]["regularization"]
    assert eve["2_l2_regularization"]["compute_cost_with_regularization_tests"]["score"] == 0.0


def test_grades_csv_is_nbgrader_export(demo):
    rows = list(csv.DictReader((demo[0] / "grading" / "grades.csv").open()))
    by_student = {(row["student_id"], row["assignment"]): float(row["score"]) for row in rows}
    # nbgrader's export has a row for every student of the gradebook and every assignment: a sample
    # student of one assignment only (fay) has 0 in the others, as a student who handed nothing in.
    students = {student for student, _ in EXPECTED}
    assert by_student == {(s, a): EXPECTED.get((s, a), 0.0) for s in students for a in assignments()}
    assert all(row["max_score"] == "13.0" for row in rows if row["assignment"] == "regularization")


def test_feedback_html_for_every_graded_student(demo):
    feedback = demo[0] / "grading" / "feedback"
    for student in ("ada", "ben", "cleo", "eve"):
        assert len(list((feedback / student / "regularization").glob("*.html"))) == 3


def test_demo_prints_the_table_and_paths(demo):
    stdout = demo[1]
    assert "ada" in stdout and "13/13" in stdout and "grades.csv" in stdout and "feedback" in stdout
    assert "UNEXPECTED" not in stdout


def test_demo_output_is_clean_and_leaves_nothing_behind(demo):
    stderr = demo[2]
    assert "Warning" not in stderr and "Traceback" not in stderr, stderr[-2000:]
    assert re.search(r"graded \d+ \(with problems: \d+\)", stderr)  # the summary line


def test_grader_cleans_up_its_temporary_folders(demo):
    assert demo[3] == set()
