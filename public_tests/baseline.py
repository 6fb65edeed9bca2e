"""Public tests of the baseline notebook's exercises."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from testCases import count_parameters_test_case, mean_abs_weights_test_case

from .compare import Mistake, call, check_keys, check_scalar, check_unmodified, fail, hint_line, passed, snapshot


def _count_mistakes(layer_dims: list[int]) -> list[Mistake]:
    pairs = list(zip(layer_dims[:-1], layer_dims[1:]))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(layer_dims[1:])
    return [
        Mistake("forgot the biases", "every unit of layers 1..L also has a bias b.",
                lambda got: got == weights),
        Mistake("counted units, not parameters", "a weight connects each unit to each unit of "
                "the layer before: layer l has n[l] * n[l-1] weights.",
                lambda got: got in (sum(layer_dims), sum(layer_dims[1:]))),
        Mistake("gave the input layer biases", "the input layer has no parameters of its own.",
                lambda got: got == weights + biases + layer_dims[0]),
    ]


def count_parameters_test(target: Callable) -> None:
    """Check ``target(layer_dims)`` on the lesson's network and on two other shapes."""
    name = "count_parameters"
    for layer_dims, expected in ((count_parameters_test_case(), 127), ([5, 4, 1], 29), ([3, 1], 4)):
        before = snapshot({"layer_dims": layer_dims})
        got = call(f"{name}({layer_dims})", target, layer_dims)
        check_unmodified(name, before, {"layer_dims": layer_dims})
        if isinstance(got, float) and got.is_integer():
            got = int(got)
        if not isinstance(got, (int, np.integer)) or isinstance(got, bool):
            fail(f"{name}({layer_dims})", "expected a whole number (int)", got=got, expected=expected)
        if got != expected:
            fail(f"{name}({layer_dims})", "wrong count", got=got, expected=expected,
                 mistakes=_count_mistakes(layer_dims))
    passed()


def _weight_mistakes(parameters: dict, key: str) -> list[Mistake]:
    W = parameters[key]

    def near(value: float) -> Callable[[object], bool]:
        return lambda got: abs(float(got) - value) < 1e-7

    return [
        Mistake("forgot the absolute value", "positive and negative weights cancel in a plain "
                "mean: average np.abs(W).", near(float(np.mean(W)))),
        Mistake("sum instead of mean", "divide by the number of entries (np.mean does it).",
                near(float(np.sum(np.abs(W))))),
        Mistake("squared weights", "this is the mean absolute value, not the mean square.",
                near(float(np.mean(np.square(W))))),
    ]


EXPECTED_MEAN_ABS = {"W1": 1.1673647463229841, "W2": 0.7995216127931766, "W3": 0.5009624594509289}


def mean_abs_weights_test(target: Callable) -> None:
    """Check ``target(parameters)`` returns the mean |W| of each weight matrix, biases excluded."""
    name = "mean_abs_weights"
    parameters = mean_abs_weights_test_case()
    before = snapshot({"parameters": parameters})
    got = call(name, target, parameters)
    check_unmodified(name, before, {"parameters": parameters})
    check_keys(name, got, EXPECTED_MEAN_ABS)
    extra = sorted(set(got) - set(EXPECTED_MEAN_ABS))
    if extra:
        fail(name, f"unexpected key(s) {extra}: report the weight matrices W1, W2, W3 only",
             details=hint_line("included the biases", "biases shift units, they do not weigh inputs; "
                               "leave b1, b2, b3 out."))
    for key, expected in EXPECTED_MEAN_ABS.items():
        check_scalar(f'{name}: result["{key}"]', got[key], expected,
                     mistakes=_weight_mistakes(parameters, key))
    passed()
