"""The regularization_toolbox test cases: shapes, freshness, determinism, what the public tests rely on."""

from __future__ import annotations

import numpy as np
import pytest

import testCases as tc
from reg_utils import forward_propagation
from testCases import dropout_layers, l1, model_selection

BUILDERS = [
    tc.compute_cost_with_l1_test_case,
    tc.backward_propagation_with_l1_test_case,
    tc.Dropout_test_case,
    tc.NonInvertedDropout_test_case,
    tc.early_stopping_index_test_case,
    tc.sample_log_uniform_test_case,
    dropout_layers.large_activation_case,
    model_selection.sample_log_uniform_large_case,
]


def test_the_cases_are_exported():
    for name in ("compute_cost_with_l1_test_case", "backward_propagation_with_l1_test_case", "Dropout_test_case",
                 "NonInvertedDropout_test_case", "early_stopping_index_test_case", "sample_log_uniform_test_case"):
        assert name in tc.__all__ and callable(getattr(tc, name))


@pytest.mark.parametrize("build", BUILDERS, ids=lambda f: f.__name__)
def test_building_a_case_leaves_the_global_generator_alone(build):
    np.random.seed(5)
    state = np.random.get_state()
    build()
    after = np.random.get_state()
    assert np.array_equal(after[1], state[1]) and after[2:] == state[2:]


def _equal(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    return a == b


@pytest.mark.parametrize("build", BUILDERS, ids=lambda f: f.__name__)
def test_every_call_gives_the_same_values(build):
    assert _equal(build(), build())


def test_l1_cases_are_the_first_assignments_network():
    A3, Y, p = tc.compute_cost_with_l1_test_case()
    assert A3.shape == Y.shape == (1, 5) and Y.tolist() == [[1, 0, 1, 1, 0]]
    assert {k: v.shape for k, v in p.items()} == {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1),
                                                  "W3": (1, 3), "b3": (1, 1)}
    assert np.all((A3 > 0) & (A3 < 1))
    X, Y, cache = tc.backward_propagation_with_l1_test_case()
    assert X.shape == (3, 5) and len(cache) == 12
    # the cache is the plain forward pass of X through the cached parameters
    parameters = dict(zip(("W1", "b1", "W2", "b2", "W3", "b3"), (cache[2], cache[3], cache[6], cache[7], cache[10],
                                                                 cache[11])))
    _, again = forward_propagation(X, parameters)
    assert all(np.array_equal(a, b) for a, b in zip(cache, again))


@pytest.mark.parametrize("which", ["cost", "backward"])
def test_l1_weights_have_a_sign_and_the_biases_are_not_zero(which):
    if which == "cost":
        _, _, p = tc.compute_cost_with_l1_test_case()
    else:
        _, _, cache = tc.backward_propagation_with_l1_test_case()
        p = dict(zip(("W1", "b1", "W2", "b2", "W3", "b3"), (cache[2], cache[3], cache[6], cache[7], cache[10],
                                                            cache[11])))
    weights = np.concatenate([p[k].ravel() for k in ("W1", "W2", "W3")])
    assert np.abs(weights).min() >= 0.2 and (weights > 0).any() and (weights < 0).any()
    assert all(np.all(p[k] != 0) for k in ("b1", "b2", "b3"))


def test_l1_backward_case_has_live_units_in_every_layer():
    _, _, cache = tc.backward_propagation_with_l1_test_case()
    assert (cache[1] > 0).any() and (cache[5] > 0).any()


def test_every_call_builds_fresh_arrays():
    _, _, p = tc.compute_cost_with_l1_test_case()
    p["W1"][0, 0] = 99.0
    assert tc.compute_cost_with_l1_test_case()[2]["W1"][0, 0] != 99.0
    x, dout = tc.Dropout_test_case()
    x[0, 0] = dout[0, 0] = 0.0
    assert np.all(tc.Dropout_test_case()[0] != 0) and np.all(tc.Dropout_test_case()[1] != 0)
    curves = tc.early_stopping_index_test_case()
    curves[0][0].reverse()
    assert tc.early_stopping_index_test_case()[0][0][0] == 0.50


@pytest.mark.parametrize("build", [tc.Dropout_test_case, tc.NonInvertedDropout_test_case])
def test_dropout_cases_have_no_zero_and_both_signs(build):
    x, dout = build()
    assert x.shape == dout.shape == dropout_layers.SHAPE
    for array in (x, dout):
        assert np.all(array != 0) and (array > 0).any() and (array < 0).any()


def test_the_two_dropout_cases_differ():
    assert not np.array_equal(tc.Dropout_test_case()[0], tc.NonInvertedDropout_test_case()[0])


def test_the_seeded_mask_keeps_and_drops_units_in_the_case():
    mask = np.random.RandomState(dropout_layers.FORWARD_SEED).rand(*dropout_layers.SHAPE) < 0.8
    assert 0 < (~mask).sum() < mask.size


def test_large_activation_case():
    x = dropout_layers.large_activation_case()
    assert x.shape == dropout_layers.LARGE_SHAPE and x.min() >= 1.0 and x.max() < 2.0


def test_early_stopping_curves():
    curves = tc.early_stopping_index_test_case()
    assert [patience for _, patience in curves] == [3, 4, 1]
    for errors, _ in curves:
        assert isinstance(errors, list) and all(isinstance(e, float) for e in errors)


def test_sampler_cases():
    low, high, size, seed = tc.sample_log_uniform_test_case()
    assert (low, high, size) == (1e-4, 10.0, 8) and isinstance(seed, int)
    low, high, size, seed = model_selection.sample_log_uniform_large_case()
    assert (low, high, size) == (1e-3, 100.0, 20000) and np.log10(high) - np.log10(low) == pytest.approx(5)


def test_a_generator_uniform_and_random_draw_alike():
    """The public test's reference draws rng.random(size); rng.uniform(a, b, size) uses the same numbers."""
    low, high, size, seed = tc.sample_log_uniform_test_case()
    a, b = np.random.default_rng(seed), np.random.default_rng(seed)
    u = a.random(size)
    v = b.uniform(np.log10(low), np.log10(high), size)
    assert np.allclose(v, np.log10(low) + (np.log10(high) - np.log10(low)) * u, rtol=0, atol=1e-14)
    assert a.bit_generator.state == b.bit_generator.state


def test_module_constants():
    assert l1.LAYERS == (3, 2, 3, 1) and l1.EXAMPLES == 5
