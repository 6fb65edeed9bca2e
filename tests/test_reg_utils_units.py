"""Unit tests of reg_utils helpers written against surviving mutants: figures read back from their axes,
the dev set, saved runs, the circles data, prediction and the deep-stack helpers. Expected values by hand.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.io
from matplotlib.colors import to_hex
from matplotlib.font_manager import FontProperties

from reg_utils import plot_costs, plot_dataset, plot_decision_boundary
from reg_utils.circles import load_circles
from reg_utils.data import DatasetError, load_dev_set
from reg_utils.initialization_study import (
    activation_derivative,
    backward_through_layers,
    plot_layer_histograms,
    train_network,
)
from reg_utils.predict import accuracy_of, predict, predict_dec
from reg_utils.runs import load_run, save_run
from reg_utils.training import TrainingRun

BLUE, VERMILLION = "#0072b2", "#d55e00"


@pytest.fixture
def ax():
    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


# ------------------------------------------------------------------ plotting
def test_plot_dataset_colours_sizes_and_labels(ax):
    X = np.array([[0.0, 0.1, 0.2], [0.3, 0.2, 0.1]])
    plot_dataset(X, np.array([[0, 1, 1]]), ax=ax)
    points = ax.collections[0]
    assert [to_hex(c) for c in points.to_rgba(points.get_array())] == [VERMILLION, BLUE, BLUE]
    assert (points.norm.vmin, points.norm.vmax) == (0, 1)
    assert list(points.get_sizes()) == [14]
    assert to_hex(points.get_edgecolors()[0]) == "#ffffff" and list(points.get_linewidths()) == [0.3]
    assert ax.get_xlabel() == "x1 (along the field)" and ax.get_ylabel() == "x2 (across the field)"
    assert ax.get_title() == ""
    # one class alone keeps its own colour (the colour scale is fixed to 0..1)
    plot_dataset(X[:, :1], np.array([[1]]), ax=ax)
    single = ax.collections[1]
    assert to_hex(single.to_rgba(single.get_array())[0]) == BLUE


def test_plot_dataset_draws_on_the_current_axes_by_default(ax):
    plt.sca(ax)
    assert plot_dataset(np.zeros((2, 1)), np.array([[1]])) is ax


def test_decision_boundary_asks_the_model_on_a_grid_of_the_field(ax):
    seen = []

    def model(points):
        seen.append(points.copy())
        return points[:, 0] > 0

    plot_decision_boundary(model, np.array([[0.0], [0.0]]), np.array([[1]]), ax=ax, title="t")
    grid = seen[0]
    nx, ny = len(np.arange(-0.75, 0.40, 0.005)), len(np.arange(-0.75, 0.65, 0.005))
    assert (nx, ny) == (230, 280) and grid.shape == (nx * ny, 2)
    assert grid[0].tolist() == [-0.75, -0.75] and grid[1] == pytest.approx([-0.745, -0.75])
    assert grid[nx] == pytest.approx([-0.75, -0.745]) and grid[-1] == pytest.approx([0.395, 0.645])
    assert ax.get_xlim() == (-0.75, 0.40) and ax.get_ylim() == (-0.75, 0.65) and ax.get_title() == "t"
    shading = ax.collections[0]
    assert list(shading.levels) == [-0.5, 0.5, 1.5]
    assert [to_hex(c) for c in shading.get_facecolor()] == [VERMILLION, BLUE]
    assert shading.get_alpha() == 0.25
    assert ax.collections[1].get_offsets().tolist() == [[0.0, 0.0]]


def test_decision_boundary_without_limits_frames_the_data_with_a_margin(ax):
    seen = []
    X = np.array([[0.0, 1.0], [2.0, 4.0]])
    plot_decision_boundary(lambda p: seen.append(p) or np.zeros(len(p)), X, np.array([[0, 1]]), ax=ax,
                           limits=None, resolution=0.5)
    assert ax.get_xlim() == pytest.approx((-0.1, 1.1)) and ax.get_ylim() == pytest.approx((1.9, 4.1))
    assert seen[0][:3, 0] == pytest.approx([-0.1, 0.4, 0.9]) and seen[0].shape == (3 * 5, 2)
    assert seen[0][::3, 1] == pytest.approx([1.9, 2.4, 2.9, 3.4, 3.9])


def test_plot_dataset_keeps_the_colour_scale_0_to_1_with_one_class(ax):
    plot_dataset(np.zeros((2, 3)), np.zeros((1, 3), dtype=np.int64), ax=ax)
    points = ax.collections[0]
    # a colour bar drawn from these points reads 0 .. 1, not a degenerate 0 .. 0
    assert (points.norm.vmin, points.norm.vmax) == (0, 1)
    assert {to_hex(c) for c in points.to_rgba(points.get_array())} == {VERMILLION}


def test_decision_boundary_shades_each_side_of_the_model_in_field_units(ax):
    # the model says "our team" right of x1 = 0: the vermillion region is the left part of the window,
    # the blue one the right part, both over the window's full height, in field units (not grid indices)
    plot_decision_boundary(lambda p: p[:, 0] > 0, np.array([[0.0], [0.0]]), np.array([[1]]), ax=ax)
    other, ours = (path.vertices for path in ax.collections[0].get_paths())
    assert other[:, 0].min() == pytest.approx(-0.75) and other[:, 0].max() == pytest.approx(0.0, abs=0.005)
    assert ours[:, 0].min() == pytest.approx(0.0, abs=0.005) and ours[:, 0].max() == pytest.approx(0.395)
    for region in (other, ours):
        assert region[:, 1].min() == pytest.approx(-0.75) and region[:, 1].max() == pytest.approx(0.645)


def test_decision_boundary_reads_the_answers_as_numbers(ax):
    # an object array (as pandas gives for a column of Python ints) is shaded like the numbers it holds
    plot_decision_boundary(lambda p: np.array([int(v) for v in p[:, 0] > 0], dtype=object),
                           np.array([[0.0], [0.0]]), np.array([[1]]), ax=ax, resolution=0.05)
    other, ours = (path.vertices for path in ax.collections[0].get_paths())
    assert other[:, 0].max() == pytest.approx(0.0, abs=0.05) and ours[:, 0].min() == pytest.approx(0.0, abs=0.05)


def test_decision_boundary_window_stays_put_when_points_lie_outside(ax):
    X = np.array([[-2.0, 0.0], [-3.0, 0.0]])
    plot_decision_boundary(lambda p: np.zeros(len(p)), X, np.array([[0, 1]]), ax=ax, resolution=0.05)
    assert ax.get_xlim() == (-0.75, 0.40) and ax.get_ylim() == (-0.75, 0.65)


def test_plot_costs_labels_and_legend(ax):
    plot_costs([1.0, 0.5], ax=ax)
    assert ax.get_legend() is None and ax.get_xlabel() == "iteration" and ax.get_ylabel() == "cost"
    assert ax.lines[0].get_xdata().tolist() == [0, 1000]
    plot_costs([1.0, 0.5], ax=ax, label="L2", record_every=10)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["L2"]
    assert ax.lines[1].get_xdata().tolist() == [0, 10]


def test_plot_layer_histograms(ax):
    fig, axes = plt.subplots(1, 3)
    A = [np.array([[0.0, 1.0, 1.0, 3.0]]), np.array([[2.0, 2.0]])]
    assert plot_layer_histograms(A, axes, value_range=(0.0, 4.0), bins=4, label="He") is axes
    heights = [p.get_height() for p in axes[0].patches]
    assert heights == [1, 2, 0, 1] and axes[0].patches[0].get_x() == 0.0 and axes[0].patches[-1].get_x() == 3.0
    assert to_hex(axes[0].patches[0].get_facecolor()) == BLUE
    assert [a.get_title() for a in axes] == ["layer 1", "layer 2", ""]
    assert axes[0].title.get_fontsize() == 9
    note = axes[0].texts[0]
    assert note.get_text() == "std 1.1" and note.get_position() == (0.97, 0.92)
    assert note.get_ha() == "right" and note.get_va() == "top" and note.get_fontsize() == 8
    assert axes[1].texts[0].get_text() == "std 0"
    assert list(axes[0].get_yticks()) == [] and axes[0].get_ylabel() == "He" and axes[1].get_ylabel() == ""
    assert axes[0].xaxis.get_major_ticks()[0].label1.get_fontsize() == 7
    # the std note sits in the panel's top-right corner whatever the data's range
    assert note.get_transform() == axes[0].transAxes
    # only the x tick labels are made small: y ticks put back later get the usual size
    axes[0].set_yticks([0, 1])
    usual = FontProperties(size=plt.rcParams["ytick.labelsize"]).get_size_in_points()
    assert usual != 7 and axes[0].yaxis.get_major_ticks()[0].label1.get_fontsize() == usual
    assert len(axes[1].patches) == 4
    with pytest.raises(ValueError, match="2 layers need as many axes, got 1"):
        plot_layer_histograms(A, axes[:1])
    plot_layer_histograms(A[:1], axes[2:])
    assert len(axes[2].patches) == 40 and axes[2].get_ylabel() == ""
    plt.close(fig)


# ------------------------------------------------------------------ dev set
def _mat(path, **extra):
    base = {"X": np.zeros((3, 2)), "y": np.zeros((3, 1)), "Xval": np.zeros((2, 2)), "yval": np.ones((2, 1))}
    scipy.io.savemat(str(path), {**base, **extra})
    return path


def test_dev_set_absent_present_or_half_there(tmp_path):
    assert load_dev_set(_mat(tmp_path / "none.mat")) is None
    dev = _mat(tmp_path / "dev.mat", Xdev=np.array([[0.5, 0.25], [0.0, 1.0]]), ydev=np.array([[1], [0]], np.uint8))
    dev_X, dev_Y = load_dev_set(dev)
    assert dev_X.tolist() == [[0.5, 0.0], [0.25, 1.0]] and dev_Y.tolist() == [[1, 0]] and dev_Y.dtype == np.int64
    with pytest.raises(DatasetError, match=r"half\.mat holds Xdev but not its partner; a dev set needs both"):
        load_dev_set(_mat(tmp_path / "half.mat", Xdev=np.zeros((2, 2))))
    with pytest.raises(DatasetError, match="holds ydev but not its partner"):
        load_dev_set(_mat(tmp_path / "half2.mat", ydev=np.zeros((2, 1))))
    with pytest.raises(DatasetError, match="'Xdev' should have shape"):
        load_dev_set(_mat(tmp_path / "bad.mat", Xdev=np.zeros((2, 3)), ydev=np.zeros((2, 1))))


def test_dev_set_of_the_bundled_file_and_the_environment(tmp_path, monkeypatch):
    path = _mat(tmp_path / "env.mat", Xdev=np.zeros((4, 2)), ydev=np.zeros((4, 1)))
    monkeypatch.setenv("REG_UTILS_DATASET", str(path))
    assert load_dev_set()[0].shape == (2, 4)
    with pytest.raises(DatasetError, match="data file not found"):
        load_dev_set(tmp_path / "missing.mat")


# ------------------------------------------------------------------ runs
def test_save_and_load_a_run(tmp_path):
    run = TrainingRun(parameters={"W1": np.eye(2), "b1": np.zeros((2, 1))}, costs=[0.7, 0.3], record_every=10,
                      note="lambd = 0.7")
    path = save_run("l2", run, folder=tmp_path / "runs")
    assert path == tmp_path / "runs" / "l2.npz" and path.is_file()
    back = load_run("l2", folder=tmp_path / "runs")
    assert back.note == "lambd = 0.7" and back.costs == [0.7, 0.3] and back.record_every == 10
    assert isinstance(back.record_every, int) and sorted(back.parameters) == ["W1", "b1"]
    assert np.array_equal(back.parameters["W1"], np.eye(2))
    save_run("other", run, folder=tmp_path, note="given")
    assert load_run("other", folder=tmp_path).note == "given"
    assert load_run("missing", folder=tmp_path) is None
    np.savez(tmp_path / "old.npz", costs=np.array([1.0]), record_every=5, W1=np.ones(1))
    old = load_run("old", folder=tmp_path)
    assert old.note == "" and old.record_every == 5 and list(old.parameters) == ["W1"]
    # arrays saved beside the model (inputs, labels) are not taken for parameters
    np.savez(tmp_path / "extra.npz", costs=np.array([1.0]), record_every=5, W1=np.ones(1), X=np.zeros((2, 3)),
             Y=np.zeros((1, 3)))
    assert list(load_run("extra", folder=tmp_path).parameters) == ["W1"]


def test_runs_default_folder_is_runs_beside_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_run("base", TrainingRun(parameters={"W1": np.ones(1)}, costs=[1.0]))
    assert (tmp_path / "runs" / "base.npz").is_file() and load_run("base").costs == [1.0]


# ------------------------------------------------------------------ circles
def test_circles_are_fixed_draws_of_their_own():
    np.random.seed(7)
    state = np.random.get_state()[1].copy()
    train_X, train_Y, test_X, test_Y = load_circles(n_train=6, n_test=4, noise=0.0)
    assert np.array_equal(np.random.get_state()[1], state)
    assert train_X.shape == (2, 6) and test_X.shape == (2, 4) and train_Y.dtype == np.int64
    radius = np.hypot(*train_X)
    assert np.allclose(radius[train_Y[0] == 1], 0.8) and np.allclose(radius[train_Y[0] == 0], 1.0)
    assert sorted(train_Y[0].tolist()) == [0, 0, 0, 1, 1, 1]
    again = load_circles(n_train=6, n_test=4, noise=0.0)
    assert all(np.array_equal(a, b) for a, b in zip(again, (train_X, train_Y, test_X, test_Y)))
    noisy = load_circles(n_train=50, n_test=50, noise=0.05)
    assert not np.allclose(np.hypot(*noisy[0])[noisy[1][0] == 0], 1.0)
    assert not np.array_equal(noisy[0], noisy[2])  # the two splits are different draws
    with pytest.raises(ValueError, match="^each split needs at least two examples$"):
        load_circles(n_train=1)
    with pytest.raises(ValueError):
        load_circles(n_test=1)
    assert load_circles(n_train=2, n_test=2)[0].shape == (2, 2)


def test_circles_by_default_are_300_and_100_points_with_noise_0_05():
    train_X, train_Y, test_X, test_Y = load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300) and test_X.shape == (2, 100)
    assert all(np.array_equal(a, b) for a, b in zip((train_X, train_Y, test_X, test_Y),
                                                   load_circles(n_train=300, n_test=100, noise=0.05)))
    # Gaussian noise of std 0.05 per coordinate moves a point's radius by about 0.05
    radius = np.hypot(*train_X)
    for label, circle in ((1, 0.8), (0, 1.0)):
        on_it = radius[train_Y[0] == label]
        assert abs(on_it.mean() - circle) < 0.02 and 0.03 < on_it.std() < 0.07


# ------------------------------------------------------------------ prediction
def _network():
    return {"W1": np.array([[1.0, 0.0]]), "b1": np.zeros((1, 1)), "W2": np.array([[1.0]]), "b2": np.zeros((1, 1)),
            "W3": np.array([[10.0]]), "b3": np.array([[-5.0]])}


def test_predict_labels_accuracy_and_decision(capsys):
    X = np.array([[0.2, 0.6, 1.0, 0.5], [0.0, 0.0, 0.0, 0.0]])
    y = np.array([[0, 1, 0, 1]])
    # A3 = sigmoid(10 relu(x1) - 5): above 0.5 exactly when x1 > 0.5
    assert predict(X, y, _network()).tolist() == [[0, 1, 1, 0]]
    assert capsys.readouterr().out == "Accuracy: 0.5\n"
    assert predict(X, y, _network(), verbose=False).dtype == np.int64 and capsys.readouterr().out == ""
    assert predict_dec(_network(), X).tolist() == [[False, True, True, False]]
    assert accuracy_of(X, y, _network()) == 0.5 and capsys.readouterr().out == ""
    assert accuracy_of(X, np.array([[0, 1, 1, 1]]), _network()) == 0.75


# ------------------------------------------------------------------ deep-stack helpers
def test_activation_derivative_in_terms_of_the_output():
    A = np.array([[-0.5, 0.0, 0.5]])
    assert activation_derivative(A, "relu").tolist() == [[0.0, 0.0, 1.0]]
    assert activation_derivative(A, "relu").dtype == np.float64
    assert activation_derivative(A, "tanh").tolist() == [[0.75, 1.0, 0.75]]
    with pytest.raises(ValueError, match=r"activation must be one of \('relu', 'tanh'\), got 'sigmoid'"):
        activation_derivative(A, "sigmoid")


def test_backward_through_a_two_layer_tanh_stack_by_hand():
    X = np.array([[1.0, 2.0]])
    W1, W2 = np.array([[0.5]]), np.array([[2.0]])
    A1 = np.tanh(W1 @ X)
    A2 = np.tanh(W2 @ A1)
    up = np.array([[1.0, -1.0]])
    dW1, dW2 = backward_through_layers(X, [A1, A2], {"W1": W1, "W2": W2}, "tanh", upstream=up)
    dZ2 = up / 2 * (1 - A2 ** 2)
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    assert dW2 == pytest.approx(dZ2 @ A1.T) and dW1 == pytest.approx(dZ1 @ X.T)
    default = backward_through_layers(X, [A1, A2], {"W1": W1, "W2": W2}, "tanh")
    up0 = np.random.default_rng(0).standard_normal((1, 2))
    assert default[1] == pytest.approx((up0 / 2 * (1 - A2 ** 2)) @ A1.T)


def test_train_network_records_prints_and_starts_where_told(capsys):
    X = np.array([[0.2, 0.6, 1.0, 0.5], [0.1, 0.0, 0.3, 0.2]])
    Y = np.array([[0, 1, 1, 0]])
    start = {"W1": np.array([[1.0, 0.5], [0.2, -0.3]]), "b1": np.zeros((2, 1)), "W2": np.array([[1.0, 0.5]]),
             "b2": np.zeros((1, 1)), "W3": np.array([[1.0]]), "b3": np.zeros((1, 1))}
    kept = {k: v.copy() for k, v in start.items()}
    run = train_network(X, Y, start, learning_rate=0.1, num_iterations=5, print_every=2, record_every=3)
    assert all(np.array_equal(start[k], kept[k]) for k in start)
    assert run.record_every == 3 and len(run.costs) == 2
    A3 = 1 / (1 + np.exp(-(np.maximum(np.maximum(start["W1"] @ X, 0).T @ start["W2"].T, 0).T)))
    cross_entropy = float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))
    assert run.costs[0] == pytest.approx(cross_entropy)
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed] == ["Cost after iteration 0", "Cost after iteration 2",
                                                        "Cost after iteration 4"]
    assert float(printed[0].split(": ")[1]) == pytest.approx(cross_entropy)
    assert not np.array_equal(run.parameters["W1"], start["W1"])
    silent = train_network(X, Y, start, learning_rate=0.1, num_iterations=3)
    assert capsys.readouterr().out == "" and silent.record_every == 1000 and len(silent.costs) == 1


def _start():
    return {"W1": np.array([[1.0, 0.5], [0.2, -0.3]]), "b1": np.zeros((2, 1)), "W2": np.array([[1.0, 0.5]]),
            "b2": np.zeros((1, 1)), "W3": np.array([[1.0]]), "b3": np.zeros((1, 1))}


def test_train_network_defaults_are_15000_steps_of_0_01():
    X = np.array([[0.2, 0.6, 1.0, 0.5], [0.1, 0.0, 0.3, 0.2]])
    Y = np.array([[0, 1, 1, 0]])
    short = train_network(X, Y, _start(), num_iterations=3)
    assert all(np.array_equal(short.parameters[k], v)
               for k, v in train_network(X, Y, _start(), learning_rate=0.01, num_iterations=3).parameters.items())
    # iterations 0, 1000, ..., 14000 are recorded; a 15001st step would add iteration 15000
    assert len(train_network(X, Y, _start()).costs) == 15
    start = _start()
    untrained = train_network(X, Y, start, num_iterations=0)
    assert untrained.costs == [] and untrained.record_every == 1000
    assert all(np.array_equal(untrained.parameters[k], v) for k, v in _start().items())
    untrained.parameters["W1"] = np.zeros((2, 2))  # the run's dictionary is its own, not the caller's
    assert np.array_equal(start["W1"], _start()["W1"])


# ------------------------------------------------------------------ messages and edges (from surviving mutants)
def test_initialize_parameters_needs_two_sizes():
    from reg_utils.network import initialize_parameters

    with pytest.raises(ValueError, match="^layer_dims needs at least an input and an output size$"):
        initialize_parameters([3])
    assert sorted(initialize_parameters([2, 1])) == ["W1", "b1"]


def test_vector_helpers_name_what_is_wrong():
    from reg_utils.vectorize import gradients_to_vector, parameter_names, vector_to_dictionary

    with pytest.raises(ValueError, match=r"^unexpected parameter name 'c': expected W1, b1, W2, b2, \.\.\.$"):
        parameter_names({"W1": 0, "b1": 0, "c": 0})
    with pytest.raises(ValueError, match=r"^expected W1, b1, \.\.\., W2, b2; got \['W1', 'W3', 'b1', 'b3'\]$"):
        parameter_names({"W1": 0, "b1": 0, "W3": 0, "b3": 0})
    layout = [("W1", (1, 2)), ("b1", (1, 1))]
    with pytest.raises(ValueError, match=r"^expected a 1-D vector of 3 numbers, got shape \(1, 3\)$"):
        vector_to_dictionary(np.zeros((1, 3)), layout)
    with pytest.raises(ValueError, match=r"^expected a 1-D vector of 3 numbers, got shape \(4,\)$"):
        vector_to_dictionary(np.zeros(4), layout)
    with pytest.raises(ValueError, match=r"^dW1 has shape \(2, 1\), but W1 has shape \(1, 2\)$"):
        gradients_to_vector({"dW1": np.zeros((2, 1)), "db1": np.zeros((1, 1))}, layout)


def test_save_run_makes_nested_folders(tmp_path):
    path = save_run("x", TrainingRun(parameters={"W1": np.ones(1)}, costs=[1.0]), folder=tmp_path / "a" / "b")
    assert path == tmp_path / "a" / "b" / "x.npz" and path.is_file()


def test_data_errors_name_the_file_the_keys_and_the_shapes(tmp_path):
    from reg_utils import load_2D_dataset

    bad_y = _mat(tmp_path / "bad_y.mat", y=np.zeros((2, 1)))
    with pytest.raises(DatasetError) as info:
        load_2D_dataset(bad_y)
    assert str(info.value) == f"{bad_y}: 'y' should have shape (3, 1) to match 'X', found (2, 1)"
    bad_val = _mat(tmp_path / "bad_val.mat", yval=np.zeros((2, 2)))
    with pytest.raises(DatasetError) as info:
        load_2D_dataset(bad_val)
    assert str(info.value) == f"{bad_val}: 'yval' should have shape (2, 1) to match 'Xval', found (2, 2)"
    bad_dev = _mat(tmp_path / "bad_dev.mat", Xdev=np.zeros((2, 2)), ydev=np.zeros((3, 1)))
    with pytest.raises(DatasetError) as info:
        load_dev_set(bad_dev)
    assert str(info.value) == f"{bad_dev}: 'ydev' should have shape (2, 1) to match 'Xdev', found (3, 1)"
    keys = tmp_path / "keys.mat"
    scipy.io.savemat(str(keys), {"X": np.zeros((3, 2)), "y": np.zeros((3, 1))})
    with pytest.raises(DatasetError) as info:
        load_2D_dataset(keys)
    assert str(info.value) == f"{keys} lacks the key(s) Xval, yval; expected X, y, Xval, yval"
    junk = tmp_path / "junk.mat"
    junk.write_bytes(b"junk")
    with pytest.raises(DatasetError) as info:
        load_2D_dataset(junk)
    assert str(info.value).startswith(f"cannot read {junk} as a .mat file with keys X, y, Xval, yval: ")


def test_figures_go_to_the_axes_given_not_the_current_one():
    fig, (given, current) = plt.subplots(1, 2)
    plt.sca(current)
    X = np.array([[0.0, 0.1], [0.2, 0.3]])
    plot_dataset(X, np.array([[0, 1]]), ax=given)
    plot_costs([1.0], ax=given)
    plot_decision_boundary(lambda p: np.zeros(len(p)), X, np.array([[0, 1]]), ax=given, resolution=0.05)
    assert len(current.collections) == 0 and len(current.lines) == 0
    assert len(given.collections) == 3 and len(given.lines) == 1
    plt.close(fig)


def test_integer_input_comes_out_as_float64(tmp_path):
    from reg_utils import load_2D_dataset
    from reg_utils.vectorize import dictionary_to_vector, gradients_to_vector

    theta, layout = dictionary_to_vector({"W1": np.array([[1, 2]]), "b1": np.array([[3]])})
    assert theta.dtype == np.float64 and theta.tolist() == [1.0, 2.0, 3.0]
    grad = gradients_to_vector({"dW1": np.array([[4, 5]]), "db1": np.array([[6]])}, layout)
    assert grad.dtype == np.float64 and grad.tolist() == [4.0, 5.0, 6.0]
    path = tmp_path / "ints.mat"
    scipy.io.savemat(str(path), {"X": np.array([[1, 2], [3, 4]], dtype=np.int32), "y": np.array([[1], [0]]),
                                 "Xval": np.array([[1, 2]], dtype=np.int16), "yval": np.array([[1]])})
    train_X, _, test_X, _ = load_2D_dataset(path)
    assert train_X.dtype == test_X.dtype == np.float64 and train_X.tolist() == [[1.0, 3.0], [2.0, 4.0]]
