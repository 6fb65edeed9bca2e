"""public_tests.initialization: the call a failure names, the networks it runs, and which hint each check may give.

The hints' wording is pinned by the mistake-by-hint matrix (tests/test_hints_initialization.py);
here, that a failure names the call it comes from, that the fan-in hint states the right factor
and layer sizes, and that no hint is given where its mistake's signature cannot apply.
"""

from __future__ import annotations

import numpy as np
import pytest

import public_tests.initialization as pt
from public_tests.compare import StudentCodeError

from .mistakes import assert_no_hint, edited, failure, hints

A = "initialization"
TESTS = {"zeros": pt.initialize_parameters_zeros_test, "random": pt.initialize_parameters_random_test,
         "he": pt.initialize_parameters_he_test, "xavier": pt.initialize_parameters_xavier_test}
FAN_IN = "n_l instead of n_(l-1)"


def _reference(rule, *edits):
    return edited(A, f"initialize_parameters_{rule}", *edits)


def _on_call(solution, number, change):
    """``solution``, except that its ``number``-th call (counting from 1) returns ``change(result)``."""
    calls = []

    def target(*args, **kwargs):
        calls.append(args)
        result = solution(*args, **kwargs)
        return change(result) if len(calls) == number else result

    return target


def _planted_error(_):
    raise ValueError("planted")


def _seed_3_draws(shape, factor):
    state = np.random.get_state()
    np.random.seed(3)
    draws = np.random.randn(*shape) * factor
    np.random.set_state(state)
    return draws


@pytest.mark.parametrize("rule, number, where", [
    ("zeros", 1, "initialize_parameters_zeros"),
    ("zeros", 2, "initialize_parameters_zeros"),
    ("random", 1, "initialize_parameters_random"),
    ("random", 2, "initialize_parameters_random"),
    ("random", 3, "initialize_parameters_random([5, 4, 3]) after np.random.seed(0)"),
    ("he", 1, "initialize_parameters_he"),
    ("he", 2, "initialize_parameters_he"),
    ("xavier", 3, "initialize_parameters_xavier([5, 4, 3]) after np.random.seed(0)"),
])
def test_an_initialiser_crashing_on_any_call_is_named(rule, number, where):
    with pytest.raises(StudentCodeError) as info:
        TESTS[rule](_on_call(_reference(rule), number, _planted_error))
    assert str(info.value).splitlines()[0] == f"{where}: your function raised ValueError: planted"


@pytest.mark.parametrize("rule, number, where", [
    ("random", 2, "initialize_parameters_random(..., scale=0.5)"),
    ("random", 3, "initialize_parameters_random([5, 4, 3]) after np.random.seed(0)"),
    ("he", 3, "initialize_parameters_he([5, 4, 3]) after np.random.seed(0)"),
])
def test_a_list_instead_of_a_dictionary_is_named_with_its_call(rule, number, where):
    target = _on_call(_reference(rule), number, lambda parameters: list(parameters.values()))
    message = assert_no_hint(failure(TESTS[rule], target))
    assert message == f"{where}: expected a dictionary of parameters, got a list"


@pytest.mark.parametrize("rule, calls", [
    ("zeros", [([3, 2, 1], {}), ([4, 3, 3, 2], {})]),
    ("random", [([3, 2, 1], {}), ([3, 2, 1], {"scale": 0.5}), ([5, 4, 3], {})]),
    ("he", [([3, 1, 2], {}), ([2, 4, 1], {}), ([5, 4, 3], {})]),
    ("xavier", [([3, 1, 2], {}), ([2, 4, 1], {}), ([5, 4, 3], {})]),
])
def test_the_initialisers_are_called_on_the_networks_the_messages_name(rule, calls):
    seen = []
    solution = _reference(rule)

    def recording(layers_dims, **kwargs):
        seen.append((list(layers_dims), kwargs))
        return solution(layers_dims, **kwargs)

    TESTS[rule](recording)
    assert seen == calls


