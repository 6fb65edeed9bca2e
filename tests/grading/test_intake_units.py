"""Intake, message by message: every refusal and warning a class folder can produce (from surviving mutants)."""

from __future__ import annotations

import errno
import hashlib
import json
import os

import nbformat
import pytest

from grading.batch import intake
from grading.batch.intake import Submission, UnsafeEntry

MB = 1024 * 1024


def _nb(**meta) -> bytes:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_markdown_cell("y")]
    nb.metadata.update(meta)
    return nbformat.writes(nb).encode()


def _fd(path):
    return os.open(path, os.O_RDONLY | os.O_DIRECTORY)


def test_read_regular_file_reads_up_to_the_limit_in_chunks(tmp_path):
    (tmp_path / "exact").write_bytes(b"a" * MB)
    (tmp_path / "big").write_bytes(b"b" * (MB + 1))
    (tmp_path / "long").write_bytes(b"0123456789" * (300 * 1024))  # three chunks
    fd = _fd(tmp_path)
    try:
        assert intake.read_regular_file("exact", fd, limit=MB) == b"a" * MB
        with pytest.raises(UnsafeEntry, match=r"^big is larger than 1 MB: it was not read$"):
            intake.read_regular_file("big", fd, limit=MB)
        assert intake.read_regular_file("long", fd, limit=4 * MB) == b"0123456789" * (300 * 1024)
        os.symlink("exact", tmp_path / "link")
        with pytest.raises(UnsafeEntry, match=r"^link is a symbolic link: links are not followed; submit the file "
                                              r"itself$"):
            intake.read_regular_file("link", fd)
        os.mkfifo(tmp_path / "fifo")
        with pytest.raises(UnsafeEntry, match=r"^fifo is not a regular file \(a FIFO, device or socket\): it was "
                                              r"not read$"):
            intake.read_regular_file("fifo", fd)
        with pytest.raises(FileNotFoundError):
            intake.read_regular_file("absent", fd)
    finally:
        os.close(fd)


