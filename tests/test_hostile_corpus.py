"""The hostile corpus graded in one parallel batch: every case gets exactly its honest score."""

from __future__ import annotations

import json

import pytest

from grading.autograde import autograde, prepare_course
from grading.gradebook_sync import integrity_problems
from grading.reports import total_score
from grading.worker import Limits
from tests.hostile_corpus import BAD_FOLDER, build_corpus

LIMITS = Limits(cell_timeout=10, notebook_timeout=90, memory_mb=1024)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    course = prepare_course(root / "grading")
    cases = build_corpus(course / "release" / "regularization", root / "submissions")
    results = autograde(root / "submissions", root / "grading", jobs=2, limits=LIMITS, progress=False)
    return root, cases, results


def _everything_said(result: dict) -> str:
    texts = list(result.get("_warnings", []))
    for cells in result["regularization"].values():
        texts += [cell["message"] for cell in cells.values()]
    return "\n".join(texts)


def test_corpus_is_big_enough(graded):
    _, cases, _ = graded
    assert len(cases) >= 20


@pytest.mark.parametrize("name", [
    "syntax-error", "name-error", "exception-at-import", "infinite-loop", "loop-inside-function", "memory-bomb",
    "sys-exit", "os-exit", "kill-own-kernel", "print-flood", "deleted-test-cell", "deleted-answer-cell",
    "duplicated-test-cell", "edited-locked-test", "changed-points", "invented-test-cell",
    "test-cell-turned-markdown", "patched-allclose", "patched-np-testing", "patched-assertion-and-builtins",
    "patched-public-tests", "always-equal-object", "published-numbers", "reads-sources", "writes-gradebook",
    "invalid-json", "missing-notebook", "extra-notebook"])
def test_case_gets_its_honest_score_and_a_reason(graded, name):
    _, cases, results = graded
    case = cases[name]
    assert total_score(results[name], "regularization") == case.score
    assert case.says in _everything_said(results[name])


def test_badly_named_folder_is_skipped_with_a_reason(graded):
    _, _, results = graded
    assert "not a valid student id" in results["_skipped"][BAD_FOLDER]


def test_gradebook_is_sound_and_holds_every_student_once(graded):
    root, cases, _ = graded
    db_url = f"sqlite:///{root / 'grading' / 'gradebook.db'}"
    assert integrity_problems(db_url, "regularization") == []
    rows = (root / "grading" / "grades.csv").read_text().splitlines()[1:]
    assert sorted(row.split(",")[3] for row in rows) == sorted(cases)  # student_id column


def test_print_flood_leaves_feedback_small(graded):
    root, _, _ = graded
    html = (root / "grading" / "feedback" / "print-flood" / "regularization" / "1_baseline.html").read_text()
    assert len(html) < 2_000_000


def test_feedback_hides_the_hidden_tests(graded):
    root, _, _ = graded
    for html in (root / "grading" / "feedback").rglob("*.html"):
        text = html.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        if "patched-assertion-and-builtins" not in html.parts:  # that student typed the number in themselves
            assert "1.8047922996667218" not in text  # an expected value of a hidden test


def test_gradescope_files_add_up(graded):
    root, cases, results = graded
    for name in cases:
        report = json.loads((root / "grading" / "gradescope" / name / "results.json").read_text())
        assert report["score"] == total_score(results[name], "regularization")
        assert {"name", "score", "max_score", "output"} <= set(report["tests"][0])
        assert sum(t["max_score"] for t in report["tests"]) == 13
