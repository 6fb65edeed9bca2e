"""Sample students of the ``gradient_checking`` assignment (8 points).

========  ==============================================================  ======
student   what the submission holds                                       points
========  ==============================================================  ======
ada       every answer correct (the source notebook's solutions)          8
ben       the untouched release                                           0
cleo      no normalisation in relative_difference; gradient_check         3
          flattens the gradients in the dictionary's order
dan       one-sided difference that also leaves theta perturbed (its      0
          gradient_check inherits both); L1 norm in relative_difference
eve       relative_difference and gradient_check hard-coded to the        3
          published numbers
========  ==============================================================  ======
"""

from __future__ import annotations

from . import SampleStudent, everyone_correct, untouched_release

USUAL_MISTAKES = {
    "relative_difference": '''
def relative_difference(grad, grad_approx):
    # the raw distance: not divided by the sizes of the gradients
    return float(np.linalg.norm(np.asarray(grad, dtype=float) - np.asarray(grad_approx, dtype=float)))
''',
    "gradient_check": '''
def gradient_check(parameters, gradients, cost_of, epsilon=1e-7):
    theta, layout = dictionary_to_vector(parameters)
    # the gradients in the dictionary's own order (dW3 first), not matched to the parameters
    grad = np.concatenate([value.ravel() for key, value in gradients.items() if key[:2] in ("dW", "db")])
    grad_approx = numerical_gradient(lambda v: cost_of(vector_to_dictionary(v, layout)), theta, epsilon)
    return relative_difference(grad, grad_approx)
''',
}

PERTURBED_AND_ONE_SIDED = {
    "numerical_gradient": '''
def numerical_gradient(f, theta, epsilon=1e-7):
    grad_approx = np.zeros(theta.shape)
    base = f(theta)
    for i in range(theta.size):
        theta[i] = theta[i] + epsilon  # perturbs the caller's theta and never restores it
        grad_approx[i] = (f(theta) - base) / epsilon  # one-sided
    return grad_approx
''',
    "relative_difference": '''
def relative_difference(grad, grad_approx):
    grad, grad_approx = np.ravel(grad), np.ravel(grad_approx)
    return float(np.sum(np.abs(grad - grad_approx)) / (np.sum(np.abs(grad)) + np.sum(np.abs(grad_approx))))
''',
}

HARD_CODED = {
    "relative_difference": '''
def relative_difference(grad, grad_approx):
    return 2.919335883291695e-10
''',
    "gradient_check": '''
def gradient_check(parameters, gradients, cost_of, epsilon=1e-7):
    return 0.2850931567761623 if gradients["dW2"][0, 0] != 0 else 1.1890913024229996e-07
''',
}

STUDENTS = [
    everyone_correct(8.0),
    untouched_release(),
    SampleStudent("cleo", 3.0, USUAL_MISTAKES, story="no normalisation; gradients in the wrong order"),
    SampleStudent("dan", 0.0, PERTURBED_AND_ONE_SIDED, story="one-sided, theta left perturbed; L1 norm"),
    SampleStudent("eve", 3.0, HARD_CODED, story="hard-codes the published numbers"),
]
