"""Public tests of the gradient-checking exercises.

The expected values and the values the usual mistakes give are written out
as numbers (computed once from the published constructions), so that this
file holds no working gradient check of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from testCases.gradient_checking import (
    cubic_cost,
    gradient_check_fixed_test_case,
    gradient_check_test_case,
    linear_cost,
    numerical_gradient_test_case,
    relative_difference_test_case,
)

from .compare import Mistake, call, check_array, check_scalar, check_unmodified, close_to, fail, passed, snapshot

#: The published 1-D case's centred difference (epsilon = 1e-7) and relative difference.
EXPECTED_ONE_D_GRAD_APPROX = 2.0000000011677344
EXPECTED_ONE_D_DIFFERENCE = 2.919335883291695e-10
#: The published N-D case: with the planted bugs, and with them removed.
EXPECTED_BUGGED_DIFFERENCE = 0.2850931567761623
EXPECTED_FIXED_DIFFERENCE = 1.1890913024229996e-07
#: The published threshold below which a backward pass is taken as right.
THRESHOLD = 2e-7

_CUBIC_THETA = (1.0, -2.0, 0.5)
_CUBIC_EPSILON = 1e-3
# sum(theta**3) has gradient 3 theta**2; the centred difference adds exactly epsilon**2.
_CUBIC_EXPECTED = np.array([3.000001, 12.000001, 0.750001])
_CUBIC_ONE_SIDED = np.array([3.003001, 11.994001, 0.751501])
_CUBIC_BACKWARD = np.array([2.997001, 12.006001, 0.748501])

_PERTURBED_HINT = ("  Hint (leaving theta perturbed): `theta_plus = theta` does not copy: it is another name for "
                   "the same array, so `theta_plus[i] += epsilon` changes theta itself. Copy first "
                   "(np.copy(theta)) and perturb the copy.")


def _numerical_mistakes(expected: np.ndarray, one_sided: np.ndarray | None = None,
                        backward: np.ndarray | None = None) -> list[Mistake]:
    mistakes = [
        Mistake("dividing by epsilon instead of 2 epsilon", "theta + epsilon and theta - epsilon are 2 epsilon "
                "apart: divide the difference of the two costs by 2 * epsilon.", close_to(2 * expected, 1e-6)),
        Mistake("the same point twice", "both costs were computed at the same point, so every difference is 0: "
                "theta_plus and theta_minus must be two separate copies of theta.", close_to(np.zeros_like(expected))),
        Mistake("perturbing every entry at once", "entry i of the gradient moves ONLY theta[i]: add epsilon "
                "to one entry of a copy of theta, not to the whole vector.",
                lambda got: np.ndim(got) == 1 and np.size(got) > 1 and bool(np.allclose(got, got[0]))
                and not np.allclose(expected, expected[0])),
    ]
    if one_sided is not None:
        mistakes.append(Mistake("one-sided difference", "(J(theta + eps) - J(theta)) / eps has an error "
                                "proportional to eps; the centred difference (J(theta + eps) - J(theta - eps)) "
                                "/ (2 eps) is accurate to eps**2.", close_to(one_sided, 1e-6)))
    if backward is not None:
        mistakes.append(Mistake("one-sided difference", "(J(theta) - J(theta - eps)) / eps has an error "
                                "proportional to eps; use both sides: (J(theta + eps) - J(theta - eps)) / (2 eps).",
                                close_to(backward, 1e-6)))
    return mistakes


def _call_numerical(name: str, target: Callable, f: Callable, theta: np.ndarray, **kwargs: Any) -> Any:
    before = snapshot({"theta": theta})
    got = call(name, target, f, theta, **kwargs)
    if not (isinstance(theta, np.ndarray) and np.array_equal(theta, before["theta"])):
        fail(name, "theta was changed by the call: after it, the caller's theta must be as it was",
             got=theta, expected=before["theta"], details=_PERTURBED_HINT)
    return got


def numerical_gradient_test(target: Callable) -> None:
    """Check ``target(f, theta, epsilon=1e-7)`` on a cubic and a linear cost, and on the published 1-D case."""
    name = "numerical_gradient"
    theta = np.array(_CUBIC_THETA)
    got = _call_numerical(name, target, cubic_cost, theta, epsilon=_CUBIC_EPSILON)
    check_array(f"{name}(J = sum(theta**3), theta = {list(_CUBIC_THETA)}, epsilon = {_CUBIC_EPSILON})", got,
                _CUBIC_EXPECTED, mistakes=_numerical_mistakes(_CUBIC_EXPECTED, _CUBIC_ONE_SIDED, _CUBIC_BACKWARD))

    f, theta = numerical_gradient_test_case()
    got = _call_numerical(name, target, f, theta)
    expected = np.array([EXPECTED_ONE_D_GRAD_APPROX])
    check_array(f"{name}(J = 2 * theta, theta = [4.0])", got, expected, atol=1e-9,
                mistakes=_numerical_mistakes(expected))

    x = np.array([2.0, 3.0, -1.0])
    theta = np.array([4.0, -1.0, 0.5])
    got = _call_numerical(name, target, functools.partial(linear_cost, x=x), theta)
    check_array(f"{name}(J = theta . [2, 3, -1], theta = [4, -1, 0.5])", got, x, atol=1e-6,
                mistakes=_numerical_mistakes(x))
    passed()


_GRAD = np.array([3.0, 0.0, -4.0])
_APPROX = np.array([3.5, 1.0, -4.0])
_VECTOR_EXPECTED = 0.10741726293516188


def _difference_mistakes(values: dict[str, float]) -> list[Mistake]:
    hints = {
        "no normalisation": "divide ||grad - grad_approx|| by ||grad|| + ||grad_approx||: the raw distance "
                            "depends on the scale of the gradient, the ratio does not.",
        "the wrong norm": "use the Euclidean 2-norm, np.linalg.norm(v) = sqrt(sum(v**2)), for all three norms.",
        "squared norms": "np.linalg.norm already takes the square root; do not square the norms.",
        "dividing by ||grad|| only": "the denominator is ||grad|| + ||grad_approx||, the sum of both norms.",
        "norm of the sum": "the denominator is ||grad|| + ||grad_approx||, not ||grad + grad_approx||.",
    }
    return [Mistake(key.split(" #")[0], hints[key.split(" #")[0]], close_to(value, 1e-12))
            for key, value in values.items()]


def relative_difference_test(target: Callable) -> None:
    """Check ``target(grad, grad_approx)`` on a pair of vectors (also as columns) and on the published 1-D case."""
    name = "relative_difference"
    grad, grad_approx = _GRAD.copy(), _APPROX.copy()
    before = snapshot({"grad": grad, "grad_approx": grad_approx})
    got = call(name, target, grad, grad_approx)
    check_unmodified(name, before, {"grad": grad, "grad_approx": grad_approx})
    check_scalar(f"{name}({_GRAD.tolist()}, {_APPROX.tolist()})", got, _VECTOR_EXPECTED, atol=1e-12,
                 mistakes=_difference_mistakes({
                     "no normalisation": 1.118033988749895,
                     "the wrong norm": 0.0967741935483871,
                     "the wrong norm #max": 0.125,
                     "squared norms": 0.02304147465437788,
                     "dividing by ||grad|| only": 0.223606797749979,
                     "norm of the sum": 0.10795837927188262,
                 }))
    # The same vectors as columns: the result must not depend on the layout.
    got = call(name, target, _GRAD[:, np.newaxis], _APPROX[:, np.newaxis])
    check_scalar(f"{name} of the same vectors as (3, 1) columns", got, _VECTOR_EXPECTED, atol=1e-12)

    grad, grad_approx = relative_difference_test_case()
    got = call(name, target, grad, grad_approx)
    check_scalar(f"{name}(2.0, {grad_approx!r})", got, EXPECTED_ONE_D_DIFFERENCE, atol=1e-18)
    passed()


_CHECK_HINTS = {
    "one-sided difference": "use the centred difference (J(theta + eps) - J(theta - eps)) / (2 eps) for "
                            "every entry.",
    "dividing by epsilon instead of 2 epsilon": "the two perturbed points are 2 epsilon apart: divide by 2 * epsilon.",
    "leaving theta perturbed": "restore theta (or perturb fresh copies) before moving to the next entry: "
                               "otherwise later entries are measured at a shifted point.",
    "no normalisation": "return ||grad - grad_approx|| / (||grad|| + ||grad_approx||), not the raw distance.",
    "the wrong norm": "use the Euclidean 2-norm (np.linalg.norm) everywhere.",
    "squared norms": "np.linalg.norm already takes the square root; do not square the norms.",
    "mixing the order of parameters and grads": "flatten the parameters as W1, b1, W2, b2, ... and the "
                                                "gradients as dW1, db1, dW2, db2, ... in the SAME order. "
                                                "The gradients dictionary lists dZ3, dW3, db3, ... first: "
                                                "pick the keys by name (gradients_to_vector does it), not by "
                                                "their order in the dictionary.",
}

_BUGGED_SIGNATURES = {
    "one-sided difference": 0.2850931152783628,
    "dividing by epsilon instead of 2 epsilon": 0.28807918174985225,
    "leaving theta perturbed": 0.28509317845895116,
    "no normalisation": 2.3225406048733928,
    "the wrong norm": 0.18562202530392397,
    "squared norms": 0.15804576296388723,
    "mixing the order of parameters and grads": 0.6917746338830104,
    "mixing the order of parameters and grads #W first": 0.5927526102080984,
}

_FIXED_SIGNATURES = {
    "one-sided difference": 1.6991698091738658e-07,
    "dividing by epsilon instead of 2 epsilon": 0.33333331213739165,
    "leaving theta perturbed": 1.1066271111783533e-07,
    "no normalisation": 8.050575492696896e-07,
    "the wrong norm": 1.5680165995462433e-07,
    "squared norms": 2.827876250996049e-14,
    "mixing the order of parameters and grads": 0.7014483101859063,
    "mixing the order of parameters and grads #W first": 0.5277129111106081,
}


def _check_mistakes(signatures: dict[str, float], atol: float) -> list[Mistake]:
    return [Mistake(key.split(" #")[0], _CHECK_HINTS[key.split(" #")[0]], close_to(value, atol))
            for key, value in signatures.items()]


def gradient_check_test(target: Callable) -> None:
    """Check ``target(parameters, gradients, cost_of)`` on the published N-D case, with and without its bugs."""
    name = "gradient_check"
    for label, case, expected, signatures, atol in (
            ("with the planted bugs", gradient_check_test_case, EXPECTED_BUGGED_DIFFERENCE, _BUGGED_SIGNATURES, 1e-12),
            ("with the bugs removed", gradient_check_fixed_test_case, EXPECTED_FIXED_DIFFERENCE, _FIXED_SIGNATURES,
             1e-13)):
        parameters, gradients, cost_of = case()
        before = snapshot({"parameters": parameters, "gradients": gradients})
        got = call(name, target, parameters, gradients, cost_of)
        check_unmodified(name, before, {"parameters": parameters, "gradients": gradients})
        check_scalar(f"{name} on the published 3-layer case {label}", got, expected, atol=atol,
                     mistakes=_check_mistakes(signatures, atol * 10))
    passed()
