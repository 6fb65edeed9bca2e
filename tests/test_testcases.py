import numpy as np

import testCases as tc


def test_shapes_of_every_case():
    A3, Y, p = tc.compute_cost_with_regularization_test_case()
    assert A3.shape == Y.shape == (1, 5) and p["W2"].shape == (3, 2)
    X, Y, cache = tc.backward_propagation_with_regularization_test_case()
    assert X.shape == (3, 5) and len(cache) == 12
    X, p = tc.forward_propagation_with_dropout_test_case()
    assert X.shape == (3, 5) and set(p) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    X, Y, cache = tc.backward_propagation_with_dropout_test_case()
    assert len(cache) == 14 and cache[1].dtype == bool
    assert tc.count_parameters_test_case() == [2, 20, 3, 1]


def test_published_rounded_cache_is_reproduced():
    _, _, cache = tc.backward_propagation_with_regularization_test_case()
    assert cache[0][0].tolist() == [-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115]
    assert cache[9].tolist() == [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]


def test_every_call_builds_fresh_arrays():
    _, _, p1 = tc.compute_cost_with_regularization_test_case()
    p1["W1"][0, 0] = 99.0
    _, _, p2 = tc.compute_cost_with_regularization_test_case()
    assert p2["W1"][0, 0] != 99.0 and np.isfinite(p2["W1"]).all()
