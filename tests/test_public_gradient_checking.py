"""public_tests.gradient_checking: the call a failure names, the cases it runs, and its tolerances.

The tolerances are pinned from both sides: the reference answer moved by 0.9 of a tolerance passes
(or keeps its hint), moved by a little more than the tolerance fails (or loses it). The hints'
wording is pinned by the mistake-by-hint matrix (tests/test_hints_gradient_checking.py).
"""

from __future__ import annotations

import numpy as np
import pytest

import public_tests.gradient_checking as pt
from public_tests.compare import StudentCodeError

from .mistakes import assert_no_hint, assert_only_hint, edited, failure, hints

A = "gradient_checking"
CENTRED = "(f(theta_plus) - f(theta_minus)) / (2 * epsilon)"
NUMERICAL = edited(A, "numerical_gradient")
RELATIVE = edited(A, "relative_difference")


def _on_call(solution, number, change):
    """``solution``, except that its ``number``-th call (counting from 1) returns ``change(result)``."""
    calls = []

    def target(*args, **kwargs):
        calls.append(args)
        result = solution(*args, **kwargs)
        return change(result) if len(calls) == number else result

    return target


def _shifted(solution, offset):
    return lambda *args, **kwargs: solution(*args, **kwargs) + offset


def _planted_error(_):
    raise ValueError("planted")


def _crash_line(test, target) -> str:
    with pytest.raises(StudentCodeError) as info:
        test(target)
    return str(info.value).splitlines()[0]


# ============================================================== numerical_gradient
@pytest.mark.parametrize("number", [1, 2, 3], ids=["cubic", "one-d", "linear"])
def test_numerical_gradient_crashing_on_any_case_is_named(number):
    assert _crash_line(pt.numerical_gradient_test, _on_call(NUMERICAL, number, _planted_error)) == (
        "numerical_gradient: your function raised ValueError: planted")


def test_numerical_gradient_is_called_on_the_cases_its_messages_name():
    calls = []

    def recording(f, theta, **kwargs):
        calls.append((theta.tolist(), kwargs))
        return NUMERICAL(f, theta, **kwargs)

    pt.numerical_gradient_test(recording)
    assert calls == [([1.0, -2.0, 0.5], {"epsilon": 1e-3}), ([4.0], {}), ([4.0, -1.0, 0.5], {})]


def test_numerical_gradient_expects_the_named_slope_of_the_linear_cost():
    message = str(failure(pt.numerical_gradient_test, _on_call(NUMERICAL, 3, lambda grad: 0 * grad)))
    lines = message.splitlines()
    assert lines[0] == ("numerical_gradient(J = theta . [2, 3, -1], theta = [4, -1, 0.5]): wrong values "
                        "(3 of 3 entries)")
    assert lines[1] == "  expected: [ 2.  3. -1.]"
    assert hints(message)[0][0] == "the same point twice"


@pytest.mark.parametrize("number, label, atol", [
    (1, "J = sum(theta**3), theta = [1.0, -2.0, 0.5], epsilon = 0.001", 1e-7),
    (2, "J = 2 * theta, theta = [4.0]", 1e-9),
    (3, "J = theta . [2, 3, -1], theta = [4, -1, 0.5]", 1e-6),
], ids=["cubic", "one-d", "linear"])
def test_numerical_gradient_tolerance_of_each_case(number, label, atol, capsys):
    pt.numerical_gradient_test(_on_call(NUMERICAL, number, lambda grad: grad + 0.9 * atol))
    assert capsys.readouterr().out == "All tests passed.\n"
    message = str(failure(pt.numerical_gradient_test, _on_call(NUMERICAL, number, lambda grad: grad + 1.1 * atol)))
    assert message.startswith(f"numerical_gradient({label}): wrong values")


def test_numerical_gradient_names_a_mistake_made_on_the_one_d_case_only():
    halved = _on_call(NUMERICAL, 2, lambda grad: 2 * grad)
    message = assert_only_hint(failure(pt.numerical_gradient_test, halved), "dividing by epsilon instead of 2 epsilon",
                               "divide the difference of the two costs by 2 * epsilon")
    assert message.startswith("numerical_gradient(J = 2 * theta, theta = [4.0]): wrong values")


SIGNATURES = {
    "epsilon": ([(" / (2 * epsilon)", " / epsilon")], "dividing by epsilon instead of 2 epsilon",
                "divide the difference of the two costs"),
    "forward": ([(CENTRED, "(f(theta_plus) - f(theta)) / epsilon")], "one-sided difference",
                "(J(theta + eps) - J(theta)) / eps has an error"),
    "backward": ([(CENTRED, "(f(theta) - f(theta_minus)) / epsilon")], "one-sided difference",
                 "(J(theta) - J(theta - eps)) / eps has an error"),
}


@pytest.mark.parametrize("row", SIGNATURES)
def test_numerical_gradient_signatures_are_matched_within_1e_6(row):
    edits, hint, phrase = SIGNATURES[row]
    mistaken = edited(A, "numerical_gradient", *edits)
    assert_only_hint(failure(pt.numerical_gradient_test, _shifted(mistaken, 0.9e-6)), hint, phrase)
    assert_no_hint(failure(pt.numerical_gradient_test, _shifted(mistaken, 1.1e-6)))


