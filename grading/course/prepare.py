"""A private nbgrader course folder holding the series' assignments, built once and reused.

``prepare_course(out, names)`` copies the source notebooks of each assignment
into ``out/course/source/<assignment>/`` and runs nbgrader's own
``generate_assignment`` on each, which fills the gradebook and writes the
student release. The folder is reused while the sources are unchanged.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import nbformat

from ..paths import source_notebooks
from .config import run_nbgrader, write_course_config


class CourseError(RuntimeError):
    """nbgrader could not build the course (a broken source notebook, most likely)."""


def sources_digest(names: list[str]) -> str:
    """A digest of every source notebook of the given assignments."""
    h = hashlib.sha256()
    for name in sorted(names):
        for notebook in source_notebooks(name):
            h.update(name.encode() + b"/" + notebook.name.encode() + b"\0" + notebook.read_bytes())
    return h.hexdigest()


def _copy_normalised(notebook: Path, target: Path) -> None:
    """Copy a source notebook as nbformat 4.5 with cell ids, so no tool warns about missing ids."""
    nb = nbformat.read(notebook, as_version=4)
    nbformat.validator.normalize(nb)
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    for index, cell in enumerate(nb.cells):
        cell.setdefault("id", f"cell-{index}")
    nbformat.write(nb, target)


def prepare_course(out: Path, names: list[str]) -> Path:
    """Make ``out/course`` (sources, release, gradebook) for ``names``; reuse it while the sources are unchanged."""
    course = out / "course"
    stamp = course / ".prepared"
    digest = sources_digest(names)
    if stamp.is_file() and stamp.read_text() == digest and (course / "gradebook.db").is_file():
        return course
    if course.exists():
        shutil.rmtree(course)
    for name in names:
        folder = course / "source" / name
        folder.mkdir(parents=True)
        for notebook in source_notebooks(name):
            _copy_normalised(notebook, folder / notebook.name)
    write_course_config(course)
    for name in names:
        done = run_nbgrader(course, "generate_assignment", name, "--force")
        if done.returncode != 0:
            raise CourseError(f"nbgrader generate_assignment {name} failed:\n{done.stderr[-3000:]}")
    stamp.write_text(digest)
    return course
