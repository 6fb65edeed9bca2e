"""Inputs for the L1-regularisation exercises of ``regularization_toolbox``.

The 3-2-1 network of the first assignment (W1 (2, 3), ..., W3 (1, 3)), with
weights and biases drawn from their own generator: building a case never
touches NumPy's global generator. Every weight is away from zero (its sign is
what the L1 gradient uses) and the biases are not zero (so a penalty that
includes them shows).
"""

from __future__ import annotations

import numpy as np

from reg_utils import forward_propagation

#: Layer sizes of the case's network and its number of examples.
LAYERS = (3, 2, 3, 1)
EXAMPLES = 5
#: The labels of the five examples (both classes present).
LABELS = [[1, 0, 1, 1, 0]]


def _network(seed: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``(X, parameters)`` drawn from ``default_rng(seed)``; weights have magnitudes in [0.2, 1.2).

    The draws, in order: X (3, 5) standard normal; then for each layer the
    magnitudes of W uniform in [0.2, 1.2), its signs (-1 where a uniform draw
    is below 0.5, else +1), and b uniform in [-0.5, 0.5).
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(LAYERS[0], EXAMPLES))
    parameters: dict[str, np.ndarray] = {}
    for layer in range(1, len(LAYERS)):
        shape = (LAYERS[layer], LAYERS[layer - 1])
        magnitude = rng.uniform(0.2, 1.2, size=shape)
        sign = np.where(rng.random(shape) < 0.5, -1.0, 1.0)
        parameters[f"W{layer}"] = sign * magnitude
        parameters[f"b{layer}"] = rng.uniform(-0.5, 0.5, size=(LAYERS[layer], 1))
    return X, parameters


def compute_cost_with_l1_test_case() -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Return ``(A3 (1, 5), Y (1, 5), parameters)``; A3 is the network's output on its own inputs (seed 11)."""
    X, parameters = _network(11)
    A3, _ = forward_propagation(X, parameters)
    return A3, np.array(LABELS), parameters


def backward_propagation_with_l1_test_case() -> tuple[np.ndarray, np.ndarray, tuple]:
    """Return ``(X (3, 5), Y (1, 5), cache)``, the 12-entry cache of ``forward_propagation`` (seed 12)."""
    X, parameters = _network(12)
    _, cache = forward_propagation(X, parameters)
    return X, np.array(LABELS), cache
