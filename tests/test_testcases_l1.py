"""testCases.l1: the two L1 cases follow their documented draws (seeds 11 and 12) and stay clear of zero."""

from __future__ import annotations

import numpy as np
import pytest

from reg_utils import forward_propagation
from testCases.l1 import LABELS, LAYERS, backward_propagation_with_l1_test_case, compute_cost_with_l1_test_case


def _documented(seed):
    """The draws the module docstring of ``_network`` lists, written out again by hand."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, 5))
    parameters = {}
    for layer, (n_out, n_in) in enumerate([(2, 3), (3, 2), (1, 3)], start=1):
        magnitude = rng.uniform(0.2, 1.2, size=(n_out, n_in))
        negative = rng.random((n_out, n_in)) < 0.5
        parameters[f"W{layer}"] = np.where(negative, -magnitude, magnitude)
        parameters[f"b{layer}"] = rng.uniform(-0.5, 0.5, size=(n_out, 1))
    return X, parameters


def test_the_cost_case_is_seed_11():
    A3, Y, parameters = compute_cost_with_l1_test_case()
    X, documented = _documented(11)
    assert sorted(parameters) == sorted(documented)
    for name, value in documented.items():
        assert np.array_equal(parameters[name], value), name
    assert np.array_equal(A3, forward_propagation(X, documented)[0])
    assert np.array_equal(Y, LABELS)


def test_the_backward_case_is_seed_12():
    X, Y, cache = backward_propagation_with_l1_test_case()
    X_documented, documented = _documented(12)
    assert np.array_equal(X, X_documented)
    _, expected_cache = forward_propagation(X_documented, documented)
    assert len(cache) == 12
    for got, expected in zip(cache, expected_cache):
        assert np.array_equal(got, expected)


@pytest.mark.parametrize("seed", [11, 12])
def test_every_weight_is_at_least_0_2_from_zero_and_both_signs_appear(seed):
    if seed == 11:
        parameters = compute_cost_with_l1_test_case()[2]
    else:
        cache = backward_propagation_with_l1_test_case()[2]
        parameters = {name: cache[i] for i, name in ((2, "W1"), (3, "b1"), (6, "W2"), (7, "b2"), (10, "W3"),
                                                      (11, "b3"))}
    weights = np.concatenate([parameters[f"W{layer}"].ravel() for layer in (1, 2, 3)])
    assert np.all((np.abs(weights) >= 0.2) & (np.abs(weights) < 1.2))
    assert np.any(weights < 0) and np.any(weights > 0)
    assert len(np.unique(np.abs(weights))) == weights.size
    for layer in (1, 2, 3):
        b = parameters[f"b{layer}"]
        assert b.shape == (LAYERS[layer], 1) and np.all((b >= -0.5) & (b < 0.5) & (b != 0))
