"""Generators of the data sets the assignments ship; :func:`register` adds ``make-dataset``."""

from __future__ import annotations

import argparse
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from .goalkeeper import GoalkeeperSpec, write

    print(write(args.out, GoalkeeperSpec(seed=args.seed)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``make-dataset`` to the command line's sub-commands."""
    from reg_utils.data import bundled_dataset_path

    from .goalkeeper import GoalkeeperSpec

    p = sub.add_parser("make-dataset", help="regenerate the goalkeeper data set of the regularization assignment")
    p.add_argument("--out", type=Path, default=bundled_dataset_path())
    p.add_argument("--seed", type=int, default=GoalkeeperSpec.seed)
    p.set_defaults(func=_run)