@pytest.mark.filterwarnings("ignore::nbformat.validator.DuplicateCellId")
def test_normalise_notebook_gives_every_cell_a_unique_id_and_minor_5():
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4
    nb.cells = [nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b"), nbformat.v4.new_code_cell("c")]
    for cell in nb.cells:
        cell.pop("id", None)
    raw = nbformat.writes(nb, version=4).encode()
    out = nbformat.reads(intake.normalise_notebook(raw).decode(), as_version=4)
    assert out.nbformat_minor == 5 and [c.source for c in out.cells] == ["a", "b", "c"]
    assert len({c.id for c in out.cells}) == 3 and all(isinstance(c.id, str) and c.id for c in out.cells)
    twice = nbformat.v4.new_notebook()
    twice.cells = [nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b")]
    twice.cells[0].id = twice.cells[1].id = "same"
    out = nbformat.reads(intake.normalise_notebook(nbformat.writes(twice).encode()).decode(), as_version=4)
    assert out.cells[0].id == "same" and out.cells[1].id not in ("same", "") and isinstance(out.cells[1].id, str)
    with pytest.raises(ValueError, match=r"^NotJSONError: "):
        intake.normalise_notebook(b"not json")
    with pytest.raises(ValueError, match=r"^UnicodeDecodeError: "):
        intake.normalise_notebook(b"\xff\xfe")


def test_digest_follows_every_graded_thing():
    base = Submission("s", files={"hw": {"a.ipynb": b"1"}}, notes={"hw": {"b.ipynb": "missing"}})
    same = Submission("other", files={"hw": {"a.ipynb": b"1"}}, notes={"hw": {"b.ipynb": "missing"}},
                      warnings=["ignored"])
    assert base.digest() == same.digest() and len(base.digest()) == 64
    variants = [
        Submission("s", files={"hw": {"a.ipynb": b"2"}}, notes={"hw": {"b.ipynb": "missing"}}),
        Submission("s", files={"hw": {"c.ipynb": b"1"}}, notes={"hw": {"b.ipynb": "missing"}}),
        Submission("s", files={"hw": {"a.ipynb": b"1"}}, notes={"hw": {"b.ipynb": "refused"}}),
        Submission("s", files={"hw": {"a.ipynb": b"1"}}, notes={"hw": {"c.ipynb": "missing"}}),
        Submission("s", files={"quiz": {"a.ipynb": b"1"}}, notes={"quiz": {"b.ipynb": "missing"}}),
        Submission("s", files={"hw": {"a.ipynb": b"1", "b.ipynb": b"missing"}}),
        Submission("s", files={"hw": {"a.ipynb": b"1"}}),
        Submission("s", notes={"hw": {"b.ipynb": "missing"}}),
        Submission("s"),
    ]
    digests = [v.digest() for v in variants]
    assert base.digest() not in digests and len(set(digests)) == len(digests)
    ordered = Submission("s", files={"b": {"x": b"1"}, "a": {"y": b"2"}})
    assert ordered.digest() == Submission("s", files={"a": {"y": b"2"}, "b": {"x": b"1"}}).digest()


def _student(tmp_path, name="ann"):
    folder = tmp_path / name
    folder.mkdir()
    return folder


EXPECTED = {"hw": ["one.ipynb", "two.ipynb"], "quiz": ["q.ipynb"]}


def test_a_student_with_no_assignment_folder(tmp_path):
    folder = _student(tmp_path)
    (folder / "other").mkdir()
    (folder / "notes.txt").write_text("x")
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", EXPECTED)
    finally:
        os.close(fd)
    assert sub.files == {} and sub.notes == {}
    assert sub.warnings == ["no folder of an assignment (hw, quiz); found ['other']"]
    empty = _student(tmp_path, "bob")
    fd = _fd(empty)
    try:
        assert intake.read_student(fd, "bob", EXPECTED).warnings == ["no folder of an assignment (hw, quiz)"]
    finally:
        os.close(fd)


def test_an_assignment_folder_read_notebook_by_notebook(tmp_path):
    folder = _student(tmp_path)
    hw = folder / "hw"
    hw.mkdir()
    (hw / "one.ipynb").write_bytes(_nb())
    (hw / "two.ipynb").write_bytes(b"{broken")
    (hw / "b_extra.ipynb").write_bytes(_nb())
    (hw / "a_extra.ipynb").write_bytes(_nb())
    os.symlink("one.ipynb", hw / "zz_link")
    os.symlink("one.ipynb", hw / "aa_link")
    os.symlink(hw, folder / "quiz")
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", EXPECTED)
    finally:
        os.close(fd)
    assert list(sub.files["hw"]) == ["one.ipynb"]
    assert nbformat.reads(sub.files["hw"]["one.ipynb"].decode(), as_version=4).cells[0].source == "x = 1"
    assert sub.notes["hw"]["two.ipynb"].startswith("two.ipynb is not a valid notebook (NotJSONError: ")
    assert sub.notes["quiz"] == {"q.ipynb": "quiz is a symbolic link or not a folder: links are not followed"}
    assert sub.warnings == ["hw: extra notebook(s) not graded: a_extra.ipynb, b_extra.ipynb",
                            "hw: symbolic links ignored: aa_link, zz_link"]


def test_missing_and_linked_notebooks_are_noted(tmp_path):
    folder = _student(tmp_path)
    hw = folder / "hw"
    hw.mkdir()
    (tmp_path / "elsewhere.ipynb").write_bytes(_nb())
    os.symlink(tmp_path / "elsewhere.ipynb", hw / "one.ipynb")
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", {"hw": ["one.ipynb", "two.ipynb"]})
    finally:
        os.close(fd)
    assert sub.files == {"hw": {}}
    assert sub.notes == {"hw": {
        "one.ipynb": "one.ipynb is a symbolic link: links are not followed; submit the file itself",
        "two.ipynb": "notebook two.ipynb was not submitted"}}
    assert sub.warnings == []


def test_read_class_skips_what_is_not_a_student(tmp_path):
    root = tmp_path / "subs"
    root.mkdir()
    for name in ("bob", "ann"):
        (root / name / "hw").mkdir(parents=True)
        (root / name / "hw" / "one.ipynb").write_bytes(_nb())
    (root / "-bad").mkdir()
    (root / "loose.ipynb").write_bytes(_nb())
    os.symlink(root / "ann", root / "copycat")
    students, skipped = intake.read_class(root, {"hw": ["one.ipynb"]})
    assert [s.student for s in students] == ["ann", "bob"]
    assert all(list(s.files["hw"]) == ["one.ipynb"] for s in students)
    assert skipped == {
        "-bad": "folder name is not a valid student id (letters, digits, '.', '_' or '-', starting with a "
                "letter or digit)",
        "copycat": "a symbolic link, not a student folder: links are not followed"}


def test_a_file_that_grows_after_it_was_measured_is_still_refused(tmp_path, monkeypatch):
    # The student's file is written to while it is read: fstat saw a small file, the reads find more than
    # the limit. The count of bytes read must catch it, even when one read ends exactly at the limit.
    (tmp_path / "grows.ipynb").write_bytes(b"g" * (MB + 1))
    real_fstat = os.fstat

    def small_fstat(fd):
        info = real_fstat(fd)
        return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))  # field 6 is st_size

    monkeypatch.setattr(os, "fstat", small_fstat)
    fd = _fd(tmp_path)
    try:
        with pytest.raises(UnsafeEntry, match=r"^grows\.ipynb is larger than 1 MB: it was not read$"):
            intake.read_regular_file("grows.ipynb", fd, limit=MB)
        with pytest.raises(UnsafeEntry, match=r"^grows\.ipynb is larger than 0 MB: it was not read$"):
            intake.read_regular_file("grows.ipynb", fd, limit=1000)
    finally:
        os.close(fd)


