import numpy as np

from reg_utils import accuracy_of, load_2D_dataset, load_run, predict, save_run, train


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
