"""Read a class's submissions without trusting a single path in them.

``SUBMISSIONS/<student>/<assignment>/<notebook>.ipynb``. Every step below the
folder the instructor named is opened relative to its parent's descriptor
with ``O_NOFOLLOW``: a symbolic link (to a classmate's folder, to the source
notebooks, anywhere) is reported and refused, never followed; a FIFO, a
device or a socket is refused before anything is read from it; a notebook is
read only up to :data:`grading.settings.MAX_NOTEBOOK_BYTES`. What passes is
parsed as JSON, validated as a notebook and rewritten as normalised nbformat
4.5 (with cell ids), so that nbgrader never sees the student's raw bytes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..paths import SAFE_NAME
from ..settings import MAX_NOTEBOOK_BYTES


class UnsafeEntry(Exception):
    """An entry that is not what it claims to be (a link, a FIFO, a device, too large)."""


@dataclass
class Submission:
    """What one student handed in, read safely."""

    student: str
    files: dict[str, dict[str, bytes]] = field(default_factory=dict)  # assignment -> notebook -> bytes
    notes: dict[str, dict[str, str]] = field(default_factory=dict)  # assignment -> notebook -> why not graded
    warnings: list[str] = field(default_factory=list)

    def digest(self) -> str:
        """Changes whenever anything graded about the submission changes."""
        h = hashlib.sha256()
        for assignment in sorted(set(self.files) | set(self.notes)):
            h.update(b"A" + assignment.encode() + b"\0")
            for name, data in sorted(self.files.get(assignment, {}).items()):
                h.update(b"F" + name.encode() + b"\0" + hashlib.sha256(data).digest())
            for name, note in sorted(self.notes.get(assignment, {}).items()):
                h.update(b"N" + name.encode() + b"\0" + note.encode() + b"\0")
        return h.hexdigest()


def _open_dir(name: str, parent_fd: int) -> int:
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=parent_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeEntry(f"{name} is a symbolic link or not a folder: links are not followed") from None
        raise


def read_regular_file(name: str, parent_fd: int, limit: int = MAX_NOTEBOOK_BYTES) -> bytes:
    """The bytes of ``name`` in the folder ``parent_fd``: a regular file, not a link, at most ``limit`` bytes."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=parent_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeEntry(f"{name} is a symbolic link: links are not followed; submit the file itself") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeEntry(f"{name} is not a regular file (a FIFO, device or socket): it was not read")
        if info.st_size > limit:
            raise UnsafeEntry(f"{name} is larger than {limit // (1024 * 1024)} MB: it was not read")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise UnsafeEntry(f"{name} is larger than {limit // (1024 * 1024)} MB: it was not read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _with_stable_ids(text: str) -> str:
    """A version-4 notebook's text made 4.5 or newer, every cell with a unique id that depends only on the file.

    nbformat itself repairs a missing or repeated id with a random one: the same file would then
    normalise to other bytes at every reading, and its digest would never match its resume record.
    Text that is not such a notebook is returned as it is, for nbformat to report.
    """
    try:
        raw = json.loads(text)
    except ValueError:
        return text
    if not isinstance(raw, dict) or raw.get("nbformat") != 4 or not isinstance(raw.get("cells"), list):
        return text
    raw["nbformat_minor"] = max(raw.get("nbformat_minor", 5), 5)  # ids exist from 4.5 on; newer stays newer
    seen: set[str] = set()
    for index, cell in enumerate(raw["cells"]):
        if not isinstance(cell, dict):
            continue  # invalid: nbformat says so
        ident = cell.get("id")
        if not isinstance(ident, str) or not ident or ident in seen:
            ident, suffix = f"cell-{index}", 0
            while ident in seen:
                suffix += 1
                ident = f"cell-{index}-{suffix}"
            cell["id"] = ident
        seen.add(ident)
    return json.dumps(raw)


def normalise_notebook(data: bytes) -> bytes:
    """Parse, validate and re-serialise a notebook (nbformat 4.5, unique cell ids); ValueError if it is none.

    The same bytes always give the same result (cell ids included).
    """
    try:
        with warnings.catch_warnings():  # nbformat warns about what it repairs; nothing is left to repair
            warnings.simplefilter("ignore")
            nb = nbformat.reads(_with_stable_ids(data.decode("utf-8")), as_version=4)
            nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is reported the same way
        raise ValueError(f"{type(exc).__name__}: {str(exc)[:200]}") from None
    return nbformat.writes(nb).encode("utf-8")


def _entries(fd: int) -> list[tuple[str, os.stat_result]]:
    found = []
    for name in sorted(os.listdir(fd)):
        try:
            found.append((name, os.stat(name, dir_fd=fd, follow_symlinks=False)))
        except OSError:
            continue
    return found


def read_student(student_fd: int, student: str, expected: dict[str, list[str]]) -> Submission:
    """Read one student's folder: every assignment of ``expected`` (assignment -> notebook names) it holds."""
    submission = Submission(student)
    entries = dict(_entries(student_fd))
    for assignment, notebooks in expected.items():
        if assignment not in entries:
            continue
        try:
            folder_fd = _open_dir(assignment, student_fd)
        except (UnsafeEntry, OSError) as exc:
            submission.notes[assignment] = {name: f"{exc}" for name in notebooks}
            continue
        try:
            _read_assignment(submission, assignment, notebooks, folder_fd)
        finally:
            os.close(folder_fd)
    if not submission.files and not submission.notes:
        folders = sorted(name for name, info in entries.items() if stat.S_ISDIR(info.st_mode))
        submission.warnings.append("no folder of an assignment (" + ", ".join(expected) + ")"
                                   + (f"; found {folders}" if folders else ""))
    return submission


def _read_assignment(submission: Submission, assignment: str, notebooks: list[str], folder_fd: int) -> None:
    files: dict[str, bytes] = {}
    notes: dict[str, str] = {}
    present = dict(_entries(folder_fd))
    for name in notebooks:
        if name not in present:
            notes[name] = f"notebook {name} was not submitted"
            continue
        try:
            files[name] = normalise_notebook(read_regular_file(name, folder_fd))
        except UnsafeEntry as exc:
            notes[name] = str(exc)
        except ValueError as exc:
            notes[name] = f"{name} is not a valid notebook ({exc})"
        except OSError as exc:
            notes[name] = f"{name} could not be read ({exc.strerror})"
    extra = sorted(n for n in present if n.endswith(".ipynb") and n not in notebooks)
    if extra:
        submission.warnings.append(f"{assignment}: extra notebook(s) not graded: {', '.join(extra)}")
    links = sorted(n for n, info in present.items() if stat.S_ISLNK(info.st_mode) and n not in notebooks)
    if links:
        submission.warnings.append(f"{assignment}: symbolic links ignored: {', '.join(links)}")
    submission.files[assignment] = files
    if notes:
        submission.notes[assignment] = notes


def read_class(submissions: Path, expected: dict[str, list[str]]) -> tuple[list[Submission], dict[str, str]]:
    """Every student folder of ``submissions``; and the entries skipped, with why."""
    skipped: dict[str, str] = {}
    students: list[Submission] = []
    root_fd = os.open(submissions, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for name, info in _entries(root_fd):
            if stat.S_ISLNK(info.st_mode):
                skipped[name] = "a symbolic link, not a student folder: links are not followed"
                continue
            if not stat.S_ISDIR(info.st_mode):
                continue
            if not SAFE_NAME.match(name):
                skipped[name] = ("folder name is not a valid student id (letters, digits, '.', '_' or '-', "
                                 "starting with a letter or digit)")
                continue
            try:
                student_fd = _open_dir(name, root_fd)
            except (UnsafeEntry, OSError) as exc:
                skipped[name] = str(exc)
                continue
            try:
                students.append(read_student(student_fd, name, expected))
            finally:
                os.close(student_fd)
    finally:
        os.close(root_fd)
    return students, skipped
