"""reg_utils.layers: each part's forward and backward, the network builder, penalty parts and weight decay."""

from __future__ import annotations

import numpy as np
import pytest

from reg_utils.layers import (
    Affine,
    Penalty,
    ReLU,
    Sequential,
    SoftmaxCrossEntropy,
    build_network,
    l2_penalty,
    softmax,
    weight_decay_update,
)


def _numeric(f, array, eps=1e-6):
    grad = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        old = array[index]
        array[index] = old + eps
        plus = f()
        array[index] = old - eps
        minus = f()
        array[index] = old
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def test_affine_forward_and_backward_match_the_formulas_and_a_numerical_gradient():
    rng = np.random.default_rng(0)
    layer = Affine(rng.normal(size=(3, 4)), rng.normal(size=(3, 1)))
    x, dout = rng.normal(size=(4, 5)), rng.normal(size=(3, 5))
    out = layer.forward(x)
    assert np.allclose(out, layer.W @ x + layer.b)
    dx = layer.backward(dout)
    assert np.allclose(dx, layer.W.T @ dout)
    assert np.allclose(layer.dW, _numeric(lambda: np.sum(layer.forward(x) * dout), layer.W))
    assert np.allclose(layer.db, _numeric(lambda: np.sum(layer.forward(x) * dout), layer.b))
    assert np.allclose(dx, _numeric(lambda: np.sum(layer.forward(x) * dout), x))


def test_affine_checks_shapes_flattens_b_and_refuses_backward_first():
    layer = Affine(np.ones((2, 3)), [1.0, 2.0])
    assert layer.b.shape == (2, 1) and layer.W.dtype == np.float64
    with pytest.raises(ValueError, match=r"W must be \(n_out, n_in\)"):
        Affine(np.ones((2, 3)), np.ones((3, 1)))
    with pytest.raises(RuntimeError, match="before forward"):
        Affine(np.ones((2, 3)), np.zeros((2, 1))).backward(np.ones((2, 1)))


def test_affine_he_draws_from_its_generator_with_variance_two_over_fan_in():
    layer = Affine.he(400, 300, np.random.default_rng(1))
    assert layer.W.shape == (300, 400) and np.all(layer.b == 0)
    assert abs(layer.W.var() - 2 / 400) < 0.05 * 2 / 400
    assert np.array_equal(Affine.he(4, 3, np.random.default_rng(2)).W, Affine.he(4, 3, np.random.default_rng(2)).W)


def test_relu_passes_positive_inputs_and_their_gradient_only():
    relu = ReLU()
    x = np.array([[-1.0, 0.0, 2.0]])
    assert np.array_equal(relu.forward(x), [[0.0, 0.0, 2.0]])
    assert np.array_equal(relu.backward(np.array([[5.0, 6.0, 7.0]])), [[0.0, 0.0, 7.0]])
    with pytest.raises(RuntimeError):
        ReLU().backward(x)


def test_softmax_is_stable_and_sums_to_one_per_column():
    scores = np.array([[1000.0, 1.0], [1001.0, 2.0], [999.0, 3.0]])
    probs = softmax(scores)
    assert np.all(np.isfinite(probs)) and np.allclose(probs.sum(axis=0), 1.0)
    assert np.allclose(probs[:, 0], softmax(scores[:, :1] - 1000)[:, 0])


def test_softmax_cross_entropy_value_and_gradient():
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(4, 6))
    Y = np.eye(4)[:, rng.integers(0, 4, 6)]
    loss = SoftmaxCrossEntropy()
    value = loss.forward(scores, Y)
    assert value == pytest.approx(-np.mean(np.log(np.sum(softmax(scores) * Y, axis=0))))
    grad = loss.backward()
    assert np.allclose(grad, (softmax(scores) - Y) / 6)
    assert np.allclose(grad, _numeric(lambda: SoftmaxCrossEntropy().forward(scores, Y), scores))
    with pytest.raises(ValueError, match="same shape"):
        loss.forward(scores, Y[:, :3])
    with pytest.raises(RuntimeError):
        SoftmaxCrossEntropy().backward()


