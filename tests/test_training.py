import numpy as np

from reg_utils import (
    accuracy_of,
    forward_propagation,
    initialize_parameters,
    load_2D_dataset,
    load_run,
    predict,
    save_run,
    train,
)


def test_short_training_lowers_the_cost_and_is_reproducible(capsys):
    X, Y, _, _ = load_2D_dataset()
    first = train(X, Y, num_iterations=2001, print_every=1000, record_every=500)
    second = train(X, Y, num_iterations=2001, print_every=None, record_every=500)
    assert len(first.costs) == 5 and first.costs[-1] < first.costs[0]
    assert all(np.array_equal(first.parameters[k], second.parameters[k]) for k in first.parameters)
    assert capsys.readouterr().out.count("Cost after iteration") == 3


def test_dropout_training_draws_fresh_masks_each_iteration(sol):
    X, Y, _, _ = load_2D_dataset()
    masks = []

    def forward(X, p):
        A3, cache = sol.forward_propagation_with_dropout(X, p, 0.86)
        masks.append(cache[1].copy())
        return A3, cache

    train(X, Y, num_iterations=3, print_every=None, forward=forward,
          backward=lambda X, Y, c: sol.backward_propagation_with_dropout(X, Y, c, 0.86))
    assert not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])


def test_predict_prints_accuracy_and_returns_labels(capsys):
    X, Y, _, _ = load_2D_dataset()
    run = train(X, Y, num_iterations=10, print_every=None)
    p = predict(X, Y, run.parameters)
    assert p.shape == (1, X.shape[1]) and set(np.unique(p)) <= {0, 1}
    assert f"Accuracy: {accuracy_of(X, Y, run.parameters)}" in capsys.readouterr().out


def test_runs_round_trip(tmp_path):
    X, Y, _, _ = load_2D_dataset()
    run = train(X, Y, num_iterations=1001, print_every=None)
    save_run("baseline", run, folder=tmp_path)
    back = load_run("baseline", folder=tmp_path)
    assert back.costs == run.costs and all(np.array_equal(back.parameters[k], v) for k, v in run.parameters.items())
    assert load_run("missing", folder=tmp_path) is None


def _tiny():
    """Five examples on which every layer of the default [2, 20, 3, 1] network learns from the first step."""
    return np.array([[1.0, -1.0, 0.5, -0.5, 0.2], [-0.5, 1.0, -1.0, 0.5, 0.9]]), np.array([[1, 0, 1, 0, 1]])


def test_training_defaults_30000_steps_printed_every_10000_recorded_every_1000(capsys):
    X, Y = _tiny()
    run = train(X, Y)
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == [f"Cost after iteration {i}" for i in (0, 10000, 20000)]
    assert run.record_every == 1000 and len(run.costs) == 30  # iterations 0, 1000, ..., 29000
    assert run.costs[-1] < run.costs[0]
    assert float(printed[1].split(": ")[1]) == run.costs[10]


def test_training_default_learning_rate_is_0_3():
    X, Y = _tiny()
    default = train(X, Y, num_iterations=3, print_every=None)
    explicit = train(X, Y, num_iterations=3, print_every=None, learning_rate=0.3)
    assert all(np.array_equal(default.parameters[k], v) for k, v in explicit.parameters.items())
    start = initialize_parameters([2, 20, 3, 1])
    assert not any(np.array_equal(default.parameters[k], v) for k, v in start.items())  # every layer moved


def test_training_keeps_the_record_interval_it_was_given():
    X, Y = _tiny()
    run = train(X, Y, num_iterations=5, print_every=None, record_every=2)
    assert run.record_every == 2 and len(run.costs) == 3


def test_training_seeds_the_global_generator_after_initialising(capsys):
    X, Y = _tiny()
    draws = []

    def forward(X, p):
        draws.append(np.random.rand())
        return forward_propagation(X, p)

    train(X, Y, num_iterations=2, print_every=None, forward=forward)
    train(X, Y, num_iterations=1, print_every=None, forward=forward, seed=7)
    assert draws == [*np.random.RandomState(1).rand(2), np.random.RandomState(7).rand()]


def test_training_cost_sees_the_parameters_of_that_iteration():
    X, Y = _tiny()
    given_to_forward, given_to_cost = [], []

    def forward(X, p):
        given_to_forward.append(p)
        return forward_propagation(X, p)

    def cost(A3, Y, p):  # an L2-like cost: the sum of the squared weights of the first layer
        given_to_cost.append(p)
        return float(np.sum(np.square(p["W1"])))

    run = train(X, Y, num_iterations=3, print_every=None, record_every=1, forward=forward,
                cost=cost)
    assert len(given_to_cost) == 3 and all(c is f for c, f in zip(given_to_cost, given_to_forward))
    assert run.costs[0] == float(np.sum(np.square(initialize_parameters([2, 20, 3, 1])["W1"])))
