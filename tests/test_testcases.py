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


def _relu(z):
    return np.maximum(z, 0.0)


def test_published_dropout_cache_is_one_forward_pass_with_keep_prob_one_half():
    # Typed in to 8 decimals; each entry follows from the ones before it (see the case's docstring).
    X, Y, cache = tc.backward_propagation_with_dropout_test_case()
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
    assert Y.tolist() == [[1, 1, 0, 1, 0]]
    np.testing.assert_allclose(Z1, W1 @ X + b1, atol=1e-7)
    np.testing.assert_allclose(A1, _relu(Z1) * D1 / 0.5, atol=1e-7)
    np.testing.assert_allclose(Z2, W2 @ A1 + b2, atol=1e-6)
    np.testing.assert_allclose(A2, _relu(Z2) * D2 / 0.5, atol=1e-7)
    np.testing.assert_allclose(Z3, W3 @ A2 + b3, atol=1e-6)
    np.testing.assert_allclose(A3, 1 / (1 + np.exp(-Z3)), atol=1e-8)
    assert D1.dtype == D2.dtype == bool and D1.shape == (2, 5) and D2.shape == (3, 5)
    # the masks as published (entries where the unit is zero anyway carry no information otherwise)
    assert D1.tolist() == [[True, False, True, True, True], [True, True, True, True, False]]
    assert D2.tolist() == [[True, False, True, False, True], [False, True, False, True, True],
                           [False, False, True, False, False]]


def test_l2_cost_case_matches_the_published_inputs():
    A3, Y, p = tc.compute_cost_with_regularization_test_case()
    assert A3.tolist() == [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]
    assert Y.tolist() == [[1, 1, 0, 1, 0]]
    np.random.seed(1)
    assert np.array_equal(p["W1"], np.random.randn(2, 3))
