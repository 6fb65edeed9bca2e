"""testCases.model_selection: the early-stopping curves look like the ones the notebook hands the function.

In the notebook ``early_stopping_index`` gets ``LayerHistory.dev_errors``, one
minus the dev-set accuracy of each evaluation: error rates, so every value of
a test curve lies in [0, 1]. The curves' answers are checked in
tests/test_hints_regularization_toolbox.py.
"""

from __future__ import annotations

import pytest

from testCases.model_selection import early_stopping_index_test_case


@pytest.mark.parametrize("number", [1, 2, 3])
def test_every_dev_error_is_an_error_rate(number):
    errors, _ = early_stopping_index_test_case()[number - 1]
    assert all(0.0 <= error <= 1.0 for error in errors), errors


def test_the_curve_that_never_stops_has_its_lowest_error_twice():
    errors, patience = early_stopping_index_test_case()[1]
    assert [i for i, error in enumerate(errors) if error == min(errors)] == [3, 5]
    assert len(errors) - 1 - 3 < patience  # fewer evaluations after the first minimum than the patience
