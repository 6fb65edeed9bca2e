"""Fixed-seed inputs for every scored exercise; pure builders, nothing else.

Each ``<function>_test_case()`` rebuilds its arrays from scratch on every call,
so an exercise answer that modifies its inputs cannot spoil the next test.
The construction follows the published exercise draw for draw, which is why
the expected values in :mod:`public_tests` are the ones students know.
"""

from .baseline import count_parameters_test_case, mean_abs_weights_test_case
from .dropout import (
    backward_propagation_with_dropout_test_case,
    forward_propagation_with_dropout_test_case,
)
from .dropout_layers import Dropout_test_case, NonInvertedDropout_test_case
from .gradient_checking import (
    cubic_cost,
    gradient_check_fixed_test_case,
    gradient_check_test_case,
    linear_cost,
    numerical_gradient_test_case,
    quadratic_cost,
    relative_difference_test_case,
)
from .initialization import (
    forward_hidden_layers_test_case,
    initialize_parameters_he_test_case,
    initialize_parameters_random_test_case,
    initialize_parameters_xavier_test_case,
    initialize_parameters_zeros_test_case,
)
from .l1 import backward_propagation_with_l1_test_case, compute_cost_with_l1_test_case
from .l2 import (
    backward_propagation_with_regularization_test_case,
    compute_cost_with_regularization_test_case,
)
from .model_selection import early_stopping_index_test_case, sample_log_uniform_test_case

__all__ = [
    "backward_propagation_with_dropout_test_case",
    "backward_propagation_with_regularization_test_case",
    "compute_cost_with_regularization_test_case",
    "count_parameters_test_case",
    "forward_propagation_with_dropout_test_case",
    "mean_abs_weights_test_case",
    # initialization
    "forward_hidden_layers_test_case",
    "initialize_parameters_he_test_case",
    "initialize_parameters_random_test_case",
    "initialize_parameters_xavier_test_case",
    "initialize_parameters_zeros_test_case",
    # gradient_checking (the cost functions can be sent by reference to a hidden test's call)
    "cubic_cost",
    "gradient_check_fixed_test_case",
    "gradient_check_test_case",
    "linear_cost",
    "numerical_gradient_test_case",
    "quadratic_cost",
    "relative_difference_test_case",
    # regularization_toolbox
    "Dropout_test_case",
    "NonInvertedDropout_test_case",
    "backward_propagation_with_l1_test_case",
    "compute_cost_with_l1_test_case",
    "early_stopping_index_test_case",
    "sample_log_uniform_test_case",
]
