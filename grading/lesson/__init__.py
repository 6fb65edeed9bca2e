"""``check-lesson``: does each assignment's data and reference solution show its lesson?

One module per assignment holds that assignment's story; :func:`register`
adds the ``check-lesson`` command to the CLI. The lesson checks are owned by
the assignments, not by the grading machinery.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import regularization


def _run(args: argparse.Namespace) -> int:
    table = regularization.train_three(args.dataset)
    problems = regularization.lesson_problems(table, regularization.Margins(args.min_gap, args.min_gain))
    if args.json:
        print(json.dumps(table))
    else:
        print(f"data set: {regularization.dataset_label(args.dataset)}")
        print(regularization.format_table(table))
        print("the lesson holds" if not problems else "the lesson does NOT hold:")
    for problem in problems:
        print("  - " + problem, file=sys.stderr if args.json else sys.stdout)
    return 1 if problems else 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``check-lesson`` to the command line's sub-commands."""
    p = sub.add_parser("check-lesson", help="train the reference models and check that each lesson's story holds")
    p.add_argument("--dataset", type=Path, default=None, help="a .mat file (default: the bundled one)")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    p.add_argument("--min-gap", type=float, default=regularization.Margins.min_overfit_gap,
                   help="least baseline train-test gap (default %(default)s)")
    p.add_argument("--min-gain", type=float, default=regularization.Margins.min_gain,
                   help="least test gain of L2 and dropout over the baseline (default %(default)s)")
    p.set_defaults(func=_run)
