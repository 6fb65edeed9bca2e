"""Sample students of the ``regularization_toolbox`` assignment.

========  ==============================================================  =====================
student   what the submission holds                                       points
========  ==============================================================  =====================
ada       every answer correct (the source notebooks' solutions)          all
ben       the untouched release                                           0
cleo      the L1 mistakes: the cost without 1/m, the gradient with W      all but the two L1
          instead of sign(W); the layers and model selection correct      functions' points
dan       the dropout mistakes: Dropout keeps a unit when its number is   all but the two
          above keep_prob, NonInvertedDropout does not scale at test      layers' points
          time; the rest correct
eve       the model-selection mistakes: early stopping returns the stop   all but the two
          index, lambd is sampled uniformly instead of its logarithm      model-selection points
fay       one slip per notebook: the L1 cost penalises the biases,        all but those three
          Dropout rescales at test time, the sampler mixes log bases      functions' points
========  ==============================================================  =====================

Points live in one place, the hidden-test cells of the source notebooks: each
student's total is the points of every hidden-test cell except those of the
functions the student gets wrong (a hidden-test cell belongs to the graded
name its grade_id starts with, e.g. ``Dropout_tests`` to ``Dropout``). Every
mistake here changes the function's values on any input the hidden tests can
use, so each of those cells must fail, and every other cell must pass.
"""

from __future__ import annotations

import nbformat

from ..paths import source_notebooks
from . import SampleStudent, everyone_correct, untouched_release

ASSIGNMENT = "regularization_toolbox"

#: The graded names, in teaching order.
GRADED = ("compute_cost_with_l1", "backward_propagation_with_l1", "Dropout", "NonInvertedDropout",
          "early_stopping_index", "sample_log_uniform")


def points_by_function() -> dict[str, float]:
    """Graded name -> points of its hidden-test cells, read from the source notebooks."""
    points = dict.fromkeys(GRADED, 0.0)
    for notebook in source_notebooks(ASSIGNMENT):
        for cell in nbformat.read(notebook, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade") or meta.get("solution"):
                continue
            owners = [name for name in GRADED if str(meta.get("grade_id", "")).startswith(name)]
            if owners:
                points[max(owners, key=len)] += float(meta.get("points", 0))
    return points


def total_without(*wrong: str) -> float:
    """Every hidden-test point except those of the graded names in ``wrong``."""
    points = points_by_function()
    unknown = set(wrong) - set(points)
    if unknown:
        raise ValueError(f"not graded names of {ASSIGNMENT}: {sorted(unknown)}")
    return sum(value for name, value in points.items() if name not in wrong)


L1_MISTAKES = {
    "compute_cost_with_l1": '''
def compute_cost_with_l1(A3, Y, parameters, lambd):
    # the penalty is not divided by the number of examples m
    penalty = sum(np.sum(np.abs(parameters[k])) for k in ("W1", "W2", "W3"))
    return compute_cost(A3, Y) + lambd / 2 * penalty
''',
    "backward_propagation_with_l1": '''
def backward_propagation_with_l1(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    gradients = backward_propagation(X, Y, cache)
    # the weights themselves where their signs belong
    gradients["dW1"] = gradients["dW1"] + lambd / (2 * m) * W1
    gradients["dW2"] = gradients["dW2"] + lambd / (2 * m) * W2
    gradients["dW3"] = gradients["dW3"] + lambd / (2 * m) * W3
    return gradients
''',
}

DROPOUT_MISTAKES = {
    "Dropout": '''
class Dropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
        self.mask = None

    def forward(self, x, train=True):
        if not train:
            return x
        # keeps a unit with probability 1 - keep_prob
        self.mask = np.random.rand(*x.shape) > self.keep_prob
        return x * self.mask / self.keep_prob

    def backward(self, dout):
        return dout * self.mask / self.keep_prob
''',
    "NonInvertedDropout": '''
class NonInvertedDropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
        self.mask = None

    def forward(self, x, train=True):
        if not train:
            return x  # forgets to scale by keep_prob at test time
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask
''',
}

MODEL_SELECTION_MISTAKES = {
    "early_stopping_index": '''
def early_stopping_index(dev_errors, patience):
    best_index = 0
    waited = 0
    for i in range(1, len(dev_errors)):
        if dev_errors[i] < dev_errors[best_index]:
            best_index = i
            waited = 0
        else:
            waited += 1
            if waited == patience:
                return i  # the stop index, not the best one
    return best_index
''',
    "sample_log_uniform": '''
def sample_log_uniform(low, high, size, rng):
    return rng.uniform(low, high, size)  # uniform in lambd, not in its logarithm
''',
}

ONE_SLIP_PER_NOTEBOOK = {
    "compute_cost_with_l1": '''
def compute_cost_with_l1(A3, Y, parameters, lambd):
    m = Y.shape[1]
    # the biases are penalised too
    penalty = sum(np.sum(np.abs(value)) for value in parameters.values())
    return compute_cost(A3, Y) + lambd / (2 * m) * penalty
''',
    "Dropout": '''
class Dropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
        self.mask = None

    def forward(self, x, train=True):
        if not train:
            return x / self.keep_prob  # rescales at test time as well
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask / self.keep_prob

    def backward(self, dout):
        return dout * self.mask / self.keep_prob
''',
    "sample_log_uniform": '''
def sample_log_uniform(low, high, size, rng):
    # natural-log bounds, base-10 power
    return 10 ** rng.uniform(np.log(low), np.log(high), size)
''',
}

STUDENTS = [
    everyone_correct(total_without()),
    untouched_release(),
    SampleStudent("cleo", total_without(*L1_MISTAKES), L1_MISTAKES,
                  story="L1 cost without 1/m, W instead of sign(W) in the gradient"),
    SampleStudent("dan", total_without(*DROPOUT_MISTAKES), DROPOUT_MISTAKES,
                  story="keeps units above keep_prob, no test-time scaling in the non-inverted layer"),
    SampleStudent("eve", total_without(*MODEL_SELECTION_MISTAKES), MODEL_SELECTION_MISTAKES,
                  story="returns the stop index, samples lambd uniformly"),
    SampleStudent("fay", total_without(*ONE_SLIP_PER_NOTEBOOK), ONE_SLIP_PER_NOTEBOOK,
                  story="penalises the biases, rescales at test time, mixes log bases"),
]
