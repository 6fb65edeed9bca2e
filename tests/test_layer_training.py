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


def _same_run(first, second):
    return all(np.array_equal(a, b) for a, b in zip(first.weights(), second.weights()))


def test_train_setting_is_train_layers_with_an_l2_penalty_dropout_and_seed_1(toy):
    X, y, Xd, yd = toy
    dev, net, history, index = train_setting(X, y, Xd, yd, 0.5, 0.8, dropout=Inverted, layer_sizes=[6, 8, 3],
                                             iterations=30, learning_rate=0.2)
    by_hand = build_network([6, 8, 3], dropout=Inverted, keep_prob=0.8)
    assert [type(layer).__name__ for layer in net.layers] == ["Affine", "ReLU", "Inverted", "Affine"]
    assert net.layers[2].keep_prob == 0.8
    expected = train_layers(by_hand, X, y, X_dev=Xd, y_dev=yd, iterations=30, learning_rate=0.2,
                            penalty=l2_penalty(0.5), eval_every=30, seed=1, keep_parameters=False)
    assert _same_run(net, by_hand) and dev == expected.dev_accuracy[-1] and index == 0
    assert history.iterations == [30]


def test_train_setting_hands_its_patience_to_the_stop_rule_zero_by_default(toy):
    X, y, Xd, yd = toy
    seen = []

    def rule(errors, patience):
        seen.append(patience)
        return 0

    train_setting(X, y, Xd, yd, 0.0, 1.0, dropout=Inverted, layer_sizes=[6, 4, 3], iterations=4, eval_every=2,
                  stop_rule=rule)
    train_setting(X, y, Xd, yd, 0.0, 1.0, dropout=Inverted, layer_sizes=[6, 4, 3], iterations=4, eval_every=2,
                  stop_rule=rule, patience=3)
    assert seen == [0, 3]


def test_train_layers_seeds_dropout_with_1_by_default(toy):
    X, y, _, _ = toy
    runs = []
    for seed in (None, 1, 2):
        net = build_network([6, 8, 3], dropout=Inverted, keep_prob=0.5)
        kwargs = {} if seed is None else {"seed": seed}
        train_layers(net, X, y, iterations=5, eval_every=5, learning_rate=0.1, keep_parameters=False, **kwargs)
        runs.append(net)
    assert _same_run(runs[0], runs[1]) and not _same_run(runs[0], runs[2])


def test_train_layers_takes_one_iteration_and_evaluates_every_one(toy):
    X, y, _, _ = toy
    net = build_network([6, 4, 3])
    before = [W.copy() for W in net.weights()]
    history = train_layers(net, X, y, iterations=1, eval_every=1)
    assert history.iterations == [1] and not np.array_equal(before[0], net.weights()[0])
    history = train_layers(build_network([6, 4, 3]), X, y, iterations=3, eval_every=1)
    assert history.iterations == [1, 2, 3]
    for bad in ({"iterations": 0}, {"eval_every": 0}):
        with pytest.raises(ValueError, match="^iterations and eval_every must be positive$"):
            train_layers(build_network([6, 4, 3]), X, y, **bad)


def test_train_layers_counts_classes_from_the_last_affine_layer(toy):
    X, y, _, _ = toy
    history = train_layers(build_network([6, 7, 5, 3]), X, y, iterations=2, eval_every=1)
    assert len(history.costs) == 2


def test_train_layers_keeps_blas_to_one_thread(toy, monkeypatch):
    import reg_utils.layer_training as layer_training

    calls = []
    real = layer_training.threadpool_limits

    def recording(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(layer_training, "threadpool_limits", recording)
    X, y, _, _ = toy
    train_layers(build_network([6, 4, 3]), X, y, iterations=1, eval_every=1)
    assert calls == [{"limits": 1, "user_api": "blas"}]


def test_a_dev_set_without_its_labels_is_not_scored(toy):
    X, y, Xd, _ = toy
    history = train_layers(build_network([6, 4, 3]), X, y, X_dev=Xd, iterations=2, eval_every=1)
    assert all(np.isnan(history.dev_accuracy))


def test_accuracy_and_predictions_of_a_known_network():
    net = build_network([2, 2])
    net.set_parameters({"W1": np.eye(2), "b1": np.zeros((2, 1))})
    X = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    assert np.array_equal(predict_labels(net, X), [0, 1, 0])
    assert network_accuracy(net, X, np.array([[0, 1, 1]])) == pytest.approx(2 / 3)


def test_near_zero_share_counts_strictly_below_a_default_of_one_hundredth():
    assert near_zero_share(np.array([0.005, -0.009, 0.01, 0.5])) == 0.5
    assert near_zero_share(np.array([0.2, 0.3]), threshold=0.2) == 0.0


def test_random_search_hands_and_records_lambd_as_floats():
    seen = []

    def evaluate(lambd, keep):
        seen.append(np.asarray(lambd).dtype.kind)
        return 0.5

    rows = random_search(evaluate, lambda low, high, n, rng: [1, 10], np.random.default_rng(0), 2, (1, 10), (0.5, 0.9))
    assert [type(row["lambd"]) for row in rows] == [float, float] and [row["lambd"] for row in rows] == [1.0, 10.0]
    assert seen == ["f", "f"]  # a sampler giving integers still trains with float penalties


def test_refusals_say_why():
    with pytest.raises(ValueError, match="^no results to choose from$"):
        best_setting([])
    with pytest.raises(ValueError, match=r"^the history kept no weights \(train with keep_parameters=True\)$"):
        restore(build_network([2, 2]), LayerHistory(), 0)


def test_train_setting_passes_its_seed_on(toy):
    X, y, Xd, yd = toy
    _, net, _, _ = train_setting(X, y, Xd, yd, 0.0, 0.5, dropout=Inverted, layer_sizes=[6, 8, 3], iterations=5,
                                 seed=2)
    by_hand = build_network([6, 8, 3], dropout=Inverted, keep_prob=0.5)
    train_layers(by_hand, X, y, X_dev=Xd, y_dev=yd, iterations=5, eval_every=5, seed=2, keep_parameters=False)
    assert _same_run(net, by_hand)
