"""Sample students of the ``regularization`` assignment (13 points).

========  =========================================================  ======
student   what the submission holds                                  points
========  =========================================================  ======
ada       every answer correct (the source notebooks' solutions)     13
ben       the untouched release                                      0
cleo      three classic mistakes, the other three answers correct    7
dan       notebook 2 kills its kernel, notebook 3 is not JSON        2
eve       two functions hard-coded to the published numbers          8
========  =========================================================  ======

Answer sources map a grade_id to the whole source the student left in that
answer cell. The correct answers are not here: they come from the source
notebooks (see grading/course/solutions.py).
"""

from __future__ import annotations

from pathlib import Path

from . import SampleStudent, everyone_correct, untouched_release

# A student who makes the classic mistakes in three exercises and gets the rest right.
TYPICAL_MISTAKES = {
    "count_parameters": '''
def count_parameters(layer_dims):
    # forgot the biases
    return sum(a * b for a, b in zip(layer_dims[:-1], layer_dims[1:]))
''',
    "compute_cost_with_regularization": '''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    # forgot to divide the penalty by m
    penalty = sum(np.sum(np.square(parameters[k])) for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + lambd / 2 * penalty
''',
    "forward_propagation_with_dropout": '''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    # masks right, but the kept units are not rescaled by 1/keep_prob
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    D1 = np.random.rand(*Z1.shape) < keep_prob
    A1 = relu(Z1) * D1
    Z2 = np.dot(W2, A1) + b2
    D2 = np.random.rand(*Z2.shape) < keep_prob
    A2 = relu(Z2) * D2
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
''',
}

# A student whose functions return the published expected values whatever the input.
HARD_CODED = {
    "compute_cost_with_regularization": '''
def compute_cost_with_regularization(A3, Y, parameters, lambd):
    return 1.7864859451590758
''',
    "forward_propagation_with_dropout": '''
def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    A3 = np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])
    return A3, tuple(np.zeros((1, 1)) for _ in range(14))
''',
}

# An answer that kills its own kernel the moment the cell runs.
KERNEL_KILLER = {
    "compute_cost_with_regularization": '''
import os
os._exit(1)
''',
}


def _truncate_last_notebook(folder: Path) -> None:
    """The last notebook was saved half-way: not valid JSON any more."""
    last = sorted(folder.glob("*.ipynb"))[-1]
    last.write_text(last.read_text()[:200])


STUDENTS = [
    everyone_correct(13.0),
    untouched_release(),
    SampleStudent("cleo", 7.0, TYPICAL_MISTAKES, story="three classic mistakes"),
    SampleStudent("dan", 2.0, KERNEL_KILLER, spoil=_truncate_last_notebook,
                  story="kills the kernel in part 2, part 3 is not JSON"),
    SampleStudent("eve", 8.0, HARD_CODED, story="hard-codes the published numbers"),
]
