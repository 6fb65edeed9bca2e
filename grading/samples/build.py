"""Build the bundled sample submissions from a student release.

The samples are made from the release of the moment, so they never drift from
the notebooks: each is the release with some answer cells filled in.

========  =========================================================  ======
student   what the submission holds                                  points
========  =========================================================  ======
ada       every answer correct (the source notebooks' solutions)     13
ben       the untouched release                                      0
cleo      three classic mistakes, the other three answers correct    7
dan       notebook 2 kills its kernel, notebook 3 is not JSON        2
eve       two functions hard-coded to the published numbers          8
========  =========================================================  ======
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from .paths import ASSIGNMENT
from .sample_answers import HARD_CODED, KERNEL_KILLER, TYPICAL_MISTAKES
from .solutions import all_solution_cells

#: Total points each sample student must get: the demo and the tests check it.
EXPECTED_TOTALS = {"ada": 13.0, "ben": 0.0, "cleo": 7.0, "dan": 2.0, "eve": 8.0}


def fill_answers(notebook: Path, answers: dict[str, str], target: Path) -> None:
    """Copy ``notebook`` to ``target`` with the given answer cells replaced."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers and cell.metadata["nbgrader"].get("solution"):
            cell.source = answers[grade_id].strip("\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def build_samples(release: Path, out: Path, assignment: str = ASSIGNMENT) -> Path:
    """Write the sample students under ``out/<student>/<assignment>/`` from ``release/<assignment>``."""
    if out.exists():
        shutil.rmtree(out)
    notebooks = sorted((release / assignment).glob("*.ipynb"))
    correct = all_solution_cells(assignment)
    plans = {
        "ada": correct,
        "ben": {},
        "cleo": {**correct, **TYPICAL_MISTAKES},
        "dan": {**correct, **KERNEL_KILLER},
        "eve": {**correct, **HARD_CODED},
    }
    for student, answers in plans.items():
        for notebook in notebooks:
            fill_answers(notebook, answers, out / student / assignment / notebook.name)
    # dan's third notebook was saved half-way: not valid JSON any more.
    broken = out / "dan" / assignment / notebooks[-1].name
    broken.write_text(broken.read_text()[:200])
    return out
