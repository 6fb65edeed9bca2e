"""Find and undo changes a student made to the graded structure of a notebook.

nbgrader restores the source of locked cells and the points of graded cells
from its gradebook, but it says nothing about it, and a cell whose ``grade_id``
was renamed, invented or duplicated can derail a whole student. Before grading,
:func:`repair` compares a submission with the student release and:

* strips nbgrader metadata from cells whose ``grade_id`` the release does not
  know (an invented test cell cannot earn points) and from duplicates after the
  first;
* puts back the release's metadata (points, grade/solution/locked flags) and
  cell type where they were changed;
* reports edited locked cells (nbgrader then overwrites them from the source)
  and deleted graded cells (nbgrader's ``add_missing_cells`` restores them).

Every change is described in a sentence for the student's feedback.
"""

from __future__ import annotations

import copy

from nbformat import NotebookNode

_WATCHED = ("grade", "solution", "locked", "points", "task")


def _graded_cells(nb: NotebookNode) -> dict[str, NotebookNode]:
    cells = {}
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id and grade_id not in cells:
            cells[grade_id] = cell
    return cells


def repair(submitted: NotebookNode, release: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """Return a repaired copy of ``submitted`` and the list of findings (empty when untouched)."""
    nb = copy.deepcopy(submitted)
    reference = _graded_cells(release)
    findings: list[str] = []
    seen: set[str] = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id")
        if grade_id not in reference:
            del cell.metadata["nbgrader"]
            findings.append(f"a cell claims nbgrader id {grade_id!r}, which the assignment does not have: "
                            "it is graded as an ordinary cell")
            continue
        if grade_id in seen:
            del cell.metadata["nbgrader"]
            findings.append(f"cell {grade_id!r} appears more than once: only the first copy is graded")
            continue
        seen.add(grade_id)
        original = reference[grade_id]
        want = original.metadata["nbgrader"]
        changed = [key for key in _WATCHED if meta.get(key) != want.get(key)]
        if changed:
            cell.metadata["nbgrader"] = copy.deepcopy(want)
            findings.append(f"the nbgrader metadata of {grade_id!r} was changed ({', '.join(changed)}): "
                            "graded with the assignment's own")
        if cell.cell_type != original.cell_type:
            findings.append(f"cell {grade_id!r} was turned into a {cell.cell_type} cell: graded as the "
                            f"{original.cell_type} cell it is")
            cell.cell_type = original.cell_type
            if original.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
            else:
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
        if want.get("locked") and cell.source != original.source:
            findings.append(f"locked cell {grade_id!r} was edited: graded with the assignment's version")
    for grade_id in reference:
        if grade_id in seen:
            continue
        if reference[grade_id].metadata["nbgrader"].get("solution"):
            findings.append(f"answer cell {grade_id!r} was deleted: its exercise has no answer to grade")
        else:
            _put_back(nb, release, grade_id)
            findings.append(f"cell {grade_id!r} was deleted: graded with the assignment's version put back")
    return nb, findings


def _put_back(nb: NotebookNode, release: NotebookNode, grade_id: str) -> None:
    """Insert the release's copy of a deleted cell after the graded cell that precedes it there."""
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in release.cells]
    position = ids.index(grade_id)
    before = [i for i in ids[:position] if i]
    here = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    anchor = next((here.index(i) for i in reversed(before) if i in here), -1)
    nb.cells.insert(anchor + 1, copy.deepcopy(release.cells[position]))
