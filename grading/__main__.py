"""Command line of the instructor's side: ``python -m grading <command>``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .course import CELL_TIMEOUT
from .paths import BUILD_DIR


def _release(args: argparse.Namespace) -> int:
    from .release import build_release

    print(build_release(args.out))
    return 0


def _autograde(args: argparse.Namespace) -> int:
    from .autograde import autograde
    from .demo import score_table
    from .worker import Limits

    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of <student>/<assignment>/*.ipynb", file=sys.stderr)
        return 2
    limits = Limits(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                    memory_mb=args.memory_mb)
    try:
        results = autograde(args.submissions, args.out, jobs=args.jobs, scheduler=args.scheduler,
                            db_url=args.db, limits=limits, progress=not args.quiet)
    except KeyboardInterrupt:
        print("\ninterrupted: finished students are saved; run the same command again to grade the rest",
              file=sys.stderr)
        return 130
    print(score_table(results))
    for name, why in results.get("_skipped", {}).items():
        print(f"skipped {name!r}: {why}")
    print(f"results: {args.out / 'results.json'}  grades: {args.out / 'grades.csv'}  "
          f"feedback: {args.out / 'feedback'}  gradescope: {args.out / 'gradescope'}")
    return 0


def _check_lesson(args: argparse.Namespace) -> int:
    from .lesson import Margins, dataset_label, format_table, lesson_problems, train_three

    table = train_three(args.dataset)
    problems = lesson_problems(table, Margins(args.min_gap, args.min_gain))
    if args.json:
        print(json.dumps(table))
    else:
        print(f"data set: {dataset_label(args.dataset)}")
        print(format_table(table))
        print("the lesson holds" if not problems else "the lesson does NOT hold:")
    for problem in problems:
        print("  - " + problem, file=sys.stderr if args.json else sys.stdout)
    return 1 if problems else 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.out)


def _make_dataset(args: argparse.Namespace) -> int:
    from .dataset_generator import GoalkeeperSpec, write

    print(write(args.out, GoalkeeperSpec(seed=args.seed)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from reg_utils.data import bundled_dataset_path

    from .dataset_generator import GoalkeeperSpec
    from .lesson import Margins

    parser = argparse.ArgumentParser(prog="python -m grading", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("release", help="build the student notebooks (answers stubbed, hidden tests removed)")
    p.add_argument("--out", type=Path, default=BUILD_DIR / "release")
    p.set_defaults(func=_release)

    p = sub.add_parser("autograde", help="grade SUBMISSIONS/<student>/<assignment>/*.ipynb")
    p.add_argument("submissions", type=Path)
    p.add_argument("--out", type=Path, default=BUILD_DIR / "grading")
    p.add_argument("--jobs", "-j", type=int, default=None, help="students graded at once (default: all cores)")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler to grade on instead")
    p.add_argument("--db", default=None, help="SQLAlchemy URL of the gradebook (default: OUT/gradebook.db)")
    p.add_argument("--cell-timeout", type=int, default=CELL_TIMEOUT, help="seconds per cell")
    p.add_argument("--notebook-timeout", type=int, default=300, help="seconds per notebook")
    p.add_argument("--memory-mb", type=int, default=2048, help="memory limit of a student's kernel")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=_autograde)

    p = sub.add_parser("check-lesson", help="train the three models and check that regularization helps")
    p.add_argument("--dataset", type=Path, default=None, help="a .mat file (default: the bundled one)")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.add_argument("--min-gap", type=float, default=Margins.min_overfit_gap,
                   help="least baseline train-test gap (default %(default)s)")
    p.add_argument("--min-gain", type=float, default=Margins.min_gain,
                   help="least test gain of L2 and dropout over the baseline (default %(default)s)")
    p.set_defaults(func=_check_lesson)

    p = sub.add_parser("demo", help="release, sample submissions, autograde, print the scores")
    p.add_argument("--out", type=Path, default=BUILD_DIR / "demo")
    p.set_defaults(func=_demo)

    p = sub.add_parser("make-dataset", help="regenerate the goalkeeper data set")
    p.add_argument("--out", type=Path, default=bundled_dataset_path())
    p.add_argument("--seed", type=int, default=GoalkeeperSpec.seed)
    p.set_defaults(func=_make_dataset)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
