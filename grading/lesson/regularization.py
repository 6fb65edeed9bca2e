"""check-lesson: does a data set show the lesson with the reference hyperparameters?

Trains the baseline, L2 (lambd 0.7) and dropout (keep_prob 0.86) models with
the reference solutions read from the source notebooks and compares their
train and test accuracy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from reg_utils import accuracy_of, load_2D_dataset, train
from reg_utils.data import resolve_dataset_path

from ..course.solutions import load_solutions

LAMBD = 0.7
KEEP_PROB = 0.86


@dataclass(frozen=True)
class Margins:
    """What "the lesson holds" means, in accuracy fractions."""

    min_overfit_gap: float = 0.02  # baseline train minus baseline test
    min_gain: float = 0.01  # each regularised model's test minus the baseline's test


def train_three(dataset: str | os.PathLike | None = None, iterations: int = 30000) -> dict[str, dict[str, float]]:
    """Train the three models and return ``{"baseline"|"l2"|"dropout": {"train", "test"}}``."""
    sol = load_solutions("regularization")
    train_X, train_Y, test_X, test_Y = load_2D_dataset(dataset)
    steps = {
        "baseline": {},
        "l2": {
            "cost": lambda A3, Y, p: sol.compute_cost_with_regularization(A3, Y, p, LAMBD),
            "backward": lambda X, Y, c: sol.backward_propagation_with_regularization(X, Y, c, LAMBD),
        },
        "dropout": {
            "forward": lambda X, p: sol.forward_propagation_with_dropout(X, p, KEEP_PROB),
            "backward": lambda X, Y, c: sol.backward_propagation_with_dropout(X, Y, c, KEEP_PROB),
        },
    }
    table = {}
    for name, overrides in steps.items():
        run = train(train_X, train_Y, num_iterations=iterations, print_every=None, **overrides)
        table[name] = {"train": accuracy_of(train_X, train_Y, run.parameters),
                       "test": accuracy_of(test_X, test_Y, run.parameters)}
    return table


def lesson_problems(table: dict[str, dict[str, float]], margins: Margins = Margins()) -> list[str]:
    """Every way in which ``table`` fails to show the lesson; empty when it holds."""
    problems = []
    base = table["baseline"]
    gap = base["train"] - base["test"]
    if gap < margins.min_overfit_gap:
        problems.append(f"the baseline does not overfit: train - test = {gap:+.3f} "
                        f"(needs at least {margins.min_overfit_gap:.3f})")
    for name in ("l2", "dropout"):
        gain = table[name]["test"] - base["test"]
        if gain < margins.min_gain:
            problems.append(f"{name} does not beat the baseline on the test set: {gain:+.3f} "
                            f"(needs at least {margins.min_gain:+.3f})")
    return problems


def format_table(table: dict[str, dict[str, float]]) -> str:
    """The accuracy table as aligned text."""
    lines = [f"{'model':<10} {'train':>8} {'test':>8}"]
    for name, row in table.items():
        lines.append(f"{name:<10} {row['train']:8.4f} {row['test']:8.4f}")
    return "\n".join(lines)


def dataset_label(dataset: str | os.PathLike | None) -> str:
    """The path of the data file that ``dataset`` resolves to."""
    return str(resolve_dataset_path(dataset))
