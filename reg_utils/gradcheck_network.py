"""The gradient-checking lesson's network: its cost as a function of the parameters, and a buggy backward pass.

A gradient check needs the cost as a function of the parameters alone. The
3-layer network of :mod:`reg_utils.network` gives it once the data are bound:
``functools.partial(network_cost, X=X, Y=Y)``.

:func:`backward_propagation_with_bugs` is the backward pass of that network
with two planted bugs, for the reader to find with a gradient check. Its
arithmetic is written in the published exercise's order (product first, then
the 1/m), so that the relative differences it gives match the published digits.
"""

from __future__ import annotations

import numpy as np

from .network import Gradients, Parameters, forward_propagation


def network_cost(parameters: Parameters, X: np.ndarray, Y: np.ndarray) -> float:
    """Cross-entropy cost of the 3-layer network on ``(X, Y)``, as a plain float.

    Args:
        parameters: ``W1, b1, W2, b2, W3, b3`` of any compatible sizes.
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m) or (m,), 0 or 1.

    Returns:
        ``(1/m) * sum(-log(A3) * Y - log(1 - A3) * (1 - Y))``; a saturated output
        gives ``inf`` when wrong and 0 when right, without a warning.
    """
    A3, _ = forward_propagation(X, parameters)
    m = X.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    # 0 * log(0) is nan: a saturated output that is exactly right costs nothing.
    logprobs = np.where(np.isnan(logprobs), 0.0, logprobs)
    return float(1.0 / m * np.sum(logprobs))


def backward_propagation_with_bugs(X: np.ndarray, Y: np.ndarray, cache: tuple) -> Gradients:
    """Backward pass of the 3-layer network with two planted mistakes. Find them with a gradient check!

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m) or (m,).
        cache: the 12-entry cache of :func:`reg_utils.forward_propagation`.

    Returns:
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``, shaped like
        what they differentiate; two of them are wrong.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) * 2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 4.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3,
        "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }
