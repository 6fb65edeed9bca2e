"""Shared draws: the small 3-2-1 network the published test cases use."""

from __future__ import annotations

import numpy as np

#: Labels of the five test examples.
LABELS = [[1, 1, 0, 1, 0]]


def small_network_parameters() -> dict[str, np.ndarray]:
    """Draw W1 (2,3), b1 (2,1), W2 (3,2), b2 (3,1), W3 (1,3), b3 (1,1) with randn, in that order.

    Uses the global generator as it stands: the caller seeds it.
    """
    shapes = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
    return {name: np.random.randn(*shape) for name, shape in shapes.items()}