def test_a_whole_network_backward_matches_a_numerical_gradient():
    rng = np.random.default_rng(4)
    net = build_network([5, 4, 3, 3], seed=1)
    X, Y = rng.normal(size=(5, 7)), np.eye(3)[:, rng.integers(0, 3, 7)]
    loss = SoftmaxCrossEntropy()

    def cost():
        return loss.forward(net.forward(X), Y)

    cost()
    net.backward(loss.backward())
    analytic = [layer.dW.copy() for layer in net.affine_layers()]
    for layer, dW in zip(net.affine_layers(), analytic):
        assert np.allclose(dW, _numeric(cost, layer.W), atol=1e-7)


class _Recorder:
    """A stand-in dropout class that records how the network calls it."""

    made: list[float] = []

    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
        self.calls = []
        _Recorder.made.append(keep_prob)

    def forward(self, x, train=True):
        self.calls.append(train)
        return x

    def backward(self, dout):
        return dout


def test_build_network_places_one_dropout_instance_after_each_hidden_relu():
    _Recorder.made = []
    net = build_network([6, 5, 4, 3], dropout=_Recorder, keep_prob=0.7, seed=0)
    assert [type(layer).__name__ for layer in net] == ["Affine", "ReLU", "_Recorder", "Affine", "ReLU",
                                                       "_Recorder", "Affine"]
    assert _Recorder.made == [0.7, 0.7]
    assert repr(net) == "Sequential(Affine -> ReLU -> _Recorder -> Affine -> ReLU -> _Recorder -> Affine)"
    net.forward(np.ones((6, 2)), train=False)
    net.forward(np.ones((6, 2)))
    assert net.layers[2].calls == [False, True]
    plain = build_network([6, 5, 4, 3], seed=0)
    assert [type(layer).__name__ for layer in plain] == ["Affine", "ReLU", "Affine", "ReLU", "Affine"]
    assert all(np.array_equal(a, b) for a, b in zip(plain.weights(), net.weights()))


def test_build_network_leaves_the_global_generator_alone_and_checks_its_arguments():
    np.random.seed(5)
    state = np.random.get_state()
    build_network([4, 3, 2], seed=9)
    assert np.array_equal(np.random.get_state()[1], state[1])
    with pytest.raises(ValueError, match="at least an input"):
        build_network([4])
    with pytest.raises(ValueError, match="keep_prob"):
        build_network([4, 3, 2], keep_prob=0.0)


def test_parameters_are_copies_numbered_from_the_input_and_can_be_loaded_back():
    net = build_network([4, 3, 2], seed=0)
    saved = net.parameters()
    assert sorted(saved) == ["W1", "W2", "b1", "b2"] and saved["W1"].shape == (3, 4)
    net.affine_layers()[0].W += 1.0
    assert not np.array_equal(saved["W1"], net.weights()[0])
    net.set_parameters(saved)
    assert np.array_equal(saved["W1"], net.weights()[0])
    assert net.weights()[0] is net.affine_layers()[0].W


def test_sequential_backward_runs_layers_in_reverse():
    order = []

    class Tag:
        def __init__(self, name):
            self.name = name

        def forward(self, x, train=True):
            return x

        def backward(self, dout):
            order.append(self.name)
            return dout + 1

    net = Sequential([Tag("a"), Tag("b")])
    assert net.backward(np.zeros(1))[0] == 2 and order == ["b", "a"]
    assert net.affine_layers() == []


def test_penalty_cost_and_gradient_follow_lambd_over_two_m():
    W1, W2 = np.array([[1.0, -2.0]]), np.array([[3.0]])
    l2 = l2_penalty(4.0)
    assert l2.name == "L2" and l2.lambd == 4.0
    assert l2.cost([W1, W2], m=8) == pytest.approx(4.0 / 16 * (1 + 4 + 9))
    assert np.allclose(l2.gradient(W1, m=8), 4.0 / 8 * W1)
    l1 = Penalty("L1", 2.0, lambda W: float(np.sum(np.abs(W))), np.sign)
    assert l1.cost([W1, W2], m=4) == pytest.approx(2.0 / 8 * 6)
    assert np.allclose(l1.gradient(W1, m=4), 2.0 / 8 * np.sign(W1))


