"""The instructor's command line: ``reglab <command>`` or ``python -m grading <command>``.

Every command serves the whole series: by default it handles every assignment
folder under ``notebooks/``; ``--assignment NAME`` (repeatable) narrows it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import settings
from .paths import BUILD_DIR, REPO_ROOT, assignments, check_assignment


def _protect_imports() -> None:
    """Never import this package from the current folder.

    ``python -m grading`` puts the current folder first on ``sys.path``; run from
    a folder that holds a ``grading/`` folder (``--out grading`` makes one),
    the spawned workers would import that folder instead of this package.
    """
    here = os.path.realpath(os.getcwd())
    if os.path.realpath(str(REPO_ROOT)) == here:
        return
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.realpath(p) != here]


def _selected(args: argparse.Namespace) -> list[str]:
    return [check_assignment(name) for name in args.assignment] if args.assignment else assignments()


def _release(args: argparse.Namespace) -> int:
    from .course.release import build_release

    for folder in build_release(args.out, _selected(args)):
        print(folder)
    return 0


def _start_early(submissions: Path, limits: settings.Limits, jobs: int | None, scheduler: str | None) -> None:
    """For one student graded here (a late submission), overlap the slow starts with each other.

    The sandbox's start (its host imports NumPy, Matplotlib, ipykernel) and the
    import of the course packages the hidden tests use begin now, while this
    process imports nbgrader; each would otherwise wait for the other.
    """
    import threading

    from .sandbox import bwrap, session

    try:
        alone = sum(1 for e in os.scandir(submissions) if e.is_dir(follow_symlinks=False)) == 1
    except OSError:
        return
    if scheduler or not (alone or jobs == 1) or bwrap.availability():
        return
    session.prestart(limits)

    def import_course_packages() -> None:
        import public_tests  # noqa: F401 - the import is the point
        import reg_utils  # noqa: F401
        import testCases  # noqa: F401

    threading.Thread(target=import_course_packages, daemon=True).start()


def _autograde(args: argparse.Namespace) -> int:
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder of <student>/<assignment>/*.ipynb", file=sys.stderr)
        return 2
    limits = settings.Limits(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                             memory_mb=args.memory_mb)
    _start_early(args.submissions, limits, args.jobs, args.scheduler)

    from .batch.orchestrator import SandboxUnavailable, autograde
    from .gradebook.sync import StaleGradebook

    try:
        results = autograde(args.submissions, args.out, _selected(args), jobs=args.jobs,
                            scheduler=args.scheduler, db_url=args.db, limits=limits, progress=not args.quiet)
    except KeyboardInterrupt:
        print("\ninterrupted: finished students are saved; run the same command again to grade the rest",
              file=sys.stderr)
        return 130
    except (StaleGradebook, SandboxUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(results.score_table())
    for name, why in results.skipped.items():
        print(f"skipped {name!r}: {why}")
    print(f"results: {args.out / 'results.json'}  grades: {args.out / 'grades.csv'}  "
          f"feedback: {args.out / 'feedback'}  gradescope: {args.out / 'gradescope'}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo(args.out, _selected(args))


#: Commands whose parsers import the lesson code (NumPy training, Matplotlib): built only when asked for.
_LESSON_COMMANDS = ("check-lesson", "make-dataset")


def _defer(args: argparse.Namespace) -> int:
    return main([args.command, *args.rest])


def build_parser(lessons: bool = True) -> argparse.ArgumentParser:
    """The command line; ``lessons=False`` leaves the heavy lesson commands as stubs that build them on use."""
    parser = argparse.ArgumentParser(prog="reglab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_assignments(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--assignment", action="append", default=[], metavar="NAME",
                       help="only this assignment (repeatable; default: every folder under notebooks/)")
        return p

    p = with_assignments(sub.add_parser("release", help="build the student notebooks "
                                                       "(answers stubbed, hidden tests removed)"))
    p.add_argument("--out", type=Path, default=BUILD_DIR / "release")
    p.set_defaults(func=_release)

    p = with_assignments(sub.add_parser("autograde", help="grade SUBMISSIONS/<student>/<assignment>/*.ipynb"))
    p.add_argument("submissions", type=Path)
    p.add_argument("--out", type=Path, default=BUILD_DIR / "grading")
    p.add_argument("--jobs", "-j", type=int, default=None, help="students graded at once (default: all cores)")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler to grade on instead")
    p.add_argument("--db", default=None, help="SQLAlchemy URL of the gradebook (default: OUT/gradebook.db)")
    p.add_argument("--cell-timeout", type=int, default=settings.CELL_TIMEOUT, help="seconds per cell")
    p.add_argument("--notebook-timeout", type=int, default=settings.NOTEBOOK_TIMEOUT, help="seconds per notebook")
    p.add_argument("--memory-mb", type=int, default=settings.MEMORY_MB,
                   help="memory of one student's sandbox, all its processes together")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=_autograde)

    p = with_assignments(sub.add_parser("demo", help="release, sample submissions, autograde, print the scores"))
    p.add_argument("--out", type=Path, default=BUILD_DIR / "demo")
    p.set_defaults(func=_demo)

    if lessons:
        from . import datasets, lesson

        lesson.register(sub)
        datasets.register(sub)
    else:
        for command in _LESSON_COMMANDS:
            p = sub.add_parser(command, add_help=False, help=f"(see reglab {command} --help)")
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=_defer)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``reglab`` and ``python -m grading``."""
    _protect_imports()
    argv = list(sys.argv[1:] if argv is None else argv)
    lessons = not argv or argv[0] in _LESSON_COMMANDS or argv[0] in ("-h", "--help")
    args = build_parser(lessons).parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:  # a bad name or value given on the command line
        if "unknown assignment" not in str(exc):
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
