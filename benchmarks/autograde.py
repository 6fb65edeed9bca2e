"""Benchmark: plain serial ``nbgrader autograde`` against ``python -m grading autograde``.

Generates a class of N submissions (default 40) from the current release, a
repeating mix of correct, partial and broken work, grades it both ways, checks
that every score per grade_id agrees, and prints submissions per minute for
each and their ratio. The last line reads ``speedup: <ratio>``.

Both sides do the same grading work: plain nbgrader runs ``autograde`` then
``generate_feedback`` (ours writes feedback too); the autograde-only figure of
plain nbgrader is printed as well. Course preparation (``generate_assignment``)
is done once before timing and is not counted for either side.

    python benchmarks/autograde.py [--students 40] [--jobs N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nbgrader.api import Gradebook  # noqa: E402

from grading.autograde import prepare_course, run_nbgrader  # noqa: E402
from grading.executors import default_jobs  # noqa: E402
from grading.sample_answers import HARD_CODED, TYPICAL_MISTAKES  # noqa: E402
from grading.samples import fill_answers  # noqa: E402
from grading.solutions import all_solution_cells  # noqa: E402

BROKEN = {"compute_cost_with_regularization": "def compute_cost_with_regularization(A3, Y, parameters, lambd)\n"
          "    return 0\n",
          "backward_propagation_with_dropout": "raise ValueError('not finished')\n"}


def make_class(release: Path, out: Path, n: int) -> list[str]:
    correct = all_solution_cells()
    plans = [correct, {**correct, **TYPICAL_MISTAKES}, {}, {**correct, **HARD_CODED}, {**correct, **BROKEN}]
    students = []
    for i in range(n):
        student = f"s{i:03d}"
        for notebook in sorted(release.glob("*.ipynb")):
            fill_answers(notebook, plans[i % len(plans)], out / student / "regularization" / notebook.name)
        students.append(student)
    return students


def scores(db_path: Path, students: list[str]) -> dict:
    with Gradebook(f"sqlite:///{db_path}") as gb:
        assignment = gb.find_assignment("regularization")
        return {(s, nb.name, c.name): gb.find_grade(c.name, nb.name, "regularization", s).score
                for s in students for nb in assignment.notebooks for c in nb.grade_cells}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    n = args.students
    with tempfile.TemporaryDirectory(prefix="reglab-bench-") as tmp:
        root = Path(tmp)
        serial_course = prepare_course(root / "serial")
        students = make_class(serial_course / "release" / "regularization", root / "class", n)
        shutil.copytree(root / "class", serial_course / "submitted")
        prepare_course(root / "ours")  # same preparation, outside the timing

        t0 = time.monotonic()
        done = run_nbgrader(serial_course, "autograde", "regularization", "--force")
        t_autograde = time.monotonic() - t0
        feedback = run_nbgrader(serial_course, "generate_feedback", "regularization", "--force")
        t_serial = time.monotonic() - t0
        if done.returncode != 0 or feedback.returncode != 0:
            print(done.stderr[-2000:], feedback.stderr[-2000:], file=sys.stderr)
            return 1

        t0 = time.monotonic()
        ours = subprocess.run([sys.executable, "-m", "grading", "autograde", str(root / "class"), "--out",
                               str(root / "ours"), "--jobs", str(args.jobs), "--quiet"],
                              capture_output=True, text=True, check=False)
        t_ours = time.monotonic() - t0
        if ours.returncode != 0:
            print(ours.stderr[-3000:], file=sys.stderr)
            return 1
        alone_dir = root / "alone"
        (alone_dir / students[0]).parent.mkdir(parents=True)
        shutil.copytree(root / "class" / students[0], alone_dir / students[0])
        shutil.copytree(root / "ours" / "course", root / "alone-out" / "course")
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "grading", "autograde", str(alone_dir), "--out",
                        str(root / "alone-out"), "--jobs", "1", "--quiet"], capture_output=True, check=True)
        t_alone = time.monotonic() - t0
        summary = (root / "alone-out" / "summary.txt").read_text().strip()

        serial_scores = scores(serial_course / "gradebook.db", students)
        our_scores = scores(root / "ours" / "gradebook.db", students)
        agree = serial_scores == our_scores
        print(f"class: {n} submissions (correct / partial / blank / hard-coded / broken), {args.jobs} jobs")
        print(f"plain nbgrader autograde (serial):           {t_autograde:7.1f} s  "
              f"{60 * n / t_autograde:6.1f} submissions/min")
        print(f"plain nbgrader autograde + generate_feedback: {t_serial:7.1f} s  "
              f"{60 * n / t_serial:6.1f} submissions/min")
        print(f"python -m grading autograde (with feedback):  {t_ours:7.1f} s  "
              f"{60 * n / t_ours:6.1f} submissions/min")
        print(f"speedup against autograde alone: {t_autograde / t_ours:.2f}")
        print(f"one student alone, whole command: {t_alone:.1f} s ({summary})")
        print(f"scores agree on all {len(serial_scores)} grade cells: {agree}")
        print(f"speedup: {t_serial / t_ours:.2f}")
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
