"""public_tests.dropout: every failure names the check that failed (the cache entry, the call that raised).

The mistake-by-hint matrix (tests/test_hints_regularization.py) pins the hints;
these tests pin the first line of a message, which tells the student which
entry or which of the test's calls went wrong.
"""

from __future__ import annotations

import pytest

from public_tests.compare import CheckFailed, StudentCodeError
from public_tests.dropout import (
    DROPOUT_CACHE,
    backward_propagation_with_dropout_test,
    forward_propagation_with_dropout_test,
)

FORWARD = "forward_propagation_with_dropout"


def _with_cache_entry_changed(solution, key, change):
    def target(X, parameters, keep_prob):
        A3, cache = solution(X, parameters, keep_prob)
        cache = list(cache)
        cache[DROPOUT_CACHE.index(key)] = change(cache[DROPOUT_CACHE.index(key)])
        return A3, tuple(cache)
    return target


def _first_line(test, target) -> str:
    with pytest.raises((CheckFailed, StudentCodeError)) as info:
        test(target)
    return str(info.value).splitlines()[0]


def test_a_wrong_z3_in_the_cache_is_named(sol):
    target = _with_cache_entry_changed(sol.forward_propagation_with_dropout, "Z3", lambda Z3: Z3 + 1.0)
    with pytest.raises(CheckFailed) as info:
        forward_propagation_with_dropout_test(target)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{FORWARD}: cache Z3: wrong values (5 of 5 entries)"
    # the published Z3, and the same plus one
    assert lines[-1] == ("  first difference at index [0, 0]: expected -0.53330145, got 0.46669855; "
                         "largest absolute error 1")


def test_a_changed_weight_in_the_cache_is_named(sol):
    target = _with_cache_entry_changed(sol.forward_propagation_with_dropout, "W2", lambda W2: 2.0 * W2)
    line = _first_line(forward_propagation_with_dropout_test, target)
    assert line == f"{FORWARD}: cache W2: wrong values (6 of 6 entries)"


def test_a_crash_on_the_second_call_names_the_second_call(sol):
    calls = []

    def target(X, parameters, keep_prob):
        calls.append(keep_prob)
        if len(calls) == 2:
            raise ValueError("second time")
        return sol.forward_propagation_with_dropout(X, parameters, keep_prob)

    line = _first_line(forward_propagation_with_dropout_test, target)
    assert line == f"{FORWARD} (second call): your function raised ValueError: second time"


def test_a_crash_with_keep_prob_one_names_that_call(sol):
    def target(X, parameters, keep_prob):
        if keep_prob == 1.0:
            raise ZeroDivisionError("keep everything")
        return sol.forward_propagation_with_dropout(X, parameters, keep_prob)

    line = _first_line(forward_propagation_with_dropout_test, target)
    assert line == f"{FORWARD}(X, parameters, keep_prob=1.0): your function raised ZeroDivisionError: keep everything"


def test_a_backward_missing_a_gradient_is_named(sol):
    def target(X, Y, cache, keep_prob):
        grads = dict(sol.backward_propagation_with_dropout(X, Y, cache, keep_prob))
        del grads["db2"]
        return grads

    line = _first_line(backward_propagation_with_dropout_test, target)
    assert line.startswith("backward_propagation_with_dropout: missing key(s) ['db2']; found ['dA1', ")


def test_the_correct_answers_pass(sol, capsys):
    forward_propagation_with_dropout_test(sol.forward_propagation_with_dropout)
    backward_propagation_with_dropout_test(sol.backward_propagation_with_dropout)
    assert capsys.readouterr().out.count("All tests passed.") == 2
