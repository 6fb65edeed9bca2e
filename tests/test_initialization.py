"""The initialization assignment: helpers, test cases, public tests with their hints, hidden tests, lesson."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import public_tests.initialization as pt
from grading.course.solutions import load_solutions
from grading.samples.initialization import STUDENTS
from reg_utils import relu, sigmoid
from reg_utils.circles import load_circles
from reg_utils.initialization_study import (
    activation_derivative,
    backward_through_layers,
    plot_layer_histograms,
    train_network,
)
from testCases.initialization import forward_hidden_layers_test_case

from . import hidden_harness
from .mistakes import rejects

NAMES = ["initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he",
         "initialize_parameters_xavier", "forward_hidden_layers"]


@pytest.fixture(scope="module")
def sol():
    return load_solutions("initialization")




def _init(scale_of, draw=np.random.randn, bias=lambda n: np.zeros((n, 1)), shape=lambda a, b: (a, b)):
    """An initialiser built from parts, to make each usual mistake in one place."""
    def initialiser(layers_dims, scale=10.0):
        parameters = {}
        for l in range(1, len(layers_dims)):
            parameters[f"W{l}"] = draw(*shape(layers_dims[l], layers_dims[l - 1])) * scale_of(layers_dims, l, scale)
            parameters[f"b{l}"] = bias(layers_dims[l])
        return parameters
    return initialiser


HE = lambda dims, l, scale: np.sqrt(2 / dims[l - 1])  # noqa: E731
XAVIER = lambda dims, l, scale: np.sqrt(1 / dims[l - 1])  # noqa: E731
RANDOM = lambda dims, l, scale: scale  # noqa: E731


# --------------------------------------------------------------------------- helpers
def test_load_circles_layout_and_determinism():
    state = np.random.get_state()
    train_X, train_Y, test_X, test_Y = load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300) and test_X.shape == (2, 100)
    assert train_X.dtype == np.float64 and train_Y.dtype == np.int64 and set(np.unique(train_Y)) == {0, 1}
    assert np.array_equal(load_circles()[0], train_X)
    assert np.array_equal(np.random.get_state()[1], state[1])  # the global generator is left alone
    with pytest.raises(ValueError):
        load_circles(n_train=1)


def test_train_network_leaves_its_start_alone_and_learns():
    X, Y, _, _ = load_circles(n_train=40, n_test=10)
    rs = np.random.RandomState(0)
    start = {"W1": rs.randn(4, 2), "b1": np.zeros((4, 1)), "W2": rs.randn(3, 4), "b2": np.zeros((3, 1)),
             "W3": rs.randn(1, 3), "b3": np.zeros((1, 1))}
    copy = {k: v.copy() for k, v in start.items()}
    run = train_network(X, Y, start, learning_rate=0.1, num_iterations=300, record_every=100)
    assert all(np.array_equal(start[k], copy[k]) for k in start)
    assert len(run.costs) == 3 and run.costs[-1] < run.costs[0]
    frozen = train_network(X, Y, start, learning_rate=0.0, num_iterations=5)
    assert all(np.array_equal(frozen.parameters[k], start[k]) for k in start)


@pytest.mark.parametrize("activation, g", [("relu", relu), ("tanh", np.tanh)])
def test_activation_derivative_matches_a_centred_difference(activation, g):
    z = np.array([-2.0, -0.3, 0.4, 1.7])
    eps = 1e-6
    numerical = (g(z + eps) - g(z - eps)) / (2 * eps)
    assert np.allclose(activation_derivative(g(z), activation), numerical, atol=1e-8)
    with pytest.raises(ValueError):
        activation_derivative(z, "sigmoid")


def _stack(X, parameters, activation):
    g = np.tanh if activation == "tanh" else relu
    out, A = [], X
    for l in range(1, len(parameters) // 2 + 1):
        A = g(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
        out.append(A)
    return out


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_backward_through_layers_passes_a_numerical_gradient_check(activation):
    rs = np.random.RandomState(3)
    X = rs.randn(3, 5)
    p = {"W1": rs.randn(4, 3), "b1": rs.randn(4, 1), "W2": rs.randn(4, 4), "b2": rs.randn(4, 1),
         "W3": rs.randn(2, 4), "b3": rs.randn(2, 1)}
    upstream = rs.randn(2, 5)

    def loss(parameters):
        return float(np.sum(upstream * _stack(X, parameters, activation)[-1]) / X.shape[1])

    grads = backward_through_layers(X, _stack(X, p, activation), p, activation, upstream)
    eps = 1e-6
    for l in (1, 2, 3):
        numerical = np.zeros_like(p[f"W{l}"])
        for index in np.ndindex(*numerical.shape):
            plus = {k: v.copy() for k, v in p.items()}
            minus = {k: v.copy() for k, v in p.items()}
            plus[f"W{l}"][index] += eps
            minus[f"W{l}"][index] -= eps
            numerical[index] = (loss(plus) - loss(minus)) / (2 * eps)
        analytic = grads[l - 1]
        difference = np.linalg.norm(analytic - numerical) / (np.linalg.norm(analytic) + np.linalg.norm(numerical))
        assert difference < 1e-7, (l, difference)


def test_backward_through_layers_default_upstream_leaves_the_global_generator_alone():
    X = np.ones((2, 3))
    p = {"W1": np.eye(2), "b1": np.zeros((2, 1))}
    state = np.random.get_state()
    grads = backward_through_layers(X, _stack(X, p, "tanh"), p, "tanh")
    assert grads[0].shape == (2, 2) and np.array_equal(np.random.get_state()[1], state[1])


def test_plot_layer_histograms_draws_one_panel_per_layer():
    activations = [np.linspace(-1, 1, 50).reshape(5, 10), np.zeros((5, 10))]
    fig, axes = plt.subplots(1, 3)
    plot_layer_histograms(activations, axes, value_range=(-1, 1), label="Xavier")
    assert [ax.get_title() for ax in axes[:2]] == ["layer 1", "layer 2"]
    assert sum(patch.get_height() for patch in axes[0].patches) == 50 and axes[0].get_ylabel() == "Xavier"
    with pytest.raises(ValueError):
        plot_layer_histograms(activations, axes[:1])
    plt.close(fig)


def test_test_cases_are_fresh_arrays():
    X, p = forward_hidden_layers_test_case()
    X[0, 0] = 99.0
    p["W1"][0, 0] = 99.0
    X2, p2 = forward_hidden_layers_test_case()
    assert X2[0, 0] != 99.0 and p2["W1"][0, 0] != 99.0 and X2.shape == (3, 4)


# --------------------------------------------------------------------------- public tests accept
@pytest.mark.parametrize("name", NAMES)
def test_reference_solution_passes(sol, name, capsys):
    getattr(pt, f"{name}_test")(getattr(sol, name))
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


def test_independent_correct_variants_pass(capsys):
    def zeros(layers_dims):
        return {key: np.zeros(shape) for l, (n_in, n_out) in enumerate(zip(layers_dims, layers_dims[1:]), 1)
                for key, shape in ((f"W{l}", (n_out, n_in)), (f"b{l}", (n_out, 1)))}

    def he(layers_dims):
        parameters = {}
        for l in range(1, len(layers_dims)):
            parameters[f"W{l}"] = np.random.normal(size=(layers_dims[l], layers_dims[l - 1])) \
                / np.sqrt(layers_dims[l - 1] / 2)
            parameters[f"b{l}"] = np.zeros(shape=(layers_dims[l], 1), dtype=float)
        return parameters

    def forward(X, parameters, activation):
        g = {"relu": lambda z: z * (z > 0), "tanh": np.tanh}[activation]
        layers = []
        for l in range(1, len(parameters) // 2 + 1):
            layers.append(g(parameters[f"W{l}"] @ (layers[-1] if layers else X) + parameters[f"b{l}"]))
        return tuple(layers)

    pt.initialize_parameters_zeros_test(zeros)
    pt.initialize_parameters_random_test(_init(RANDOM))
    pt.initialize_parameters_he_test(he)
    pt.initialize_parameters_xavier_test(_init(XAVIER))
    pt.forward_hidden_layers_test(forward)
    assert capsys.readouterr().out.count("All tests passed.") == 5


# --------------------------------------------------------------------------- public tests reject, with the hint
def test_he_rejects_the_wrong_scales_and_draws():
    rejects(pt.initialize_parameters_he_test, _init(XAVIER), "sqrt(1/n) for He")
    message = rejects(pt.initialize_parameters_he_test, _init(lambda d, l, s: np.sqrt(2 / d[l])),
                      "n_l instead of n_(l-1)")
    assert "expected" in message and "1.46040903" in message
    rejects(pt.initialize_parameters_he_test, _init(HE, draw=np.random.rand), "rand instead of randn")
    rejects(pt.initialize_parameters_he_test, _init(HE, shape=lambda a, b: (b, a)), "W transposed")


def test_xavier_rejects_he_scale_and_fan_out():
    rejects(pt.initialize_parameters_xavier_test, _init(HE), "He's scale for Xavier")
    rejects(pt.initialize_parameters_xavier_test, _init(lambda d, l, s: np.sqrt(1 / d[l])), "n_l instead of n_(l-1)")


def test_random_rejects_the_usual_mistakes():
    rejects(pt.initialize_parameters_random_test, _init(RANDOM, draw=np.random.rand), "rand instead of randn")
    rejects(pt.initialize_parameters_random_test, _init(lambda d, l, s: 10.0), "scale ignored")
    random_bias = _init(RANDOM, bias=lambda n: np.random.randn(n, 1))
    rejects(pt.initialize_parameters_random_test, random_bias, "drawing b at random")

    def seeding_inside(layers_dims, scale=10.0):
        np.random.seed(3)
        return _init(RANDOM)(layers_dims, scale)

    rejects(pt.initialize_parameters_random_test, seeding_inside, "seeding inside the function")


def test_zeros_rejects_forgotten_biases_and_bad_shapes():
    def no_biases(layers_dims):
        return {f"W{l}": np.zeros((layers_dims[l], layers_dims[l - 1])) for l in range(1, len(layers_dims))}

    rejects(pt.initialize_parameters_zeros_test, no_biases, "forgot the biases")
    flat_bias = _init(lambda d, l, s: 0.0, bias=lambda n: np.zeros(n))
    rejects(pt.initialize_parameters_zeros_test, flat_bias, None, match="keep the (n, 1) column shape")
    rejects(pt.initialize_parameters_zeros_test, _init(lambda d, l, s: 0.0, shape=lambda a, b: (b, a)),
            "W transposed")

    def from_layer_0(layers_dims):
        out = _init(lambda d, l, s: 0.0)(layers_dims)
        return {**out, "W0": np.zeros((layers_dims[0], 1)), "b0": np.zeros((layers_dims[0], 1))}

    rejects(pt.initialize_parameters_zeros_test, from_layer_0, None, match="the input layer has no parameters")


def test_initialisers_reject_a_modified_layer_list():
    def pops(layers_dims):
        out = _init(lambda d, l, s: 0.0)(list(layers_dims))
        layers_dims.append(1)
        return out

    rejects(pt.initialize_parameters_zeros_test, pops, "modifying the inputs in place")


def _forward(bias=True, pre=False, act=None, last=None, with_input=False):
    def forward(X, parameters, activation):
        g = {"relu": relu, "tanh": np.tanh}[act or activation]
        out, A = ([X] if with_input else []), X
        L = len(parameters) // 2
        for l in range(1, L + 1):
            Z = parameters[f"W{l}"] @ A + (parameters[f"b{l}"] if bias else 0)
            A = Z if pre else (last(Z) if last and l == L else g(Z))
            out.append(A)
        return out
    return forward


def test_forward_rejects_the_usual_mistakes():
    rejects(pt.forward_hidden_layers_test, _forward(bias=False), "forgot the bias")
    rejects(pt.forward_hidden_layers_test, _forward(pre=True), "returned Z instead of A")
    rejects(pt.forward_hidden_layers_test, _forward(act="relu"), "activation ignored")
    rejects(pt.forward_hidden_layers_test, _forward(last=sigmoid), "sigmoid on the last layer")
    rejects(pt.forward_hidden_layers_test, _forward(with_input=True), "included the input")

    def in_place(X, parameters, activation):
        out = _forward()(X, parameters, activation)
        X *= 2
        return out

    rejects(pt.forward_hidden_layers_test, in_place, "modifying the inputs in place")


def test_a_stub_is_reported_as_not_answered():
    def stub(layers_dims):
        raise NotImplementedError()

    rejects(pt.initialize_parameters_zeros_test, stub, None, match="not answered yet")


# --------------------------------------------------------------------------- hidden tests
@pytest.mark.parametrize("student", STUDENTS, ids=lambda s: s.name)
def test_hidden_tests_give_each_sample_student_its_total(student):
    verdicts = hidden_harness.grade("initialization", student.answers, blank=student.blank)
    assert hidden_harness.total(verdicts) == student.total, {k: v.message for k, v in verdicts.items()}


def test_hidden_tests_score_7_points_and_defeat_hard_coding():
    cells = hidden_harness.hidden_cells("initialization")
    assert sorted(cells) == sorted(f"{name}_tests" for name in NAMES)
    assert sum(points for _, points in cells.values()) == 7
    eve = next(s for s in STUDENTS if s.name == "eve")
    verdicts = hidden_harness.grade("initialization", eve.answers)
    for grade_id in eve.answers:
        assert verdicts[f"{grade_id}_tests"].score == 0
    # The public tests also call with other seeds and sizes, so they reject it as well.
    namespace: dict = {"np": np}
    exec(eve.answers["initialize_parameters_random"], namespace)
    with pytest.raises(AssertionError):
        pt.initialize_parameters_random_test(namespace["initialize_parameters_random"])


def test_hidden_messages_name_the_check_not_the_hidden_values():
    cleo = next(s for s in STUDENTS if s.name == "cleo")
    for verdict in hidden_harness.grade("initialization", cleo.answers).values():
        if verdict.score < verdict.max_score:
            # No hidden layer sizes (printed as lists), seeds or expected numbers in the message.
            assert "[" not in verdict.message and "seed(" not in verdict.message, verdict.message
            assert len(verdict.message) < 200


# --------------------------------------------------------------------------- lesson
@pytest.mark.slow  # trains the lesson's networks
def test_check_lesson_figures_show_the_story():
    from grading.lesson import initialization as lesson

    table, problems, _ = lesson.check()
    assert problems == [], problems
    assert table["zeros"]["train"] <= 0.6 and table["zeros"]["first_cost"] == pytest.approx(np.log(2))
    assert table["he"]["test"] - table["random"]["test"] >= 0.05 and table["random"]["first_cost"] is None
    broken = {**table, "zeros": {**table["zeros"], "train": 0.9}}
    assert any("zeros learn" in p for p in lesson.lesson_problems(broken))
