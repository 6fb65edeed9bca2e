"""Inputs for the gradient-checking exercises, and the cost functions they are checked on.

The functions handed to ``numerical_gradient`` and ``gradient_check`` live
here at module level (not as lambdas), so that a hidden test can send them
into a student's kernel by reference, e.g.
``functools.partial(linear_cost, x=np.array([2.0]))``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from reg_utils.gradcheck_network import backward_propagation_with_bugs, network_cost
from reg_utils.network import forward_propagation

#: The published 1-D case: J(theta) = theta * x with x = 2, at theta = 4.
ONE_D_X = 2.0
ONE_D_THETA = 4.0
#: What the centred difference of the 1-D case gives with epsilon = 1e-7 (the
#: published grad_approx, written as the exact float it is).
ONE_D_GRAD_APPROX = float.fromhex("0x1.0000000281f80p+1")


def linear_cost(theta: np.ndarray, x: np.ndarray) -> float:
    """``J(theta) = theta . x``, a plain float; its gradient is ``x``. theta and x: 1-D, same length."""
    return float(np.dot(theta, x))


def cubic_cost(theta: np.ndarray) -> float:
    """``J(theta) = sum(theta**3)``; its gradient is ``3 * theta**2``. theta: 1-D."""
    return float(np.sum(np.asarray(theta, dtype=np.float64) ** 3))


def quadratic_cost(parameters: dict[str, np.ndarray], targets: dict[str, np.ndarray]) -> float:
    """``J = 0.5 * sum over every parameter of (P - T)**2``; its gradient is ``P - T``, block by block.

    Args:
        parameters: ``W1, b1, ...``.
        targets: arrays of the same names and shapes.
    """
    return float(sum(0.5 * np.sum(np.square(parameters[k] - targets[k])) for k in targets))


def numerical_gradient_test_case() -> tuple[Callable[[np.ndarray], float], np.ndarray]:
    """Return ``(f, theta)`` of the published 1-D case: ``f(theta) = theta * 2`` at ``theta = [4.0]``."""
    return functools.partial(linear_cost, x=np.array([ONE_D_X])), np.array([ONE_D_THETA])


def relative_difference_test_case() -> tuple[float, float]:
    """Return ``(grad, grad_approx)`` of the published 1-D case: 2.0 and its centred difference."""
    return ONE_D_X, ONE_D_GRAD_APPROX


def _published_parameters() -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    np.random.seed(1)
    x = np.random.randn(4, 3)
    y = np.array([1, 1, 0])
    shapes = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    parameters = {name: np.random.randn(*shape) for name, shape in shapes.items()}
    return x, y, parameters


def gradient_check_test_case() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Callable[[dict], float]]:
    """Return ``(parameters, gradients, cost_of)`` of the published N-D case, with the planted bugs.

    ``np.random.seed(1)``; ``x = randn(4, 3)``; ``y = [1, 1, 0]``; then W1 (5, 4),
    b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1) with randn. The
    gradients come from :func:`reg_utils.backward_propagation_with_bugs`
    (all eleven, dZ3 first); ``cost_of(parameters)`` is the network's cost on (x, y).
    """
    x, y, parameters = _published_parameters()
    _, cache = forward_propagation(x, parameters)
    gradients = backward_propagation_with_bugs(x, y, cache)
    return parameters, gradients, functools.partial(network_cost, X=x, Y=y)


def gradient_check_fixed_test_case() -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], Callable[[dict], float]]:
    """As :func:`gradient_check_test_case`, with the two bugs removed (same arithmetic order otherwise)."""
    x, y, parameters = _published_parameters()
    _, cache = forward_propagation(x, parameters)
    gradients = backward_propagation_with_bugs(x, y, cache)
    # The two planted bugs scale dW2 by 2 and db1 by 4; undo exactly that.
    (_, A1, _, _, _, _, _, _, _, _, _, _) = cache
    m = x.shape[1]
    gradients["dW2"] = 1.0 / m * np.dot(gradients["dZ2"], A1.T)
    gradients["db1"] = 1.0 / m * np.sum(gradients["dZ1"], axis=1, keepdims=True)
    return parameters, gradients, functools.partial(network_cost, X=x, Y=y)