def test_weight_decay_update_is_a_gradient_step_on_the_l2_cost():
    rng = np.random.default_rng(6)
    W, dW = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    step = weight_decay_update(W, dW, learning_rate=0.1, lambd=2.0, m=10)
    assert np.allclose(step, W - 0.1 * (dW + 2.0 / 10 * W))
    assert np.allclose(step, (1 - 0.1 * 2.0 / 10) * W - 0.1 * dW)
    assert np.allclose(weight_decay_update(W, dW, 0.1, 0.0, 10), W - 0.1 * dW)


def test_build_network_checks_its_sizes_and_keep_prob_with_clear_messages():
    with pytest.raises(ValueError, match=r"^layer_sizes needs at least an input and an output size$"):
        build_network([5])
    only = build_network([5, 3])  # no hidden layer: one Affine giving the scores
    assert [type(layer).__name__ for layer in only.layers] == ["Affine"]
    assert [type(layer).__name__ for layer in build_network([5, 4, 3]).layers] == ["Affine", "ReLU", "Affine"]
    with pytest.raises(ValueError, match=r"^keep_prob must be in \(0, 1\], got 1.5$"):
        build_network([5, 4, 3], keep_prob=1.5)
    assert np.array_equal(build_network([5, 4, 3]).parameters()["W1"],
                          build_network([5, 4, 3], seed=0).parameters()["W1"])
    assert not np.array_equal(build_network([5, 4, 3]).parameters()["W1"],
                              build_network([5, 4, 3], seed=1).parameters()["W1"])


def test_affine_holds_floats_and_zero_gradients_from_the_start():
    layer = Affine(np.array([[1, 2], [3, 4]]), [5, 6])
    assert layer.W.dtype == np.float64 and layer.b.dtype == np.float64 and layer.b.shape == (2, 1)
    assert np.array_equal(layer.dW, np.zeros((2, 2))) and np.array_equal(layer.db, np.zeros((2, 1)))
    with pytest.raises(RuntimeError, match=r"^Affine.backward called before forward$"):
        layer.backward(np.ones((2, 1)))


def test_he_initialisation_is_centred_with_the_he_spread():
    layer = Affine.he(200, 300, np.random.default_rng(0))
    assert layer.W.shape == (300, 200) and np.array_equal(layer.b, np.zeros((300, 1)))
    assert abs(layer.W.mean()) < 0.01 and abs(layer.W.std() - np.sqrt(2 / 200)) < 0.005


def test_relu_passes_the_gradient_of_every_positive_input_and_needs_a_forward_first():
    relu = ReLU()
    with pytest.raises(RuntimeError, match=r"^ReLU.backward called before forward$"):
        relu.backward(np.ones(3))
    relu.forward(np.array([[-0.5, 0.0, 0.5, 2.0]]))
    assert np.array_equal(relu.backward(np.ones((1, 4))), [[0.0, 0.0, 1.0, 1.0]])


def test_softmax_cross_entropy_needs_a_forward_before_its_backward():
    with pytest.raises(RuntimeError, match=r"^SoftmaxCrossEntropy.backward called before forward$"):
        SoftmaxCrossEntropy().backward()


def test_parameters_and_set_parameters_carry_weights_and_biases_as_floats():
    net = build_network([3, 2, 2])
    params = net.parameters()
    assert np.array_equal(params["b1"], net.layers[0].b) and params["b1"] is not net.layers[0].b
    new = {"W1": np.ones((2, 3), dtype=int), "b1": np.array([[1], [2]]), "W2": np.eye(2, dtype=int),
           "b2": np.array([[3], [4]])}
    net.set_parameters(new)
    first, last = net.layers[0], net.layers[-1]
    assert first.W.dtype == first.b.dtype == last.W.dtype == last.b.dtype == np.float64
    assert np.array_equal(first.b, [[1.0], [2.0]]) and np.array_equal(last.b, [[3.0], [4.0]])
