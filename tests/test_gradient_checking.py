"""The gradient_checking assignment: helpers, test cases, public tests with their hints, hidden tests, lesson."""

from __future__ import annotations

import functools
import warnings

import numpy as np
import pytest

import public_tests.gradient_checking as pt
from grading.course.solutions import load_solutions
from grading.samples.gradient_checking import STUDENTS
from reg_utils import backward_propagation, forward_propagation
from reg_utils.gradcheck_network import backward_propagation_with_bugs, network_cost
from reg_utils.vectorize import dictionary_to_vector, gradients_to_vector, parameter_names, vector_to_dictionary
from testCases.gradient_checking import (
    cubic_cost,
    gradient_check_fixed_test_case,
    gradient_check_test_case,
    linear_cost,
    numerical_gradient_test_case,
    quadratic_cost,
    relative_difference_test_case,
)

from . import hidden_harness
from .mistakes import rejects

NAMES = ["numerical_gradient", "relative_difference", "gradient_check"]


@pytest.fixture(scope="module")
def sol():
    return load_solutions("gradient_checking")




def centred(f, theta, eps=1e-6):
    out = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = eps
        out[i] = (f(theta + step) - f(theta - step)) / (2 * eps)
    return out


def _params(seed=0, sizes=(3, 4, 2, 1)):
    rs = np.random.RandomState(seed)
    p = {}
    for l in range(1, len(sizes)):
        p[f"W{l}"] = rs.randn(sizes[l], sizes[l - 1])
        p[f"b{l}"] = rs.randn(sizes[l], 1)
    return p


# --------------------------------------------------------------------------- reg_utils.vectorize
def test_vector_round_trip_order_and_copies():
    p = _params()
    shuffled = {k: p[k] for k in ("b3", "W2", "W1", "b1", "W3", "b2")}
    theta, layout = dictionary_to_vector(shuffled)
    assert [name for name, _ in layout] == ["W1", "b1", "W2", "b2", "W3", "b3"] == parameter_names(shuffled)
    assert theta.shape == (sum(v.size for v in p.values()),)
    assert np.array_equal(theta[:12], p["W1"].ravel()) and np.array_equal(theta[12:16], p["b1"].ravel())
    back = vector_to_dictionary(theta, layout)
    assert all(np.array_equal(back[k], p[k]) for k in p)
    back["W1"][0, 0] = 99.0
    assert theta[0] != 99.0 and p["W1"][0, 0] != 99.0


def test_gradients_to_vector_picks_by_name_and_checks_shapes():
    p = _params()
    _, layout = dictionary_to_vector(p)
    grads = {"d" + k: np.full(v.shape, i, dtype=float) for i, (k, v) in enumerate(p.items())}
    grads["dZ3"] = np.ones((1, 5))
    vector = gradients_to_vector(dict(reversed(list(grads.items()))), layout)
    assert vector[0] == 0 and vector[-1] == 5 and vector.size == 29
    with pytest.raises(ValueError, match="dW1"):
        gradients_to_vector({**grads, "dW1": np.ones((3, 4))}, layout)
    with pytest.raises(ValueError, match="missing"):
        gradients_to_vector({k: v for k, v in grads.items() if k != "db2"}, layout)


@pytest.mark.parametrize("bad", [{"W1": np.ones((1, 1))}, {"W1": np.ones((1, 1)), "b1": np.ones((1, 1)), "c": 1},
                                 {"W1": np.ones((1, 1)), "b1": np.ones((1, 1)), "W3": np.ones((1, 1))}])
def test_parameter_names_refuses_incomplete_layers(bad):
    with pytest.raises(ValueError):
        parameter_names(bad)


def test_vector_to_dictionary_refuses_a_wrong_length():
    _, layout = dictionary_to_vector(_params())
    with pytest.raises(ValueError):
        vector_to_dictionary(np.zeros(5), layout)


