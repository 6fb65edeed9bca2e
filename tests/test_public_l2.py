"""public_tests.l2: failures name the call or the check that failed.

The hints of these tests are pinned by the mistake-by-hint matrix
(tests/test_hints_regularization.py); here, the first line of a message.
"""

from __future__ import annotations

import pytest

from public_tests.compare import CheckFailed, StudentCodeError
from public_tests.l2 import backward_propagation_with_regularization_test, compute_cost_with_regularization_test


def _first_line(test, target) -> str:
    with pytest.raises((CheckFailed, StudentCodeError)) as info:
        test(target)
    return str(info.value).splitlines()[0]


def test_a_cost_that_crashes_at_lambd_zero_names_that_call(sol):
    def target(A3, Y, parameters, lambd):
        if lambd == 0.0:
            raise ZeroDivisionError("no lambd")
        return sol.compute_cost_with_regularization(A3, Y, parameters, lambd)

    assert _first_line(compute_cost_with_regularization_test, target) == (
        "compute_cost_with_regularization(A3, Y, parameters, lambd=0.0): your function raised "
        "ZeroDivisionError: no lambd")


def test_a_backward_missing_a_gradient_is_named(sol):
    def target(X, Y, cache, lambd):
        grads = dict(sol.backward_propagation_with_regularization(X, Y, cache, lambd))
        del grads["dW3"]
        return grads

    assert _first_line(backward_propagation_with_regularization_test, target).startswith(
        "backward_propagation_with_regularization: missing key(s) ['dW3']; found ['dA1', ")


def test_a_backward_returning_a_tuple_is_told_to_return_a_dictionary(sol):
    def target(X, Y, cache, lambd):
        return tuple(sol.backward_propagation_with_regularization(X, Y, cache, lambd).values())

    assert _first_line(backward_propagation_with_regularization_test, target) == (
        "backward_propagation_with_regularization: expected a dictionary, got a tuple")
