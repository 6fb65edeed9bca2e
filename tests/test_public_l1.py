"""public_tests.l1: failures name the call or the check that failed (each of the two lambd values).

The hints are pinned by the toolbox's mistake-by-hint matrix
(tests/test_hints_regularization_toolbox.py); here, the first line of a message.
"""

from __future__ import annotations

import pytest

from public_tests.compare import CheckFailed, StudentCodeError
from public_tests.l1 import backward_propagation_with_l1_test, compute_cost_with_l1_test

from .mistakes import toolbox


def _first_line(test, target) -> str:
    with pytest.raises((CheckFailed, StudentCodeError)) as info:
        test(target)
    return str(info.value).splitlines()[0]


def _crashing_when(grade_id, crashes):
    answer = toolbox(grade_id)

    def target(*args):
        if crashes(args[-1]):
            raise RuntimeError(f"lambd is {args[-1]}")
        return answer(*args)
    return target


@pytest.mark.parametrize("lambd, call", [(0.3, "lambd=0.3"), (0.0, "lambd=0.0")])
def test_a_cost_crash_names_the_call_with_its_lambd(lambd, call):
    target = _crashing_when("compute_cost_with_l1", lambda given: given == lambd)
    assert _first_line(compute_cost_with_l1_test, target) == (
        f"compute_cost_with_l1(A3, Y, parameters, {call}): your function raised RuntimeError: lambd is {lambd}")


@pytest.mark.parametrize("lambd, call", [(0.4, "lambd=0.4"), (0.0, "lambd=0.0")])
def test_a_backward_crash_names_the_call_with_its_lambd(lambd, call):
    target = _crashing_when("backward_propagation_with_l1", lambda given: given == lambd)
    assert _first_line(backward_propagation_with_l1_test, target) == (
        f"backward_propagation_with_l1(X, Y, cache, {call}): your function raised RuntimeError: lambd is {lambd}")


def test_a_gradient_missing_only_at_lambd_zero_is_named_with_that_lambd():
    answer = toolbox("backward_propagation_with_l1")

    def target(X, Y, cache, lambd):
        grads = answer(X, Y, cache, lambd)
        if lambd == 0.0:
            del grads["dZ1"]
        return grads

    assert _first_line(backward_propagation_with_l1_test, target).startswith(
        "backward_propagation_with_l1 (lambd = 0): missing key(s) ['dZ1']; found ['dA1', ")
