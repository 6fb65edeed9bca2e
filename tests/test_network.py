import numpy as np
import pytest

from reg_utils import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    unpack_cache,
    update_parameters,
)


def _params(seed=0):
    rs = np.random.RandomState(seed)
    return {"W1": rs.randn(4, 2), "b1": rs.randn(4, 1), "W2": rs.randn(3, 4), "b2": rs.randn(3, 1),
            "W3": rs.randn(1, 3), "b3": rs.randn(1, 1)}


def test_initialize_parameters_follows_the_reference_recipe():
    p = initialize_parameters([2, 20, 3, 1])
    np.random.seed(3)
    expected_W1 = np.random.randn(20, 2) / np.sqrt(2)
    expected_W2 = np.random.randn(3, 20) / np.sqrt(20)
    assert np.array_equal(p["W1"], expected_W1) and np.array_equal(p["W2"], expected_W2)
    assert p["W3"].shape == (1, 3) and p["b2"].shape == (3, 1) and not p["b1"].any()


def test_forward_by_hand_on_a_tiny_network():
    p = {"W1": np.array([[1.0, -1.0]]), "b1": np.array([[0.5]]), "W2": np.array([[2.0]]),
         "b2": np.array([[0.0]]), "W3": np.array([[1.0]]), "b3": np.array([[-1.0]])}
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    A3, cache = forward_propagation(X, p)
    c = unpack_cache(cache)
    assert c.Z1.tolist() == [[1.5, -1.5]] and c.A1.tolist() == [[1.5, 0.0]]
    assert c.Z3.tolist() == [[2.0, -1.0]]
    np.testing.assert_allclose(A3, 1 / (1 + np.exp(-np.array([[2.0, -1.0]]))))


def test_unpack_cache_rejects_a_dropout_cache():
    with pytest.raises(ValueError, match="12-entry"):
        unpack_cache(tuple(range(14)))


def test_backward_matches_a_numerical_gradient():
    rs = np.random.RandomState(5)
    X, Y = rs.randn(2, 7), (rs.rand(1, 7) > 0.5).astype(int)
    p = _params(1)
    grads = backward_propagation(X, Y, forward_propagation(X, p)[1])
    eps = 1e-6
    for name in p:
        numeric = np.zeros_like(p[name])
        for idx in np.ndindex(p[name].shape):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[name][idx] += eps
            minus[name][idx] -= eps
            numeric[idx] = (compute_cost(forward_propagation(X, plus)[0], Y)
                            - compute_cost(forward_propagation(X, minus)[0], Y)) / (2 * eps)
        analytic = grads["d" + name]
        relative = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
        assert relative < 1e-7, f"{name}: relative error {relative:.2e}"


def test_update_parameters_steps_against_the_gradient_and_leaves_input_alone():
    p = _params(2)
    original = {k: v.copy() for k, v in p.items()}
    grads = {"d" + k: np.ones_like(v) for k, v in p.items()}
    new = update_parameters(p, grads, 0.5)
    for k in p:
        np.testing.assert_allclose(new[k], original[k] - 0.5)
        assert np.array_equal(p[k], original[k])
