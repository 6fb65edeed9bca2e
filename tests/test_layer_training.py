"""reg_utils.layer_training: the training loop, its records, restoring, settings and the random search."""

from __future__ import annotations

import numpy as np
import pytest

from reg_utils.layer_training import (
    DIGITS_LAYER_SIZES,
    LayerHistory,
    best_setting,
    near_zero_share,
    network_accuracy,
    predict_labels,
    random_search,
    restore,
    train_layers,
    train_setting,
)
from reg_utils.layers import Penalty, build_network, l2_penalty


@pytest.fixture(scope="module")
def toy():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 60))
    y = (X[0] > 0).astype(int) + (X[1] > 0).astype(int)
    Xd = rng.normal(size=(6, 40))
    yd = (Xd[0] > 0).astype(int) + (Xd[1] > 0).astype(int)
    return X, y, Xd, yd


class Inverted:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob

    def forward(self, x, train=True):
        if not train:
            return x
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask / self.keep_prob

    def backward(self, dout):
        return dout * self.mask / self.keep_prob


def test_records_every_eval_every_iterations_and_at_the_end(toy):
    X, y, Xd, yd = toy
    net = build_network([6, 8, 3])
    history = train_layers(net, X, y, X_dev=Xd, y_dev=yd, iterations=110, eval_every=25, learning_rate=0.3)
    assert history.iterations == [25, 50, 75, 100, 110]
    assert len(history.costs) == len(history.train_accuracy) == len(history.dev_accuracy) == 5
    assert len(history.parameters) == 5 and history.costs[-1] < history.costs[0]
    assert history.train_accuracy[-1] == network_accuracy(net, X, y)
    assert history.dev_errors == pytest.approx([1 - a for a in history.dev_accuracy])
    assert np.array_equal(history.parameters[-1]["W1"], net.weights()[0])


def test_without_a_dev_set_the_dev_accuracy_is_nan_and_snapshots_can_be_switched_off(toy):
    X, y, _, _ = toy
    history = train_layers(build_network([6, 4, 3]), X, y, iterations=10, eval_every=5, keep_parameters=False)
    assert np.isnan(history.dev_accuracy).all() and history.parameters == []
    with pytest.raises(ValueError, match="positive"):
        train_layers(build_network([6, 4, 3]), X, y, iterations=0)
    with pytest.raises(ValueError, match="keep_parameters"):
        restore(build_network([6, 4, 3]), history, 0)


def test_weight_decay_and_the_l2_penalty_part_give_the_same_weights(toy):
    X, y, _, _ = toy
    a, b = build_network([6, 5, 3]), build_network([6, 5, 3])
    train_layers(a, X, y, iterations=30, penalty=l2_penalty(3.0))
    train_layers(b, X, y, iterations=30, weight_decay=3.0)
    assert all(np.allclose(u, v, atol=1e-12) for u, v in zip(a.weights(), b.weights()))
    c = build_network([6, 5, 3])
    train_layers(c, X, y, iterations=30)
    assert not np.allclose(a.weights()[0], c.weights()[0])


def test_a_penalty_adds_its_cost_and_leaves_the_biases_alone(toy):
    X, y, _, _ = toy
    zero_slope = Penalty("const", 1.0, lambda W: 100.0, np.zeros_like)
    plain, penalised = build_network([6, 5, 3]), build_network([6, 5, 3])
    h1 = train_layers(plain, X, y, iterations=5, eval_every=5)
    h2 = train_layers(penalised, X, y, iterations=5, eval_every=5, penalty=zero_slope)
    assert h2.costs[0] - h1.costs[0] == pytest.approx(1.0 / (2 * 60) * 200)
    assert all(np.allclose(u, v) for u, v in zip(plain.weights(), penalised.weights()))


def test_dropout_runs_are_reproducible_from_the_seed_and_predictions_use_no_dropout(toy):
    X, y, Xd, yd = toy
    nets = [build_network([6, 8, 3], dropout=Inverted, keep_prob=0.6) for _ in range(3)]
    train_layers(nets[0], X, y, iterations=20, seed=4)
    train_layers(nets[1], X, y, iterations=20, seed=4)
    train_layers(nets[2], X, y, iterations=20, seed=5)
    assert np.array_equal(nets[0].weights()[0], nets[1].weights()[0])
    assert not np.array_equal(nets[0].weights()[0], nets[2].weights()[0])
    state = np.random.get_state()
    first = predict_labels(nets[0], Xd)
    assert np.array_equal(first, predict_labels(nets[0], Xd)) and first.shape == (40,)
    assert np.array_equal(np.random.get_state()[1], state[1])


def test_restore_loads_the_recorded_weights(toy):
    X, y, _, _ = toy
    net = build_network([6, 4, 3])
    history = train_layers(net, X, y, iterations=20, eval_every=10)
    restore(net, history, 0)
    assert np.array_equal(net.weights()[0], history.parameters[0]["W1"])


def test_train_setting_scores_the_last_evaluation_or_the_stop_rules_choice(toy):
    X, y, Xd, yd = toy
    sizes = [6, 8, 3]
    score, net, history, index = train_setting(X, y, Xd, yd, 0.5, 0.8, dropout=Inverted, layer_sizes=sizes,
                                               iterations=40, learning_rate=0.3)
    assert history.iterations == [40] and index == 0 and history.parameters == []
    assert score == history.dev_accuracy[-1] == network_accuracy(net, Xd, yd)
    asked = []

    def first(errors, patience):
        asked.append((list(errors), patience))
        return 1

    score, net, history, index = train_setting(X, y, Xd, yd, 0.0, 1.0, dropout=Inverted, layer_sizes=sizes,
                                               iterations=40, learning_rate=0.3, eval_every=10, stop_rule=first,
                                               patience=3)
    assert asked == [(history.dev_errors, 3)] and index == 1
    assert score == history.dev_accuracy[1] and np.array_equal(net.weights()[0], history.parameters[1]["W1"])


def test_near_zero_share_pools_matrices():
    assert near_zero_share([np.array([0.0, 0.5]), np.array([[1e-4, -1e-4]])], 1e-3) == 0.75
    assert near_zero_share(np.array([0.02, -0.001]), 1e-2) == 0.5


def test_random_search_draws_lambd_with_the_sampler_then_keep_prob_and_scores_each_pair():
    calls = []

    def sampler(low, high, size, rng):
        calls.append((low, high, size))
        return rng.uniform(low, high, size)

    scored = []
    results = random_search(lambda lambd, keep: scored.append((lambd, keep)) or lambd + keep, sampler,
                            np.random.default_rng(3), 4, (0.1, 1.0), (0.5, 0.9))
    reference = np.random.default_rng(3)
    lambds, keeps = reference.uniform(0.1, 1.0, 4), reference.uniform(0.5, 0.9, 4)
    assert calls == [(0.1, 1.0, 4)]
    assert [row["lambd"] for row in results] == pytest.approx(lambds)
    assert [row["keep_prob"] for row in results] == pytest.approx(keeps)
    assert [row["dev"] for row in results] == pytest.approx(lambds + keeps)
    assert len(scored) == 4


def test_best_setting_takes_the_first_of_the_highest():
    rows = [{"dev": 0.5, "n": 0}, {"dev": 0.9, "n": 1}, {"dev": 0.9, "n": 2}]
    assert best_setting(rows)["n"] == 1
    with pytest.raises(ValueError):
        best_setting([])


def test_the_digits_network_sizes():
    assert DIGITS_LAYER_SIZES[0] == 64 and DIGITS_LAYER_SIZES[-1] == 10
    assert isinstance(LayerHistory().dev_errors, list)
