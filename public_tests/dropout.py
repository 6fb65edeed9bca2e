"""Public tests of the dropout exercises."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from reg_utils import forward_propagation, relu
from testCases import backward_propagation_with_dropout_test_case, forward_propagation_with_dropout_test_case

from .compare import (
    Mistake,
    call,
    check_array,
    check_keys,
    check_unmodified,
    close_to,
    describe,
    fail,
    hint_line,
    passed,
    snapshot,
)
from .l2 import GRAD_ORDER

#: Names of the 14 cache entries, in the order the published tests check.
DROPOUT_CACHE = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")

EXPECTED_FORWARD = {
    "A3": np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]),
    "D1": np.array([[True, False, True, True, True], [True, True, True, True, True]]),
    "D2": np.array([[True, True, True, False, True], [True, True, True, True, True],
                    [False, False, True, True, False]]),
    "A1": np.array([[0.0, 0.0, 3.05706487, 3.72429505, 0.0],
                    [0.0, 5.94299915, 1.1293003, 2.09276446, 0.0]]),
    "A2": np.array([[0.75765067, 8.40591658, 4.40550021, 0.0, 0.75765067],
                    [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]),
    "Z3": np.array([[-0.53330145, -5.78898099, -3.04000407, -0.0126646, -0.53330145]]),
}

EXPECTED_DROPOUT_GRADS = {
    "dZ3": np.array([[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]]),
    "dW3": np.array([[-0.06951191, 0.0, 0.0]]),
    "db3": np.array([[-0.2715031]]),
    "dA2": np.array([[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731],
                     [0.0, 0.53159854, 0.0, 0.53159854, -0.34089673],
                     [0.0, 0.0, -0.00292733, 0.0, 0.0]]),
    "dZ2": np.array([[0.58180856, 0.0, -0.00299679, 0.0, -0.27715731],
                     [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]),
    "dW2": np.array([[-0.00256518, -0.0009476], [0.0, 0.0], [0.0, 0.0]]),
    "db2": np.array([[0.06033089], [0.0], [0.0]]),
    "dA1": np.array([[0.36544439, 0.0, -0.00188233, 0.0, -0.17408748],
                     [0.65515713, 0.0, -0.00337459, 0.0, 0.0]]),
    "dZ1": np.array([[0.0, 0.0, -0.00188233, 0.0, 0.0], [0.0, 0.0, -0.00337459, 0.0, 0.0]]),
    "dW1": np.array([[0.00019884, 0.00028657, 0.00012138],
                     [0.00035647, 0.00051375, 0.00021761]]),
    "db1": np.array([[-0.00037647], [-0.00067492]]),
}

# How many uniform numbers a correct forward pass draws on the test case: a
# 2x5 mask then a 3x5 mask. Other counts name other mistakes.
DRAWS_EXPECTED = 25
DRAW_COUNT_HINTS = {
    40: ("dropout on the input layer", "X is never dropped: draw masks for A1 and A2 only."),
    30: ("dropout on the output layer", "A3 is never dropped: draw masks for A1 and A2 only."),
    10: ("dropout on one layer only", "both hidden layers get a mask: D1 for A1 and D2 for A2."),
    15: ("dropout on one layer only", "both hidden layers get a mask: D1 for A1 and D2 for A2."),
    5: ("one mask entry per unit", "the mask has one entry per unit AND per example: "
        "np.random.rand(A1.shape[0], A1.shape[1])."),
    0: ("no random draw", "draw the masks with np.random.rand(...) inside the function, "
        "after the caller seeded the generator."),
}


def _draws_consumed(max_draws: int = 200) -> int | None:
    """How many uniform numbers were drawn since ``np.random.seed(1)``, or None if not found."""
    probe = np.random.rand()
    np.random.seed(1)
    sequence = np.random.rand(max_draws + 1)
    hits = np.flatnonzero(sequence == probe)
    return int(hits[0]) if hits.size else None


def _flipped_keep(uniform: np.ndarray, keep_prob: float) -> list[Mistake]:
    """Masks that keep a unit with probability 1 - keep_prob, written either way round."""
    hint = "a unit is KEPT when its random number is below keep_prob: D = np.random.rand(...) < keep_prob."
    name = "keeping with probability 1-keep_prob"
    return [Mistake(name, hint, close_to(uniform >= keep_prob)),
            Mistake(name, hint, close_to(uniform < 1 - keep_prob))]


def _check_cache_shape(name: str, cache: object) -> None:
    if not isinstance(cache, tuple) or len(cache) != len(DROPOUT_CACHE):
        size = len(cache) if isinstance(cache, (tuple, list)) else "no"
        fail(name, f"the cache must be a tuple of 14 entries {DROPOUT_CACHE}, got a "
                   f"{describe(cache)} with {size} entries")


def forward_propagation_with_dropout_test(target: Callable) -> None:
    """Check ``target(X, parameters, keep_prob)`` on the published case (keep_prob = 0.7, seed 1)."""
    name = "forward_propagation_with_dropout"
    keep_prob = 0.7
    X, parameters = forward_propagation_with_dropout_test_case()
    before = snapshot({"X": X, "parameters": parameters})
    np.random.seed(1)
    result = call(f"{name}(X, parameters, keep_prob={keep_prob})", target, X, parameters, keep_prob)
    consumed = _draws_consumed()
    check_unmodified(name, before, {"X": X, "parameters": parameters})
    if not isinstance(result, tuple) or len(result) != 2:
        fail(name, f"return (A3, cache), got a {describe(result)}")
    A3, cache = result
    if consumed != DRAWS_EXPECTED:
        label, hint = DRAW_COUNT_HINTS.get(consumed, (
            "unexpected random draws", "draw exactly one mask per hidden layer, "
            "np.random.rand with the activation's shape, first D1 then D2."))
        fail(name, f"the function drew {consumed if consumed is not None else 'an unknown number of'} "
                   f"random numbers; a correct pass draws {DRAWS_EXPECTED} "
                   "(a 2x5 mask for A1, then a 3x5 mask for A2)",
             details=hint_line(label, hint))
    _check_cache_shape(name, cache)
    entries = dict(zip(DROPOUT_CACHE, cache))

    np.random.seed(1)
    uniform_1, uniform_2 = np.random.rand(2, 5), np.random.rand(3, 5)
    check_array(f"{name}: cache D1", entries["D1"], EXPECTED_FORWARD["D1"], kind="mask",
                mistakes=_flipped_keep(uniform_1, keep_prob))
    check_array(f"{name}: cache D2", entries["D2"], EXPECTED_FORWARD["D2"], kind="mask",
                mistakes=_flipped_keep(uniform_2, keep_prob))

    unscaled = relu(np.dot(parameters["W1"], X) + parameters["b1"]) * EXPECTED_FORWARD["D1"]
    check_array(f"{name}: cache A1 (after masking and scaling)", entries["A1"], EXPECTED_FORWARD["A1"],
                mistakes=[
                    Mistake("not dividing by keep_prob", "inverted dropout scales the kept units by "
                            "1/keep_prob so that the expected activation is unchanged: A1 = A1 / keep_prob.",
                            close_to(unscaled)),
                    Mistake("cached the activation before dropout", "store A1 after applying D1 "
                            "and dividing by keep_prob: that is what the next layer saw.",
                            close_to(relu(np.dot(parameters["W1"], X) + parameters["b1"]))),
                    Mistake("multiplying by keep_prob", "divide by keep_prob, do not multiply.",
                            close_to(unscaled * keep_prob)),
                ])
    check_array(f"{name}: cache A2 (after masking and scaling)", entries["A2"], EXPECTED_FORWARD["A2"])
    check_array(f"{name}: cache Z3", entries["Z3"], EXPECTED_FORWARD["Z3"])
    check_array(f"{name}: A3", A3, EXPECTED_FORWARD["A3"])
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        check_array(f"{name}: cache {key}", entries[key], parameters[key])

    # A second call without re-seeding must draw new masks; identical output
    # means the function seeds the generator itself.
    again, _ = call(f"{name} (second call)", target, X, parameters, keep_prob)
    if np.array_equal(again, A3):
        fail(name, "two calls in a row gave the same output: the masks did not change",
             details=hint_line("seeding inside the function", "never call np.random.seed in the "
                               "exercise function; the caller seeds once and every call then draws fresh masks."))

    plain, _ = forward_propagation(X, parameters)
    check_array(f"{name} with keep_prob = 1 (nothing dropped, must equal forward_propagation)",
                call(f"{name}(X, parameters, keep_prob=1.0)", target, X, parameters, 1.0)[0], plain)
    passed()


def _backward_mistakes(key: str, cache: tuple, keep_prob: float) -> list[Mistake]:
    expected = EXPECTED_DROPOUT_GRADS[key]
    entries = dict(zip(DROPOUT_CACHE, cache))
    if key not in ("dA1", "dA2"):
        return []
    layer = key[-1]
    mask = entries[f"D{layer}"].astype(bool)
    return [
        Mistake("not dividing by keep_prob", f"after applying D{layer}, divide {key} by keep_prob, "
                f"exactly as the forward pass scaled A{layer}.", close_to(expected * keep_prob)),
        Mistake("multiplying by keep_prob", "divide by keep_prob, do not multiply.",
                close_to(expected * keep_prob ** 2)),
        Mistake("mask not applied", f"units dropped in the forward pass get no gradient: multiply "
                f"{key} by the cached D{layer}.",
                lambda got: bool(np.any(np.abs(np.asarray(got))[~mask] > 1e-12))),
    ]


def backward_propagation_with_dropout_test(target: Callable) -> None:
    """Check ``target(X, Y, cache, keep_prob)`` on the published case (keep_prob = 0.8), all 11 gradients."""
    name = "backward_propagation_with_dropout"
    keep_prob = 0.8
    X, Y, cache = backward_propagation_with_dropout_test_case()
    before = snapshot({"X": X, "Y": Y, "cache": cache})
    np.random.seed(1)
    state = np.random.get_state()[1].copy()
    grads = call(f"{name}(X, Y, cache, keep_prob={keep_prob})", target, X, Y, cache, keep_prob)
    if not np.array_equal(np.random.get_state()[1], state) or np.random.get_state()[2] != 624:
        fail(name, "the backward pass drew random numbers",
             details=hint_line("drawing a new mask in backward", "reuse the masks D1 and D2 stored "
                               "in the cache; a fresh mask would send gradients through units the forward "
                               "pass had dropped."))
    check_unmodified(name, before, {"X": X, "Y": Y, "cache": cache})
    check_keys(name, grads, GRAD_ORDER)
    for key in GRAD_ORDER:
        check_array(f'{name}: gradients["{key}"]', grads[key], EXPECTED_DROPOUT_GRADS[key],
                    mistakes=_backward_mistakes(key, cache, keep_prob))
    passed()