def test_a_bias_row_of_zeros_gets_no_hint():
    row = _reference("zeros", ("np.zeros((layers_dims[l], 1))", "np.zeros((1, layers_dims[l]))"))
    message = assert_no_hint(failure(pt.initialize_parameters_zeros_test, row))
    assert message.splitlines()[0] == ('initialize_parameters_zeros([3, 2, 1]): parameters["b1"]: wrong shape: '
                                       "expected (2, 1), got (1, 2)")


@pytest.mark.parametrize("edit, problem", [
    (('parameters["W" + str(l)]', 'parameters["W" + str(l - 1)]'), "missing ['W2'], unexpected ['W0']"),
    (("    parameters = {}", '    parameters = {"b0": np.zeros((layers_dims[0], 1))}'),
     "missing [], unexpected ['b0']"),
])
def test_a_w0_or_a_b0_alone_is_told_to_start_at_layer_1(edit, problem):
    message = assert_no_hint(failure(pt.initialize_parameters_zeros_test, _reference("zeros", edit)))
    assert message == ("initialize_parameters_zeros([3, 2, 1]): expected exactly the keys ['W1', 'b1', 'W2', 'b2']; "
                       f"{problem} (the input layer has no parameters: start at l = 1)")


def test_the_seeding_hint_is_given_on_w1_only():
    # W2 holding what W1 would be after the published seed: the seeding hint's signature, on another key.
    target = _on_call(_reference("random"), 3,
                      lambda parameters: {**parameters, "W2": _seed_3_draws((4, 5), 10.0)})
    message = assert_no_hint(failure(pt.initialize_parameters_random_test, target))
    assert message.splitlines()[0] == ('initialize_parameters_random([5, 4, 3]) after np.random.seed(0): '
                                       'parameters["W2"] does not follow the draws of the caller\'s seed')


def test_random_weights_scaled_like_a_fan_in_get_no_fan_in_hint():
    target = _reference("random", ("* scale", "* scale * np.sqrt(layers_dims[l - 1] / layers_dims[l])"))
    message = assert_no_hint(failure(pt.initialize_parameters_random_test, target))
    assert message.splitlines()[0] == ('initialize_parameters_random([3, 2, 1]) after np.random.seed(3): '
                                       'parameters["W1"]: wrong values (6 of 6 entries)')


@pytest.mark.parametrize("rule, factor", [("he", "2"), ("xavier", "1")])
def test_the_fan_in_hint_states_the_rule_s_factor_and_the_layer_sizes(rule, factor):
    scale = f"np.sqrt({factor}.0 / layers_dims[l - 1])"
    fan_out = _reference(rule, (scale, f"np.sqrt({factor}.0 / layers_dims[l])"))
    assert hints(failure(TESTS[rule], fan_out)) == [(FAN_IN, (
        f"the scale uses the size of the layer BELOW (the fan-in): sqrt({factor} / n_(l-1)) = sqrt({factor} / 3), "
        f"not sqrt({factor} / 1)."))]


@pytest.mark.parametrize("rule, factor", [("he", "2"), ("xavier", "1")])
def test_the_fan_in_hint_is_given_on_a_layer_whose_fan_out_is_larger(rule, factor):
    # On [3, 1, 2], W2 has n_(l-1) = 1 and n_l = 2: the fan-out scale is the right one times sqrt(1 / 2).
    scale = f"np.sqrt({factor}.0 / layers_dims[l - 1])"
    from_layer_2 = _reference(rule, (scale, f"np.sqrt({factor}.0 / layers_dims[l if l > 1 else l - 1])"))
    error = failure(TESTS[rule], from_layer_2)
    assert str(error).splitlines()[0] == (f"initialize_parameters_{rule}([3, 1, 2]) after np.random.seed(3): "
                                          'parameters["W2"]: wrong values (2 of 2 entries)')
    assert hints(error) == [(FAN_IN, (
        f"the scale uses the size of the layer BELOW (the fan-in): sqrt({factor} / n_(l-1)) = sqrt({factor} / 1), "
        f"not sqrt({factor} / 2)."))]
