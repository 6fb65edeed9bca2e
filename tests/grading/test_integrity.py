"""The integrity check is fed broken gradebooks and names what is wrong with each."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import create_engine, text

from grading.batch.orchestrator import autograde
from grading.course.prepare import prepare_course
from grading.gradebook.integrity import integrity_problems
from grading.samples.build import build_samples
from grading.settings import Limits

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sound_gradebook(tmp_path_factory):
    root = tmp_path_factory.mktemp("integrity")
    course = prepare_course(root / "grading", ["regularization"])
    subs = build_samples(course / "release", root / "subs", ["regularization"])
    for student in ("ben", "cleo", "dan", "eve"):
        shutil.rmtree(subs / student)
    autograde(subs, root / "grading", ["regularization"], jobs=1, limits=Limits(cell_timeout=20), progress=False)
    return root / "grading" / "gradebook.db"


def _copy(sound, tmp_path, *statements):
    path = tmp_path / "book.db"
    shutil.copy(sound, path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()
    return f"sqlite:///{path}"


def test_a_sound_gradebook_has_no_problem(sound_gradebook):
    assert integrity_problems(f"sqlite:///{sound_gradebook}", "regularization") == []


def test_scores_out_of_range(sound_gradebook, tmp_path):
    url = _copy(sound_gradebook, tmp_path, "update grade set auto_score = 99")
    problems = integrity_problems(url, "regularization")
    assert problems and all("outside 0.." in p for p in problems)
    url = _copy(sound_gradebook, tmp_path, "update grade set manual_score = -1")
    assert any("score -1.0 outside" in p for p in integrity_problems(url, "regularization"))


def test_missing_grade_and_comment_rows(sound_gradebook, tmp_path):
    url = _copy(sound_gradebook, tmp_path, "delete from grade where rowid in (select rowid from grade limit 1)",
                "delete from comment where rowid in (select rowid from comment limit 1)")
    problems = integrity_problems(url, "regularization")
    assert any("grade rows" in p for p in problems) and any("comment rows" in p for p in problems)


def test_submission_of_an_unknown_student(sound_gradebook, tmp_path):
    # (Two submissions of one student cannot even be stored: nbgrader's schema has a unique constraint.)
    url = _copy(sound_gradebook, tmp_path, "update submitted_assignment set student_id = 'ghost'")
    assert any("ghost: submission of an unknown student" in p for p in integrity_problems(url, "regularization"))


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "book.db"
    path.write_text('{"cells": []}' * 100)
    problems = integrity_problems(f"sqlite:///{path}", "regularization")
    assert problems and "cannot be read as a database" in problems[-1]


def test_an_unknown_assignment(sound_gradebook):
    assert integrity_problems(f"sqlite:///{sound_gradebook}", "nope") == ["the gradebook has no assignment 'nope'"]
