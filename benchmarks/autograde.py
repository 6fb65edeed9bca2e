"""Benchmark: plain serial ``nbgrader autograde`` against ``reglab autograde``, over every assignment.

Generates a class of N students (default 40) from the current releases: each
student hands in every assignment of the series, cycling through that
assignment's sample students (correct, blank, classic mistakes, hard-coded
answers; samples whose files are deliberately broken are left out, since plain
nbgrader gives up on those). It grades the class both ways, checks that every
score per grade cell agrees, and prints submissions per minute for each and
their ratio, then the time of one late submission (one student, one
assignment) graded alone by the whole command, with the course already
prepared. The last line reads ``speedup: <ratio>``.

Both sides do the same grading work: plain nbgrader runs ``autograde`` then
``generate_feedback`` for each assignment (ours writes feedback too); the
autograde-only figure of plain nbgrader is printed as well. Course preparation
(``generate_assignment``) is done once before timing and is not counted for
either side.

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

from grading.batch.executors import default_jobs  # noqa: E402
from grading.course.config import run_nbgrader  # noqa: E402
from grading.course.prepare import prepare_course  # noqa: E402
from grading.course.solutions import all_solution_cells  # noqa: E402
from grading.paths import assignments  # noqa: E402
from grading.samples.build import fill_answers, students_of  # noqa: E402


def make_class(release: Path, out: Path, n: int, names: list[str]) -> list[str]:
    """``out/s000/<assignment>/*.ipynb`` ...: every student hands in every assignment."""
    students = [f"s{i:03d}" for i in range(n)]
    for name in names:
        correct = all_solution_cells(name)
        plans = [dict(s.answers) if s.blank else {**correct, **s.answers}
                 for s in students_of(name) if s.spoil is None]
        for i, student in enumerate(students):
            for notebook in sorted((release / name).glob("*.ipynb")):
                fill_answers(notebook, plans[i % len(plans)], out / student / name / notebook.name)
    return students


def scores(db_path: Path, students: list[str], names: list[str]) -> dict:
    with Gradebook(f"sqlite:///{db_path}") as gb:
        return {(s, a, nb.name, c.name): gb.find_grade(c.name, nb.name, a, s).score
                for a in names for s in students for nb in gb.find_assignment(a).notebooks for c in nb.grade_cells}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    n, names = args.students, assignments()
    with tempfile.TemporaryDirectory(prefix="reglab-bench-") as tmp:
        root = Path(tmp)
        serial_course = prepare_course(root / "serial", names)
        students = make_class(serial_course / "release", root / "class", n, names)
        shutil.copytree(root / "class", serial_course / "submitted")
        prepare_course(root / "ours", names)  # same preparation, outside the timing

        t0 = time.monotonic()
        for name in names:
            done = run_nbgrader(serial_course, "autograde", name, "--force")
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
        t_autograde = time.monotonic() - t0
        for name in names:
            feedback = run_nbgrader(serial_course, "generate_feedback", name, "--force")
            if feedback.returncode != 0:
                print(feedback.stderr[-2000:], file=sys.stderr)
                return 1
        t_serial = time.monotonic() - t0

        t0 = time.monotonic()
        ours = subprocess.run([sys.executable, "-m", "grading", "autograde", str(root / "class"), "--out",
                               str(root / "ours"), "--jobs", str(args.jobs), "--quiet"],
                              capture_output=True, text=True, check=False)
        t_ours = time.monotonic() - t0
        if ours.returncode != 0:
            print(ours.stderr[-3000:], file=sys.stderr)
            return 1

        late = root / "late" / students[0]
        shutil.copytree(root / "class" / students[0] / names[0], late / names[0])
        shutil.copytree(root / "ours" / "course", root / "late-out" / "course")
        t0 = time.monotonic()
        subprocess.run([sys.executable, "-m", "grading", "autograde", str(late.parent), "--out",
                        str(root / "late-out"), "--quiet"], capture_output=True, check=True)
        t_alone = time.monotonic() - t0
        summary = (root / "late-out" / "summary.txt").read_text().strip()

        serial_scores = scores(serial_course / "gradebook.db", students, names)
        our_scores = scores(root / "ours" / "gradebook.db", students, names)
        agree = serial_scores == our_scores
        submissions = n * len(names)
        print(f"class: {n} students x {len(names)} assignments ({', '.join(names)}) = {submissions} submissions, "
              f"{args.jobs} jobs")
        print(f"plain nbgrader autograde (serial):            {t_autograde:7.1f} s  "
              f"{60 * submissions / t_autograde:6.1f} submissions/min")
        print(f"plain nbgrader autograde + generate_feedback: {t_serial:7.1f} s  "
              f"{60 * submissions / t_serial:6.1f} submissions/min")
        print(f"reglab autograde (sandboxed, with feedback):  {t_ours:7.1f} s  "
              f"{60 * submissions / t_ours:6.1f} submissions/min")
        print(f"speedup against autograde alone: {t_autograde / t_ours:.2f}")
        print(f"one late submission ({names[0]}) graded alone, whole command: {t_alone:.1f} s ({summary})")
        print(f"scores agree on all {len(serial_scores)} grade cells: {agree}")
        print(f"speedup: {t_serial / t_ours:.2f}")
        return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
