"""Mistake-by-hint matrix of the gradient_checking assignment's public tests.

Mistaken implementations are the reference solutions with one small edit;
gradient_check's mistakes are the reference gradient_check calling a
mistaken helper. Each must fail with exactly its hint; other wrong answers
with none. Expected numbers are worked out here by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import public_tests.gradient_checking as pt
from public_tests.compare import StudentCodeError
from testCases.gradient_checking import gradient_check_test_case

from .mistakes import assert_no_hint, assert_only_hint, edited, failure, first_difference, module_source

A = "gradient_checking"
CENTRED = "(f(theta_plus) - f(theta_minus)) / (2 * epsilon)"


def _numerical(*edits):
    return edited(A, "numerical_gradient", *edits)


NUMERICAL = {
    "epsilon": [(" / (2 * epsilon)", " / epsilon")],
    "same point": [("theta_minus[i] - epsilon", "theta_minus[i] + epsilon")],
    "all at once": [("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus = theta_plus + epsilon"),
                    ("theta_minus[i] = theta_minus[i] - epsilon", "theta_minus = theta_minus - epsilon")],
    "forward": [(CENTRED, "(f(theta_plus) - f(theta)) / epsilon")],
    "backward": [(CENTRED, "(f(theta) - f(theta_minus)) / epsilon")],
    "three epsilon": [(" / (2 * epsilon)", " / (3 * epsilon)")],
}

# theta = [1, -2, 0.5], J = sum(theta**3), epsilon = 1e-3: entry 0 of each variant, worked out by hand.
NUMERICAL_ROWS = {
    "epsilon": ("dividing by epsilon instead of 2 epsilon", "divide the difference of the two costs by 2 * epsilon",
                2 * (3 + 1e-6)),
    "same point": ("the same point twice", "two separate copies of theta", 0.0),
    "all at once": ("perturbing every entry at once", "add epsilon to one entry of a copy",
                    3 * (1 + 4 + 0.25) + 3 * 1e-6),
    "forward": ("one-sided difference", "(J(theta + eps) - J(theta)) / eps", (1.001 ** 3 - 1) / 1e-3),
    "backward": ("one-sided difference", "(J(theta) - J(theta - eps)) / eps", (1 - 0.999 ** 3) / 1e-3),
    "three epsilon": (None, "", 2 / 3 * (3 + 1e-6)),
}


@pytest.mark.parametrize("row", NUMERICAL_ROWS, ids=str)
def test_numerical_gradient_matrix(row):
    hint, phrase, got = NUMERICAL_ROWS[row]
    error = failure(pt.numerical_gradient_test, _numerical(*NUMERICAL[row]))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    assert message.splitlines()[0] == ("numerical_gradient(J = sum(theta**3), theta = [1.0, -2.0, 0.5], "
                                       "epsilon = 0.001): wrong values (3 of 3 entries)")
    index, expected, got_value, _ = first_difference(message)
    assert (index, expected) == ([0], pytest.approx(3.000001, abs=1e-8))
    assert got_value == pytest.approx(got, abs=1e-6)


def test_numerical_gradient_names_a_theta_left_perturbed():
    aliased = _numerical(("theta_plus = np.copy(theta)", "theta_plus = theta"))
    message = assert_only_hint(failure(pt.numerical_gradient_test, aliased), "leaving theta perturbed",
                               "`theta_plus = theta` does not copy", "np.copy(theta)")
    lines = message.splitlines()
    assert lines[0] == ("numerical_gradient: theta was changed by the call: after it, the caller's theta "
                        "must be as it was")
    assert lines[1] == "  expected: [ 1.  -2.   0.5]"
    assert lines[2] == "  got:      [ 1.001 -1.999  0.501]"


def test_numerical_gradient_is_checked_on_the_one_d_and_linear_cases_too():
    # Right on the cubic only: the published 1-D case (J = 2 theta at theta = 4) catches it.
    only_cubic = _numerical(("return grad_approx", "return grad_approx if theta.size == 3 and theta[0] == 1.0 "
                             "else grad_approx + 1e-6"))
    message = str(failure(pt.numerical_gradient_test, only_cubic))
    assert message.splitlines()[0] == "numerical_gradient(J = 2 * theta, theta = [4.0]): wrong values (1 of 1 entries)"
    index, expected, got, _ = first_difference(message)
    assert (index, expected, got) == ([0], pytest.approx(2.0, abs=1e-8), pytest.approx(2.000001, abs=1e-8))
    not_linear = _numerical(("return grad_approx", "return grad_approx if theta.size == 1 or theta[0] == 1.0 "
                             "else grad_approx * 0"))
    message = str(failure(pt.numerical_gradient_test, not_linear))
    assert message.startswith("numerical_gradient(J = theta . [2, 3, -1], theta = [4, -1, 0.5]): wrong values")
    assert "Hint (the same point twice)" in message


def test_numerical_gradient_wants_an_array():
    as_list = _numerical(("return grad_approx", "return list(grad_approx)"))
    message = assert_no_hint(failure(pt.numerical_gradient_test, as_list))
    assert message.splitlines()[0].endswith("expected a numpy array of shape (3,), got a list")


# ============================================================== relative_difference
NUM = "numerator = np.linalg.norm(grad - grad_approx)"
DEN = "denominator = np.linalg.norm(grad) + np.linalg.norm(grad_approx)"


def _relative(*edits):
    return edited(A, "relative_difference", *edits)


# grad = [3, 0, -4] (norm 5), grad_approx = [3.5, 1, -4] (norm sqrt(29.25)), difference [-0.5, -1, 0].
RELATIVE_ROWS = {
    "no normalisation": ([("float(numerator / denominator)", "float(numerator)")], "no normalisation",
                         "the raw distance depends on the scale", np.sqrt(1.25)),
    "L1": ([(NUM, "numerator = np.sum(np.abs(grad - grad_approx))"),
            (DEN, "denominator = np.sum(np.abs(grad)) + np.sum(np.abs(grad_approx))")], "the wrong norm",
           "Euclidean 2-norm", 1.5 / 15.5),
    "max": ([(NUM, "numerator = np.max(np.abs(grad - grad_approx))"),
             (DEN, "denominator = np.max(np.abs(grad)) + np.max(np.abs(grad_approx))")], "the wrong norm",
            "sqrt(sum(v**2))", 1 / 8),
    "squared": ([(NUM, NUM + " ** 2"), (DEN, "denominator = np.linalg.norm(grad) ** 2 + "
                                             "np.linalg.norm(grad_approx) ** 2")], "squared norms",
                "do not square the norms", 1.25 / 54.25),
    "grad only": ([(DEN, "denominator = np.linalg.norm(grad)")], "dividing by ||grad|| only",
                  "the sum of both norms", np.sqrt(1.25) / 5),
    "norm of sum": ([(DEN, "denominator = np.linalg.norm(grad + grad_approx)")], "norm of the sum",
                    "not ||grad + grad_approx||", np.sqrt(1.25) / np.sqrt(107.25)),
    "plus one": ([(DEN, DEN + " + 1")], None, "", np.sqrt(1.25) / (6 + np.sqrt(29.25))),
}


@pytest.mark.parametrize("row", RELATIVE_ROWS, ids=str)
def test_relative_difference_matrix(row):
    edits, hint, phrase, got = RELATIVE_ROWS[row]
    error = failure(pt.relative_difference_test, _relative(*edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    lines = message.splitlines()
    assert lines[0].startswith("relative_difference([3.0, 0.0, -4.0], [3.5, 1.0, -4.0]): wrong value (off by ")
    assert float(lines[1].split()[1]) == pytest.approx(np.sqrt(1.25) / (5 + np.sqrt(29.25)), abs=1e-15)
    assert float(lines[2].split()[1]) == pytest.approx(got, abs=1e-12)


def test_relative_difference_must_not_depend_on_the_layout():
    outer = _relative((NUM, "numerator = np.linalg.norm(grad - grad_approx.T)"))
    message = assert_no_hint(failure(pt.relative_difference_test, outer))
    assert message.startswith("relative_difference of the same vectors as (3, 1) columns: wrong value")


def test_relative_difference_is_checked_on_the_published_one_d_case():
    rounded = _relative(("difference = float(numerator / denominator)",
                         "difference = float(numerator / denominator) if grad.size > 1 else 3e-10"))
    message = assert_no_hint(failure(pt.relative_difference_test, rounded))
    assert message.startswith("relative_difference(2.0, ")
    assert "  expected: 2.919335883291695e-10" in message


def test_relative_difference_catches_inputs_changed_in_place():
    sorting = _relative(("    numerator =", "    grad_approx.sort()\n    numerator ="))
    message = assert_only_hint(failure(pt.relative_difference_test, sorting), "modifying the inputs in place")
    assert message.splitlines()[0] == ("relative_difference: the input 'grad_approx' was modified in place "
                                       "(first change: grad_approx[0])")


# ============================================================== gradient_check
def _check(**uses):
    return edited(A, "gradient_check", uses=uses)


def _perturbing_numerical():
    return _numerical(
        ("grad_approx = np.zeros(theta.shape)", "grad_approx = np.zeros(theta.shape)\n    theta = np.copy(theta)"),
        ("theta_plus = np.copy(theta)", "theta_plus = theta"),
        ("theta_plus[i] = theta_plus[i] + epsilon", "theta_plus[i] = theta_plus[i] + epsilon\n"
                                                    "        up = f(theta_plus)"),
        ("theta_minus = np.copy(theta)", "theta_minus = theta"),
        ("theta_minus[i] = theta_minus[i] - epsilon", "theta_minus[i] = theta_minus[i] - 2 * epsilon"),
        ("(f(theta_plus) - f(theta_minus))", "(up - f(theta_minus))"))


CHECK_ROWS = {
    "one-sided": (lambda: _check(numerical_gradient=_numerical(*NUMERICAL["forward"])), "one-sided difference",
                  "for every entry"),
    "epsilon": (lambda: _check(numerical_gradient=_numerical(*NUMERICAL["epsilon"])),
                "dividing by epsilon instead of 2 epsilon", "2 epsilon apart"),
    "perturbed": (lambda: _check(numerical_gradient=_perturbing_numerical()), "leaving theta perturbed",
                  "restore theta"),
    "no normalisation": (lambda: _check(relative_difference=_relative(*RELATIVE_ROWS["no normalisation"][0])),
                         "no normalisation", "not the raw distance"),
    "L1": (lambda: _check(relative_difference=_relative(*RELATIVE_ROWS["L1"][0])), "the wrong norm",
           "np.linalg.norm"),
    "squared": (lambda: _check(relative_difference=_relative(*RELATIVE_ROWS["squared"][0])), "squared norms",
                "already takes the square root"),
    "dict order": (lambda: edited(A, "gradient_check", (
        "grad = gradients_to_vector(gradients, layout)",
        'grad = np.concatenate([v.ravel() for k, v in gradients.items() if k[:2] in ("dW", "db")])')),
        "mixing the order of parameters and grads", "pick the keys by name"),
    "a little off": (lambda: edited(A, "gradient_check", ("difference = relative_difference(grad, grad_approx)",
                                                          "difference = 1.1 * relative_difference(grad, grad_approx)")),
                     None, ""),
}


@pytest.mark.parametrize("row", CHECK_ROWS, ids=str)
def test_gradient_check_matrix(row):
    make, hint, phrase = CHECK_ROWS[row]
    error = failure(pt.gradient_check_test, make())
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    lines = message.splitlines()
    assert lines[0].startswith("gradient_check on the published 3-layer case with the planted bugs: wrong value")
    assert lines[1] == "  expected: 0.2850931567761623"


def test_gradient_check_is_checked_without_the_bugs_too():
    bugged_only = edited(A, "gradient_check", ("    return difference", "    return 0.2850931567761623"))
    message = assert_no_hint(failure(pt.gradient_check_test, bugged_only))
    assert message.startswith("gradient_check on the published 3-layer case with the bugs removed: wrong value")
    assert "  expected: 1.1890913024229996e-07" in message


@pytest.mark.parametrize("edit, name, change", [
    ('gradients.pop("dZ3")', "gradients", "gradients (keys added [], removed ['dZ3'])"),
    ('parameters["W2"][0, 1] += 1e-7', "parameters", "parameters['W2'][0, 1]"),
    ('parameters["W0"] = 0', "parameters", "parameters (keys added ['W0'], removed [])"),
])
def test_gradient_check_catches_dicts_changed_in_place(edit, name, change):
    target = edited(A, "gradient_check", ("    return difference", f"    {edit}\n    return difference"))
    message = assert_only_hint(failure(pt.gradient_check_test, target), "modifying the inputs in place")
    assert message.splitlines()[0] == (f"gradient_check: the input '{name}' was modified in place "
                                       f"(first change: {change})")


def test_gradient_check_crash_is_named():
    target = edited(A, "gradient_check", ("grad = gradients_to_vector(gradients, layout)",
                                          'grad = gradients["dW4"]'))
    with pytest.raises(StudentCodeError) as info:
        pt.gradient_check_test(target)
    assert str(info.value).splitlines()[0] == "gradient_check: your function raised KeyError: 'dW4'"


def test_the_published_bugged_difference_is_the_hand_computed_one():
    parameters, gradients, cost_of = gradient_check_test_case()
    names = [f"{k}{layer}" for layer in (1, 2, 3) for k in ("W", "b")]
    theta = np.concatenate([parameters[n].ravel() for n in names])
    grad = np.concatenate([gradients["d" + n].ravel() for n in names])
    approx = np.zeros_like(theta)
    for i in range(theta.size):
        def cost(vector):
            out, start = {}, 0
            for n in names:
                out[n] = vector[start:start + parameters[n].size].reshape(parameters[n].shape)
                start += parameters[n].size
            return cost_of(out)
        step = np.zeros_like(theta)
        step[i] = 1e-7
        approx[i] = (cost(theta + step) - cost(theta - step)) / 2e-7
    value = np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    assert value == pytest.approx(pt.EXPECTED_BUGGED_DIFFERENCE, rel=1e-6)


def test_every_hint_of_the_gradient_checking_public_tests_has_a_row():
    covered = {row[0] for row in NUMERICAL_ROWS.values()} | {row[1] for row in RELATIVE_ROWS.values()}
    covered |= {row[1] for row in CHECK_ROWS.values()} | {"leaving theta perturbed"}
    source = module_source(pt)
    named = set(re.findall(r'Mistake\(\s*"([^"]+)"', source)) | set(pt._CHECK_HINTS)
    body = source.split("    hints = {", 1)[1].split("    }", 1)[0]
    named |= set(re.findall(r'^\s+"([^"]+)": "', body, re.M))
    assert len(named) >= 11
    assert named <= covered, sorted(named - covered)
