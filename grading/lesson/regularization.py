"""check-lesson for the regularization assignment: do the data and the reference solutions tell its story?

The story the three notebooks tell, and what is checked:

* the baseline overfits: its training accuracy beats its test accuracy by a clear gap;
* the lambd sweep of part 2, scored on the held-out **dev** set, has the U shape:
  at lambd = 0 the baseline's train/dev gap, the best dev accuracy at an interior
  lambd (the one part 2 then uses), underfitting at the largest lambd (train and
  dev both below the best row);
* L2 (that lambd) and dropout (part 3's keep_prob) each beat the baseline on the
  test set, and neither scores better on the test set than on its own training set
  (beyond one point of noise).

The hyperparameters are read from the source notebooks (``SWEEP_LAMBDAS``,
``SWEEP_ITERATIONS``, ``LAMBD_WITHOUT_DEV`` in part 2, ``KEEP_PROB`` in part 3),
and the reference solutions from their answer cells, so the check runs exactly
what a student's notebook shows.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reg_utils import accuracy_of, load_2D_dataset, load_dev_set, train
from reg_utils.data import resolve_dataset_path

from ..course.solutions import load_solutions
from .notebook_literals import notebook_literals

ASSIGNMENT = "regularization"
#: Iterations of the three main models (the reference training).
ITERATIONS = 30000
#: Names the notebooks assign once, as literals, that the check reads.
SETTINGS = ("SWEEP_LAMBDAS", "SWEEP_ITERATIONS", "LAMBD_WITHOUT_DEV", "KEEP_PROB")


@dataclass(frozen=True)
class Margins:
    """What "the lesson holds" means, in accuracy fractions."""

    min_overfit_gap: float = 0.03  # baseline train minus baseline test (and train minus dev at lambd = 0)
    min_gain: float = 0.02  # each regularised model's test minus the baseline's test
    max_test_over_train: float = 0.01  # a regularised model's test minus its train, at most


@dataclass
class LessonResult:
    """The measured accuracies and the hyperparameters used."""

    table: dict[str, dict[str, float]]
    sweep: list[dict[str, float]] | None
    lambd: float
    keep_prob: float
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """``{"baseline"|"l2"|"dropout": {"train", "test"}, "sweep": [{"lambd", "train", "dev"}] | None, ...}``."""
        return {**self.table, "sweep": self.sweep, "lambd": self.lambd, "keep_prob": self.keep_prob}


def notebook_settings(assignment: str = ASSIGNMENT) -> dict[str, Any]:
    """The literal values the notebooks assign to the names of :data:`SETTINGS`."""
    return notebook_literals(assignment, SETTINGS)


def best_lambd(sweep: list[dict[str, float]]) -> float:
    """The lambd of the sweep with the best dev accuracy (the smallest one on a tie), as part 2 picks it."""
    return max(sweep, key=lambda row: (row["dev"], -row["lambd"]))["lambd"]


def _l2_steps(sol: Any, lambd: float) -> dict[str, Callable]:
    """The cost and backward steps of L2 training with the reference solutions (lambd = 0 included, as part 2)."""
    return {"cost": lambda A3, Y, p: sol.compute_cost_with_regularization(A3, Y, p, lambd),
            "backward": lambda X, Y, c: sol.backward_propagation_with_regularization(X, Y, c, lambd)}


def run_lesson(dataset: str | os.PathLike | None = None, iterations: int = ITERATIONS) -> LessonResult:
    """Train what the notebooks train (sweep, baseline, L2, dropout) and measure the accuracies."""
    sol = load_solutions(ASSIGNMENT)
    settings = notebook_settings()
    train_X, train_Y, test_X, test_Y = load_2D_dataset(dataset)
    dev = load_dev_set(dataset)
    notes = []
    sweep = None
    lambd = float(settings["LAMBD_WITHOUT_DEV"])
    if dev is None:
        notes.append("the data file has no dev set (keys Xdev, ydev): the lambd sweep was not checked "
                     f"and L2 uses lambd = {lambd}")
    else:
        sweep = []
        for value in settings["SWEEP_LAMBDAS"]:
            run = train(train_X, train_Y, num_iterations=settings["SWEEP_ITERATIONS"], print_every=None,
                        **_l2_steps(sol, value))
            sweep.append({"lambd": float(value), "train": accuracy_of(train_X, train_Y, run.parameters),
                          "dev": accuracy_of(*dev, run.parameters)})
        lambd = best_lambd(sweep)
    keep_prob = float(settings["KEEP_PROB"])
    steps = {
        "baseline": {},
        "l2": _l2_steps(sol, lambd),
        "dropout": {
            "forward": lambda X, p: sol.forward_propagation_with_dropout(X, p, keep_prob),
            "backward": lambda X, Y, c: sol.backward_propagation_with_dropout(X, Y, c, keep_prob),
        },
    }
    table = {}
    for name, overrides in steps.items():
        run = train(train_X, train_Y, num_iterations=iterations, print_every=None, **overrides)
        table[name] = {"train": accuracy_of(train_X, train_Y, run.parameters),
                       "test": accuracy_of(test_X, test_Y, run.parameters)}
    return LessonResult(table=table, sweep=sweep, lambd=lambd, keep_prob=keep_prob, notes=notes)


def sweep_problems(sweep: list[dict[str, float]], margins: Margins = Margins()) -> list[str]:
    """Every way in which the sweep fails to show the U; empty when it does."""
    problems = []
    first, last = sweep[0], sweep[-1]
    if first["lambd"] != 0:
        problems.append(f"the sweep does not start at lambd = 0 (it starts at {first['lambd']})")
    gap = first["train"] - first["dev"]
    if gap < margins.min_overfit_gap:
        problems.append(f"at lambd = {first['lambd']} the sweep shows no overfitting: train - dev = {gap:+.3f} "
                        f"(needs at least {margins.min_overfit_gap:.3f})")
    chosen = best_lambd(sweep)
    if chosen in (first["lambd"], last["lambd"]):
        problems.append(f"the best dev accuracy is at lambd = {chosen}, an end of the sweep, not inside it")
    best = next(row for row in sweep if row["lambd"] == chosen)
    if not (last["train"] < best["train"] and last["dev"] < best["dev"]):
        problems.append(f"no underfitting at the largest lambd = {last['lambd']}: train {last['train']:.3f} and "
                        f"dev {last['dev']:.3f} should both be below the best row's {best['train']:.3f} and "
                        f"{best['dev']:.3f}")
    return problems


def lesson_problems(result: LessonResult | dict[str, dict[str, float]], margins: Margins = Margins()) -> list[str]:
    """Every way in which the measured result fails to show the lesson; empty when it holds."""
    table = result.table if isinstance(result, LessonResult) else result
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
        above = table[name]["test"] - table[name]["train"]
        if above > margins.max_test_over_train:
            problems.append(f"{name} scores better on the test set than on its training set: test - train = "
                            f"{above:+.3f} (at most {margins.max_test_over_train:+.3f})")
    if isinstance(result, LessonResult) and result.sweep is not None:
        problems.extend(sweep_problems(result.sweep, margins))
    return problems


def format_table(result: LessonResult | dict[str, dict[str, float]]) -> str:
    """The accuracy table (and the sweep, when there is one) as aligned text."""
    table = result.table if isinstance(result, LessonResult) else result
    lines = [f"{'model':<10} {'train':>8} {'test':>8}"]
    for name, row in table.items():
        lines.append(f"{name:<10} {row['train']:8.4f} {row['test']:8.4f}")
    if isinstance(result, LessonResult):
        if result.sweep is not None:
            lines += ["", f"{'lambd':>8} {'train':>8} {'dev':>8}"]
            lines += [f"{row['lambd']:8g} {row['train']:8.4f} {row['dev']:8.4f}" for row in result.sweep]
        lines += ["", f"L2 uses lambd = {result.lambd:g}, dropout keep_prob = {result.keep_prob:g}"]
        lines += [f"note: {note}" for note in result.notes]
    return "\n".join(lines)


def dataset_label(dataset: str | os.PathLike | None) -> str:
    """The path of the data file that ``dataset`` resolves to."""
    return str(resolve_dataset_path(dataset))
