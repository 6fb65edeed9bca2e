"""check-lesson for ``gradient_checking``: does the reference gradient check tell right from wrong?

With the reference ``gradient_check`` read from the source notebook, the
planted-bug backward pass of the published case must stand out (relative
difference above 1e-4), and every correct backward pass of the series must
pass the published threshold 2e-7: the published case with the bugs removed,
the plain network, the L2-regularised one and dropout with its masks held
fixed (the last two with the ``regularization`` assignment's reference
solutions), the latter three on the first headers of the goalkeeper data set.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from reg_utils import backward_propagation, compute_cost, forward_propagation, initialize_parameters, load_2D_dataset
from reg_utils.gradcheck_network import network_cost
from testCases.gradient_checking import gradient_check_fixed_test_case, gradient_check_test_case

from ..course.solutions import load_solutions

#: Examples of the goalkeeper data set used for the checks (a gradient check costs two passes per parameter).
EXAMPLES = 20
LAMBD = 0.7
KEEP_PROB = 0.86
MASK_SEED = 7


@dataclass(frozen=True)
class Margins:
    """What "the lesson holds" means, in relative differences."""

    max_correct: float = 2e-7  # the published threshold
    min_bug: float = 1e-4


def _l2_cost(parameters: dict, X: np.ndarray, Y: np.ndarray, lambd: float, reg: SimpleNamespace) -> float:
    A3, _ = forward_propagation(X, parameters)
    return float(reg.compute_cost_with_regularization(A3, Y, parameters, lambd))


def _dropout_cost(parameters: dict, X: np.ndarray, Y: np.ndarray, keep_prob: float, reg: SimpleNamespace) -> float:
    np.random.seed(MASK_SEED)  # the same masks at every evaluation
    A3, _ = reg.forward_propagation_with_dropout(X, parameters, keep_prob)
    return float(compute_cost(A3, Y))


def relative_differences(dataset: str | os.PathLike | None = None) -> dict[str, float]:
    """The relative difference of each backward pass the lesson checks."""
    sol = load_solutions("gradient_checking")
    reg = load_solutions("regularization")
    table = {}
    parameters, gradients, cost_of = gradient_check_test_case()
    table["planted_bugs"] = sol.gradient_check(parameters, gradients, cost_of)
    parameters, gradients, cost_of = gradient_check_fixed_test_case()
    table["bugs_removed"] = sol.gradient_check(parameters, gradients, cost_of)

    train_X, train_Y, _, _ = load_2D_dataset(dataset)
    X, Y = train_X[:, :EXAMPLES], train_Y[:, :EXAMPLES]
    parameters = initialize_parameters([X.shape[0], 20, 3, 1])
    _, cache = forward_propagation(X, parameters)
    table["plain"] = sol.gradient_check(parameters, backward_propagation(X, Y, cache),
                                        functools.partial(network_cost, X=X, Y=Y))
    table["l2"] = sol.gradient_check(parameters, reg.backward_propagation_with_regularization(X, Y, cache, LAMBD),
                                     functools.partial(_l2_cost, X=X, Y=Y, lambd=LAMBD, reg=reg))
    np.random.seed(MASK_SEED)
    _, dropout_cache = reg.forward_propagation_with_dropout(X, parameters, KEEP_PROB)
    table["dropout_fixed_masks"] = sol.gradient_check(
        parameters, reg.backward_propagation_with_dropout(X, Y, dropout_cache, KEEP_PROB),
        functools.partial(_dropout_cost, X=X, Y=Y, keep_prob=KEEP_PROB, reg=reg))
    return table


def lesson_problems(table: dict[str, float], margins: Margins = Margins()) -> list[str]:
    """Every way in which ``table`` fails to show the lesson; empty when it holds."""
    problems = []
    if not table["planted_bugs"] > margins.min_bug:
        problems.append(f"the planted bugs do not stand out: {table['planted_bugs']:.3g} "
                        f"(needs more than {margins.min_bug:g})")
    for name in ("bugs_removed", "plain", "l2", "dropout_fixed_masks"):
        if not table[name] < margins.max_correct:
            problems.append(f"the correct {name} backward pass fails the check: {table[name]:.3g} "
                            f"(needs less than {margins.max_correct:g})")
    return problems


def format_table(table: dict[str, float]) -> str:
    """The table as aligned text."""
    lines = [f"{'backward pass':<22} {'relative difference':>20}"]
    for name, value in table.items():
        lines.append(f"{name:<22} {value:20.3e}")
    return "\n".join(lines)


def check(dataset: str | os.PathLike | None = None) -> tuple[dict[str, float], list[str], str]:
    """``check-lesson``'s entry point: (JSON-ready table, problems, text).

    The relative differences do not depend on the data much; ``dataset`` is
    accepted for symmetry, and the bundled data set is used when it is None.
    """
    table = relative_differences(dataset)
    return table, lesson_problems(table), format_table(table)
