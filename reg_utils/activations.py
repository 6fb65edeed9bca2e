"""Element-wise activation functions used by the 3-layer network."""

from __future__ import annotations

import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), applied entry by entry.

    Args:
        z: array of any shape (a scalar works too).

    Returns:
        Array of the same shape as ``z`` with values in (0, 1); very large
        |z| saturates to exactly 0.0 or 1.0 without a warning.
    """
    # exp(-z) overflows to inf for z < -709; the result 0.0 is right, so the
    # overflow warning would only confuse students.
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit max(0, z), entry by entry; same shape as ``z``."""
    return np.maximum(0, z)