def _raw(cells, **top) -> bytes:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, **top}).encode()


_CELL = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": "a"}


def test_an_old_notebook_gets_minor_5_and_unique_ids_from_the_intake():
    # Before nbformat 4.5 cells had no ids, so nbformat leaves duplicates there alone: the intake repairs them.
    cells = [dict(_CELL), {**_CELL, "id": "x"}, {**_CELL, "id": "x"}, {**_CELL, "id": ""}]
    for top in ({"nbformat_minor": 4}, {}):  # a file without nbformat_minor is read as 4.0
        out = nbformat.reads(intake.normalise_notebook(_raw(cells, **top)).decode(), as_version=4)
        assert out.nbformat_minor == 5
        ids = [c.id for c in out.cells]
        assert ids[1] == "x" and len(set(ids)) == 4 and all(isinstance(i, str) and i for i in ids)


def test_a_newer_minor_version_is_kept_not_lowered():
    out = json.loads(intake.normalise_notebook(_raw([{**_CELL, "id": "c"}], nbformat_minor=6)))
    assert out["nbformat_minor"] == 6 and out["cells"][0]["id"] == "c"


def test_a_long_parse_error_is_cut_to_200_characters():
    data = _raw([{"cell_type": "markdown", "metadata": {}, "source": "a", "id": "c", "bogus" + "z" * 300: 1}],
                nbformat_minor=5)  # the schema error quotes the 305-character unknown key
    with pytest.raises(ValueError) as caught:
        intake.normalise_notebook(data)
    kind, _, detail = str(caught.value).partition(": ")
    assert kind.endswith("Error") and len(detail) == 200 and "bogus" in detail


def test_a_missing_assignment_or_notebook_does_not_hide_the_next_one(tmp_path):
    folder = _student(tmp_path)
    (folder / "quiz").mkdir()
    (folder / "quiz" / "q.ipynb").write_bytes(_nb())
    hw = folder / "hw"
    hw.mkdir()
    (hw / "two.ipynb").write_bytes(_nb())
    fd = _fd(folder)
    try:
        only_quiz = intake.read_student(fd, "ann", {"exam": ["e.ipynb"], "quiz": ["q.ipynb"]})
        hw_without_one = intake.read_student(fd, "ann", {"hw": ["one.ipynb", "two.ipynb"]})
    finally:
        os.close(fd)
    assert list(only_quiz.files) == ["quiz"] and list(only_quiz.files["quiz"]) == ["q.ipynb"]
    assert list(hw_without_one.files["hw"]) == ["two.ipynb"]
    assert hw_without_one.notes == {"hw": {"one.ipynb": "notebook one.ipynb was not submitted"}}


def test_a_file_where_an_assignment_folder_belongs_is_noted_and_the_rest_read(tmp_path):
    folder = _student(tmp_path)
    (folder / "hw").write_text("not a folder")
    (folder / "quiz").mkdir()
    (folder / "quiz" / "q.ipynb").write_bytes(_nb())
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", EXPECTED)
    finally:
        os.close(fd)
    assert sub.notes == {"hw": {name: "hw is a symbolic link or not a folder: links are not followed"
                                for name in ("one.ipynb", "two.ipynb")}}
    assert list(sub.files) == ["quiz"] and list(sub.files["quiz"]) == ["q.ipynb"]


def test_a_notebook_that_cannot_be_read_is_noted_with_the_reason(tmp_path, monkeypatch):
    folder = _student(tmp_path)
    (folder / "hw").mkdir()
    for name in ("one.ipynb", "two.ipynb"):
        (folder / "hw" / name).write_bytes(_nb())
    real = intake.read_regular_file

    def failing(name, parent_fd, *args):
        if name == "one.ipynb":
            raise OSError(errno.EIO, "Input/output error")
        return real(name, parent_fd, *args)

    monkeypatch.setattr(intake, "read_regular_file", failing)
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", {"hw": ["one.ipynb", "two.ipynb"]})
    finally:
        os.close(fd)
    assert sub.notes == {"hw": {"one.ipynb": "one.ipynb could not be read (Input/output error)"}}
    assert list(sub.files["hw"]) == ["two.ipynb"]


def test_an_entry_deleted_while_the_folder_is_listed_is_skipped(tmp_path, monkeypatch):
    folder = _student(tmp_path)
    (folder / "hw").mkdir()
    for name in ("a_gone.ipynb", "one.ipynb"):
        (folder / "hw" / name).write_bytes(_nb())
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if path == "a_gone.ipynb":  # listed, then deleted before it could be looked at
            raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    fd = _fd(folder)
    try:
        sub = intake.read_student(fd, "ann", {"hw": ["one.ipynb"]})
    finally:
        os.close(fd)
    assert list(sub.files["hw"]) == ["one.ipynb"] and sub.warnings == []


