"""The README's main job: release, sample submissions, autograde, a table of scores."""

from __future__ import annotations

import time
from pathlib import Path

from .autograde import autograde
from .paths import ASSIGNMENT
from .release import build_release
from .reports import total_score
from .samples import EXPECTED_TOTALS, build_samples

#: Column titles of the score table.
SHORT_NAMES = {
    "count_parameters_tests": "count",
    "mean_abs_weights_tests": "|W|",
    "compute_cost_with_regularization_tests": "L2 cost",
    "backward_propagation_with_regularization_tests": "L2 back",
    "forward_propagation_with_dropout_tests": "drop fwd",
    "backward_propagation_with_dropout_tests": "drop back",
}


def score_table(results: dict, assignment: str = ASSIGNMENT) -> str:
    """One row per student, one column per graded cell, plus the total."""
    students = sorted(s for s in results if not s.startswith("_"))
    grade_ids: list[str] = []
    for student in students:
        for cells in results[student][assignment].values():
            for grade_id in cells:
                if grade_id not in grade_ids:
                    grade_ids.append(grade_id)
    short = [SHORT_NAMES.get(g, g.removesuffix("_tests")) for g in grade_ids]
    widths = [max(len(s), 7) for s in short]
    header = f"{'student':<10}" + "".join(f" {s:>{w}}" for s, w in zip(short, widths)) + f" {'total':>9}"
    lines = [header, "-" * len(header)]
    for student in students:
        flat = {g: c for cells in results[student][assignment].values() for g, c in cells.items()}
        row, got, top = f"{student:<10}", 0.0, 0.0
        for grade_id, width in zip(grade_ids, widths):
            cell = flat[grade_id]
            row += f" {cell['score']:>{width - 2}.0f}/{cell['max_score']:.0f}"
            got, top = got + cell["score"], top + cell["max_score"]
        lines.append(row + f" {got:>5.0f}/{top:.0f}")
    return "\n".join(lines)


def run_demo(out: Path) -> int:
    """Build everything under ``out`` and print the results; 1 if a sample scored unexpectedly."""
    start = time.perf_counter()
    release = build_release(out / "release")
    print(f"student release: {release}")
    samples = build_samples(out / "release", out / "samples")
    print(f"sample submissions: {samples}")
    results = autograde(samples, out / "grading")
    print()
    print(score_table(results))
    print()
    for student in sorted(s for s in results if not s.startswith("_")):
        for notebook, cells in results[student][ASSIGNMENT].items():
            for grade_id, cell in cells.items():
                if cell["message"]:
                    print(f"{student} / {notebook} / {grade_id}: {cell['message'].splitlines()[0][:110]}")
    print()
    print(f"feedback:     {out / 'grading' / 'feedback'}")
    print(f"grades.csv:   {out / 'grading' / 'grades.csv'}")
    print(f"results.json: {out / 'grading' / 'results.json'}")
    print(f"gradebook:    {out / 'grading' / 'gradebook.db'}")
    totals = {s: total_score(results[s], ASSIGNMENT) for s in EXPECTED_TOTALS}
    wrong = {s: (t, EXPECTED_TOTALS[s]) for s, t in totals.items() if t != EXPECTED_TOTALS[s]}
    print(f"demo finished in {time.perf_counter() - start:.1f} s")
    if wrong:
        print(f"UNEXPECTED totals (got, expected): {wrong}")
        return 1
    return 0
