"""Cross-entropy cost of the network's output."""

from __future__ import annotations

import numpy as np


def compute_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy ``-(1/m) sum(Y log A3 + (1-Y) log(1-A3))``.

    Args:
        A3: predicted probabilities, shape (1, m).
        Y: labels, shape (1, m).

    Returns:
        The cost as a NumPy float64 scalar. A term whose label makes it
        irrelevant (``Y = 1`` with ``A3 = 1``, or ``Y = 0`` with ``A3 = 0``)
        contributes exactly 0; a confidently wrong prediction gives ``inf``.
        No RuntimeWarning is raised for saturated outputs.
    """
    m = Y.shape[1]
    # log(0) is -inf and 0 * -inf is nan; those nan terms belong to outputs
    # that are exactly right, whose true contribution is 0, so they are
    # dropped (as nansum did in the published helper) but silently.
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    logprobs = np.where(np.isnan(logprobs), 0.0, logprobs)
    return 1.0 / m * np.sum(logprobs)
