"""The baseline 3-layer network: LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID.

Layout everywhere: arrays are (features, examples). With layer sizes
``[n_x, n_1, n_2, 1]`` and ``m`` examples, ``W1`` is (n_1, n_x), ``b1`` is
(n_1, 1), ``A1`` is (n_1, m) and so on.

The cache is a flat 12-tuple in the order students know from the published
exercise, ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; use
:func:`unpack_cache` to read it by name instead of by position.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .activations import relu, sigmoid

Parameters = dict[str, np.ndarray]
Gradients = dict[str, np.ndarray]


class Cache(NamedTuple):
    """Named view of the 12-entry cache returned by :func:`forward_propagation`."""

    Z1: np.ndarray
    A1: np.ndarray
    W1: np.ndarray
    b1: np.ndarray
    Z2: np.ndarray
    A2: np.ndarray
    W2: np.ndarray
    b2: np.ndarray
    Z3: np.ndarray
    A3: np.ndarray
    W3: np.ndarray
    b3: np.ndarray


def unpack_cache(cache: tuple) -> Cache:
    """Return the plain forward cache as a :class:`Cache` with named fields.

    Raises:
        ValueError: if ``cache`` does not hold exactly 12 entries.
    """
    if len(cache) != len(Cache._fields):
        raise ValueError(
            f"expected the 12-entry cache of forward_propagation, got {len(cache)} entries"
        )
    return Cache(*cache)


def initialize_parameters(layer_dims: list[int]) -> Parameters:
    """Scaled Gaussian initialisation, reproducible from seed 3.

    Seeds NumPy's global generator with 3 (so that every run of the lesson
    starts from the same weights) and, for l = 1..L-1, draws
    ``W[l] = randn(n[l], n[l-1]) / sqrt(n[l-1])`` and sets ``b[l]`` to zeros.

    Args:
        layer_dims: sizes of every layer, input first, e.g. ``[2, 20, 3, 1]``.

    Returns:
        ``{"W1": (n1, n0), "b1": (n1, 1), ..., "WL": ..., "bL": ...}``.
    """
    if len(layer_dims) < 2:
        raise ValueError("layer_dims needs at least an input and an output size")
    np.random.seed(3)
    parameters: Parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in = layer_dims[layer - 1]
        parameters[f"W{layer}"] = np.random.randn(layer_dims[layer], fan_in) / np.sqrt(fan_in)
        parameters[f"b{layer}"] = np.zeros((layer_dims[layer], 1))
    return parameters


def forward_propagation(X: np.ndarray, parameters: Parameters) -> tuple[np.ndarray, tuple]:
    """Forward pass of the 3-layer network without any regularisation.

    Args:
        X: inputs, shape (n_x, m).
        parameters: ``W1, b1, W2, b2, W3, b3`` as made by :func:`initialize_parameters`.

    Returns:
        ``A3`` of shape (1, m), the predicted probability of the blue class,
        and the 12-entry cache ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: tuple) -> Gradients:
    """Gradients of the unregularised cross-entropy cost.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m), 0 (red) or 1 (blue).
        cache: the 12-entry cache of :func:`forward_propagation`.

    Returns:
        ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``, each with the
        shape of the quantity it differentiates (``dW1`` like ``W1`` ...).
    """
    m = X.shape[1]
    c = unpack_cache(cache)

    # With a sigmoid output and cross-entropy cost, dJ/dZ3 collapses to
    # (A3 - Y) / m; the 1/m is folded in here once so later terms need none.
    dZ3 = 1.0 / m * (c.A3 - Y)
    dW3 = np.dot(dZ3, c.A2.T)
    db3 = np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(c.W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(c.A2 > 0))
    dW2 = np.dot(dZ2, c.A1.T)
    db2 = np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(c.W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(c.A1 > 0))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1, axis=1, keepdims=True)

    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3,
        "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }


def update_parameters(parameters: Parameters, grads: Gradients, learning_rate: float) -> Parameters:
    """One step of gradient descent: ``W[l] -= learning_rate * dW[l]``, same for b.

    Returns a new dictionary; the arrays of ``parameters`` are not modified.
    """
    n_layers = len(parameters) // 2
    updated: Parameters = {}
    for layer in range(1, n_layers + 1):
        for name in (f"W{layer}", f"b{layer}"):
            updated[name] = parameters[name] - learning_rate * grads["d" + name]
    return updated
