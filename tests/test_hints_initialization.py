"""Mistake-by-hint matrix of the initialization assignment's public tests.

Each row edits the reference solution (read from the source notebook) into
one usual mistake and names the single hint its failure must carry; rows
without a hint are other wrong answers, which must fail with no hint.
Expected numbers are drawn here from the seeded global generator, by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import public_tests.initialization as pt
from public_tests.compare import StudentCodeError
from reg_utils import relu
from testCases.initialization import forward_hidden_layers_test_case

from .mistakes import assert_no_hint, assert_only_hint, edited, failure, first_difference, module_source

A = "initialization"
DRAW = "np.random.randn(layers_dims[l], layers_dims[l - 1])"
BIAS = 'parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))'
SEEDED = ("    parameters = {}", "    np.random.seed(3)\n    parameters = {}")
CHANGES_LIST = ("    return parameters", "    layers_dims.append(1)\n    return parameters")


def _drawn(seed: int, shape: tuple[int, int], draw=np.random.randn) -> np.ndarray:
    state = np.random.get_state()
    np.random.seed(seed)
    value = draw(*shape)
    np.random.set_state(state)
    return value


def _rows(rule: str) -> dict:
    """Rows of an initialiser: (edits, hint, phrase). ``rule`` is zeros, random, he or xavier."""
    common = {
        "W transposed": ([("(layers_dims[l], layers_dims[l - 1])", "(layers_dims[l - 1], layers_dims[l])")],
                         "W transposed", "one row per unit of layer l"),
        "random b": ([(BIAS, 'parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1)')],
                     "drawing b at random", "biases start at zero"),
        "ones for b": ([(BIAS, 'parameters["b" + str(l)] = np.ones((layers_dims[l], 1))')],
                       "drawing b at random", "already break the symmetry"),
        "no biases": ([(BIAS, "pass")], "forgot the biases", "b<l> = np.zeros((n_l, 1))"),
        "1-D bias": ([("np.zeros((layers_dims[l], 1))", "np.zeros(layers_dims[l])")], None, ""),
        "changed list": ([CHANGES_LIST], "modifying the inputs in place", "`.pop()`"),
    }
    if rule == "zeros":
        return {**common, "ones for W": ([("np.zeros((layers_dims[l], layers_dims[l - 1]))",
                                           "np.ones((layers_dims[l], layers_dims[l - 1]))")], None, "")}
    draws = {
        "rand": ([(DRAW, DRAW.replace("randn", "rand"))], "rand instead of randn", "every weight is positive"),
        "seeded inside": ([SEEDED], "seeding inside the function", "Remove np.random.seed from your function"),
    }
    if rule == "random":
        return {**common, **draws,
                "scale ignored": ([("* scale", "* 10")], "scale ignored", "not by a fixed 10"),
                "a little off": ([("* scale", "* scale * 1.01")], None, "")}
    factor = "2.0" if rule == "he" else "1.0"
    scale = f"np.sqrt({factor} / layers_dims[l - 1])"
    rows = {**common, **draws,
            "fan-out": ([(scale, f"np.sqrt({factor} / layers_dims[l])")], "n_l instead of n_(l-1)",
                        "the size of the layer BELOW (the fan-in)"),
            "a little off": ([(scale, f"1.5 * {scale}")], None, "")}
    if rule == "he":
        rows["xavier scale"] = ([(scale, "np.sqrt(1.0 / layers_dims[l - 1])")], "sqrt(1/n) for He",
                                "Xavier's scale, made for tanh")
    else:
        rows["he scale"] = ([(scale, "np.sqrt(2.0 / layers_dims[l - 1])")], "He's scale for Xavier",
                            "He's scale, made for ReLU")
    return rows


TESTS = {"zeros": pt.initialize_parameters_zeros_test, "random": pt.initialize_parameters_random_test,
         "he": pt.initialize_parameters_he_test, "xavier": pt.initialize_parameters_xavier_test}
MATRIX = [(rule, row) for rule in TESTS for row in _rows(rule)]


@pytest.mark.parametrize("rule, row", MATRIX, ids=[f"{r}-{w}" for r, w in MATRIX])
def test_initialiser_matrix(rule, row):
    edits, hint, phrase = _rows(rule)[row]
    target = edited(A, f"initialize_parameters_{rule}", *edits)
    error = failure(TESTS[rule], target)
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    first = message.splitlines()[0]
    assert first.startswith(f"initialize_parameters_{rule}")
    if row == "W transposed":
        shape = (1, 3) if rule in ("he", "xavier") else (2, 3)
        assert f"wrong shape: expected {shape}, got {shape[::-1]}" in first
    if row == "1-D bias":
        n = 1 if rule in ("he", "xavier") else 2
        assert f"wrong shape: expected ({n}, 1), got ({n},) (a 1-D array: keep the (n, 1) column shape" in first
    if row == "no biases":
        assert "missing key(s) ['b1', 'b2']" in first
    if row == "changed list":
        assert first.endswith("the input 'layers_dims' was modified in place (first change: layers_dims "
                              "(length 3 -> 4))")


@pytest.mark.parametrize("rule, factor", [("he", 2.0), ("xavier", 1.0)])
@pytest.mark.parametrize("row, wrong", [("fan-out", lambda f: np.sqrt(f / 1)), ("a little off",
                                                                               lambda f: 1.5 * np.sqrt(f / 3))])
def test_he_like_messages_name_the_first_entry_and_both_values(rule, factor, row, wrong):
    edits, _, _ = _rows(rule)[row]
    message = str(failure(TESTS[rule], edited(A, f"initialize_parameters_{rule}", *edits)))
    assert message.splitlines()[0] == (f'initialize_parameters_{rule}([3, 1, 2]) after np.random.seed(3): '
                                       'parameters["W1"]: wrong values (3 of 3 entries)')
    draws = _drawn(3, (1, 3))
    index, expected, got, largest = first_difference(message)
    assert index == [0, 0]
    assert expected == pytest.approx(draws[0, 0] * np.sqrt(factor / 3), abs=1e-8)
    assert got == pytest.approx(draws[0, 0] * wrong(factor), abs=1e-8)
    assert largest == pytest.approx(np.abs(draws * (wrong(factor) - np.sqrt(factor / 3))).max(), rel=1e-2)


def test_seeding_inside_names_the_caller_seed_and_shows_its_draws():
    target = edited(A, "initialize_parameters_he", SEEDED)
    message = str(failure(pt.initialize_parameters_he_test, target))
    assert message.splitlines()[0] == ('initialize_parameters_he([5, 4, 3]) after np.random.seed(0): '
                                       'parameters["W1"] does not follow the draws of the caller\'s seed')
    expected_first_row = _drawn(0, (4, 5))[0] * np.sqrt(2 / 5)
    assert f"{expected_first_row[0]:.8f}" in message


def test_random_scale_is_named_with_the_scaled_expectation():
    target = edited(A, "initialize_parameters_random", ("* scale", "* 10"))
    message = str(failure(pt.initialize_parameters_random_test, target))
    assert message.splitlines()[0] == ('initialize_parameters_random([3, 2, 1], scale=0.5): parameters["W1"]: '
                                       "wrong values (6 of 6 entries)")
    index, expected, got, _ = first_difference(message)
    first = _drawn(3, (2, 3))[0, 0]
    assert (index, expected, got) == ([0, 0], pytest.approx(first * 0.5, abs=1e-8), pytest.approx(first * 10, abs=1e-8))


def test_rand_instead_of_randn_shows_uniform_draws():
    target = edited(A, "initialize_parameters_random", (DRAW, DRAW.replace("randn", "rand")))
    message = str(failure(pt.initialize_parameters_random_test, target))
    _, expected, got, _ = first_difference(message)
    assert expected == pytest.approx(_drawn(3, (2, 3))[0, 0] * 10, abs=1e-7)
    assert got == pytest.approx(_drawn(3, (2, 3), np.random.rand)[0, 0] * 10, abs=1e-7)


@pytest.mark.parametrize("edit, problem", [
    (("for l in range(1, L):", "for l in range(0, L):"),
     "unexpected ['W0', 'b0'] (the input layer has no parameters: start at l = 1)"),
    (('parameters["W" + str(l)]', 'parameters["w" + str(l)]'), "missing ['W1', 'W2'], unexpected ['w1', 'w2']"),
])
def test_initialisers_name_wrong_keys(edit, problem):
    message = assert_no_hint(failure(pt.initialize_parameters_zeros_test, edited(A, "initialize_parameters_zeros",
                                                                                  edit)))
    assert message == ("initialize_parameters_zeros([3, 2, 1]): expected exactly the keys ['W1', 'b1', 'W2', "
                       f"'b2']; {problem if problem.startswith('missing') else 'missing [], ' + problem}")


def test_initialisers_want_a_dictionary():
    target = edited(A, "initialize_parameters_xavier", ("return parameters", "return list(parameters.values())"))
    message = assert_no_hint(failure(pt.initialize_parameters_xavier_test, target))
    assert message == ("initialize_parameters_xavier([3, 1, 2]) after np.random.seed(3): expected a dictionary "
                       "of parameters, got a list")


def test_zeros_is_checked_on_the_deeper_network_too():
    target = edited(A, "initialize_parameters_zeros", ("for l in range(1, L):", "for l in range(1, min(L, 3)):"))
    message = str(failure(pt.initialize_parameters_zeros_test, target))
    assert message.startswith("initialize_parameters_zeros([4, 3, 3, 2]): expected exactly the keys")


# ============================================================== forward_hidden_layers
FH = "forward_hidden_layers"


def _fh(*edits):
    return edited(A, FH, *edits)


FH_ROWS = {
    "always relu": ([('g = np.tanh if activation == "tanh" else relu', "g = relu")], "activation ignored",
                    "you applied relu", "tanh", 0),
    "always tanh": ([('g = np.tanh if activation == "tanh" else relu', "g = np.tanh")], "activation ignored",
                    "you applied tanh", "relu", 0),
    "Z": ([("activations.append(A)", "activations.append(Z)")], "returned Z instead of A",
          "not the linear part Z", "relu", 0),
    "no bias": ([(' + parameters["b" + str(l)]', "")], "forgot the bias", "add the layer's bias", "relu", 0),
    "sigmoid last": ([("A = g(Z)", "A = sigmoid(Z) if l == L else g(Z)")], "sigmoid on the last layer",
                     "the last one too", "relu", 1),
    "a little off": ([("A = g(Z)", "A = g(Z) * 1.01")], None, "", "relu", 0),
}


def _by_hand(row: str, activation: str) -> list[np.ndarray]:
    X, p = forward_hidden_layers_test_case()
    g = {"relu": relu, "tanh": np.tanh}[activation]
    Z1 = p["W1"] @ X + p["b1"]
    if row == "no bias":
        A1 = g(p["W1"] @ X)
        return [A1, g(p["W2"] @ A1)]
    A1 = g(Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    return {"Z": [Z1, Z2], "sigmoid last": [A1, 1 / (1 + np.exp(-Z2))],
            "a little off": [A1 * 1.01, g(p["W2"] @ (A1 * 1.01) + p["b2"]) * 1.01]}.get(row, [A1, g(Z2)])


@pytest.mark.parametrize("row", FH_ROWS, ids=str)
def test_forward_hidden_layers_matrix(row):
    edits, hint, phrase, activation, layer = FH_ROWS[row]
    error = failure(pt.forward_hidden_layers_test, _fh(*edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    assert message.splitlines()[0].startswith(f'{FH}(X, parameters, "{activation}")[{layer}] (A{layer + 1}): '
                                              "wrong values")
    right = _by_hand("right", activation)[layer]
    wrong = _by_hand(row, activation if not row.startswith("always") else row.split()[1])[layer]
    index, expected, got, _ = first_difference(message)
    first = tuple(np.argwhere(np.abs(right - wrong) > 1e-7)[0])
    assert index == list(first)
    assert expected == pytest.approx(right[first], abs=1e-8)
    assert got == pytest.approx(wrong[first], abs=1e-8)


def test_forward_hidden_layers_names_a_list_of_the_wrong_length():
    message = assert_only_hint(failure(pt.forward_hidden_layers_test, _fh(("activations = []", "activations = [X]"))),
                               "included the input", "X is not one of them")
    assert message.splitlines()[0] == f'{FH}(X, parameters, "relu"): expected a list of 2 arrays (A1, A2), got 3'
    short = _fh(("return activations", "return activations[:1]"))
    message = assert_no_hint(failure(pt.forward_hidden_layers_test, short))
    assert message == f'{FH}(X, parameters, "relu"): expected a list of 2 arrays (A1, A2), got 1'
    last = _fh(("return activations", "return activations[-1]"))
    message = assert_no_hint(failure(pt.forward_hidden_layers_test, last))
    assert message == f'{FH}(X, parameters, "relu"): expected a list [A1, A2], got a ndarray'


@pytest.mark.parametrize("edit, change", [
    ("X[0, 1] = 0.0", "X[0, 1]"),
    ('parameters["W2"][1, 0] = 7.0', "parameters['W2'][1, 0]"),
    ('parameters["A0"] = X', "parameters (keys added ['A0'], removed [])"),
])
def test_forward_hidden_layers_catches_inputs_changed_in_place(edit, change):
    target = _fh(("    return activations", f"    {edit}\n    return activations"))
    message = assert_only_hint(failure(pt.forward_hidden_layers_test, target), "modifying the inputs in place",
                               "`+=`")
    name = re.split(r"[\[ ]", change)[0]
    assert message.splitlines()[0] == f"{FH}: the input '{name}' was modified in place (first change: {change})"


def test_a_crash_is_named_with_the_exception():
    target = _fh(("L = len(parameters) // 2", "L = len(parameters) // 2 + 1"))
    with pytest.raises(StudentCodeError) as info:
        pt.forward_hidden_layers_test(target)
    assert str(info.value).splitlines()[0] == f"{FH}: your function raised KeyError: 'W3'"


def test_every_hint_of_the_initialization_public_tests_has_a_row():
    covered = {hint for rule in TESTS for _, hint, _ in _rows(rule).values()}
    covered |= {row[1] for row in FH_ROWS.values()} | {"included the input"}
    source = module_source(pt)
    named = set(re.findall(r'Mistake\(\s*"([^"]+)"', source))
    named |= set(re.findall(r"Hint \(([^)]+(?:\)[^):]*)?)\)", source))
    assert {"W transposed", "n_l instead of n_(l-1)", "forgot the biases", "included the input"} <= named
    assert named <= covered, sorted(named - covered)
