"""check-lesson for ``initialization``: does the starting point decide how the network learns?

Trains the circles network ``[2, 10, 5, 1]`` (learning rate 0.01, 15,000
iterations, seed 3 before each initialiser) from the reference initialisers
read from the source notebook, and checks the lesson's story: zeros stay at
chance, He is clearly best on the test set, large random weights clearly worse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reg_utils import accuracy_of
from reg_utils.circles import load_circles
from reg_utils.initialization_study import train_network

from ..course.solutions import load_solutions

LAYERS = [2, 10, 5, 1]
SEED = 3
LEARNING_RATE = 0.01
ITERATIONS = 15000


@dataclass(frozen=True)
class Margins:
    """What "the lesson holds" means, in accuracy fractions."""

    max_zeros_train: float = 0.6  # zeros must stay at chance on the training set
    min_he_lead: float = 0.05  # He's test accuracy minus large random's


def train_starts(iterations: int = ITERATIONS) -> dict[str, dict[str, float]]:
    """Train from each initialiser; ``{"zeros"|"random"|"he"|"xavier": {"train", "test", "first_cost"}}``."""
    sol = load_solutions("initialization")
    train_X, train_Y, test_X, test_Y = load_circles()
    starts = {
        "zeros": sol.initialize_parameters_zeros,
        "random": sol.initialize_parameters_random,
        "he": sol.initialize_parameters_he,
        "xavier": sol.initialize_parameters_xavier,
    }
    table = {}
    for name, initialiser in starts.items():
        np.random.seed(SEED)
        run = train_network(train_X, train_Y, initialiser(list(LAYERS)), learning_rate=LEARNING_RATE,
                            num_iterations=iterations)
        table[name] = {"train": accuracy_of(train_X, train_Y, run.parameters),
                       "test": accuracy_of(test_X, test_Y, run.parameters),
                       "first_cost": run.costs[0]}
    return table


def lesson_problems(table: dict[str, dict[str, float]], margins: Margins = Margins()) -> list[str]:
    """Every way in which ``table`` fails to show the lesson; empty when it holds."""
    problems = []
    if table["zeros"]["train"] > margins.max_zeros_train:
        problems.append(f"zeros learn: train accuracy {table['zeros']['train']:.3f} "
                        f"(should stay at chance, at most {margins.max_zeros_train:.2f})")
    he = table["he"]["test"]
    for name in ("zeros", "random", "xavier"):
        if table[name]["test"] > he:
            problems.append(f"He is not best on the test set: {name} {table[name]['test']:.3f} > He {he:.3f}")
    lead = he - table["random"]["test"]
    if lead < margins.min_he_lead:
        problems.append(f"large random weights are not clearly worse than He on the test set: He leads by "
                        f"{lead:+.3f} (needs at least {margins.min_he_lead:+.3f})")
    return problems


def format_table(table: dict[str, dict[str, float]]) -> str:
    """The table as aligned text."""
    lines = [f"{'start':<8} {'first cost':>10} {'train':>8} {'test':>8}"]
    for name, row in table.items():
        lines.append(f"{name:<8} {row['first_cost']:10.4f} {row['train']:8.4f} {row['test']:8.4f}")
    return "\n".join(lines)


def check(dataset: object = None) -> tuple[dict[str, dict[str, float | None]], list[str], str]:
    """``check-lesson``'s entry point: (JSON-ready table, problems, text). The circles need no data file.

    In the JSON table an infinite first cost (large random weights) is ``None``.
    """
    table = train_starts()
    as_json = {name: {key: (value if np.isfinite(value) else None) for key, value in row.items()}
               for name, row in table.items()}
    return as_json, lesson_problems(table), format_table(table)
