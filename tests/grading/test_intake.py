"""Reading submissions without trusting a path: links, FIFOs, devices and oversized files are refused."""

from __future__ import annotations

import json
import os

import nbformat
import pytest

from grading.batch.intake import UnsafeEntry, normalise_notebook, read_class, read_regular_file

EXPECTED = {"regularization": ["1_baseline.ipynb", "2_l2_regularization.ipynb"]}


def _notebook(text: str = "x = 1") -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)])
    return nbformat.writes(nb)


def _student(root, name, files):
    folder = root / name / "regularization"
    folder.mkdir(parents=True)
    for filename, text in files.items():
        (folder / filename).write_text(text)
    return folder


def test_a_good_submission_is_read_and_normalised(tmp_path):
    _student(tmp_path, "ada", {"1_baseline.ipynb": _notebook(), "2_l2_regularization.ipynb": _notebook()})
    [ada], skipped = read_class(tmp_path, EXPECTED)
    assert skipped == {} and ada.notes == {} and ada.warnings == []
    nb = nbformat.reads(ada.files["regularization"]["1_baseline.ipynb"].decode(), as_version=4)
    assert nb.nbformat_minor >= 5 and all(isinstance(c.id, str) and c.id for c in nb.cells)


def test_links_to_files_and_folders_are_refused_not_followed(tmp_path):
    secret = tmp_path / "secret.ipynb"
    secret.write_text(_notebook("print('secret')"))
    folder = _student(tmp_path / "subs", "bob", {"2_l2_regularization.ipynb": _notebook()})
    (folder / "1_baseline.ipynb").symlink_to(secret)
    (tmp_path / "subs" / "carol").symlink_to(tmp_path / "subs" / "bob")
    dave = tmp_path / "subs" / "dave"
    dave.mkdir()
    (dave / "regularization").symlink_to(folder)
    students, skipped = read_class(tmp_path / "subs", EXPECTED)
    by_name = {s.student: s for s in students}
    assert "symbolic link" in by_name["bob"].notes["regularization"]["1_baseline.ipynb"]
    assert "1_baseline.ipynb" not in by_name["bob"].files["regularization"]
    assert "symbolic link" in skipped["carol"] and "carol" not in by_name
    assert all("symbolic link" in note for note in by_name["dave"].notes["regularization"].values())
    assert "dave" in by_name and by_name["dave"].files == {}


def test_a_fifo_is_refused_without_blocking(tmp_path):
    folder = _student(tmp_path, "eve", {"2_l2_regularization.ipynb": _notebook()})
    os.mkfifo(folder / "1_baseline.ipynb")
    [eve], _ = read_class(tmp_path, EXPECTED)
    assert "not a regular file" in eve.notes["regularization"]["1_baseline.ipynb"]


def test_size_is_capped_before_reading(tmp_path):
    (tmp_path / "big").write_bytes(b"x" * 2048)
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with pytest.raises(UnsafeEntry, match="larger than"):
            read_regular_file("big", fd, limit=1024)
        assert read_regular_file("big", fd, limit=4096) == b"x" * 2048
    finally:
        os.close(fd)


def test_missing_invalid_and_extra_notebooks_are_explained(tmp_path):
    _student(tmp_path, "fay", {"1_baseline.ipynb": '{"cells": [ not json', "notes.ipynb": _notebook()})
    [fay], _ = read_class(tmp_path, EXPECTED)
    notes = fay.notes["regularization"]
    assert "not a valid notebook" in notes["1_baseline.ipynb"]
    assert notes["2_l2_regularization.ipynb"] == "notebook 2_l2_regularization.ipynb was not submitted"
    assert any("extra notebook" in w and "notes.ipynb" in w for w in fay.warnings)


def test_bad_names_and_empty_students_are_reported(tmp_path):
    (tmp_path / "bad name!").mkdir()
    (tmp_path / "gus" / "homework").mkdir(parents=True)
    students, skipped = read_class(tmp_path, EXPECTED)
    assert "not a valid student id" in skipped["bad name!"]
    [gus] = students
    assert gus.files == {} and "no folder of an assignment" in gus.warnings[0] and "homework" in gus.warnings[0]


def test_digest_changes_with_any_graded_byte(tmp_path):
    _student(tmp_path, "hal", {"1_baseline.ipynb": _notebook(), "2_l2_regularization.ipynb": _notebook()})
    [before], _ = read_class(tmp_path, EXPECTED)
    (tmp_path / "hal" / "regularization" / "1_baseline.ipynb").write_text(_notebook("x = 2"))
    [after], _ = read_class(tmp_path, EXPECTED)
    assert before.digest() != after.digest()
    [again], _ = read_class(tmp_path, EXPECTED)
    assert again.digest() == after.digest()


def test_duplicate_and_missing_cell_ids_are_repaired_quietly(recwarn):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "a"}
    raw = {"cells": [{**cell, "id": "same"}, {**cell, "id": "same"}, dict(cell)], "metadata": {},
           "nbformat": 4, "nbformat_minor": 5}
    out = nbformat.reads(normalise_notebook(json.dumps(raw).encode()).decode(), as_version=4)
    assert len({c.id for c in out.cells}) == 3
    assert not [w for w in recwarn if "id" in str(w.message).lower()]
