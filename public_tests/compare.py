"""The comparison engine: turns "got vs expected" into a message a student can act on.

Every check raises :class:`CheckFailed` (a subclass of :class:`AssertionError`)
with a message that says what was checked, what was expected, what came back
(type, shape, dtype, the first differing entry, the largest error) and, when
the answer matches a known mistake's *signature* (the value that mistake
produces on the test case), a hint naming it.

In a notebook IPython shows only that message: :meth:`CheckFailed._render_traceback_`
replaces the usual traceback, so the student sees neither the source of the
test modules nor the paths they live in.
"""

from __future__ import annotations

import copy
import os
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

#: Default absolute tolerance: the published values are printed to 8 decimals.
ATOL = 1e-7
#: Largest number of entries of an array printed in full in a message.
MAX_PRINTED_ENTRIES = 30
#: The first line of every rendered failure.
HEADLINE = "Public test failed."

_RED, _RESET = "\x1b[31m", "\x1b[0m"


class CheckFailed(AssertionError):
    """A public test's check failed; the message is everything the student needs.

    It subclasses AssertionError so that ``pytest.raises(AssertionError)`` and
    graders that count assertion failures keep working, while the class name
    tells a failed check from a crash of the test itself.
    """

    def _render_traceback_(self) -> list[str]:
        """What IPython prints instead of a traceback: the headline and the message."""
        return [f"{_RED}{HEADLINE}{_RESET}", *str(self).splitlines()]


class StudentCodeError(CheckFailed):
    """The student's function raised an exception while a public test called it."""


@dataclass(frozen=True)
class Mistake:
    """A usual mistake: its name, a hint, and a predicate that recognises its output."""

    name: str
    hint: str
    matches: Callable[[Any], bool]


def _fmt(value: Any) -> str:
    if isinstance(value, np.ndarray) and value.shape != ():
        return np.array2string(value, precision=8, separator=" ", suppress_small=False,
                               threshold=MAX_PRINTED_ENTRIES, edgeitems=3)
    if isinstance(value, (np.floating, np.ndarray)):
        return f"{float(value)!r} (numpy {value.dtype})"
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _block(label: str, value: Any) -> str:
    """``label`` and the value: on one line when it fits, else indented below."""
    text = _fmt(value)
    if "\n" not in text:
        return f"  {label:<9} {text}"
    return f"  {label}\n" + "\n".join("      " + line for line in text.splitlines())


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


def hint_line(name: str, hint: str) -> str:
    """How a hint is written in every message: ``  Hint (<name>): <hint>``."""
    return f"  Hint ({name}): {hint}"


def fail(where: str, problem: str, got: Any = None, expected: Any = None,
         mistakes: Iterable[Mistake] = (), details: str = "") -> NoReturn:
    """Raise :class:`CheckFailed` with a short, complete report.

    Args:
        where: what was checked, e.g. ``'backward: gradients["dW1"]'``.
        problem: what is wrong, in a few words.
        got, expected: the values compared (printed when either is given).
        mistakes: known mistakes; the first whose signature ``got`` matches adds its hint.
        details: extra lines (already indented) printed before the hint.
    """
    lines = [f"{where}: {problem}"]
    if expected is not None:
        lines.append(_block("expected:", expected))
    if got is not None or expected is not None:
        lines.append(_block("got:", got))
    if details:
        lines.append(details)
    mistake = diagnose(got, mistakes)
    if mistake is not None:
        lines.append(hint_line(mistake.name, mistake.hint))
    raise CheckFailed("\n".join(lines))


# Folders whose frames are not the student's: the course packages and NumPy.
_HERE = os.path.dirname(os.path.abspath(__file__))
_OUR_DIRS = tuple(os.path.join(folder, "") for folder in (
    _HERE, os.path.join(os.path.dirname(_HERE), "testCases"), os.path.join(os.path.dirname(_HERE), "reg_utils"),
    os.path.dirname(os.path.abspath(np.__file__))))


def _student_line(exc: BaseException) -> str:
    """``line N: <code>`` of the innermost frame outside the course packages, or ""."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_OUR_DIRS)]
    if not frames:
        return ""
    frame = frames[-1]
    code = (frame.line or "").strip()
    return f"  in {frame.name}, line {frame.lineno} of its cell: {code}" if code else ""


def call(where: str, target: Callable, *args: Any, **kwargs: Any) -> Any:
    """Call the student's function; an exception it raises becomes a short :class:`StudentCodeError`."""
    try:
        return target(*args, **kwargs)
    except NotImplementedError as exc:
        raise StudentCodeError(
            f"{where}: not answered yet (it raised NotImplementedError)\n"
            "  Replace `raise NotImplementedError()` with your code, run that cell, then this one."
        ) from exc
    except Exception as exc:
        text = str(exc).strip().splitlines()
        lines = [f"{where}: your function raised {type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")]
        located = _student_line(exc)
        if located:
            lines.append(located)
        raise StudentCodeError("\n".join(lines)) from exc


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


