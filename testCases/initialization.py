"""Inputs for the initialization exercises.

The initialisers take only the layer sizes; the public tests seed NumPy's
global generator right before each call (``np.random.seed(3)`` for the
published cases), since the functions themselves never seed.
"""

from __future__ import annotations

import numpy as np


def initialize_parameters_zeros_test_case() -> list[int]:
    """Layer sizes of the published zeros case, ``[3, 2, 1]``."""
    return [3, 2, 1]


def initialize_parameters_random_test_case() -> list[int]:
    """Layer sizes of the published random case, ``[3, 2, 1]`` (seed 3, scale 10)."""
    return [3, 2, 1]


def initialize_parameters_he_test_case() -> list[list[int]]:
    """Layer sizes of the two published He cases, ``[2, 4, 1]`` and ``[3, 1, 2]`` (seed 3 before each)."""
    return [[2, 4, 1], [3, 1, 2]]


def initialize_parameters_xavier_test_case() -> list[list[int]]:
    """The He cases again: with the same seed, Xavier draws the same numbers at a smaller scale."""
    return [[2, 4, 1], [3, 1, 2]]


def forward_hidden_layers_test_case() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Return ``(X (3, 4), parameters)`` of a 3-2-2 stack: W1 (2, 3), b1 (2, 1), W2 (2, 2), b2 (2, 1).

    Drawn with randn after ``np.random.seed(10)``, in the order X, W1, b1, W2, b2.
    """
    np.random.seed(10)
    X = np.random.randn(3, 4)
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (2, 2), "b2": (2, 1)}
    parameters = {name: np.random.randn(*shape) for name, shape in shapes.items()}
    return X, parameters
