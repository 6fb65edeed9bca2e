"""Inputs for the model-selection exercises of ``regularization_toolbox``.

``early_stopping_index`` gets dev-set error curves, each with its patience,
built so that every usual mistake gives another index than the right one.
``sample_log_uniform`` gets its bounds, a size and the seed of the
``np.random.Generator`` the public test makes for the call.
"""

from __future__ import annotations


def early_stopping_index_test_case() -> list[tuple[list[float], int]]:
    """Return ``[(dev_errors, patience), ...]``: fresh lists on every call.

    1. patience 3: the best error so far at index 6 is tied at index 7, and index 9 is the third
       evaluation in a row without improvement: the run stops there and the answer is 6. Each
       usual mistake gives another index: a tie taken as an improvement 10, patience never reset 4,
       the stop index 9, one evaluation too many 14, one too few 1, the whole curve's minimum 19.
    2. patience 4: the run never stops; the lowest error appears twice (indices 3 and 5), the answer is 3.
    3. patience 1: stops at the first evaluation that does not improve (index 2); the answer is 1.
    """
    return [
        ([0.50, 0.45, 0.47, 0.46, 0.40, 0.41, 0.35, 0.35, 0.37, 0.38, 0.33,
          0.34, 0.36, 0.35, 0.31, 0.32, 0.33, 0.34, 0.32, 0.26, 0.28], 3),
        ([0.60, 0.52, 0.55, 0.40, 0.47, 0.40, 0.45], 4),
        ([0.90, 0.70, 0.75, 0.60, 0.50], 1),
    ]


def sample_log_uniform_test_case() -> tuple[float, float, int, int]:
    """Return ``(low, high, size, seed)``: eight lambd values between 1e-4 and 10, from ``default_rng(seed)``."""
    return 1e-4, 10.0, 8, 2024


def sample_log_uniform_large_case() -> tuple[float, float, int, int]:
    """Return ``(low, high, size, seed)`` for the statistical checks: 20000 values between 1e-3 and 100."""
    return 1e-3, 100.0, 20000, 7
