"""Intake, message by message: every refusal and warning a class folder can produce (from surviving mutants)."""

from __future__ import annotations

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