def test_read_class_goes_on_after_a_loose_file_or_an_unreadable_student(tmp_path, monkeypatch):
    root = tmp_path / "subs"
    root.mkdir()
    (root / "0_readme.txt").write_text("sorted before every student")
    for name in ("ann", "bob", "cyd"):
        (root / name / "hw").mkdir(parents=True)
        (root / name / "hw" / "one.ipynb").write_bytes(_nb())
    real = intake._open_dir

    def open_dir(name, parent_fd):
        if name == "bob":
            raise PermissionError(errno.EACCES, "Permission denied", name)
        return real(name, parent_fd)

    monkeypatch.setattr(intake, "_open_dir", open_dir)
    students, skipped = intake.read_class(root, {"hw": ["one.ipynb"]})
    assert [s.student for s in students] == ["ann", "cyd"]
    assert skipped == {"bob": "[Errno 13] Permission denied: 'bob'"}


def test_read_class_of_a_file_names_the_file(tmp_path):
    path = tmp_path / "submissions.zip"
    path.write_bytes(b"PK")
    with pytest.raises(NotADirectoryError) as caught:
        intake.read_class(path, {"hw": ["one.ipynb"]})
    assert str(caught.value.filename) == str(path)


def test_digest_is_the_stored_encoding_of_the_submission():
    # Resume records (OUT/state) keep this digest: a release that hashed differently would silently
    # regrade every finished student, so the encoding is a stored format, pinned here. Per assignment in
    # name order: b"A" name NUL, then per notebook b"F" name NUL sha256(bytes), then per note b"N" name NUL
    # note NUL.
    sub = Submission("s", files={"hw": {"a.ipynb": b"1"}}, notes={"hw": {"b.ipynb": "missing"}})
    stream = (b"A" + b"hw" + b"\0"
              + b"F" + b"a.ipynb" + b"\0" + hashlib.sha256(b"1").digest()
              + b"N" + b"b.ipynb" + b"\0" + b"missing" + b"\0")
    assert sub.digest() == hashlib.sha256(stream).hexdigest()


def test_the_same_file_always_normalises_to_the_same_bytes():
    # nbformat would repair a 4.5 notebook's missing or repeated ids with random ones: the digest of the
    # submission would then change at every run and a resumed batch would regrade the student.
    cells = [dict(_CELL), {**_CELL, "id": "x"}, {**_CELL, "id": "x"}, {**_CELL, "id": "cell-0"}]
    data = _raw(cells, nbformat_minor=5)
    first = intake.normalise_notebook(data)
    assert intake.normalise_notebook(data) == first
    ids = [c["id"] for c in json.loads(first)["cells"]]
    assert ids[1] == "x" and len(set(ids)) == 4  # a later "cell-0" is renamed, not the earlier one's twin
    assert ids[0] == "cell-0" and ids[3] != "cell-0"


def test_a_generated_id_never_repeats_an_earlier_one():
    cells = [{**_CELL, "id": "cell-1"}, dict(_CELL)]  # the second would be "cell-1"
    ids = [c["id"] for c in json.loads(intake.normalise_notebook(_raw(cells, nbformat_minor=5)))["cells"]]
    assert ids[0] == "cell-1" and ids[1] not in ("cell-1", "") and intake.normalise_notebook(
        _raw(cells, nbformat_minor=5)) == intake.normalise_notebook(_raw(cells, nbformat_minor=5))


def _ids_of(text):
    return [cell.get("id") if isinstance(cell, dict) else cell for cell in json.loads(text)["cells"]]


def test_stable_ids_leave_anything_but_a_version_4_notebook_alone():
    for text in ("[1, 2]", "not json", '{"nbformat": 3, "cells": [{}]}', '{"nbformat": 4, "cells": "none"}',
                 '"a string"'):
        assert intake._with_stable_ids(text) == text


def test_stable_ids_number_by_position_and_step_past_taken_ones():
    cells = [{"id": "cell-2"}, {"id": "cell-2-1"}, {}, "not a cell", {"id": ""}, {"id": "cell-2"}]
    text = intake._with_stable_ids(json.dumps({"nbformat": 4, "nbformat_minor": 4, "cells": cells}))
    assert _ids_of(text)[:3] == ["cell-2", "cell-2-1", "cell-2-2"]
    assert _ids_of(text)[4:] == ["cell-4", "cell-5"]
    one = [{"id": "cell-1"}, {}]
    assert _ids_of(intake._with_stable_ids(json.dumps({"nbformat": 4, "cells": one}))) == ["cell-1", "cell-1-1"]
