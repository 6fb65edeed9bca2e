"""Public tests of the dropout layers of ``regularization_toolbox``.

``Dropout(keep_prob)`` is inverted dropout: while training, ``forward`` draws
``mask = np.random.rand(*x.shape) < keep_prob`` (exactly that one call), keeps
it and returns ``x * mask / keep_prob``; at test time it returns ``x`` and
draws nothing; ``backward(dout)`` returns ``dout * mask / keep_prob``.
``NonInvertedDropout(keep_prob)`` draws the same mask, returns ``x * mask``
while training and ``x * keep_prob`` at test time; its backward is ``dout * mask``.

Each layer is checked twice: by seed (NumPy's global generator is seeded
right before ``forward``, so the expected mask is known entry by entry, and
the generator's state after each call shows how many numbers were drawn) and
by properties on a large activation (share of units kept, survivors scaled
exactly, training output equal to the test output in expectation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from testCases.dropout_layers import (
    FORWARD_SEED,
    Dropout_test_case,
    NonInvertedDropout_test_case,
    large_activation_case,
)

from .compare import Mistake, call, check_array, check_unmodified, close_to, describe, fail, hint_line, passed, snapshot

#: keep_prob of the seeded checks and of the statistical ones.
KEEP_PROB = 0.8
LARGE_KEEP_PROB = 0.6
#: Seed of the statistical checks.
LARGE_SEED = 3
#: Largest distance allowed between the share of units kept and keep_prob (about 6 standard deviations).
SHARE_TOLERANCE = 0.01
#: Largest relative distance allowed between the mean training output and the mean test output.
MEAN_TOLERANCE = 0.01

KEEP_BELOW = Mistake(
    "dropping with probability keep_prob",
    "a unit is KEPT when its random number is below keep_prob: mask = np.random.rand(*x.shape) < keep_prob; "
    "with > (or >=) a unit survives with probability 1 - keep_prob.", lambda got: False)
DRAWN_AT_TEST = ("drawing at test time", "draw a mask only when train is True; at test time the layer leaves "
                 "NumPy's random generator alone (a draw there would shift every later draw of the program).")
NEW_MASK_IN_BACKWARD = ("a new mask in backward", "backward reuses the mask its forward call drew and kept "
                        "(e.g. self.mask); a fresh mask would send gradient through units the forward pass dropped.")
SAME_MASK = ("the same mask every call", "each training call of forward draws a new mask with "
             "np.random.rand(*x.shape); keep it only for the backward of that call (and never seed inside the "
             "layer).")


@dataclass(frozen=True)
class _Rule:
    """What a layer computes: its training and test outputs and its backward, as functions of the mask."""

    name: str
    inverted: bool

    def train(self, x: np.ndarray, mask: np.ndarray, keep_prob: float) -> np.ndarray:
        return x * mask / keep_prob if self.inverted else x * mask

    def test(self, x: np.ndarray, keep_prob: float) -> np.ndarray:
        return x if self.inverted else x * keep_prob

    def backward(self, dout: np.ndarray, mask: np.ndarray, keep_prob: float) -> np.ndarray:
        return dout * mask / keep_prob if self.inverted else dout * mask


INVERTED = _Rule("Dropout", True)
NON_INVERTED = _Rule("NonInvertedDropout", False)


# ----------------------------------------------------------------------------- the global generator
def _state() -> tuple:
    return np.random.get_state()


def _same_state(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


def _uniforms(state: tuple, shape: tuple[int, ...]) -> np.ndarray:
    """What np.random.rand(*shape) returns when the global generator is in ``state``."""
    generator = np.random.RandomState()
    generator.set_state(state)
    return generator.rand(*shape)


def _draws_between(start: tuple, end: tuple, limit: int) -> int | None:
    """How many uniform numbers lead the generator from ``start`` to ``end`` (None if not a whole count)."""
    generator = np.random.RandomState()
    generator.set_state(start)
    for count in range(limit + 1):
        if _same_state(generator.get_state(), end):
            return count
        generator.rand()
    return None


def _check_draws(where: str, start: tuple, end: tuple, shape: tuple[int, ...]) -> None:
    """A training forward draws exactly one uniform per entry of x."""
    size = int(np.prod(shape))
    count = _draws_between(start, end, 4 * size + 4)
    if count == size:
        return
    said = "an unknown number of" if count is None else str(count)
    details = ""
    if count == 0:
        details = hint_line("no random draw", "draw the mask inside forward with np.random.rand(*x.shape), from "
                            "NumPy's global generator (the caller seeds it).")
    elif count is not None and count < size and size % count == 0:
        details = hint_line("one draw per unit", "the mask has one entry per unit AND per example, the shape of "
                            "x: np.random.rand(*x.shape).")
    fail(where, f"drew {said} random numbers; a training forward draws exactly {size} "
                f"(one np.random.rand(*x.shape) call for x of shape {shape})", details=details)


# ----------------------------------------------------------------------------- the checks
def _make(name: str, cls: Callable, keep_prob: float) -> object:
    layer = call(f"{name}(keep_prob={keep_prob})", cls, keep_prob)
    for method in ("forward", "backward"):
        if not callable(getattr(layer, method, None)):
            fail(f"{name}(keep_prob={keep_prob})", f"the layer has no method {method}(...); define "
                 "forward(self, x, train=True) and backward(self, dout) in the class")
    return layer


def _flipped(x: np.ndarray, uniform: np.ndarray, keep_prob: float, rule: _Rule) -> Mistake:
    wrong = [rule.train(x, uniform > keep_prob, keep_prob), rule.train(x, uniform < 1 - keep_prob, keep_prob)]
    return Mistake(KEEP_BELOW.name, KEEP_BELOW.hint, lambda got: any(close_to(w)(got) for w in wrong))


def _train_mistakes(x: np.ndarray, uniform: np.ndarray, keep_prob: float, rule: _Rule) -> list[Mistake]:
    mask = uniform < keep_prob
    mistakes = [_flipped(x, uniform, keep_prob, rule)]
    if rule.inverted:
        mistakes += [
            Mistake("no rescaling in training", "inverted dropout divides the kept units by keep_prob while "
                    "training, so that their expected value stays x: return x * mask / keep_prob.",
                    close_to(x * mask)),
            Mistake("multiplying by keep_prob", "divide the kept units by keep_prob, do not multiply.",
                    close_to(x * mask * keep_prob)),
        ]
    else:
        mistakes.append(Mistake("dividing by keep_prob in training", "the non-inverted layer does not rescale "
                                "while training: return x * mask (the scaling by keep_prob happens at test time).",
                                close_to(x * mask / keep_prob)))
    return mistakes


def _backward_mistakes(dout: np.ndarray, mask: np.ndarray, keep_prob: float, rule: _Rule) -> list[Mistake]:
    mistakes = [Mistake("mask not applied in backward", "units the forward pass dropped send no gradient "
                        "back: multiply dout by the kept mask.",
                        lambda got: bool(np.any(np.abs(np.asarray(got, dtype=float))[~mask] > 1e-12)))]
    if rule.inverted:
        mistakes.append(Mistake("no rescaling in backward", "the forward pass divided by keep_prob, so backward "
                                "does too: return dout * mask / keep_prob.", close_to(dout * mask)))
    else:
        mistakes.append(Mistake("rescaling in backward", "the non-inverted forward pass does not divide by "
                                "keep_prob while training, so backward does not either: return dout * mask.",
                                close_to(dout * mask / keep_prob)))
    return mistakes


def _test_mode_mistakes(x: np.ndarray, uniform: np.ndarray, keep_prob: float, rule: _Rule) -> list[Mistake]:
    dropped = [rule.train(x, uniform < keep_prob, keep_prob), x * (uniform < keep_prob)]
    mistakes = [Mistake("dropout at test time", "with train=False the layer drops nothing: "
                        + ("return x unchanged" if rule.inverted else "return x * keep_prob")
                        + ", and draw no mask.", lambda got: any(close_to(d)(got) for d in dropped))]
    if rule.inverted:
        mistakes.append(Mistake("scaling at test time", "inverted dropout already rescaled the kept units while "
                                "training: at test time return x unchanged.",
                                lambda got: close_to(x / keep_prob)(got) or close_to(x * keep_prob)(got)))
    else:
        mistakes += [
            Mistake("not scaling at test time", "the non-inverted layer did not rescale while training, so at "
                    "test time it scales down instead: return x * keep_prob.", close_to(x)),
            Mistake("dividing by keep_prob at test time", "multiply by keep_prob at test time: a unit is present "
                    "in training with probability keep_prob, so its expected output is keep_prob * x.",
                    close_to(x / keep_prob)),
        ]
    return mistakes


def _seeded_checks(name: str, cls: Callable, rule: _Rule, case: Callable) -> None:
    keep_prob = KEEP_PROB
    layer = _make(name, cls, keep_prob)
    x, dout = case()
    shape = x.shape
    before = snapshot({"x": x, "dout": dout})

    # training forward
    where = f"{name}({keep_prob}).forward(x) after np.random.seed({FORWARD_SEED})"
    np.random.seed(FORWARD_SEED)
    start = _state()
    out = call(where, layer.forward, x)
    _check_draws(where, start, _state(), shape)
    check_unmodified(where, before, {"x": x, "dout": dout})
    uniform = _uniforms(start, shape)
    mask = uniform < keep_prob
    check_array(where, out, rule.train(x, mask, keep_prob), mistakes=_train_mistakes(x, uniform, keep_prob, rule))

    # backward of that call
    where = f"{name}({keep_prob}).backward(dout) after that forward"
    start = _state()
    grad = call(where, layer.backward, dout)
    if not _same_state(start, _state()):
        fail(where, "backward drew random numbers", details=hint_line(*NEW_MASK_IN_BACKWARD))
    check_unmodified(where, before, {"x": x, "dout": dout})
    check_array(where, grad, rule.backward(dout, mask, keep_prob),
                mistakes=_backward_mistakes(dout, mask, keep_prob, rule))

    # test mode
    where = f"{name}({keep_prob}).forward(x, train=False)"
    start = _state()
    out_test = call(where, layer.forward, x, train=False)
    check_unmodified(where, before, {"x": x, "dout": dout})
    check_array(where, out_test, rule.test(x, keep_prob),
                mistakes=_test_mode_mistakes(x, _uniforms(start, shape), keep_prob, rule))
    if not _same_state(start, _state()):
        fail(where, "the layer drew random numbers in test mode (the output is right)",
             details=hint_line(*DRAWN_AT_TEST))

    # a second training call draws a new mask
    where = f"{name}({keep_prob}).forward(x) called a second time"
    start = _state()
    again = call(where, layer.forward, x)
    end = _state()
    expected = rule.train(x, _uniforms(start, shape) < keep_prob, keep_prob)
    if not close_to(expected)(again) and close_to(out)(again):
        fail(where, "returned the output of the first call again: the mask did not change",
             details=hint_line(*SAME_MASK))
    _check_draws(where, start, end, shape)
    check_array(where, again, expected)
    grad = call(f"{name}({keep_prob}).backward(dout) after the second forward", layer.backward, dout)
    check_array(f"{name}({keep_prob}).backward(dout) after the second forward (it must use the second mask)",
                grad, rule.backward(dout, _uniforms(start, shape) < keep_prob, keep_prob))


def _property_checks(name: str, cls: Callable, rule: _Rule) -> None:
    keep_prob = LARGE_KEEP_PROB
    layer = _make(name, cls, keep_prob)
    x = large_activation_case()
    where = f"{name}({keep_prob}).forward(x) on x of shape {x.shape} with entries in [1, 2)"
    np.random.seed(LARGE_SEED)
    out = call(where, layer.forward, x)
    if not isinstance(out, np.ndarray) or out.shape != x.shape:
        fail(where, f"expected a numpy array of shape {x.shape}, got a {describe(out)}")
    kept = out != 0
    share = float(kept.mean())
    if abs(share - keep_prob) > SHARE_TOLERANCE:
        fail(where, f"kept {share:.4f} of the units; with keep_prob = {keep_prob} the share kept must be within "
                    f"{SHARE_TOLERANCE} of {keep_prob}",
             details=hint_line(KEEP_BELOW.name, KEEP_BELOW.hint) if abs(share - (1 - keep_prob)) < SHARE_TOLERANCE
             else "")
    survivors = x / keep_prob if rule.inverted else x
    wrong = kept & ~np.isclose(out, survivors, rtol=1e-12, atol=0.0)
    if wrong.any():
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        fail(where, f"{int(wrong.sum())} kept units are not exactly "
                    + ("x / keep_prob" if rule.inverted else "x (no rescaling while training)"),
             details=f"  first at index {list(first)}: x = {x[first]:.8f}, expected {survivors[first]:.8f}, "
                     f"got {float(out[first]):.8f}")
    test_out = call(f"{name}({keep_prob}).forward(x, train=False)", layer.forward, x, train=False)
    check_array(f"{name}({keep_prob}).forward(x, train=False) on the large x (nothing dropped)", test_out,
                rule.test(x, keep_prob))
    train_mean, test_mean = float(np.mean(out)), float(np.mean(test_out))
    if abs(train_mean - test_mean) > MEAN_TOLERANCE * abs(test_mean):
        fail(where, f"in expectation the training output must equal the test output: mean training output "
                    f"{train_mean:.4f}, mean test output {test_mean:.4f}")
    everything = _make(name, cls, 1.0)
    where = f"{name}(keep_prob=1.0).forward(x) (nothing is dropped)"
    check_array(where, call(where, everything.forward, x), x)


def Dropout_test(target: Callable) -> None:  # noqa: N802 - named after the class
    """Check the class ``Dropout`` (inverted dropout): by seed with keep_prob 0.8, then by properties."""
    _seeded_checks("Dropout", target, INVERTED, Dropout_test_case)
    _property_checks("Dropout", target, INVERTED)
    passed()


def NonInvertedDropout_test(target: Callable) -> None:  # noqa: N802 - named after the class
    """Check the class ``NonInvertedDropout``: by seed with keep_prob 0.8, then by properties."""
    _seeded_checks("NonInvertedDropout", target, NON_INVERTED, NonInvertedDropout_test_case)
    _property_checks("NonInvertedDropout", target, NON_INVERTED)
    passed()
