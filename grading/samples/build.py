"""Write the sample submissions of every assignment from its student release."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import nbformat

from ..course.solutions import all_solution_cells
from . import SampleStudent


def students_of(assignment: str) -> list[SampleStudent]:
    """The sample students of ``assignment`` (its module ``grading.samples.<assignment>``)."""
    return list(importlib.import_module(f"grading.samples.{assignment}").STUDENTS)


def expected_totals(names: list[str]) -> dict[tuple[str, str], float]:
    """(student, assignment) -> the total that sample submission must get."""
    return {(s.name, a): s.total for a in names for s in students_of(a)}


def fill_answers(notebook: Path, answers: dict[str, str], target: Path) -> None:
    """Copy ``notebook`` to ``target`` with the given answer cells replaced."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"].get("solution"):
            cell.source = answers[grade_id].strip("\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def build_samples(release: Path, out: Path, names: list[str]) -> Path:
    """Write ``out/<student>/<assignment>/*.ipynb`` from ``release/<assignment>/`` for each assignment."""
    if out.exists():
        shutil.rmtree(out)
    for assignment in names:
        notebooks = sorted((release / assignment).glob("*.ipynb"))
        correct = all_solution_cells(assignment)
        for student in students_of(assignment):
            answers = dict(student.answers) if student.blank else {**correct, **student.answers}
            folder = out / student.name / assignment
            for notebook in notebooks:
                fill_answers(notebook, answers, folder / notebook.name)
            if student.spoil is not None:
                student.spoil(folder)
    return out