def _first(indices: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in indices[0])


def check_array(where: str, got: Any, expected: np.ndarray, atol: float = ATOL,
                mistakes: Iterable[Mistake] = (), kind: str = "float") -> None:
    """``got`` must be a NumPy array of ``expected``'s shape and values.

    Args:
        where: what is checked, named in the message.
        got: the student's value.
        expected: the right array.
        atol: absolute tolerance of a float comparison.
        mistakes: known mistakes whose signature adds a hint.
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
        wrong = got.astype(bool) != expected.astype(bool)
        if wrong.any():
            first = _first(np.argwhere(wrong))
            fail(where, f"wrong mask entries ({int(wrong.sum())} of {wrong.size})",
                 got=got, expected=expected, mistakes=mistakes,
                 details=f"  first difference at index {list(first)}: expected {bool(expected[first])}, "
                         f"got {bool(got[first])}")
        return
    if got.dtype.kind not in "fiu":
        fail(where, f"expected real numbers, got dtype {got.dtype}", got=got, expected=expected,
             mistakes=mistakes)
    if not np.all(np.isfinite(got)):
        first = _first(np.argwhere(~np.isfinite(got)))
        fail(where, f"contains nan or inf (first at index {list(first)})", got=got, expected=expected,
             mistakes=mistakes)
    error = np.abs(got.astype(float) - expected.astype(float))
    if np.any(error > atol):
        first = _first(np.argwhere(error > atol))
        details = (f"  first difference at index {list(first)}: expected {float(expected[first]):.8f}, "
                   f"got {float(got[first]):.8f}; largest absolute error {error.max():.3g}")
        fail(where, f"wrong values ({int((error > atol).sum())} of {error.size} entries)",
             got=got, expected=expected, mistakes=mistakes, details=details)


def check_keys(where: str, got: Any, required: Iterable[str]) -> None:
    """``got`` must be a dict holding at least the ``required`` keys."""
    if not isinstance(got, Mapping):
        fail(where, f"expected a dictionary, got a {describe(got)}")
    missing = [key for key in required if key not in got]
    if missing:
        fail(where, f"missing key(s) {missing}; found {sorted(map(str, got))}")


def snapshot(value: Any) -> Any:
    """Deep copy of the inputs, to check later that the function left them alone."""
    return copy.deepcopy(value)


def _difference(a: Any, b: Any, path: str) -> str | None:
    """Where ``b`` differs from the snapshot ``a`` (e.g. ``['W1'][0, 2]``), or None when equal."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return f"{path} (was a {describe(a)}, now a {describe(b)})"
        if a.shape != b.shape or a.dtype != b.dtype:
            return f"{path} (shape or dtype changed: {a.shape} {a.dtype} -> {b.shape} {b.dtype})"
        same = (a == b) | ((a != a) & (b != b)) if a.dtype.kind in "fc" else a == b
        if not np.all(same):
            return f"{path}{list(_first(np.argwhere(~np.asarray(same))))}"
        return None
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        if not (isinstance(a, Mapping) and isinstance(b, Mapping)):
            return f"{path} (type changed)"
        if list(a.keys()) != list(b.keys()):
            added = [k for k in b if k not in a]
            removed = [k for k in a if k not in b]
            return f"{path} (keys added {added}, removed {removed})" if added or removed else \
                f"{path} (keys reordered)"
        for key in a:
            found = _difference(a[key], b[key], f"{path}[{key!r}]")
            if found:
                return found
        return None
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        if type(a) is not type(b):
            return f"{path} (type changed)"
        if len(a) != len(b):
            return f"{path} (length {len(a)} -> {len(b)})"
        for index, (x, y) in enumerate(zip(a, b)):
            found = _difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    if type(a) is not type(b):
        return f"{path} (type changed)"
    try:
        equal = bool(a == b) or (a != a and b != b)
    except Exception:
        equal = False
    return None if equal else path


def _same(a: Any, b: Any) -> bool:
    """True when ``b`` equals the snapshot ``a`` in every entry, key, length and type."""
    return _difference(a, b, "") is None


def check_unmodified(where: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """Every named input must equal its snapshot (no in-place modification).

    Arrays, lists, tuples and dictionaries are compared entry by entry, at any
    depth: a reversed list, a popped key or a changed array entry all count.
    """
    for name, value in before.items():
        found = _difference(value, after[name], name)
        if found is not None:
            fail(where, f"the input '{name}' was modified in place (first change: {found})",
                 details=hint_line("modifying the inputs in place",
                                   "operators such as `+=`, `*=`, `A[mask] = 0`, `.reverse()`, "
                                   "`.pop()` or `d[key] = ...` change the caller's arrays, lists "
                                   "and dictionaries; build new ones instead (e.g. `A1 = A1 * D1`)."))


def passed() -> None:
    """The line every public test prints when all its checks pass."""
    print("All tests passed.")
