"""Inputs for the dropout exercises."""

from __future__ import annotations

import numpy as np

from ._draws import LABELS, small_network_parameters


def forward_propagation_with_dropout_test_case() -> tuple[np.ndarray, dict]:
    """Return ``(X (3,5), parameters)`` of the published dropout forward test.

    The public test seeds the global generator with 1 right before calling
    the student's function, so the masks it draws are the published ones.
    """
    np.random.seed(1)
    X = np.random.randn(3, 5)
    parameters = small_network_parameters()
    return X, parameters


def backward_propagation_with_dropout_test_case() -> tuple[np.ndarray, np.ndarray, tuple]:
    """Return ``(X (3,5), Y (1,5), cache)`` of the published dropout backward test.

    The cache is the published one, typed in to 8 decimals. Its masked
    activations were made with keep_prob 0.5 (A1 = relu(Z1) * D1 / 0.5),
    whereas the test calls the backward pass with keep_prob 0.8; the
    expected gradients depend on that mix, so it is kept as published.
    """
    np.random.seed(1)
    X = np.random.randn(3, 5)
    Y = np.array(LABELS)
    p = small_network_parameters()
    Z1 = np.array([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
                   [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]])
    D1 = np.array([[True, False, True, True, True],
                   [True, True, True, True, False]])
    A1 = np.array([[0.0, 0.0, 4.27989081, 5.21401307, 0.0],
                   [0.0, 8.32019881, 1.58102041, 2.92987024, 0.0]])
    Z2 = np.array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
                   [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
                   [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]])
    D2 = np.array([[True, False, True, False, True],
                   [False, True, False, True, True],
                   [False, False, True, False, False]])
    A2 = np.array([[1.06071093, 0.0, 8.21049603, 0.0, 1.06071093],
                   [0.0, 0.0, 0.0, 0.0, 0.0],
                   [0.0, 0.0, 0.0, 0.0, 0.0]])
    Z3 = np.array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]])
    A3 = np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]])
    cache = (Z1, D1, A1, p["W1"], p["b1"], Z2, D2, A2, p["W2"], p["b2"], Z3, A3, p["W3"], p["b3"])
    return X, Y, cache
