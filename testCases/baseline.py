"""Inputs for the baseline notebook's exercises."""

from __future__ import annotations

import numpy as np

from ._draws import small_network_parameters


def count_parameters_test_case() -> list[int]:
    """Return the layer sizes of the lesson's network, ``[2, 20, 3, 1]``."""
    return [2, 20, 3, 1]


def mean_abs_weights_test_case() -> dict[str, np.ndarray]:
    """Return the small 3-2-1 network's parameters drawn after ``np.random.seed(1)``."""
    np.random.seed(1)
    return small_network_parameters()
