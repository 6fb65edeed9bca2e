import warnings

import numpy as np

from reg_utils import compute_cost


def test_hand_value():
    A3, Y = np.array([[0.5, 0.25]]), np.array([[1, 0]])
    expected = -(np.log(0.5) + np.log(0.75)) / 2
    assert abs(compute_cost(A3, Y) - expected) < 1e-15


def test_reference_cross_entropy_of_the_cost_test_case():
    A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]])
    Y = np.array([[1, 1, 0, 1, 0]])
    logprobs = -np.log(A3) * Y - np.log(1 - A3) * (1 - Y)
    assert compute_cost(A3, Y) == 1.0 / 5 * np.nansum(logprobs)


def test_saturated_outputs_give_no_warning_and_the_right_limit():
    A3, Y = np.array([[1.0, 0.0, 0.5]]), np.array([[1, 0, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cost = compute_cost(A3, Y)
    assert abs(cost - np.log(2) / 3) < 1e-15


def test_confidently_wrong_output_is_infinite_not_silently_dropped():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert compute_cost(np.array([[0.0]]), np.array([[1]])) == np.inf
