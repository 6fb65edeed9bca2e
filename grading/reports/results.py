"""The results of a batch, typed, and everything written from them.

:class:`GradingResults` is read back from the gradebook after a batch (the
gradebook is the truth for scores) plus the messages and warnings the workers
reported. It writes ``results.json`` (student -> assignment -> notebook ->
grade_id -> ``{score, max_score, message}``, ``_warnings`` per student,
``_skipped`` for folders that are not students), Gradescope's
``results.json`` per student, the feedback pages, and prints the score table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from ..batch.records import StudentOutcome


@dataclass(frozen=True)
class CellResult:
    """One graded cell of one student."""

    score: float
    max_score: float
    message: str = ""

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score


@dataclass
class StudentResult:
    """One student: assignment -> notebook -> grade_id -> cell, and the warnings about their submission."""

    student: str
    assignments: dict[str, dict[str, dict[str, CellResult]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def total(self, assignment: str | None = None) -> float:
        names = [assignment] if assignment else list(self.assignments)
        return sum(c.score for a in names for cells in self.assignments.get(a, {}).values() for c in cells.values())

    def max_total(self, assignment: str | None = None) -> float:
        names = [assignment] if assignment else list(self.assignments)
        return sum(c.max_score for a in names for cells in self.assignments.get(a, {}).values()
                   for c in cells.values())

    def cells(self) -> list[tuple[str, str, str, CellResult]]:
        """(assignment, notebook, grade_id, cell) in order."""
        return [(a, nb, g, c) for a, notebooks in self.assignments.items() for nb, cells in notebooks.items()
                for g, c in cells.items()]

    def to_json(self) -> dict:
        data: dict = {a: {nb: {g: {"score": c.score, "max_score": c.max_score, "message": c.message}
                               for g, c in cells.items()} for nb, cells in notebooks.items()}
                      for a, notebooks in self.assignments.items()}
        if self.warnings:
            data["_warnings"] = list(self.warnings)
        return data

    def gradescope(self) -> dict:
        """This student's results in Gradescope's autograder format: one test per graded cell."""
        tests = [{"name": f"{a} / {nb}: {g}", "score": c.score, "max_score": c.max_score,
                  "status": "passed" if c.passed else "failed",
                  "output": "passed" if c.passed else (c.message or "did not pass"), "visibility": "visible"}
                 for a, nb, g, c in self.cells()]
        return {"score": sum(t["score"] for t in tests), "tests": tests, "visibility": "visible",
                "output": "\n".join(self.warnings) if self.warnings else "All notebooks were graded."}


@dataclass
class GradingResults:
    """A whole batch: every student, the folders skipped, the assignments graded."""

    assignments: list[str]
    students: dict[str, StudentResult] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, student: str) -> StudentResult:
        return self.students[student]

    def to_json(self) -> dict:
        data: dict = {s: r.to_json() for s, r in sorted(self.students.items())}
        if self.skipped:
            data["_skipped"] = dict(self.skipped)
        return data

    def score_table(self) -> str:
        """One row per student, one column per assignment graded, plus the total."""
        names = [a for a in self.assignments if any(a in r.assignments for r in self.students.values())]
        widths = [max(len(a), 9) for a in names]
        header = f"{'student':<16}" + "".join(f" {a:>{w}}" for a, w in zip(names, widths)) + f" {'total':>9}"
        lines = [header, "-" * len(header)]
        for student, result in sorted(self.students.items()):
            row = f"{student:<16}"
            for a, w in zip(names, widths):
                cell = (f"{result.total(a):.0f}/{result.max_total(a):.0f}" if a in result.assignments else "-")
                row += f" {cell:>{w}}"
            lines.append(row + f" {result.total():>5.0f}/{result.max_total():.0f}")
        return "\n".join(lines)

    def write(self, out: Path, outcomes: dict[str, StudentOutcome]) -> None:
        """results.json, gradescope/<student>/results.json and feedback/<student>/<assignment>/*.html."""
        (out / "results.json").write_text(json.dumps(self.to_json(), indent=2, sort_keys=True))
        for student, result in self.students.items():
            target = out / "gradescope" / student / "results.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(result.gradescope(), indent=2))
            outcome = outcomes.get(student)
            for assignment, graded in (outcome.assignments.items() if outcome else []):
                folder = out / "feedback" / student / assignment
                folder.mkdir(parents=True, exist_ok=True)
                for name, page in graded.feedback.items():
                    if name.endswith(".html") and "/" not in name and not name.startswith("."):
                        (folder / name).write_text(page, encoding="utf-8")


def collect_results(db_url: str, names: list[str], outcomes: dict[str, StudentOutcome],
                    notes: dict[str, dict[str, dict[str, str]]], warnings: dict[str, list[str]],
                    skipped: dict[str, str]) -> GradingResults:
    """Scores from the gradebook at ``db_url``; messages, notes and warnings from the batch.

    ``notes``: student -> assignment -> notebook -> why it was not graded (from the intake).
    """
    results = GradingResults(assignments=list(names), skipped=dict(skipped))
    with Gradebook(db_url) as gb:
        structure = {a: {nb.name: sorted((c.name, c.max_score) for c in nb.grade_cells)
                         for nb in gb.find_assignment(a).notebooks} for a in names}
        for student, outcome in sorted(outcomes.items()):
            result = StudentResult(student)
            for assignment in names:
                graded = outcome.assignments.get(assignment)
                student_notes = notes.get(student, {}).get(assignment, {})
                if graded is None and not student_notes:
                    continue  # the student did not submit this assignment
                per_notebook: dict[str, dict[str, CellResult]] = {}
                for notebook_id, cells in structure[assignment].items():
                    filename = f"{notebook_id}.ipynb"
                    messages = graded.messages.get(notebook_id, {}) if graded else {}
                    was_graded = bool(graded) and filename in graded.graded_notebooks
                    fallback = student_notes.get(filename) or ("" if was_graded else (
                        (graded.error if graded else "") or outcome.error or "the notebook could not be graded"))
                    row: dict[str, CellResult] = {}
                    for grade_id, max_score in cells:
                        try:
                            score = float(gb.find_grade(grade_id, notebook_id, assignment, student).score or 0.0)
                        except MissingEntry:
                            score = 0.0
                        message = messages.get(grade_id, "") or ("" if score >= max_score else fallback)
                        row[grade_id] = CellResult(score, float(max_score), message)
                    per_notebook[notebook_id] = row
                result.assignments[assignment] = per_notebook
                if graded:
                    result.warnings += [f"{assignment}: {f}" for f in graded.findings]
                    if graded.error and graded.error not in result.warnings:
                        result.warnings.append(f"{assignment}: {graded.error}")
            result.warnings = list(warnings.get(student, [])) + result.warnings + list(outcome.sandbox_notes)
            if outcome.error and outcome.error not in result.warnings:
                result.warnings.append(outcome.error)
            results.students[student] = result
    return results
