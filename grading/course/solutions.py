"""The reference solutions, read from the source notebooks (their one home).

Anything that needs a correct implementation (the lesson check, the tests of
the public tests, the sample submissions) calls :func:`load_solutions`
instead of keeping a copy.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import nbformat

from ..paths import source_notebooks

# The names a solution cell may use without importing them: what the
# notebooks' locked set-up cells import.
_PRELUDE = "import numpy as np\nfrom reg_utils import *\n"


def solution_cells(notebook: Path) -> dict[str, str]:
    """Map grade_id -> source of every autograded-answer cell of a notebook."""
    nb = nbformat.read(notebook, as_version=4)
    cells = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution") and not meta.get("grade"):
            cells[meta["grade_id"]] = cell.source
    return cells


def all_solution_cells(assignment: str) -> dict[str, str]:
    """grade_id -> solution source across every notebook of the assignment."""
    found: dict[str, str] = {}
    for notebook in source_notebooks(assignment):
        found.update(solution_cells(notebook))
    return found


def load_solutions(assignment: str) -> SimpleNamespace:
    """Execute every solution cell and return the functions as attributes.

    >>> sol = load_solutions("regularization")
    >>> sol.compute_cost_with_regularization  # doctest: +ELLIPSIS
    <function compute_cost_with_regularization at ...>
    """
    namespace: dict = {}
    exec(compile(_PRELUDE, "<prelude>", "exec"), namespace)
    for grade_id, source in all_solution_cells(assignment).items():
        exec(compile(source, f"<solution {grade_id}>", "exec"), namespace)
    names = all_solution_cells(assignment).keys()
    return SimpleNamespace(**{name: namespace[name] for name in names})
