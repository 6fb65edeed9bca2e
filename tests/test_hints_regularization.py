"""Mistake-by-hint matrix of the regularization assignment's public tests (baseline, L2, dropout).

Each row is a mistaken implementation (the reference solution with one small
edit) and the one hint its failure must carry; no other hint may appear.
Rows without a hint are other wrong answers: they must fail with no hint.
Messages are checked for what they say (index, expected, got), not only for
failing. Expected numbers are the published ones or computed here by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import public_tests as pt
import public_tests.baseline
import public_tests.compare
import public_tests.dropout
import public_tests.l2
from public_tests.compare import CheckFailed, StudentCodeError
from testCases import (
    backward_propagation_with_dropout_test_case,
    backward_propagation_with_regularization_test_case,
    compute_cost_with_regularization_test_case,
    mean_abs_weights_test_case,
)

from .mistakes import (
    assert_no_hint,
    assert_only_hint,
    edited,
    failure,
    first_difference,
    hints,
    module_source,
    rendered,
)

A = "regularization"


def _got_number(message: str) -> float:
    match = re.search(r"^  got:\s+(\S+)", message, re.M)
    assert match, message
    return float(match.group(1))


# ============================================================== count_parameters
def _count(*edits):
    return edited(A, "count_parameters", *edits)


COUNT_ROWS = {
    "forgot the biases": (lambda: _count(("n_out * n_in + n_out", "n_out * n_in")),
                          "forgot the biases", ["bias b"], "got:      103"),
    "all units": (lambda: _count(("count = 0", "count = layer_dims[0]"), ("n_out * n_in + n_out", "n_out")),
                  "counted units, not parameters", ["n[l] * n[l-1] weights"], "got:      26"),
    "units after the input": (lambda: _count(("n_out * n_in + n_out", "n_out")),
                              "counted units, not parameters", ["n[l] * n[l-1]"], "got:      24"),
    "input biases": (lambda: _count(("count = 0", "count = layer_dims[0]")),
                     "gave the input layer biases", ["input layer has no parameters"], "got:      129"),
    "one too many": (lambda: _count(("count = 0", "count = 1")), None, [], "got:      128"),
}


@pytest.mark.parametrize("row", COUNT_ROWS, ids=str)
def test_count_parameters_matrix(row):
    make, hint, phrases, got_line = COUNT_ROWS[row]
    error = failure(pt.count_parameters_test, make())
    message = assert_only_hint(error, hint, *phrases) if hint else assert_no_hint(error)
    assert message.splitlines()[0] == "count_parameters([2, 20, 3, 1]): wrong count"
    assert "  expected: 127" in message.splitlines()
    assert got_line in message


def test_count_parameters_checks_the_other_shapes_too():
    # Right on the lesson's network only: the second shape [5, 4, 1] (29) catches it.
    hard_coded = _count(("return count", "return 127 if layer_dims == [2, 20, 3, 1] else count + 1"))
    message = assert_no_hint(failure(pt.count_parameters_test, hard_coded))
    assert message.startswith("count_parameters([5, 4, 1]): wrong count")
    assert "  expected: 29" in message and "  got:      30" in message
    third = _count(("return count", "return count if len(layer_dims) > 2 else 5"))
    assert failure(pt.count_parameters_test, third).args[0].startswith("count_parameters([3, 1])")


@pytest.mark.parametrize("value", [127.5, "127", True, None, [127]])
def test_count_parameters_wants_a_whole_number(value):
    message = assert_no_hint(failure(pt.count_parameters_test, lambda dims: value))
    assert message == ("count_parameters([2, 20, 3, 1]): expected a whole number (int)\n  expected: 127\n"
                       f"  got:      {value!r}")


def test_count_parameters_accepts_a_whole_float_and_numpy_ints(capsys):
    pt.count_parameters_test(lambda dims: float(_count()(dims)))
    pt.count_parameters_test(lambda dims: np.int64(_count()(dims)))
    assert capsys.readouterr().out.count("All tests passed.") == 2


@pytest.mark.parametrize("edit, change", [
    ("layer_dims.reverse()", "layer_dims[0]"),
    ("layer_dims.append(0)", "layer_dims (length 4 -> 5)"),
    ("layer_dims[1] = 20.0", "layer_dims[1] (type changed)"),
])
def test_count_parameters_catches_a_list_changed_in_place(edit, change):
    target = _count(("return count", f"{edit}\n    return count"))
    message = assert_only_hint(failure(pt.count_parameters_test, target), "modifying the inputs in place",
                               ".reverse()", ".pop()")
    assert message.splitlines()[0] == ("count_parameters: the input 'layer_dims' was modified in place "
                                       f"(first change: {change})")


# ============================================================== mean_abs_weights
def _mean(*edits):
    return edited(A, "mean_abs_weights", *edits)


MEAN_ROWS = {
    "no absolute value": (lambda: _mean(("np.abs(", "(")), "forgot the absolute value", ["np.abs(W)"], np.mean),
    "sum": (lambda: _mean(("np.mean(", "np.sum(")), "sum instead of mean", ["number of entries"],
            lambda W: np.sum(np.abs(W))),
    "squares": (lambda: _mean(("np.abs(", "np.square(")), "squared weights", ["not the mean square"],
                lambda W: np.mean(W ** 2)),
    "a little off": (lambda: _mean(("float(np.mean(", "1.001 * float(np.mean(")), None, [],
                     lambda W: 1.001 * np.mean(np.abs(W))),
}


@pytest.mark.parametrize("row", MEAN_ROWS, ids=str)
def test_mean_abs_weights_matrix(row):
    make, hint, phrases, wrong = MEAN_ROWS[row]
    error = failure(pt.mean_abs_weights_test, make())
    message = assert_only_hint(error, hint, *phrases) if hint else assert_no_hint(error)
    first = message.splitlines()[0]
    assert first.startswith('mean_abs_weights: result["W1"]: wrong value (off by ')
    assert "  expected: 1.1673647463229841" in message
    W1 = mean_abs_weights_test_case()["W1"]
    assert _got_number(message) == pytest.approx(float(wrong(W1)), abs=1e-12)
    assert float(first.rsplit("off by ", 1)[1].rstrip(")")) == pytest.approx(
        abs(float(wrong(W1)) - 1.1673647463229841), rel=1e-2)


def test_mean_abs_weights_names_included_biases():
    target = _mean(("for layer in (1, 2, 3)}", "for layer in (1, 2, 3)} | {\"b1\": 0.0, \"b3\": 0.0}"))
    message = assert_only_hint(failure(pt.mean_abs_weights_test, target), "included the biases",
                               "leave b1, b2, b3 out")
    assert message.splitlines()[0] == ("mean_abs_weights: unexpected key(s) ['b1', 'b3']: "
                                       "report the weight matrices W1, W2, W3 only")


def test_mean_abs_weights_names_missing_keys_and_wrong_types():
    missing = _mean(("(1, 2, 3)", "(1, 2)"))
    message = assert_no_hint(failure(pt.mean_abs_weights_test, missing))
    assert message == "mean_abs_weights: missing key(s) ['W3']; found ['W1', 'W2']"
    as_list = _mean(("return {", "return list({"), ("(1, 2, 3)}", "(1, 2, 3)})"))
    assert str(failure(pt.mean_abs_weights_test, as_list)) == "mean_abs_weights: expected a dictionary, got a list"


@pytest.mark.parametrize("edit, change", [
    ('parameters.pop("b3")', "parameters (keys added [], removed ['b3'])"),
    ('parameters["b4"] = 0', "parameters (keys added ['b4'], removed [])"),
    ('parameters["W1"][0, 1] = 0.0', "parameters['W1'][0, 1]"),
    ('parameters["W2"] = parameters["W2"].T', "parameters['W2'] (shape or dtype changed: (3, 2) float64 -> "
                                              "(2, 3) float64)"),
    ('parameters["b1"] = list(parameters["b1"])', "parameters['b1'] (was a numpy array, shape (2, 1), dtype "
                                                  "float64, now a list)"),
])
def test_mean_abs_weights_catches_a_dict_changed_in_place(edit, change):
    target = _mean(("    return {", f"    {edit}\n    return {{"))
    message = assert_only_hint(failure(pt.mean_abs_weights_test, target), "modifying the inputs in place",
                               "`d[key] = ...`")
    assert message.splitlines()[0] == (f"mean_abs_weights: the input 'parameters' was modified in place "
                                       f"(first change: {change})")


def test_mean_abs_weights_rebinding_a_key_to_an_equal_array_is_not_a_change(capsys):
    target = _mean(("    return {", '    parameters["W1"] = parameters["W1"].copy()\n    return {'))
    pt.mean_abs_weights_test(target)
    assert capsys.readouterr().out.strip() == "All tests passed."


# ============================================================== compute_cost_with_regularization
COST_LINE = "cost = cross_entropy_cost + L2_regularization_cost"
PENALTY_SUM = "np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))"


def _cost(*edits):
    return edited(A, "compute_cost_with_regularization", *edits)


def _cross_entropy(A3, Y):
    return float(-np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)))


def _by_hand(kind: str) -> float:
    A3, Y, p = compute_cost_with_regularization_test_case()
    m, lambd = 5, 0.1
    ce = _cross_entropy(A3, Y)
    sq = sum(float((p[k] ** 2).sum()) for k in ("W1", "W2", "W3"))
    return {
        "missing 1/m": ce + lambd / 2 * sq,
        "lambda": ce + lambd / m * sq,
        "biases": ce + lambd / (2 * m) * (sq + sum(float((p[k] ** 2).sum()) for k in ("b1", "b2", "b3"))),
        "penalty alone": lambd / (2 * m) * sq,
        "cross-entropy alone": ce,
        "plain sum": ce + lambd / (2 * m) * sum(float(p[k].sum()) for k in ("W1", "W2", "W3")),
        "a little off": ce + lambd / (2 * m) * sq + 0.01,
    }[kind]


COST_ROWS = {
    "missing 1/m": (("/ (2 * m)", "/ 2"), "missing 1/m", "did not divide by the number of examples m"),
    "lambda": (("/ (2 * m)", "/ m"), "lambda instead of lambda/2", "carries lambd / 2"),
    "biases": (("+ np.sum(np.square(W3))", "+ np.sum(np.square(W3)) + sum(np.sum(np.square(parameters[k])) "
                "for k in ('b1', 'b2', 'b3'))"), "penalising the biases", "leave b1, b2, b3 out"),
    "penalty alone": ((COST_LINE, "cost = L2_regularization_cost"), "forgot the cross-entropy",
                      "returned the penalty alone"),
    "cross-entropy alone": ((COST_LINE, "cost = cross_entropy_cost"), "forgot the penalty", "add the L2 term"),
    "plain sum": (("np.square(", "("), "summed weights instead of squares", "square each weight"),
    "a little off": ((COST_LINE, COST_LINE + " + 0.01"), None, ""),
}


@pytest.mark.parametrize("row", COST_ROWS, ids=str)
def test_compute_cost_with_regularization_matrix(row):
    edit, hint, phrase = COST_ROWS[row]
    error = failure(pt.compute_cost_with_regularization_test, _cost(edit))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    first = message.splitlines()[0]
    assert first.startswith("compute_cost_with_regularization (lambd = 0.1): wrong value (off by ")
    assert "  expected: 1.7864859451590758" in message.splitlines()
    assert _got_number(message) == pytest.approx(_by_hand(row), abs=1e-9)


def test_the_published_cost_is_the_hand_computed_one():
    A3, Y, p = compute_cost_with_regularization_test_case()
    sq = sum(float((p[k] ** 2).sum()) for k in ("W1", "W2", "W3"))
    assert _cross_entropy(A3, Y) + 0.1 / 10 * sq == pytest.approx(pt.l2.EXPECTED_COST, abs=1e-7)


def test_compute_cost_with_regularization_catches_a_penalty_that_ignores_lambd():
    fixed = _cost(("L2_regularization_cost = lambd *", "L2_regularization_cost = 0.1 *"))
    message = assert_no_hint(failure(pt.compute_cost_with_regularization_test, fixed))
    assert message.startswith("compute_cost_with_regularization (lambd = 0 should equal compute_cost): wrong value")
    A3, Y, _ = compute_cost_with_regularization_test_case()
    assert f"  expected: {_cross_entropy(A3, Y)!r}"[:22] in message


@pytest.mark.parametrize("edit, problem", [
    ((COST_LINE, "cost = np.array([[cross_entropy_cost + L2_regularization_cost]])"),
     "expected a single number, got a numpy array, shape (1, 1), dtype float64"),
    ((COST_LINE, "cost = str(cross_entropy_cost + L2_regularization_cost)"), "expected a number, got a str"),
    ((COST_LINE, "cost = True"), "expected a number, got a bool"),
    ((COST_LINE, "cost = np.nan"), "the value is not finite (nan or inf)"),
    ((COST_LINE, "cost = -np.inf"), "the value is not finite (nan or inf)"),
])
def test_compute_cost_with_regularization_names_a_result_of_the_wrong_kind(edit, problem):
    message = assert_no_hint(failure(pt.compute_cost_with_regularization_test, _cost(edit)))
    assert message.splitlines()[0].startswith(f"compute_cost_with_regularization (lambd = 0.1): {problem}")


def test_compute_cost_with_regularization_catches_changed_parameters_not_a_rebinding(capsys):
    rebinding = _cost(("    cost = cross", '    parameters["W1"] = W1 + 0.0\n    cost = cross'))
    pt.compute_cost_with_regularization_test(rebinding)
    assert capsys.readouterr().out.strip() == "All tests passed."
    halved = _cost(("    cost = cross", '    parameters["W3"] = W3 / 2\n    cost = cross'))
    message = assert_only_hint(failure(pt.compute_cost_with_regularization_test, halved),
                               "modifying the inputs in place", "build new ones instead")
    assert message.splitlines()[0] == ("compute_cost_with_regularization: the input 'parameters' was modified "
                                       "in place (first change: parameters['W3'][0, 0])")


# ============================================================== backward_propagation_with_regularization
def _l2_back(*edits):
    return edited(A, "backward_propagation_with_regularization", *edits)


L2_BACK_ROWS = {
    "no L2 term": ([(" + lambd / m * W3", ""), (" + lambd / m * W2", ""), (" + lambd / m * W1", "")],
                   "forgot the L2 term", "add (lambd / m) * W3 to dW3", 0.0),
    "missing 1/m": ([("lambd / m *", "lambd *")], "missing 1/m", "you did not divide by m", 1.0),
    "lambda/2": ([("lambd / m *", "lambd / (2 * m) *")], "lambda/2 in the gradient", "the 1/2 cancels", 0.1),
    "2 lambda": ([("lambd / m *", "2 * lambd / m *")], "lambda instead of lambda/2", "not (2*lambd/m) * W", 0.4),
    "wrong sign": ([("+ lambd / m *", "- lambd / m *")], "wrong sign", "added to the gradient, not subtracted",
                   -0.2),
    "a little off": ([("lambd / m *", "1.01 * lambd / m *")], None, "", 0.202),
}


@pytest.mark.parametrize("row", L2_BACK_ROWS, ids=str)
def test_backward_propagation_with_regularization_matrix(row):
    edits, hint, phrase, factor = L2_BACK_ROWS[row]
    error = failure(pt.backward_propagation_with_regularization_test, _l2_back(*edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    lines = message.splitlines()
    assert lines[0] == 'backward_propagation_with_regularization: gradients["dW3"]: wrong values (3 of 3 entries)'
    # got dW3[0, 0] = the published value - (lambd / m) W3[0, 0] + factor * lambd * W3[0, 0] (m = 5, lambd = 0.7)
    W3 = backward_propagation_with_regularization_test_case()[2][10]
    got = -1.77691347 + (factor - 0.2) * 0.7 * W3[0, 0]
    index, expected, got_value, largest = first_difference(message)
    assert (index, expected) == ([0, 0], -1.77691347)
    assert got_value == pytest.approx(got, abs=2e-8)
    assert largest == pytest.approx(abs(factor - 0.2) * 0.7 * np.abs(W3).max(), rel=1e-2)


def test_backward_propagation_with_regularization_names_penalised_biases():
    target = _l2_back(("db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)",
                       "db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True) + lambd / m * b3"))
    message = assert_only_hint(failure(pt.backward_propagation_with_regularization_test, target),
                               "penalising the biases", "db keeps its plain form")
    b3 = backward_propagation_with_regularization_test_case()[2][11]
    assert message.splitlines()[0] == ('backward_propagation_with_regularization: gradients["db3"]: '
                                       "wrong values (1 of 1 entries)")
    assert f"expected -0.38032981, got {-0.38032981 + 0.14 * b3[0, 0]:.8f}" in message


def test_backward_propagation_with_regularization_other_wrong_gradients_get_no_hint():
    sign = _l2_back(("dZ3 = A3 - Y", "dZ3 = Y - A3"))
    message = assert_no_hint(failure(pt.backward_propagation_with_regularization_test, sign))
    assert 'gradients["dZ3"]: wrong values (5 of 5 entries)' in message
    assert "first difference at index [0, 0]: expected -0.59317598, got 0.59317598" in message
    relu_grad = _l2_back(("dZ1 = np.multiply(dA1, np.int64(A1 > 0))", "dZ1 = dA1"))
    message = assert_no_hint(failure(pt.backward_propagation_with_regularization_test, relu_grad))
    assert 'gradients["dZ1"]: wrong values (4 of 10 entries)' in message
    assert "first difference at index [0, 0]: expected 0.00000000, got 0.20482390" in message


def test_backward_propagation_with_regularization_catches_a_changed_cache():
    target = _l2_back(("    gradients = {", "    W1[0, 1] = 0.0\n    gradients = {"))
    message = assert_only_hint(failure(pt.backward_propagation_with_regularization_test, target),
                               "modifying the inputs in place", "`A[mask] = 0`")
    assert message.splitlines()[0] == ("backward_propagation_with_regularization: the input 'cache' was "
                                       "modified in place (first change: cache[2][0, 1])")


# ============================================================== forward_propagation_with_dropout
FWD = "forward_propagation_with_dropout"
MASK1 = "D1 = np.random.rand(A1.shape[0], A1.shape[1]) < keep_prob"
MASK2 = "D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob"


def _fwd(*edits):
    return edited(A, FWD, *edits)


DRAW_ROWS = {
    "dropout on X": ([("Z1 = np.dot(W1, X) + b1", "X = X * (np.random.rand(*X.shape) < keep_prob) / keep_prob\n"
                       "    Z1 = np.dot(W1, X) + b1")], 40, "dropout on the input layer", "X is never dropped"),
    "dropout on A3": ([("A3 = sigmoid(Z3)", "A3 = sigmoid(Z3) * (np.random.rand(*Z3.shape) < keep_prob)")], 30,
                      "dropout on the output layer", "A3 is never dropped"),
    "no D2": ([(MASK2, "D2 = np.ones(A2.shape, dtype=bool)")], 10, "dropout on one layer only",
              "D1 for A1 and D2 for A2"),
    "no D1": ([(MASK1, "D1 = np.ones(A1.shape, dtype=bool)")], 15, "dropout on one layer only",
              "D1 for A1 and D2 for A2"),
    "per unit": ([("A1.shape[0], A1.shape[1])", "A1.shape[0], 1)"), ("A2.shape[0], A2.shape[1])", "A2.shape[0], 1)")],
                 5, "one mask entry per unit", "AND per example"),
    "no draw": ([(MASK1, "D1 = np.ones(A1.shape, dtype=bool)"), (MASK2, "D2 = np.ones(A2.shape, dtype=bool)")], 0,
                "no random draw", "after the caller seeded"),
    "one extra": ([("A3 = sigmoid(Z3)", "np.random.rand()\n    A3 = sigmoid(Z3)")], 26, "unexpected random draws",
                  "exactly one mask per hidden layer"),
    "many extra": ([("A3 = sigmoid(Z3)", "np.random.rand(300)\n    A3 = sigmoid(Z3)")], None,
                   "unexpected random draws", "first D1 then D2"),
    "200 draws": ([("A3 = sigmoid(Z3)", "np.random.rand(175)\n    A3 = sigmoid(Z3)")], 200,
                  "unexpected random draws", "first D1 then D2"),
    "201 draws": ([("A3 = sigmoid(Z3)", "np.random.rand(176)\n    A3 = sigmoid(Z3)")], None,
                  "unexpected random draws", "first D1 then D2"),
}


@pytest.mark.parametrize("row", DRAW_ROWS, ids=str)
def test_forward_dropout_draw_count_matrix(row):
    edits, count, hint, phrase = DRAW_ROWS[row]
    message = assert_only_hint(failure(pt.forward_propagation_with_dropout_test, _fwd(*edits)), hint, phrase)
    said = "an unknown number of" if count is None else str(count)
    assert message.splitlines()[0] == (f"{FWD}: the function drew {said} random numbers; a correct pass draws 25 "
                                       "(a 2x5 mask for A1, then a 3x5 mask for A2)")


FWD_ROWS = {
    "no rescaling": ([("A1 = A1 * D1 / keep_prob", "A1 = A1 * D1"), ("A2 = A2 * D2 / keep_prob", "A2 = A2 * D2")],
                     "not dividing by keep_prob", "expected activation is unchanged", "cache A1", 1 / 0.7),
    "times keep_prob": ([("D1 / keep_prob", "D1 * keep_prob"), ("D2 / keep_prob", "D2 * keep_prob")],
                        "multiplying by keep_prob", "do not multiply", "cache A1", 1 / 0.49),
    "cached before dropout": ([("A1 = A1 * D1 / keep_prob", "A1_kept = A1 * D1 / keep_prob"),
                               ("np.dot(W2, A1)", "np.dot(W2, A1_kept)")],
                              "cached the activation before dropout", "what the next layer saw", "cache A1", None),
    "keep when >= keep_prob": ([("< keep_prob", ">= keep_prob")], "keeping with probability 1-keep_prob",
                               "KEPT when its random number is below keep_prob", "cache D1", None),
    "keep when < 1 - keep_prob": ([("< keep_prob", "< 1 - keep_prob")], "keeping with probability 1-keep_prob",
                                  "D = np.random.rand(...) < keep_prob", "cache D1", None),
    "keep D2 when >= keep_prob": ([("A2.shape[1]) < keep_prob", "A2.shape[1]) >= keep_prob")],
                                  "keeping with probability 1-keep_prob", "D = np.random.rand(...) < keep_prob",
                                  "cache D2", None),
    "keep D2 when < 1 - keep_prob": ([("A2.shape[1]) < keep_prob", "A2.shape[1]) < 1 - keep_prob")],
                                     "keeping with probability 1-keep_prob", "KEPT when", "cache D2", None),
    "seeded inside": ([("Z1 = np.dot(W1, X) + b1", "np.random.seed(1)\n    Z1 = np.dot(W1, X) + b1")],
                      "seeding inside the function", "never call np.random.seed", "second call", None),
    "wrong output": ([("A3 = sigmoid(Z3)", "A3 = sigmoid(-Z3)")], None, "", "A3", None),
    "wrong A2 scale": ([("A2 = A2 * D2 / keep_prob", "A2 = A2 * D2 / 0.5")], None, "", "cache A2", None),
}


@pytest.mark.parametrize("row", FWD_ROWS, ids=str)
def test_forward_dropout_matrix(row):
    edits, hint, phrase, where, scale = FWD_ROWS[row]
    error = failure(pt.forward_propagation_with_dropout_test, _fwd(*edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    assert message.startswith(f"{FWD}: {where}" if where != "second call" else
                              f"{FWD}: two calls in a row gave the same output: the masks did not change")
    if scale is not None:
        # A1[0, 2] is 3.05706487 when right; the mistake leaves it scaled by keep_prob / (its own factor)
        index, expected, got, _ = first_difference(message)
        assert (index, expected) == ([0, 2], 3.05706487)
        assert got == pytest.approx(3.05706487 / scale, abs=2e-8)


def test_forward_dropout_mask_message_names_the_first_wrong_entry():
    message = str(failure(pt.forward_propagation_with_dropout_test, _fwd(("< keep_prob", ">= keep_prob"))))
    lines = message.splitlines()
    assert lines[0] == f"{FWD}: cache D1: wrong mask entries (10 of 10)"
    assert "  first difference at index [0, 0]: expected True, got False" in lines


def test_forward_dropout_output_message_names_the_index_and_both_values():
    message = str(failure(pt.forward_propagation_with_dropout_test, _fwd(("A3 = sigmoid(Z3)", "A3 = sigmoid(-Z3)"))))
    assert message.splitlines()[0] == f"{FWD}: A3: wrong values (5 of 5 entries)"
    assert "first difference at index [0, 0]: expected 0.36974721, got 0.63025279" in message


@pytest.mark.parametrize("edit, problem", [
    (("return A3, cache", "return A3"), "return (A3, cache), got a numpy array, shape (1, 5), dtype float64"),
    (("return A3, cache", "return A3, cache, None"), "return (A3, cache), got a tuple"),
    (("return A3, cache", "return A3, list(cache)"), "the cache must be a tuple of 14 entries ('Z1', 'D1', 'A1', "
     "'W1', 'b1', 'Z2', 'D2', 'A2', 'W2', 'b2', 'Z3', 'A3', 'W3', 'b3'), got a list with 14 entries"),
    (("cache = (Z1, D1, ", "cache = ("), "the cache must be a tuple of 14 entries ('Z1', 'D1', 'A1', 'W1', 'b1', "
     "'Z2', 'D2', 'A2', 'W2', 'b2', 'Z3', 'A3', 'W3', 'b3'), got a tuple with 12 entries"),
    (("return A3, cache", "return A3, Z1"), "the cache must be a tuple of 14 entries ('Z1', 'D1', 'A1', 'W1', "
     "'b1', 'Z2', 'D2', 'A2', 'W2', 'b2', 'Z3', 'A3', 'W3', 'b3'), got a numpy array, shape (2, 5), dtype float64 "
     "with no entries"),
])
def test_forward_dropout_names_a_result_of_the_wrong_form(edit, problem):
    message = assert_no_hint(failure(pt.forward_propagation_with_dropout_test, _fwd(edit)))
    assert message.startswith(f"{FWD}: {problem}")
    if "cache must be" in problem:
        assert message == f"{FWD}: {problem}"


def test_forward_dropout_mask_of_other_values_is_named():
    target = _fwd(("A1 = A1 * D1 / keep_prob", "D1 = D1 * 2.0\n    A1 = A1 * D1 / keep_prob / 2.0"))
    message = assert_no_hint(failure(pt.forward_propagation_with_dropout_test, target))
    assert message.startswith(f"{FWD}: cache D1: a dropout mask holds only True/False (or 0/1), got dtype float64")


def test_forward_dropout_accepts_integer_masks(capsys):
    target = _fwd((MASK1, MASK1 + "\n    D1 = D1.astype(np.int64)"), (MASK2, MASK2 + "\n    D2 = D2.astype(np.int8)"))
    pt.forward_propagation_with_dropout_test(target)
    assert capsys.readouterr().out.strip() == "All tests passed."


def test_forward_dropout_must_not_drop_at_keep_prob_1():
    target = _fwd(("A3 = sigmoid(Z3)", "A3 = sigmoid(Z3) if keep_prob < 1 else sigmoid(Z3) * 0.5"))
    message = assert_no_hint(failure(pt.forward_propagation_with_dropout_test, target))
    assert message.startswith(f"{FWD} with keep_prob = 1 (nothing dropped, must equal forward_propagation): "
                              "wrong values")


@pytest.mark.parametrize("edit, change", [
    ('parameters["D1"] = D1', "parameters (keys added ['D1'], removed [])"),
    ("X[1, 2] = 0.0", "X[1, 2]"),
    ("b1 += 0.5", "parameters['b1'][0, 0]"),
])
def test_forward_dropout_catches_inputs_changed_in_place(edit, change):
    target = _fwd(("    cache = (", f"    {edit}\n    cache = ("))
    message = assert_only_hint(failure(pt.forward_propagation_with_dropout_test, target),
                               "modifying the inputs in place", "`A1 = A1 * D1`")
    name = change.split("[")[0].split(" ")[0]
    assert message.splitlines()[0] == (f"{FWD}: the input '{name}' was modified in place (first change: {change})")


# ============================================================== backward_propagation_with_dropout
BWD = "backward_propagation_with_dropout"


def _bwd(*edits):
    return edited(A, BWD, *edits)


BWD_ROWS = {
    "no rescaling": ([("dA2 * D2 / keep_prob", "dA2 * D2"), ("dA1 * D1 / keep_prob", "dA1 * D1")],
                     "not dividing by keep_prob", "exactly as the forward pass scaled A2", 0.46544685),
    "times keep_prob": ([("D2 / keep_prob", "D2 * keep_prob"), ("D1 / keep_prob", "D1 * keep_prob")],
                        "multiplying by keep_prob", "do not multiply", 0.37235748),
    "no mask": ([("dA2 * D2 / keep_prob", "dA2 / keep_prob")], "mask not applied", "multiply dA2 by the cached D2",
                0.58180856),
    "a little off": ([("dA2 * D2 / keep_prob", "dA2 * D2 / keep_prob * 1.1")], None, "", 0.63998942),
}

# dA2 right, dA1 wrong: dA1[0, 0] is 0.36544439 when right
BWD_DA1_ROWS = {
    "no rescaling of dA1": ([("dA1 * D1 / keep_prob", "dA1 * D1")], "not dividing by keep_prob",
                            "exactly as the forward pass scaled A1", 0.36544439 * 0.8),
    "dA1 times keep_prob": ([("D1 / keep_prob", "D1 * keep_prob")], "multiplying by keep_prob", "do not multiply",
                            0.36544439 * 0.64),
    "no mask on dA1": ([("dA1 * D1 / keep_prob", "dA1 / keep_prob")], "mask not applied",
                       "multiply dA1 by the cached D1", None),
}


@pytest.mark.parametrize("row", BWD_DA1_ROWS, ids=str)
def test_backward_dropout_dA1_matrix(row):
    edits, hint, phrase, got = BWD_DA1_ROWS[row]
    message = assert_only_hint(failure(pt.backward_propagation_with_dropout_test, _bwd(*edits)), hint, phrase)
    assert message.startswith(f'{BWD}: gradients["dA1"]: wrong values')
    index, expected, got_value, _ = first_difference(message)
    if got is not None:
        assert (index, expected, got_value) == ([0, 0], 0.36544439, pytest.approx(got, abs=2e-8))
    else:
        assert expected == 0.0 and got_value != 0.0


def test_backward_dropout_that_reseeds_the_generator_is_named():
    reseeded = _bwd(("dZ3 = A3 - Y", "np.random.seed(0)\n    dZ3 = A3 - Y"))
    message = assert_only_hint(failure(pt.backward_propagation_with_dropout_test, reseeded),
                               "drawing a new mask in backward", "reuse the masks")
    assert message.splitlines()[0] == f"{BWD}: the backward pass drew random numbers"


@pytest.mark.parametrize("row", BWD_ROWS, ids=str)
def test_backward_dropout_matrix(row):
    edits, hint, phrase, got = BWD_ROWS[row]
    error = failure(pt.backward_propagation_with_dropout_test, _bwd(*edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    assert message.startswith(f'{BWD}: gradients["dA2"]: wrong values')
    if row == "no mask":
        # entry [0, 0] is kept, so the first difference is the first dropped unit: dA2[0, 1]
        assert "first difference at index [0, 1]: expected 0.00000000, got " in message
    else:
        assert f"first difference at index [0, 0]: expected 0.58180856, got {got:.8f}" in message


def test_backward_dropout_names_a_fresh_mask_and_other_wrong_gradients():
    fresh = _bwd(("dA2 * D2 / keep_prob", "dA2 * (np.random.rand(*dA2.shape) < keep_prob) / keep_prob"))
    message = assert_only_hint(failure(pt.backward_propagation_with_dropout_test, fresh),
                               "drawing a new mask in backward", "reuse the masks D1 and D2")
    assert message.splitlines()[0] == f"{BWD}: the backward pass drew random numbers"
    sign = _bwd(("dZ3 = A3 - Y", "dZ3 = Y - A3"))
    message = assert_no_hint(failure(pt.backward_propagation_with_dropout_test, sign))
    assert "first difference at index [0, 0]: expected -0.67733606, got 0.67733606" in message


def test_backward_dropout_catches_a_changed_mask_in_the_cache():
    target = _bwd(("    gradients = {", "    D1[0, 1] = True\n    gradients = {"))
    message = assert_only_hint(failure(pt.backward_propagation_with_dropout_test, target),
                               "modifying the inputs in place", "build new ones instead")
    assert message.splitlines()[0] == (f"{BWD}: the input 'cache' was modified in place "
                                       "(first change: cache[1][0, 1])")


def test_backward_dropout_published_dA2_is_the_hand_computed_one():
    _, Y, cache = backward_propagation_with_dropout_test_case()
    W3, A3, D2 = cache[12], cache[11], cache[6]
    dA2 = W3.T @ (A3 - Y) * D2 / 0.8
    assert np.allclose(dA2, pt.dropout.EXPECTED_DROPOUT_GRADS["dA2"], atol=1e-7)


# ============================================================== every hint of these modules is in a matrix
def _named_in(module) -> set[str]:
    """Every mistake name a public-test module can print: literal names, names held in a variable, table labels."""
    source = module_source(module)
    names = set(re.findall(r'Mistake\(\s*"([^"]+)"', source))
    names |= set(re.findall(r'hint_line\(\s*"([^"]+)"', source))
    names |= {n for n in re.findall(r'Hint \(([^)]+)\)', source) if not set(n) & set("{}<>")}
    names |= {n for n in re.findall(r'^\s+name = "([^"]+)"$', source, re.M) if " " in n}
    names |= {label for label, _ in getattr(module, "DRAW_COUNT_HINTS", {}).values()}
    names |= set(re.findall(r'^\s+"([^"]+)", "[^"]+"\),?$', source, re.M))
    names |= set(re.findall(r'\.get\(\w+, \(\s*"([^"]+)"', source))
    return names


def test_every_hint_of_the_regularization_public_tests_has_a_row():
    covered = {row[1] for row in COUNT_ROWS.values()} | {row[1] for row in MEAN_ROWS.values()}
    covered |= {row[1] for row in COST_ROWS.values()} | {row[1] for row in L2_BACK_ROWS.values()}
    covered |= {row[2] for row in DRAW_ROWS.values()} | {row[1] for row in FWD_ROWS.values()}
    covered |= {row[1] for row in BWD_ROWS.values()} | {row[1] for row in BWD_DA1_ROWS.values()}
    # named by the separate tests above
    covered |= {"included the biases", "penalising the biases", "drawing a new mask in backward",
                "modifying the inputs in place"}
    named = set()
    for module in (public_tests.compare, public_tests.baseline, public_tests.l2, public_tests.dropout):
        named |= _named_in(module)
    named.discard(None)
    assert named <= covered, sorted(named - covered)
    assert len(named) >= 25


# ============================================================== call(): the student's exceptions
WHERE = {
    "count_parameters_test": "count_parameters([2, 20, 3, 1])",
    "mean_abs_weights_test": "mean_abs_weights",
    "compute_cost_with_regularization_test": "compute_cost_with_regularization(A3, Y, parameters, lambd=0.1)",
    "backward_propagation_with_regularization_test": "backward_propagation_with_regularization(X, Y, cache, "
                                                     "lambd=0.7)",
    "forward_propagation_with_dropout_test": "forward_propagation_with_dropout(X, parameters, keep_prob=0.7)",
    "backward_propagation_with_dropout_test": "backward_propagation_with_dropout(X, Y, cache, keep_prob=0.8)",
}


def test_a_stub_is_reported_as_not_answered():
    def stub(*args):
        raise NotImplementedError()

    for test in (pt.count_parameters_test, pt.mean_abs_weights_test, pt.compute_cost_with_regularization_test,
                 pt.backward_propagation_with_regularization_test, pt.forward_propagation_with_dropout_test,
                 pt.backward_propagation_with_dropout_test):
        with pytest.raises(StudentCodeError) as info:
            test(stub)
        lines = str(info.value).splitlines()
        assert lines[0] == f"{WHERE[test.__name__]}: not answered yet (it raised NotImplementedError)", lines
        assert "Replace `raise NotImplementedError()` with your code" in lines[1]
        assert isinstance(info.value, CheckFailed) and isinstance(info.value, AssertionError)


def test_an_exception_in_the_student_code_names_its_line():
    target = _cost(("m = Y.shape[1]", "m = Y.shape[1]\n    W4 = parameters['W4']"))
    with pytest.raises(StudentCodeError) as info:
        pt.compute_cost_with_regularization_test(target)
    lines = rendered(info.value)
    assert lines[1] == ("compute_cost_with_regularization(A3, Y, parameters, lambd=0.1): your function raised "
                        "KeyError: 'W4'")
    source = edited.__globals__["_sources"](A)["compute_cost_with_regularization"]
    line = source.splitlines().index("    m = Y.shape[1]") + 2
    assert lines[2] == f"  in compute_cost_with_regularization, line {line} of its cell: W4 = parameters['W4']"
    assert hints(info.value) == []
