"""Student-facing checks: one ``<function>_test(target)`` per exercise the grader scores.

Each test runs the function on its fixed-seed case from :mod:`testCases`,
prints "All tests passed." when everything matches, and otherwise raises
:class:`CheckFailed` (an AssertionError that IPython shows as its message
alone) explaining what was checked, what was expected, what came back and,
for the usual mistakes, a hint naming the mistake.
"""

from .baseline import count_parameters_test, mean_abs_weights_test
from .compare import CheckFailed, StudentCodeError
from .dropout import backward_propagation_with_dropout_test, forward_propagation_with_dropout_test
from .dropout_layers import Dropout_test, NonInvertedDropout_test
from .gradient_checking import gradient_check_test, numerical_gradient_test, relative_difference_test
from .initialization import (
    forward_hidden_layers_test,
    initialize_parameters_he_test,
    initialize_parameters_random_test,
    initialize_parameters_xavier_test,
    initialize_parameters_zeros_test,
)
from .l1 import backward_propagation_with_l1_test, compute_cost_with_l1_test
from .l2 import backward_propagation_with_regularization_test, compute_cost_with_regularization_test
from .model_selection import early_stopping_index_test, sample_log_uniform_test

__all__ = [
    "CheckFailed",
    "StudentCodeError",
    "backward_propagation_with_dropout_test",
    "backward_propagation_with_regularization_test",
    "compute_cost_with_regularization_test",
    "count_parameters_test",
    "forward_propagation_with_dropout_test",
    "mean_abs_weights_test",
    # initialization
    "forward_hidden_layers_test",
    "initialize_parameters_he_test",
    "initialize_parameters_random_test",
    "initialize_parameters_xavier_test",
    "initialize_parameters_zeros_test",
    # gradient_checking
    "gradient_check_test",
    "numerical_gradient_test",
    "relative_difference_test",
    # regularization_toolbox
    "Dropout_test",
    "NonInvertedDropout_test",
    "backward_propagation_with_l1_test",
    "compute_cost_with_l1_test",
    "early_stopping_index_test",
    "sample_log_uniform_test",
]
