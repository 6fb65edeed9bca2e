"""What grading hands out: results.json, one Gradescope results.json per student, feedback files."""

from __future__ import annotations

import json
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry


def collect_results(db_url: str, assignment: str, outcomes: dict[str, dict], expected: list[str]) -> dict:
    """student -> assignment -> notebook -> grade_id -> {score, max_score, message}, from the gradebook.

    ``outcomes`` maps each student to ``{"payload": ..., "notes": {...}, "warnings": [...]}``.
    """
    results: dict = {}
    with Gradebook(db_url) as gb:
        source_cells = {nb.name: sorted((c.name, c.max_score) for c in nb.grade_cells)
                        for nb in gb.find_assignment(assignment).notebooks}
        for student, outcome in sorted(outcomes.items()):
            payload, notes = outcome["payload"], outcome["notes"]
            per_notebook: dict = {}
            for filename in expected:
                notebook_id = filename[: -len(".ipynb")]
                messages = payload.get("messages", {}).get(notebook_id, {})
                graded = filename in payload.get("graded_notebooks", [])
                fallback = notes.get(filename) or ("" if graded else payload.get("error")
                                                   or "the notebook could not be graded")
                cells = {}
                for grade_id, max_score in source_cells[notebook_id]:
                    try:
                        score = gb.find_grade(grade_id, notebook_id, assignment, student).score
                    except MissingEntry:
                        score = 0.0
                    score = float(score or 0.0)
                    message = messages.get(grade_id, "") or ("" if score >= max_score else fallback)
                    cells[grade_id] = {"score": score, "max_score": float(max_score), "message": message}
                per_notebook[notebook_id] = cells
            results[student] = {assignment: per_notebook}
            warnings = list(outcome["warnings"]) + list(payload.get("findings", [])) + list(payload.get("sandbox", []))
            if payload.get("error") and payload["error"] not in warnings:
                warnings.append(payload["error"])
            if warnings:
                results[student]["_warnings"] = warnings
    return results


def gradescope_result(student_result: dict, assignment: str) -> dict:
    """One student's results in Gradescope's autograder format."""
    tests = []
    for notebook, cells in student_result[assignment].items():
        for grade_id, cell in cells.items():
            passed = cell["score"] >= cell["max_score"]
            tests.append({"name": f"{notebook}: {grade_id}", "score": cell["score"], "max_score": cell["max_score"],
                          "output": "passed" if passed else (cell["message"] or "did not pass"),
                          "status": "passed" if passed else "failed", "visibility": "visible"})
    warnings = student_result.get("_warnings", [])
    return {"score": sum(t["score"] for t in tests), "tests": tests, "visibility": "visible",
            "output": "\n".join(warnings) if warnings else "All notebooks were graded."}


def write_outputs(out: Path, results: dict, outcomes: dict[str, dict], assignment: str) -> None:
    """results.json, gradescope/<student>/results.json and feedback/<student>/<assignment>/*.html."""
    (out / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True))
    for student in (s for s in results if not s.startswith("_")):
        target = out / "gradescope" / student / "results.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(gradescope_result(results[student], assignment), indent=2))
        feedback = outcomes[student]["payload"].get("feedback", {})
        folder = out / "feedback" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        for name, html in feedback.items():
            (folder / name).write_text(html, encoding="utf-8")


def total_score(student_result: dict, assignment: str) -> float:
    return sum(c["score"] for cells in student_result[assignment].values() for c in cells.values())