ALL_AT_ONCE = [("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus = theta_plus + epsilon"),
               ("theta_minus[i] = theta_minus[i] - epsilon", "theta_minus = theta_minus - epsilon")]


def test_a_one_entry_answer_is_not_named_as_perturbing_every_entry():
    one_entry = edited(A, "numerical_gradient", ("np.zeros(theta.shape)", "np.zeros(1)"),
                       ("range(theta.size)", "range(grad_approx.size)"))
    message = assert_no_hint(failure(pt.numerical_gradient_test, one_entry))
    assert message.startswith("numerical_gradient(J = sum(theta**3), theta = [1.0, -2.0, 0.5], epsilon = 0.001): "
                              "wrong shape: expected (3,), got (1,)")


def test_perturbing_every_entry_is_named_even_with_a_wrong_length_too():
    short = edited(A, "numerical_gradient", *ALL_AT_ONCE, ("np.zeros(theta.shape)", "np.zeros(theta.size - 1)"),
                   ("range(theta.size)", "range(theta.size - 1)"))
    message = assert_only_hint(failure(pt.numerical_gradient_test, short), "perturbing every entry at once")
    assert "wrong shape: expected (3,), got (2,)" in message.splitlines()[0]


def test_perturbing_every_entry_needs_every_entry_close_to_the_first():
    # np.allclose(got, got[0]) allows 1e-8 + 1e-5 * |got[0]| (1.5751e-4 here, where every entry is 15.75...).
    all_at_once = edited(A, "numerical_gradient", *ALL_AT_ONCE)
    near = _shifted(all_at_once, np.array([0.0, 1.5e-4, 1.5e-4]))
    assert_only_hint(failure(pt.numerical_gradient_test, near), "perturbing every entry at once")
    spread = _shifted(all_at_once, np.array([0.0, 1.5e-4, 3e-4]))
    assert_no_hint(failure(pt.numerical_gradient_test, spread))


# ============================================================== relative_difference
@pytest.mark.parametrize("number", [1, 2, 3], ids=["rows", "columns", "one-d"])
def test_relative_difference_crashing_on_any_case_is_named(number):
    assert _crash_line(pt.relative_difference_test, _on_call(RELATIVE, number, _planted_error)) == (
        "relative_difference: your function raised ValueError: planted")


@pytest.mark.parametrize("number, label, atol", [
    (1, "relative_difference([3.0, 0.0, -4.0], [3.5, 1.0, -4.0])", 1e-12),
    (2, "relative_difference of the same vectors as (3, 1) columns", 1e-12),
    (3, "relative_difference(2.0, ", 1e-18),
], ids=["rows", "columns", "one-d"])
def test_relative_difference_tolerance_of_each_case(number, label, atol, capsys):
    pt.relative_difference_test(_on_call(RELATIVE, number, lambda value: value + 0.9 * atol))
    assert capsys.readouterr().out == "All tests passed.\n"
    message = assert_no_hint(failure(pt.relative_difference_test,
                                     _on_call(RELATIVE, number, lambda value: value + 1.1 * atol)))
    assert message.startswith(label) and ": wrong value (off by " in message.splitlines()[0]


def test_relative_difference_signatures_are_matched_within_1e_12():
    def raw_distance(grad, grad_approx):
        return float(np.linalg.norm(np.ravel(grad) - np.ravel(grad_approx)))

    assert_only_hint(failure(pt.relative_difference_test, _shifted(raw_distance, 0.9e-12)), "no normalisation",
                     "the raw distance depends on the scale")
    assert_no_hint(failure(pt.relative_difference_test, _shifted(raw_distance, 1.1e-12)))


# ============================================================== gradient_check
def test_gradient_check_names_parameters_flattened_w_first():
    sorted_parameters = edited(A, "gradient_check", (
        "theta, layout = dictionary_to_vector(parameters)\n    grad = gradients_to_vector(gradients, layout)",
        "grad = gradients_to_vector(gradients, dictionary_to_vector(parameters)[1])\n"
        "    layout = [(name, parameters[name].shape) for name in sorted(parameters)]\n"
        "    theta = np.concatenate([parameters[name].ravel() for name, _ in layout])"))
    message = assert_only_hint(failure(pt.gradient_check_test, sorted_parameters),
                               "mixing the order of parameters and grads", "in the SAME order")
    assert message.splitlines()[1] == "  expected: 0.2850931567761623"
    assert float(message.splitlines()[2].split()[1]) == pytest.approx(0.59275261020810, abs=1e-13)


def test_gradient_check_signatures_are_matched_within_ten_times_the_tolerance():
    # The case with the planted bugs is checked to 1e-12, so its signatures are matched to 1e-11.
    one_sided = edited(A, "gradient_check",
                       uses={"numerical_gradient": edited(A, "numerical_gradient",
                                                          (CENTRED, "(f(theta_plus) - f(theta)) / epsilon"))})
    assert_only_hint(failure(pt.gradient_check_test, _shifted(one_sided, 0.9e-11)), "one-sided difference",
                     "for every entry")
    assert_no_hint(failure(pt.gradient_check_test, _shifted(one_sided, 1.05e-11)))
