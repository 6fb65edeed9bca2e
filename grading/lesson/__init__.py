"""``check-lesson``: does each assignment's data and reference solution show its lesson?

One module per assignment holds that assignment's story; :func:`register`
adds the ``check-lesson`` command to the CLI. The lesson checks are owned by
the assignments, not by the grading machinery.

``--json`` prints one JSON object. The regularization assignment's keys sit at
its top level: ``baseline``, ``l2``, ``dropout`` (each ``{"train", "test"}``),
``sweep`` (a list of ``{"lambd", "train", "dev"}``, or null for a data file
without a dev set), ``lambd`` and ``keep_prob``. Other assignments add a key
of their own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import gradient_checking, initialization, regularization, regularization_toolbox

#: The other assignments' lesson checks: name -> ``check(dataset) -> (json_table, problems, text)``.
OTHER_LESSONS = {"initialization": initialization.check, "gradient_checking": gradient_checking.check,
                 "regularization_toolbox": regularization_toolbox.check}


def _selected(args: argparse.Namespace) -> list[str]:
    """The assignments whose stories are checked (``--assignment``, default all of them)."""
    from ..paths import check_assignment

    known = ["regularization", *OTHER_LESSONS]
    names = [check_assignment(name) for name in args.assignment] or known
    missing = [name for name in names if name not in known]
    if missing:
        raise ValueError(f"unknown assignment {missing[0]!r} for check-lesson; it checks: {', '.join(known)}")
    return names


def _run(args: argparse.Namespace) -> int:
    names = _selected(args)
    report: dict = {}
    problems: list[str] = []
    result = None
    if "regularization" in names:
        result = regularization.run_lesson(args.dataset)
        margins = regularization.Margins(args.min_gap, args.min_gain)
        problems = regularization.lesson_problems(result, margins)
        report = result.as_json()
    others = {}
    for name, check in OTHER_LESSONS.items():
        if name not in names:
            continue
        # Their stories do not depend on the regularization data file.
        report[name], found, others[name] = check(None)
        problems += [f"{name}: {problem}" for problem in found]
    if args.json:
        print(json.dumps(report))
        for note in result.notes if result else []:
            print("note: " + note, file=sys.stderr)
    else:
        if result is not None:
            print(f"data set: {regularization.dataset_label(args.dataset)}")
            print(regularization.format_table(result))
        for name, text in others.items():
            print(f"\n{name}:\n{text}")
        print("the lesson holds" if not problems else "the lesson does NOT hold:")
    for problem in problems:
        print("  - " + problem, file=sys.stderr if args.json else sys.stdout)
    return 1 if problems else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``check-lesson`` to the command line's sub-commands."""
    p = sub.add_parser("check-lesson", help="train the reference models and check that each lesson's story holds")
    p.add_argument("--dataset", type=Path, default=None, help="a .mat file (default: the bundled one)")
    p.add_argument("--json", action="store_true", help="print the measured accuracies as one JSON object")
    p.add_argument("--assignment", action="append", default=[], metavar="NAME",
                   help="only this assignment's story (repeatable; default: every assignment)")
    p.add_argument("--min-gap", type=float, default=regularization.Margins.min_overfit_gap,
                   help="least baseline train-test (and train-dev at lambd = 0) gap (default %(default)s)")
    p.add_argument("--min-gain", type=float, default=regularization.Margins.min_gain,
                   help="least test gain of L2 and dropout over the baseline (default %(default)s)")
    p.set_defaults(func=_run)