# --------------------------------------------------------------------------- reg_utils.gradcheck_network
def test_network_cost_gradient_matches_backward_propagation():
    p = _params(1)
    rs = np.random.RandomState(2)
    X, Y = rs.randn(3, 6), (rs.rand(1, 6) > 0.5).astype(np.int64)
    theta, layout = dictionary_to_vector(p)
    numerical = centred(lambda t: network_cost(vector_to_dictionary(t, layout), X, Y), theta)
    _, cache = forward_propagation(X, p)
    analytic = gradients_to_vector(backward_propagation(X, Y, cache), layout)
    assert np.linalg.norm(analytic - numerical) / (np.linalg.norm(analytic) + np.linalg.norm(numerical)) < 1e-7
    assert isinstance(network_cost(p, X, Y), float)


def test_network_cost_is_silent_when_saturated():
    p = {k: 1000.0 * v for k, v in _params(1).items()}
    X = np.ones((3, 2))
    A3, _ = forward_propagation(X, p)
    wrong = (A3 < 0.5).astype(np.int64)  # every label the opposite of a saturated answer
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert network_cost(p, X, wrong) == np.inf and network_cost(p, X, 1 - wrong) == 0.0


def test_the_planted_bugs_are_exactly_dW2_times_2_and_db1_times_4():
    p = _params(4)
    X = np.random.RandomState(5).randn(3, 7)
    Y = np.array([[1, 0, 1, 1, 0, 0, 1]])
    _, cache = forward_propagation(X, p)
    good, bad = backward_propagation(X, Y, cache), backward_propagation_with_bugs(X, Y, cache)
    for key in ("dW1", "db1", "dW2", "db2", "dW3", "db3"):
        factor = {"dW2": 2.0, "db1": 4.0}.get(key, 1.0)
        assert np.allclose(bad[key], factor * good[key]), key
    # same entries as the correct pass; the intermediate ones are the published exercise's, not yet divided by m
    assert list(bad) == list(good)
    for key in ("dZ3", "dA2", "dZ2", "dA1", "dZ1"):
        assert np.allclose(bad[key], 7 * good[key]), key


# --------------------------------------------------------------------------- testCases.gradient_checking
def test_cost_functions_have_the_stated_gradients():
    theta = np.array([0.3, -1.2, 2.0])
    x = np.array([2.0, -1.0, 0.5])
    assert np.allclose(centred(functools.partial(linear_cost, x=x), theta), x, atol=1e-8)
    assert np.allclose(centred(cubic_cost, theta), 3 * theta ** 2, atol=1e-6)
    p, targets = _params(6), _params(7)
    theta_p, layout = dictionary_to_vector(p)
    numerical = centred(lambda t: quadratic_cost(vector_to_dictionary(t, layout), targets), theta_p)
    assert np.allclose(numerical, theta_p - dictionary_to_vector(targets)[0], atol=1e-6)


def test_published_cases_reproduce_the_published_numbers(sol):
    f, theta = numerical_gradient_test_case()
    assert f(theta) == 8.0
    grad, grad_approx = relative_difference_test_case()
    assert sol.numerical_gradient(f, theta)[0] == grad_approx
    assert sol.relative_difference(grad, grad_approx) == 2.919335883291695e-10
    assert sol.gradient_check(*gradient_check_test_case()) == 0.2850931567761623
    assert sol.gradient_check(*gradient_check_fixed_test_case()) == 1.1890913024229996e-07


def test_test_cases_build_fresh_arrays():
    p, g, _ = gradient_check_test_case()
    p["W1"][0, 0] = 99.0
    g["dW1"][0, 0] = 99.0
    p2, g2, _ = gradient_check_test_case()
    assert p2["W1"][0, 0] != 99.0 and g2["dW1"][0, 0] != 99.0 and list(g2)[0] == "dZ3"


# --------------------------------------------------------------------------- public tests accept
@pytest.mark.parametrize("name", NAMES)
def test_reference_solution_passes(sol, name, capsys):
    getattr(pt, f"{name}_test")(getattr(sol, name))
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


