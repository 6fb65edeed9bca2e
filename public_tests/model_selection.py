"""Public tests of the model-selection exercises of ``regularization_toolbox``.

``early_stopping_index(dev_errors, patience)`` walks the dev-set errors in
order; an improvement is a value strictly below the best so far; the run stops
when ``patience`` evaluations in a row brought none; the answer is the index
of the best value seen (the first one on ties), also when the run never stops.

``sample_log_uniform(low, high, size, rng)`` returns ``size`` values whose
base-10 logarithm is uniform on ``[log10 low, log10 high]``, with one uniform
draw per value from the ``np.random.Generator`` ``rng`` and nothing from
NumPy's global generator. It is checked against a reference generator with the
same seed (values and the generator's state after the call; each uniform u
may map to either end of the log range) and by the log scale's properties on
a large sample.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from testCases.model_selection import (
    early_stopping_index_test_case,
    sample_log_uniform_large_case,
    sample_log_uniform_test_case,
)

from .compare import Mistake, call, check_array, check_unmodified, close_to, describe, fail, hint_line, passed, snapshot

# ----------------------------------------------------------------------------- early stopping


def _walk(errors: list[float], patience: int, *, ties_improve: bool = False, reset: bool = True,
          stop_after: int | None = None) -> tuple[int | None, int | None]:
    """``(best index, stop index or None)`` of a walk; the keyword arguments make the usual mistakes."""
    limit = patience if stop_after is None else stop_after
    best, best_index, waited = np.inf, None, 0
    for index, error in enumerate(errors):
        if error < best or (ties_improve and error == best):
            best, best_index = error, index
            waited = 0 if reset else waited
        else:
            waited += 1
            if waited >= limit:
                return best_index, index
    return best_index, None


def early_stopping_index_reference(dev_errors: list[float], patience: int) -> int:
    """The contract written out: the index of the best error seen before the run stops."""
    best_index, _ = _walk(dev_errors, patience)
    assert best_index is not None
    return best_index


def _index_is(value: int | None) -> Callable[[object], bool]:
    return lambda got: value is not None and int(got) == value  # type: ignore[call-overload]


def _stopping_mistakes(errors: list[float], patience: int) -> list[Mistake]:
    _, stop = _walk(errors, patience)
    mistakes = [
        Mistake("returned the stopping index", "return the index of the best error seen, not the index of the "
                "evaluation at which the run stopped.", _index_is(stop)),
        Mistake("patience not reset", "patience counts evaluations IN A ROW without improvement: set the counter "
                "back to 0 at every improvement.", _index_is(_walk(errors, patience, reset=False)[0])),
        Mistake("equal counted as improvement", "an improvement is a value strictly below the best so far (<, "
                "not <=): a tie neither moves the best index nor resets the counter.",
                _index_is(_walk(errors, patience, ties_improve=True)[0])),
        Mistake("patience off by one", f"stop at the evaluation where the count of evaluations in a row without "
                f"improvement reaches patience ({patience}), not one before or one after.",
                lambda got: any(_index_is(_walk(errors, patience, stop_after=n)[0])(got)
                                for n in (patience - 1, patience + 1) if n >= 1)),
    ]
    if stop is not None:
        mistakes.append(Mistake("looked past the stopping point", "the answer is the best error seen BEFORE the run "
                                "stopped; the minimum of the whole curve uses evaluations early stopping never made.",
                                _index_is(int(np.argmin(errors)))))
    else:
        mistakes.append(Mistake("never stopped: last index", "when patience never runs out, the answer is still "
                                "the index of the best error (the first minimum), not the last index.",
                                _index_is(len(errors) - 1)))
    return mistakes


def early_stopping_index_test(target: Callable) -> None:
    """Check ``target(dev_errors, patience)`` on three curves (see testCases.model_selection)."""
    name = "early_stopping_index"
    for number, (errors, patience) in enumerate(early_stopping_index_test_case(), start=1):
        where = f"{name}(dev_errors, patience={patience}) on curve {number}"
        curve = "  dev_errors = [" + ", ".join(f"{e:g}" for e in errors) + "]"
        before = snapshot({"dev_errors": errors})
        got = call(where, target, errors, patience)
        check_unmodified(name, before, {"dev_errors": errors})
        expected = early_stopping_index_reference(errors, patience)
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)):
            value = Mistake("returned the error, not its index", "return the position of the best error in the "
                            "list (an int), not the error itself.",
                            close_to(errors[expected]))
            fail(where, f"expected an int (an index into dev_errors), got a {describe(got)}", got=got,
                 expected=expected, mistakes=[value], details=curve)
        if int(got) != expected:
            _, stop = _walk(errors, patience)
            said = (f"the run stops at index {stop}; the best error before that is dev_errors[{expected}] = "
                    f"{errors[expected]:g}" if stop is not None else
                    f"the run never stops; the best error is dev_errors[{expected}] = {errors[expected]:g}")
            fail(where, "wrong index", got=int(got), expected=expected,
                 mistakes=_stopping_mistakes(errors, patience), details=f"{curve}\n  {said}")
    passed()


# ----------------------------------------------------------------------------- log-uniform sampling

#: Largest distances allowed, on the large sample, between the mean of log10 and the midpoint of the
#: log range, between the share below the geometric midpoint and 1/2, and between each decade's share
#: and its exact share (about 5 standard deviations each).
LOG_MEAN_TOLERANCE = 0.05
SHARE_TOLERANCE = 0.02
#: Relative tolerance of the seeded comparison: correct formulas agree to about 1e-15.
RELATIVE_TOLERANCE = 1e-9

NOT_RNG = ("drawing from np.random instead of rng", "draw from the generator passed in, rng.uniform(...) or "
           "rng.random(...); np.random.* functions use NumPy's global generator, which the caller did not give you.")
OWN_GENERATOR = ("a generator of your own", "draw from the rng argument itself; a generator made inside the function "
                 "(np.random.default_rng()) ignores the caller's seed.")
ONE_PER_VALUE = ("one uniform per value", "draw exactly one uniform number per value, e.g. a single "
                 "rng.uniform(np.log10(low), np.log10(high), size) call, and nothing else from rng.")
UNIFORM_IN_LAMBD = ("uniform in lambd, not in its logarithm", "draw the EXPONENT uniformly, r = rng.uniform("
                    "np.log10(low), np.log10(high), size), and return 10 ** r; a value drawn uniformly between low "
                    "and high lands in the top decade nine times in ten.")


def _draws_taken(seed: int, end: dict, limit: int) -> int | None:
    """How many doubles ``default_rng(seed)`` draws to reach the state ``end`` (None if no whole count does)."""
    generator = np.random.default_rng(seed)
    for count in range(limit + 1):
        if generator.bit_generator.state == end:
            return count
        generator.random()
    return None


def _sample_mistakes(low: float, high: float, uniform: np.ndarray) -> list[Mistake]:
    lo10, hi10 = np.log10(low), np.log10(high)
    lo_e, hi_e = np.log(low), np.log(high)
    return [
        Mistake(*UNIFORM_IN_LAMBD, close_to(low + (high - low) * uniform)),
        Mistake("bounds used as exponents", "low and high are the values themselves, not their logarithms: draw "
                "the exponent between np.log10(low) and np.log10(high).",
                close_to(10.0 ** (low + (high - low) * uniform))),
        Mistake("mixed bases", "the logarithm and the power must use the same base: 10 ** rng.uniform(np.log10(low), "
                "np.log10(high), size), or np.exp(rng.uniform(np.log(low), np.log(high), size)).",
                lambda got: close_to(10.0 ** (lo_e + (hi_e - lo_e) * uniform))(got)
                or close_to(np.exp(lo10 + (hi10 - lo10) * uniform))(got)),
    ]


def _check_form(where: str, got: object, size: int) -> np.ndarray:
    if not isinstance(got, np.ndarray):
        fail(where, f"expected a numpy array of shape ({size},), got a {describe(got)}")
    if got.shape != (size,):
        fail(where, f"wrong shape: expected ({size},), got {got.shape}; pass size to the one draw "
                    "(rng.uniform(..., size=size))")
    if got.dtype != np.float64:
        fail(where, f"expected float64 values, got dtype {got.dtype}")
    return got


def _check_generators(where: str, seed: int, rng: np.random.Generator, size: int, global_before: tuple) -> None:
    global_after = np.random.get_state()
    touched = not (np.array_equal(global_before[1], global_after[1]) and global_before[2:] == global_after[2:])
    if touched:
        fail(where, "NumPy's global generator was used (its state changed)", details=hint_line(*NOT_RNG))
    count = _draws_taken(seed, rng.bit_generator.state, 4 * size + 4)
    if count == size:
        return
    if count == 0:
        fail(where, "nothing was drawn from rng (its state did not change)", details=hint_line(*OWN_GENERATOR))
    said = "an unknown number of" if count is None else str(count)
    fail(where, f"drew {said} random numbers from rng; a correct sampler draws exactly size = {size} uniforms",
         details=hint_line(*ONE_PER_VALUE))


def _sample(target: Callable, low: float, high: float, size: int, seed: int) -> tuple[str, np.ndarray]:
    where = f"sample_log_uniform(low={low:g}, high={high:g}, size={size}, rng=np.random.default_rng({seed}))"
    rng = np.random.default_rng(seed)
    global_before = np.random.get_state()
    got = _check_form(where, call(where, target, low, high, size, rng), size)
    _check_generators(where, seed, rng, size, global_before)
    return where, got


def sample_log_uniform_test(target: Callable) -> None:
    """Check ``target(low, high, size, rng)`` against a reference generator, then the log scale on 20000 values."""
    low, high, size, seed = sample_log_uniform_test_case()
    where, got = _sample(target, low, high, size, seed)
    uniform = np.random.default_rng(seed).random(size)
    lo10, hi10 = np.log10(low), np.log10(high)
    expected = 10.0 ** (lo10 + (hi10 - lo10) * uniform)
    # Mapping each uniform u to the other end (1 - u) of the log range is just as correct.
    mirrored = 10.0 ** (hi10 - (hi10 - lo10) * uniform)
    if np.all(np.abs(got / mirrored - 1.0) <= RELATIVE_TOLERANCE):
        expected = mirrored
    mistakes = _sample_mistakes(low, high, uniform)
    check_array(where, got, expected, mistakes=mistakes)
    relative = np.abs(got / expected - 1.0)
    if np.any(relative > RELATIVE_TOLERANCE):
        first = int(np.argmax(relative > RELATIVE_TOLERANCE))
        fail(where, f"wrong values ({int((relative > RELATIVE_TOLERANCE).sum())} of {size} entries, compared "
                    "relative to their size)", got=got, expected=expected, mistakes=mistakes,
             details=f"  first difference at index [{first}]: expected {expected[first]:.8e}, got {got[first]:.8e}")

    low, high, size, seed = sample_log_uniform_large_case()
    where, got = _sample(target, low, high, size, seed)
    outside = (got < low * (1 - 1e-12)) | (got > high * (1 + 1e-12))
    if outside.any():
        first = int(np.argmax(outside))
        fail(where, f"{int(outside.sum())} of {size} values lie outside [low, high] = [{low:g}, {high:g}] "
                    f"(the first at index {first}: {got[first]:.6g})")
    logs = np.log10(got)
    middle = (np.log10(low) + np.log10(high)) / 2
    hint = hint_line(*UNIFORM_IN_LAMBD)
    if abs(logs.mean() - middle) > LOG_MEAN_TOLERANCE:
        fail(where, f"the mean of log10(values) is {logs.mean():.4f}; on a log scale it must be near the middle of "
                    f"[log10 low, log10 high], {middle:g}", details=hint)
    geometric = np.sqrt(low * high)
    below = float(np.mean(got < geometric))
    if abs(below - 0.5) > SHARE_TOLERANCE:
        fail(where, f"{below:.4f} of the values lie below the geometric midpoint sqrt(low * high) = {geometric:g}; "
                    "on a log scale half of them do", details=hint)
    edges = np.linspace(np.log10(low), np.log10(high), 6)
    shares = np.histogram(logs, bins=edges)[0] / size
    if np.any(np.abs(shares - 0.2) > SHARE_TOLERANCE):
        fail(where, "log10 of the values is not spread evenly: the shares in the five decades are "
                    + ", ".join(f"{s:.3f}" for s in shares) + " (each should be about 0.2)", details=hint)
    passed()
