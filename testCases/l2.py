"""Inputs for the L2-regularisation exercises."""

from __future__ import annotations

import numpy as np

from reg_utils import forward_propagation

from ._draws import LABELS, small_network_parameters


def compute_cost_with_regularization_test_case() -> tuple[np.ndarray, np.ndarray, dict]:
    """Return ``(A3 (1,5), Y (1,5), parameters)`` of the published cost test (use lambd = 0.1)."""
    np.random.seed(1)
    Y = np.array(LABELS)
    parameters = small_network_parameters()
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    return A3, Y, parameters


def backward_propagation_with_regularization_test_case() -> tuple[np.ndarray, np.ndarray, tuple]:
    """Return ``(X (3,5), Y (1,5), cache)`` of the published L2 backward test (use lambd = 0.7).

    The published version typed the cache in, rounded to 8 decimals. It is
    rebuilt here as the forward pass of X through the same parameters,
    rounded the same way, which reproduces every printed expected digit
    (the unrounded pass differs in the 8th decimal of a few gradients).
    """
    np.random.seed(1)
    X = np.random.randn(3, 5)
    Y = np.array(LABELS)
    parameters = small_network_parameters()
    _, cache = forward_propagation(X, parameters)
    return X, Y, tuple(np.round(entry, 8) for entry in cache)
