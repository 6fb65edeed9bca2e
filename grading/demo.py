"""The README's main job: release, sample submissions, autograde every assignment, a table of scores."""

from __future__ import annotations

import time
from pathlib import Path

from .batch.orchestrator import autograde
from .course.release import build_release
from .samples.build import build_samples, expected_totals


def run_demo(out: Path, names: list[str]) -> int:
    """Build everything under ``out`` and print the results; 1 if a sample scored unexpectedly."""
    start = time.perf_counter()
    out = out.resolve()
    for folder in build_release(out / "release", names):
        print(f"student release: {folder}")
    samples = build_samples(out / "release", out / "samples", names)
    print(f"sample submissions: {samples}")
    results = autograde(samples, out / "grading", names)
    print()
    print(results.score_table())
    print()
    for student, result in sorted(results.students.items()):
        for assignment, notebook, grade_id, cell in result.cells():
            if cell.message:
                print(f"{student} / {assignment} / {notebook} / {grade_id}: {cell.message.splitlines()[0][:100]}")
    print()
    grading = out / "grading"
    print(f"feedback:     {grading / 'feedback'}")
    print(f"grades.csv:   {grading / 'grades.csv'}")
    print(f"results.json: {grading / 'results.json'}")
    print(f"gradebook:    {grading / 'gradebook.db'}")
    wrong = {key: (results[key[0]].total(key[1]), want) for key, want in expected_totals(names).items()
             if results[key[0]].total(key[1]) != want}
    print(f"demo finished in {time.perf_counter() - start:.1f} s")
    if wrong:
        print(f"UNEXPECTED totals ((student, assignment): (got, expected)): {wrong}")
        return 1
    return 0
