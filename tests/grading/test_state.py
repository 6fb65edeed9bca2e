"""Resume records: a changed submission, another version or a corrupt file means "grade again"."""

from __future__ import annotations

import json

import pytest

from grading.batch.records import AssignmentOutcome, StudentOutcome
from grading.batch.state import STATE_VERSION, ResumeStore


def _outcome() -> StudentOutcome:
    return StudentOutcome("ada", {"regularization": AssignmentOutcome(messages={"1_baseline": {"t": ""}},
                                                                      graded_notebooks=["1_baseline.ipynb"])},
                          seconds=1.5)


def test_saved_record_comes_back_for_the_same_digest_only(tmp_path):
    store = ResumeStore(tmp_path)
    store.save("ada", "d1", _outcome())
    assert store.load("ada", "d1") == _outcome()
    assert store.load("ada", "d2") is None  # the student resubmitted: grade again
    assert store.load("bob", "d1") is None


@pytest.mark.parametrize("text", ["", "{not json", "[]", json.dumps({"version": STATE_VERSION, "digest": "d1"}),
                                  json.dumps({"version": STATE_VERSION - 1, "digest": "d1",
                                              "outcome": _outcome().to_json()})])
def test_corrupt_or_old_records_mean_grade_again(tmp_path, text):
    (tmp_path / "ada.json").write_text(text)
    assert ResumeStore(tmp_path).load("ada", "d1") is None


def test_records_are_written_atomically_and_cleared(tmp_path):
    store = ResumeStore(tmp_path)
    store.save("ada", "d1", _outcome())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ada.json"]
    store.clear()
    assert list(tmp_path.glob("*.json")) == []


def test_student_ids_cannot_escape_the_folder(tmp_path):
    with pytest.raises(ValueError):
        ResumeStore(tmp_path).save("../evil", "d", _outcome())


def test_store_creates_its_folder_and_missing_parents(tmp_path):
    folder = tmp_path / "out" / "state"  # neither exists yet
    store = ResumeStore(folder)
    assert folder.is_dir()
    store.save("ada", "d1", _outcome())
    assert store.load("ada", "d1") == _outcome()


def test_a_bad_student_id_is_named_in_the_error(tmp_path):
    with pytest.raises(ValueError, match=r"not a student id: '\.\./evil'"):
        ResumeStore(tmp_path).save("../evil", "d", _outcome())
