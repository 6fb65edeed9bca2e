"""Public tests of the L1-regularisation exercises of ``regularization_toolbox``.

The penalty is the course notes' ``lambd / (2 m) * sum_l sum |W_l|`` (biases
not penalised); its gradient adds ``lambd / (2 m) * np.sign(W_l)`` to each
``dW_l`` of the plain backward pass. The expected values are computed here
from ``reg_utils``' own ``compute_cost`` and ``backward_propagation``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reg_utils import backward_propagation, compute_cost, unpack_cache
from testCases.l1 import backward_propagation_with_l1_test_case, compute_cost_with_l1_test_case

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
from .l2 import GRAD_ORDER

#: lambd of the cost check and of the gradient check.
COST_LAMBD = 0.3
BACKWARD_LAMBD = 0.4

WEIGHTS = ("W1", "W2", "W3")
BIASES = ("b1", "b2", "b3")


def _total(parameters: dict, names: tuple[str, ...], term: Callable[[np.ndarray], np.ndarray]) -> float:
    return sum(float(np.sum(term(parameters[name]))) for name in names)


def expected_cost(A3: np.ndarray, Y: np.ndarray, parameters: dict, lambd: float) -> float:
    """``compute_cost(A3, Y) + lambd / (2 m) * sum |W_l|``, the contract written out."""
    m = Y.shape[1]
    return float(compute_cost(A3, Y)) + lambd / (2 * m) * _total(parameters, WEIGHTS, np.abs)


def _cost_mistakes(A3: np.ndarray, Y: np.ndarray, parameters: dict, lambd: float) -> list[Mistake]:
    m = Y.shape[1]
    cross_entropy = float(compute_cost(A3, Y))
    absolute = _total(parameters, WEIGHTS, np.abs)
    return [
        Mistake("squares instead of absolute values", "the L1 penalty sums the absolute values |W| "
                "(np.abs); a sum of squares is the L2 penalty.",
                close_to(cross_entropy + lambd / (2 * m) * _total(parameters, WEIGHTS, np.square))),
        Mistake("missing 1/m", "the L1 penalty is lambd / (2 * m) times the sum of |W|; you did not "
                "divide by the number of examples m.", close_to(cross_entropy + lambd / 2 * absolute)),
        Mistake("lambd/m instead of lambd/(2m)", "the course's L1 penalty is lambd / (2 * m) * sum |W|: "
                "keep the 2 in the denominator.", close_to(cross_entropy + lambd / m * absolute)),
        Mistake("penalising the biases", "only W1, W2 and W3 are penalised; leave b1, b2, b3 out of the sum "
                "of absolute values.",
                close_to(cross_entropy + lambd / (2 * m) * (absolute + _total(parameters, BIASES, np.abs)))),
        Mistake("forgot the absolute value", "positive and negative weights cancel in a plain sum: "
                "sum np.abs(W).", close_to(cross_entropy + lambd / (2 * m) * _total(parameters, WEIGHTS,
                                                                                   np.asarray))),
        Mistake("forgot the cross-entropy", "the regularised cost is the cross-entropy cost "
                "(compute_cost) PLUS the L1 penalty; you returned the penalty alone.",
                close_to(lambd / (2 * m) * absolute)),
        Mistake("forgot the penalty", "you returned the plain cross-entropy; add the L1 term.",
                close_to(cross_entropy)),
    ]


def compute_cost_with_l1_test(target: Callable) -> None:
    """Check ``target(A3, Y, parameters, lambd)`` with lambd = 0.3, then lambd = 0."""
    name = "compute_cost_with_l1"
    A3, Y, parameters = compute_cost_with_l1_test_case()
    lambd = COST_LAMBD
    before = snapshot({"A3": A3, "Y": Y, "parameters": parameters})
    cost = call(f"{name}(A3, Y, parameters, lambd={lambd})", target, A3, Y, parameters, lambd)
    check_unmodified(name, before, {"A3": A3, "Y": Y, "parameters": parameters})
    check_scalar(f"{name} (lambd = {lambd})", cost, expected_cost(A3, Y, parameters, lambd),
                 mistakes=_cost_mistakes(A3, Y, parameters, lambd))
    # lambd = 0 must fall back to the plain cross-entropy: catches a penalty that ignores lambd.
    A3, Y, parameters = compute_cost_with_l1_test_case()
    check_scalar(f"{name} (lambd = 0 should equal compute_cost)",
                 call(f"{name}(A3, Y, parameters, lambd=0.0)", target, A3, Y, parameters, 0.0),
                 float(compute_cost(A3, Y)))
    passed()


def expected_gradients(X: np.ndarray, Y: np.ndarray, cache: tuple, lambd: float) -> dict[str, np.ndarray]:
    """``backward_propagation`` with ``lambd / (2 m) * np.sign(W_l)`` added to each ``dW_l``."""
    m = X.shape[1]
    grads = dict(backward_propagation(X, Y, cache))
    named = unpack_cache(cache)
    for layer in (1, 2, 3):
        grads[f"dW{layer}"] = grads[f"dW{layer}"] + lambd / (2 * m) * np.sign(getattr(named, f"W{layer}"))
    return grads


def _backward_mistakes(key: str, X: np.ndarray, Y: np.ndarray, cache: tuple, lambd: float) -> list[Mistake]:
    m = X.shape[1]
    base = backward_propagation(X, Y, cache)[key]
    layer = key[-1]
    named = unpack_cache(cache)
    if key.startswith("dW"):
        W = getattr(named, f"W{layer}")
        sign = np.sign(W)
        return [
            Mistake("forgot the L1 term", f"add lambd / (2 * m) * np.sign(W{layer}) to dW{layer}.",
                    close_to(base)),
            Mistake("the weights instead of their signs", f"the derivative of |W| is np.sign(W) (+1 or -1), "
                    f"not W: add lambd / (2 * m) * np.sign(W{layer}).", close_to(base + lambd / (2 * m) * W)),
            Mistake("the L2 gradient", "(lambd / m) * W is the gradient of the L2 penalty; the L1 penalty "
                    "lambd / (2 * m) * sum |W| has the gradient lambd / (2 * m) * np.sign(W).",
                    close_to(base + lambd / m * W)),
            Mistake("missing 1/m", f"the L1 term of dW{layer} is lambd / (2 * m) * np.sign(W{layer}); you did "
                    "not divide by m.", close_to(base + lambd / 2 * sign)),
            Mistake("lambd/m instead of lambd/(2m)", "the derivative of |W| is sign(W), with no square whose 2 "
                    "would cancel the 1/2: the term is lambd / (2 * m) * np.sign(W).",
                    close_to(base + lambd / m * sign)),
            Mistake("wrong sign", "the L1 term is added to the gradient, not subtracted.",
                    close_to(base - lambd / (2 * m) * sign)),
        ]
    if key.startswith("db"):
        b = getattr(named, f"b{layer}")
        return [Mistake("penalising the biases", "biases are not penalised: db keeps its plain form with "
                        "no L1 term.", close_to(base + lambd / (2 * m) * np.sign(b)))]
    return []


def backward_propagation_with_l1_test(target: Callable) -> None:
    """Check ``target(X, Y, cache, lambd)`` with lambd = 0.4 (all 11 gradients), then lambd = 0."""
    name = "backward_propagation_with_l1"
    X, Y, cache = backward_propagation_with_l1_test_case()
    lambd = BACKWARD_LAMBD
    before = snapshot({"X": X, "Y": Y, "cache": cache})
    grads = call(f"{name}(X, Y, cache, lambd={lambd})", target, X, Y, cache, lambd)
    check_unmodified(name, before, {"X": X, "Y": Y, "cache": cache})
    check_keys(name, grads, GRAD_ORDER)
    expected = expected_gradients(X, Y, cache, lambd)
    for key in GRAD_ORDER:
        check_array(f'{name}: gradients["{key}"]', grads[key], expected[key],
                    mistakes=_backward_mistakes(key, X, Y, cache, lambd))
    # lambd = 0 must give the plain gradients: catches a term that ignores lambd.
    X, Y, cache = backward_propagation_with_l1_test_case()
    grads = call(f"{name}(X, Y, cache, lambd=0.0)", target, X, Y, cache, 0.0)
    check_keys(f"{name} (lambd = 0)", grads, GRAD_ORDER)
    plain = backward_propagation(X, Y, cache)
    for key in ("dW3", "dW2", "dW1"):
        check_array(f'{name} (lambd = 0 should equal backward_propagation): gradients["{key}"]', grads[key],
                    plain[key])
    passed()
