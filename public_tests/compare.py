"""The comparison engine: turns "got vs expected" into a message a student can act on.

Every check raises :class:`AssertionError` with a message that says what was
expected, what came back (type, shape, dtype, the first differing entry, the
largest error) and, when the answer matches a known mistake's *signature*
(the value that mistake produces on the test case), a hint naming it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

#: Default absolute tolerance: the published values are printed to 8 decimals.
ATOL = 1e-7


@dataclass(frozen=True)
class Mistake:
    """A usual mistake: its name, a hint, and a predicate that recognises its output."""

    name: str
    hint: str
    matches: Callable[[Any], bool]


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.shape != ():
        return np.array2string(value, precision=8, separator=" ", suppress_small=False)
    if isinstance(value, (np.floating, np.ndarray)):
        return f"{float(value)!r} (numpy {value.dtype})"
    return repr(value)


def _indent(text: str, prefix: str = "      ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def describe(value: Any) -> str:
    """One-line description of a value's type, shape and dtype."""
    if isinstance(value, np.ndarray):
        return f"numpy array, shape {value.shape}, dtype {value.dtype}"
    return f"{type(value).__name__}"


def close_to(expected: Any, atol: float = ATOL) -> Callable[[Any], bool]:
    """Predicate: the value has ``expected``'s shape and equals it within ``atol``."""
    target = np.asarray(expected, dtype=float)

    def predicate(got: Any) -> bool:
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return False
        return arr.shape == target.shape and bool(np.allclose(arr, target, rtol=0, atol=atol))

    return predicate


def diagnose(got: Any, mistakes: Iterable[Mistake]) -> Mistake | None:
    """The first mistake whose signature ``got`` matches, else None."""
    for mistake in mistakes:
        try:
            if mistake.matches(got):
                return mistake
        except Exception:  # a predicate must never hide the real failure
            continue
    return None


def fail(where: str, problem: str, got: Any = None, expected: Any = None,
         mistakes: Iterable[Mistake] = (), details: str = "") -> None:
    """Raise AssertionError with a full, readable report."""
    lines = [f"{where}: {problem}"]
    if expected is not None:
        lines.append("  expected:\n" + _indent(_fmt(expected)))
    if got is not None or expected is not None:
        lines.append("  got:\n" + _indent(_fmt(got)))
    if details:
        lines.append(details)
    mistake = diagnose(got, mistakes)
    if mistake is not None:
        lines.append(f"  Hint ({mistake.name}): {mistake.hint}")
    raise AssertionError("\n".join(lines))


def check_scalar(where: str, got: Any, expected: float, atol: float = ATOL,
                 mistakes: Iterable[Mistake] = ()) -> None:
    """``got`` must be a real scalar (Python float or 0-d NumPy float) equal to ``expected``."""
    if isinstance(got, np.ndarray) and got.shape != ():
        fail(where, f"expected a single number, got a {describe(got)}; "
                    "np.sum over the whole array (or float(...)) gives a scalar",
             got=got, expected=expected, mistakes=mistakes)
    if not isinstance(got, (float, int, np.floating, np.integer, np.ndarray)) or isinstance(got, bool):
        fail(where, f"expected a number, got a {describe(got)}", got=got, expected=expected)
    value = float(got)
    if not np.isfinite(value):
        fail(where, "the value is not finite (nan or inf): look for log(0) or a division by zero",
             got=got, expected=expected)
    if abs(value - expected) > atol:
        fail(where, f"wrong value (off by {abs(value - expected):.3g})",
             got=got, expected=expected, mistakes=mistakes)


def check_array(where: str, got: Any, expected: np.ndarray, atol: float = ATOL,
                mistakes: Iterable[Mistake] = (), kind: str = "float") -> None:
    """``got`` must be a NumPy array of ``expected``'s shape and values.

    Args:
        kind: ``"float"`` for real values, ``"mask"`` for a dropout mask (bool
            or 0/1 integers are both accepted).
    """
    expected = np.asarray(expected)
    if not isinstance(got, np.ndarray):
        fail(where, f"expected a numpy array of shape {expected.shape}, got a {describe(got)}",
             got=got, expected=expected, mistakes=mistakes)
    if got.shape != expected.shape:
        fail(where, f"wrong shape: expected {expected.shape}, got {got.shape}"
                    + (" (a 1-D array: keep the (n, 1) column shape, e.g. keepdims=True)"
                       if got.ndim == 1 else ""),
             got=got, expected=expected, mistakes=mistakes)
    if kind == "mask":
        if got.dtype != bool and not np.isin(got, (0, 1)).all():
            fail(where, f"a dropout mask holds only True/False (or 0/1), got dtype {got.dtype} "
                        "with other values: compare the random numbers with keep_prob",
                 got=got, expected=expected, mistakes=mistakes)
        if not np.array_equal(got.astype(bool), expected.astype(bool)):
            first = tuple(int(i) for i in np.argwhere(got.astype(bool) != expected.astype(bool))[0])
            fail(where, f"wrong mask entries (first at index {list(first)})",
                 got=got, expected=expected, mistakes=mistakes)
        return
    if got.dtype.kind not in "fiu":
        fail(where, f"expected real numbers, got dtype {got.dtype}", got=got, expected=expected,
             mistakes=mistakes)
    if not np.all(np.isfinite(got)):
        fail(where, "contains nan or inf", got=got, expected=expected, mistakes=mistakes)
    error = np.abs(got.astype(float) - expected.astype(float))
    if np.any(error > atol):
        first = tuple(int(i) for i in np.argwhere(error > atol)[0])
        details = (f"  first difference at index {list(first)}: expected {expected[first]:.8f}, "
                   f"got {float(got[first]):.8f}; largest absolute error {error.max():.3g}")
        fail(where, "wrong values", got=got, expected=expected, mistakes=mistakes, details=details)


def check_keys(where: str, got: Any, required: Iterable[str]) -> None:
    """``got`` must be a dict holding at least the ``required`` keys."""
    if not isinstance(got, Mapping):
        fail(where, f"expected a dictionary, got a {describe(got)}")
    missing = [key for key in required if key not in got]
    if missing:
        fail(where, f"missing key(s) {missing}; found {sorted(got)}")


def snapshot(value: Any) -> Any:
    """Deep copy of the inputs, to check later that the function left them alone."""
    return copy.deepcopy(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and np.array_equal(a, b)
    if isinstance(a, Mapping):
        return isinstance(b, Mapping) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return bool(a == b)


def check_unmodified(where: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """Every named input must equal its snapshot (no in-place modification)."""
    for name, value in before.items():
        if not _same(value, after[name]):
            fail(where, f"the input '{name}' was modified in place",
                 details="  Hint (modifying the inputs in place): operators such as `+=`, `*=` or "
                         "`A[mask] = 0` change the caller's arrays; build new arrays instead "
                         "(e.g. `A1 = A1 * D1`).")


def passed() -> None:
    """The line every public test prints when all its checks pass."""
    print("All tests passed.")
