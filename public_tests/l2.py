"""Public tests of the L2-regularisation exercises."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reg_utils import backward_propagation, compute_cost, unpack_cache
from testCases import backward_propagation_with_regularization_test_case, compute_cost_with_regularization_test_case

from .compare import (
    Mistake,
    call,
    check_array,
    check_keys,
    check_scalar,
    check_unmodified,
    close_to,
    passed,
    snapshot,
)

EXPECTED_COST = 1.7864859451590758

EXPECTED_L2_GRADS = {
    "dZ3": np.array([[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]]),
    "dW3": np.array([[-1.77691347, -0.11832879, -0.09397446]]),
    "db3": np.array([[-0.38032981]]),
    "dA2": np.array([[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836],
                     [0.50135568, 0.83143484, -0.14134288, 0.7596868, -0.34384996],
                     [0.39816708, 0.66030962, -0.11225181, 0.6033287, -0.27307905]]),
    "dZ2": np.array([[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836],
                     [0.0, 0.0, 0.0, 0.0, 0.0],
                     [0.0, 0.0, 0.0, 0.0, 0.0]]),
    "dW2": np.array([[0.79276486, 0.85133918],
                     [-0.0957219, -0.01720463],
                     [-0.13100772, -0.03750433]]),
    "db2": np.array([[0.26135226], [0.0], [0.0]]),
    "dA1": np.array([[0.2048239, 0.33967447, -0.05774423, 0.31036252, -0.14047649],
                     [0.3672018, 0.60895764, -0.10352203, 0.5564081, -0.25184181]]),
    "dZ1": np.array([[0.0, 0.33967447, -0.05774423, 0.31036252, 0.0],
                     [0.0, 0.60895764, -0.10352203, 0.5564081, 0.0]]),
    "dW1": np.array([[-0.25604646, 0.12298827, -0.28297129],
                     [-0.17706303, 0.34536094, -0.4410571]]),
    "db1": np.array([[0.11845855], [0.21236874]]),
}

#: The order in which the gradients are checked: from the output back, so the
#: first reported difference is the one closest to its cause.
GRAD_ORDER = ("dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1")


def _sum_sq(parameters: dict, prefix: str) -> float:
    return sum(float(np.sum(np.square(parameters[f"{prefix}{layer}"]))) for layer in (1, 2, 3))


def _cost_mistakes(A3: np.ndarray, Y: np.ndarray, parameters: dict, lambd: float) -> list[Mistake]:
    m = Y.shape[1]
    cross_entropy = compute_cost(A3, Y)
    weights = _sum_sq(parameters, "W")
    biases = _sum_sq(parameters, "b")
    plain_sum = sum(float(np.sum(parameters[f"W{layer}"])) for layer in (1, 2, 3))
    return [
        Mistake("missing 1/m", "the penalty is (lambd / (2 * m)) times the sum of squared weights; "
                "you did not divide by the number of examples m.",
                close_to(cross_entropy + lambd / 2 * weights)),
        Mistake("lambda instead of lambda/2", "the penalty carries lambd / 2, not lambd "
                "(the 1/2 makes its gradient a clean (lambd/m) * W).",
                close_to(cross_entropy + lambd / m * weights)),
        Mistake("penalising the biases", "only W1, W2 and W3 are penalised; leave b1, b2, b3 out "
                "of the sum.", close_to(cross_entropy + lambd / (2 * m) * (weights + biases))),
        Mistake("forgot the cross-entropy", "the regularised cost is the cross-entropy cost "
                "(compute_cost) PLUS the L2 penalty; you returned the penalty alone.",
                close_to(lambd / (2 * m) * weights)),
        Mistake("forgot the penalty", "you returned the plain cross-entropy; add the L2 term.",
                close_to(cross_entropy)),
        Mistake("summed weights instead of squares", "square each weight (np.square) before "
                "summing.", close_to(cross_entropy + lambd / (2 * m) * plain_sum)),
    ]


def compute_cost_with_regularization_test(target: Callable) -> None:
    """Check ``target(A3, Y, parameters, lambd)`` on the published case (lambd = 0.1)."""
    name = "compute_cost_with_regularization"
    A3, Y, parameters = compute_cost_with_regularization_test_case()
    lambd = 0.1
    before = snapshot({"A3": A3, "Y": Y, "parameters": parameters})
    cost = call(f"{name}(A3, Y, parameters, lambd={lambd})", target, A3, Y, parameters, lambd)
    check_unmodified(name, before, {"A3": A3, "Y": Y, "parameters": parameters})
    check_scalar(f"{name} (lambd = {lambd})", cost, EXPECTED_COST,
                 mistakes=_cost_mistakes(A3, Y, parameters, lambd))
    # lambd = 0 must fall back to the plain cross-entropy: catches a penalty
    # that does not scale with lambd at all.
    A3, Y, parameters = compute_cost_with_regularization_test_case()
    check_scalar(f"{name} (lambd = 0 should equal compute_cost)",
                 call(f"{name}(A3, Y, parameters, lambd=0.0)", target, A3, Y, parameters, 0.0),
                 float(compute_cost(A3, Y)))
    passed()


def _backward_mistakes(key: str, X: np.ndarray, Y: np.ndarray, cache: tuple, lambd: float) -> list[Mistake]:
    m = X.shape[1]
    plain = backward_propagation(X, Y, cache)
    base = plain[key]
    layer = key[-1]
    named = unpack_cache(cache)
    if key.startswith("dW"):
        W = getattr(named, f"W{layer}")
        return [
            Mistake("forgot the L2 term", f"add (lambd / m) * W{layer} to dW{layer}.", close_to(base)),
            Mistake("missing 1/m", f"the L2 term of dW{layer} is (lambd / m) * W{layer}; "
                    "you did not divide by m.", close_to(base + lambd * W)),
            Mistake("lambda/2 in the gradient", "the derivative of (lambd/(2m)) * W**2 is "
                    "(lambd/m) * W: the 1/2 cancels against the 2 of the square.",
                    close_to(base + lambd / (2 * m) * W)),
            Mistake("lambda instead of lambda/2", "the penalty is lambd/(2m) * sum(W**2); its "
                    "gradient is (lambd/m) * W, not (2*lambd/m) * W.", close_to(base + 2 * lambd / m * W)),
            Mistake("wrong sign", "the L2 term is added to the gradient, not subtracted.",
                    close_to(base - lambd / m * W)),
        ]
    if key.startswith("db"):
        b = getattr(named, f"b{layer}")
        return [Mistake("penalising the biases", "biases are not penalised: db keeps its plain "
                        "form with no L2 term.", close_to(base + lambd / m * b))]
    return []


def backward_propagation_with_regularization_test(target: Callable) -> None:
    """Check ``target(X, Y, cache, lambd)`` on the published case (lambd = 0.7), all 11 gradients."""
    name = "backward_propagation_with_regularization"
    X, Y, cache = backward_propagation_with_regularization_test_case()
    lambd = 0.7
    before = snapshot({"X": X, "Y": Y, "cache": cache})
    grads = call(f"{name}(X, Y, cache, lambd={lambd})", target, X, Y, cache, lambd)
    check_unmodified(name, before, {"X": X, "Y": Y, "cache": cache})
    check_keys(name, grads, GRAD_ORDER)
    for key in GRAD_ORDER:
        check_array(f'{name}: gradients["{key}"]', grads[key], EXPECTED_L2_GRADS[key],
                    mistakes=_backward_mistakes(key, X, Y, cache, lambd))
    passed()
