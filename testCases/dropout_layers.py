"""Inputs for the dropout layers of ``regularization_toolbox`` (``Dropout`` and ``NonInvertedDropout``).

Each case is an activation ``x`` and an upstream gradient ``dout`` of the same
shape, drawn from their own generator (building a case never touches NumPy's
global generator, whose draws the layers' masks must use). No entry is zero,
so a dropped unit always shows as a zero in the output. The public tests seed
the global generator right before each ``forward`` call.
"""

from __future__ import annotations

import numpy as np

#: Shape of the activations of the seeded checks: 4 units, 6 examples.
SHAPE = (4, 6)
#: The seed the public tests give NumPy's global generator before ``forward``.
FORWARD_SEED = 1
#: Shape of the activations of the statistical checks (share kept, expectation).
LARGE_SHAPE = (200, 400)


def _case(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.where(rng.random(SHAPE) < 0.5, -1.0, 1.0) * rng.uniform(0.5, 2.0, size=SHAPE)
    dout = np.where(rng.random(SHAPE) < 0.5, -1.0, 1.0) * rng.uniform(0.1, 1.0, size=SHAPE)
    return x, dout


def Dropout_test_case() -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 - named after the class
    """Return ``(x (4, 6), dout (4, 6))`` for ``Dropout`` (use keep_prob = 0.8 after np.random.seed(1))."""
    return _case(21)


def NonInvertedDropout_test_case() -> tuple[np.ndarray, np.ndarray]:  # noqa: N802 - named after the class
    """Return ``(x (4, 6), dout (4, 6))`` for ``NonInvertedDropout`` (keep_prob = 0.8 after np.random.seed(1))."""
    return _case(22)


def large_activation_case() -> np.ndarray:
    """Positive activations of shape (200, 400), in [1, 2), for the statistical checks."""
    return np.random.default_rng(23).uniform(1.0, 2.0, size=LARGE_SHAPE)
