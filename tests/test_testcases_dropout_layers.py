"""testCases.dropout_layers: the cases follow their recipe (seeds 21, 22, 23) and keep their values in range.

The public tests' messages quote entries of these fixed cases, so the recipe is
pinned: for each case, signs drawn first (-1 where a uniform is below 0.5),
then magnitudes, from its own ``default_rng``; x magnitudes in [0.5, 2), dout
magnitudes in [0.1, 1), all distinct. The large case is x ~ U[1, 2) from seed 23.
"""

from __future__ import annotations

import numpy as np
import pytest

from testCases.dropout_layers import (
    LARGE_SHAPE,
    SHAPE,
    Dropout_test_case,
    NonInvertedDropout_test_case,
    large_activation_case,
)

CASES = {21: Dropout_test_case, 22: NonInvertedDropout_test_case}


def _by_hand(seed):
    rng = np.random.default_rng(seed)
    x_negative = rng.random((4, 6)) < 0.5
    x_size = rng.uniform(0.5, 2.0, size=(4, 6))
    dout_negative = rng.random((4, 6)) < 0.5
    dout_size = rng.uniform(0.1, 1.0, size=(4, 6))
    return np.where(x_negative, -x_size, x_size), np.where(dout_negative, -dout_size, dout_size)


@pytest.mark.parametrize("seed", list(CASES))
def test_each_seeded_case_is_its_seeds_draws(seed):
    x, dout = CASES[seed]()
    expected_x, expected_dout = _by_hand(seed)
    assert SHAPE == (4, 6)
    assert np.array_equal(x, expected_x) and np.array_equal(dout, expected_dout)


@pytest.mark.parametrize("seed", list(CASES))
def test_the_magnitudes_lie_in_their_ranges_and_differ(seed):
    x, dout = CASES[seed]()
    assert np.all((np.abs(x) >= 0.5) & (np.abs(x) < 2.0))
    assert np.all((np.abs(dout) >= 0.1) & (np.abs(dout) < 1.0))
    for array in (x, dout):
        assert len(np.unique(np.abs(array))) == array.size


def test_the_large_case_is_seed_23():
    x = large_activation_case()
    assert LARGE_SHAPE == (200, 400)
    assert np.array_equal(x, 1.0 + np.random.default_rng(23).random(LARGE_SHAPE))
