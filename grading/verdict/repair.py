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
* drops malformed nbgrader metadata (not a mapping, or an empty one) on
  cells the release does not grade: an editor's leftovers change nothing;
* reports edited locked cells (nbgrader then overwrites them from the source)
  and puts deleted graded test cells back from the release.

Every change is described in a sentence for the student's feedback.
:class:`RepairStructure` runs it as the first step of nbgrader's own
autograde chain.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

_WATCHED = ("grade", "solution", "locked", "points", "task")


def _grade_id(cell: NotebookNode) -> str | None:
    meta = cell.metadata.get("nbgrader")
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    return grade_id if isinstance(grade_id, str) else None


def _graded_cells(nb: NotebookNode) -> dict[str, NotebookNode]:
    cells = {}
    for cell in nb.cells:
        grade_id = _grade_id(cell)
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
        if not isinstance(meta, dict) or not meta or not isinstance(meta.get("grade_id"), str):
            # Not nbgrader's: an editor or a slip left it. Harmless once removed.
            del cell.metadata["nbgrader"]
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
    ids = [_grade_id(c) for c in release.cells]
    position = ids.index(grade_id)
    before = [i for i in ids[:position] if i]
    here = [_grade_id(c) for c in nb.cells]
    anchor = next((here.index(i) for i in reversed(before) if i in here), -1)
    nb.cells.insert(anchor + 1, copy.deepcopy(release.cells[position]))


class RepairStructure(NbGraderPreprocessor):
    """First step of nbgrader's autograde chain: :func:`repair` against the student release.

    The release notebook is read from ``release_dir`` (the private course's,
    never the student's folder); findings are appended, one JSON object a
    line, to ``findings_file``, which the worker reads back.
    """

    release_dir = Unicode("", help="Folder of this assignment's release notebooks.").tag(config=True)
    findings_file = Unicode("", help="Where findings are appended (JSON lines).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
        name = resources.get("unique_key") or resources.get("metadata", {}).get("name")
        if not name:
            return nb, resources  # a notebook without a name has no release to be compared with
        release_path = Path(self.release_dir) / f"{name}.ipynb"
        if not release_path.is_file():
            return nb, resources
        release = nbformat.read(release_path, as_version=4)
        repaired, findings = repair(nb, release)
        if findings and self.findings_file:
            with open(self.findings_file, "a", encoding="utf-8") as f:
                for finding in findings:
                    f.write(json.dumps({"notebook": f"{name}.ipynb", "finding": finding}) + "\n")
        return repaired, resources