def test_independent_correct_variants_pass(capsys):
    def numerical(f, theta, epsilon=1e-7):
        steps = np.eye(theta.size) * epsilon
        return np.array([(f(theta + step) - f(theta - step)) / 2 / epsilon for step in steps])

    def relative(grad, grad_approx):
        g, a = np.ravel(grad), np.ravel(grad_approx)
        return np.sqrt(np.sum((g - a) ** 2)) / (np.sqrt(g @ g) + np.sqrt(a @ a))

    def check(parameters, gradients, cost_of, epsilon=1e-7):
        names = [f"{k}{l}" for l in range(1, len(parameters) // 2 + 1) for k in "Wb"]
        theta = np.concatenate([parameters[n].reshape(-1) for n in names])
        grad = np.concatenate([gradients["d" + n].reshape(-1) for n in names])

        def rebuild(vector):
            out, start = {}, 0
            for n in names:
                size = parameters[n].size
                out[n] = vector[start:start + size].reshape(parameters[n].shape)
                start += size
            return out

        return relative(grad, numerical(lambda v: cost_of(rebuild(v)), theta, epsilon))

    pt.numerical_gradient_test(numerical)
    pt.relative_difference_test(relative)
    pt.gradient_check_test(check)
    assert capsys.readouterr().out.count("All tests passed.") == 3


# --------------------------------------------------------------------------- public tests reject, with the hint
def _numerical(kind):
    def numerical_gradient(f, theta, epsilon=1e-7):
        out = np.zeros(theta.shape)
        for i in range(theta.size):
            plus, minus = theta.copy(), theta.copy()
            plus[i] += epsilon
            minus[i] -= epsilon
            if kind == "one-sided":
                out[i] = (f(plus) - f(theta)) / epsilon
            elif kind == "backward":
                out[i] = (f(theta) - f(minus)) / epsilon
            elif kind == "eps":
                out[i] = (f(plus) - f(minus)) / epsilon
            elif kind == "all at once":
                out[i] = (f(theta + epsilon) - f(theta - epsilon)) / (2 * epsilon)
        return out
    return numerical_gradient


@pytest.mark.parametrize("kind, hint", [
    ("one-sided", "one-sided difference"),
    ("backward", "one-sided difference"),
    ("eps", "dividing by epsilon instead of 2 epsilon"),
    ("all at once", "perturbing every entry at once"),
])
def test_numerical_gradient_rejects_the_usual_mistakes(kind, hint):
    rejects(pt.numerical_gradient_test, _numerical(kind), hint)


def test_numerical_gradient_rejects_theta_left_perturbed():
    def aliased(f, theta, epsilon=1e-7):
        out = np.zeros(theta.shape)
        for i in range(theta.size):
            theta_plus = theta
            theta_plus[i] += epsilon
            up = f(theta_plus)
            theta_plus[i] -= 2 * epsilon
            out[i] = (up - f(theta_plus)) / (2 * epsilon)
        return out

    message = rejects(pt.numerical_gradient_test, aliased, "leaving theta perturbed")
    assert "theta was changed by the call" in message

    def same_point(f, theta, epsilon=1e-7):
        out = np.zeros(theta.shape)
        for i in range(theta.size):
            theta_plus = theta_minus = np.copy(theta)
            theta_plus[i] += epsilon
            theta_minus[i] -= epsilon
            out[i] = (f(theta_plus) - f(theta_minus)) / (2 * epsilon)
        return out

    rejects(pt.numerical_gradient_test, same_point, "the same point twice")


def _relative(numerator, denominator):
    return lambda g, a: float(numerator(np.ravel(g) - np.ravel(a)) / denominator(np.ravel(g), np.ravel(a)))


NORM = np.linalg.norm


@pytest.mark.parametrize("target, hint", [
    (lambda g, a: float(NORM(np.ravel(g) - np.ravel(a))), "no normalisation"),
    (_relative(lambda v: np.sum(np.abs(v)), lambda g, a: np.sum(np.abs(g)) + np.sum(np.abs(a))), "the wrong norm"),
    (_relative(lambda v: np.max(np.abs(v)), lambda g, a: np.max(np.abs(g)) + np.max(np.abs(a))), "the wrong norm"),
    (_relative(lambda v: NORM(v) ** 2, lambda g, a: NORM(g) ** 2 + NORM(a) ** 2), "squared norms"),
    (_relative(NORM, lambda g, a: NORM(g)), "dividing by ||grad|| only"),
    (_relative(NORM, lambda g, a: NORM(g + a)), "norm of the sum"),
])
def test_relative_difference_rejects_the_usual_mistakes(target, hint):
    message = rejects(pt.relative_difference_test, target, hint)
    assert "0.10741726293516188" in message  # the expected value of the public case is shown


def test_relative_difference_rejects_an_array_result():
    rejects(pt.relative_difference_test, lambda g, a: np.array([[NORM(np.subtract(g, a)) / (NORM(g) + NORM(a))]]),
            None, match="expected a single number")


def _checker(sol, numerical=None, relative=None, flatten=None):
    def gradient_check(parameters, gradients, cost_of, epsilon=1e-7):
        theta, layout = dictionary_to_vector(parameters)
        grad = flatten(gradients) if flatten else gradients_to_vector(gradients, layout)
        approx = (numerical or sol.numerical_gradient)(lambda v: cost_of(vector_to_dictionary(v, layout)), theta,
                                                        epsilon)
        return (relative or sol.relative_difference)(grad, approx)
    return gradient_check


def test_gradient_check_rejects_the_usual_mistakes(sol):
    rejects(pt.gradient_check_test, _checker(sol, numerical=_numerical("one-sided")), "one-sided difference")
    rejects(pt.gradient_check_test, _checker(sol, numerical=_numerical("eps")),
            "dividing by epsilon instead of 2 epsilon")
    rejects(pt.gradient_check_test, _checker(sol, relative=lambda g, a: float(NORM(g - a))), "no normalisation")
    rejects(pt.gradient_check_test, _checker(sol, relative=_relative(
        lambda v: np.sum(np.abs(v)), lambda g, a: np.sum(np.abs(g)) + np.sum(np.abs(a)))), "the wrong norm")
    in_dict_order = _checker(sol, flatten=lambda grads: np.concatenate(
        [v.ravel() for k, v in grads.items() if k[:2] in ("dW", "db")]))
    rejects(pt.gradient_check_test, in_dict_order, "mixing the order of parameters and grads")

    def perturbed(f, theta, epsilon=1e-7):
        theta, out = theta.copy(), np.zeros(theta.shape)
        for i in range(theta.size):
            theta[i] += epsilon
            up = f(theta)
            theta[i] -= 2 * epsilon
            out[i] = (up - f(theta)) / (2 * epsilon)
        return out

    rejects(pt.gradient_check_test, _checker(sol, numerical=perturbed), "leaving theta perturbed")


def test_gradient_check_rejects_modified_parameters(sol):
    def in_place(parameters, gradients, cost_of, epsilon=1e-7):
        result = sol.gradient_check(parameters, gradients, cost_of, epsilon)
        parameters["W1"] += 1e-7
        return result

    rejects(pt.gradient_check_test, in_place, "modifying the inputs in place")


# --------------------------------------------------------------------------- hidden tests
@pytest.mark.parametrize("student", STUDENTS, ids=lambda s: s.name)
def test_hidden_tests_give_each_sample_student_its_total(student):
    verdicts = hidden_harness.grade("gradient_checking", student.answers, blank=student.blank)
    assert hidden_harness.total(verdicts) == student.total, {k: v.message for k, v in verdicts.items()}


def test_hidden_tests_score_8_points_and_defeat_hard_coding():
    cells = hidden_harness.hidden_cells("gradient_checking")
    assert sorted(cells) == sorted(f"{name}_tests" for name in NAMES)
    assert sum(points for _, points in cells.values()) == 8
    eve = next(s for s in STUDENTS if s.name == "eve")
    verdicts = hidden_harness.grade("gradient_checking", eve.answers)
    assert all(verdicts[f"{name}_tests"].score == 0 for name in eve.answers)
    for verdict in verdicts.values():
        assert "e-" not in verdict.message.split(":", 1)[-1] or "2e-7" in verdict.message  # no hidden numbers


# --------------------------------------------------------------------------- lesson
def test_check_lesson_figures_show_the_story():
    from grading.lesson import gradient_checking as lesson

    table, problems, _ = lesson.check()
    assert problems == [], problems
    assert table["planted_bugs"] > 1e-4
    assert max(table[k] for k in ("bugs_removed", "plain", "l2", "dropout_fixed_masks")) < 2e-7
    assert lesson.lesson_problems({**table, "l2": 1e-3}) != []
