"""Helpers of the mistake-by-hint matrices: mistaken implementations and what a failed check said.

A mistaken implementation is the reference solution of the source notebooks
with a small edit of its text (so it follows the solution when the solution
changes, and an edit that no longer applies fails loudly), compiled in the
namespace a notebook gives it: NumPy, ``reg_utils`` and the other solutions
of the same assignment.
"""

from __future__ import annotations

import functools
import json
import linecache
import re
from collections.abc import Callable
from typing import Any

import pytest

from grading.course.solutions import all_solution_cells
from public_tests.compare import HEADLINE, CheckFailed

from .hint_texts import HINT_TEXTS

_HINT = re.compile(r"^  Hint \((.+?)\): (.*)$")


@functools.cache
def _sources(assignment: str) -> dict[str, str]:
    return dict(all_solution_cells(assignment))


def edited(assignment: str, grade_id: str, *edits: tuple[str, str],
           uses: dict[str, Callable] | None = None) -> Callable:
    """The solution ``grade_id`` of ``assignment`` with each ``(old, new)`` text replaced (every occurrence).

    ``uses`` replaces other functions of the namespace (e.g. a mistaken helper the solution calls).
    """
    sources = _sources(assignment)
    namespace: dict[str, Any] = {}
    exec("import numpy as np\nfrom reg_utils import *\n", namespace)
    for other, source in sources.items():
        if other != grade_id:
            exec(compile(source, f"<solution {other}>", "exec"), namespace)
    namespace.update(uses or {})
    source = sources[grade_id]
    for old, new in edits:
        assert old in source, f"the edit {old!r} no longer applies to the {grade_id} solution"
        source = source.replace(old, new)
    # Like IPython, keep the cell's text where tracebacks look for it.
    filename = f"<mistake in {grade_id} {len(linecache.cache)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[grade_id]


def failure(test: Callable, target: Callable) -> CheckFailed:
    """Run a public test that must fail; return the CheckFailed it raised."""
    with pytest.raises(CheckFailed) as info:
        test(target)
    return info.value


def hints(error: BaseException) -> list[tuple[str, str]]:
    """Every ``(name, text)`` hint of a failure's message, in order."""
    found = []
    for line in str(error).splitlines():
        match = _HINT.match(line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def rendered(error: CheckFailed) -> list[str]:
    """What IPython shows for the failure (headline first, colour codes removed)."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in error._render_traceback_()]
    assert lines[0] == HEADLINE
    return lines


def assert_only_hint(error: CheckFailed, name: str, *phrases: str) -> str:
    """The failure names exactly one mistake, ``name``, with each phrase in its rendered hint line."""
    found = hints(error)
    assert [n for n, _ in found] == [name], str(error)
    lines = rendered(error)
    hint_lines = [line for line in lines if line.startswith(f"  Hint ({name}): ")]
    assert len(hint_lines) == 1, lines
    for phrase in phrases:
        assert phrase in hint_lines[0], hint_lines[0]
    assert found[0][1] in HINT_TEXTS.get(name, ()), f"hint ({name}) reads {found[0][1]!r}; see tests/hint_texts.py"
    return str(error)


def assert_no_hint(error: CheckFailed) -> str:
    assert hints(error) == [], str(error)
    return str(error)


def first_difference(message: str) -> tuple[list[int], float, float, float]:
    """``(index, expected, got, largest error)`` of a message's "first difference" line."""
    match = re.search(r"^  first difference at index (\[[0-9, ]*\]): expected (\S+), got (\S+); "
                      r"largest absolute error (\S+)$", message, re.M)
    assert match, message
    return json.loads(match.group(1)), float(match.group(2)), float(match.group(3)), float(match.group(4))


def module_source(module) -> str:  # noqa: ANN001 - a module
    """A module's source text, less the mutant copies of its functions that mutation testing adds."""
    import ast

    text = open(module.__file__).read()
    lines = text.splitlines(keepends=True)
    drop = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and re.search(r"__mutmut_\d+$", node.name):
            drop.update(range(node.lineno - 1 - len(node.decorator_list), node.end_lineno))
    return "".join(line for number, line in enumerate(lines) if number not in drop)


def rejects(test: Callable, target: Callable, hint: str | None, match: str | None = None) -> str:
    """Run a public test that must fail on ``target``; check its hint (plain and as IPython shows it)."""
    with pytest.raises(AssertionError) as info:
        test(target)
    message = str(info.value)
    if hint is not None:
        assert f"Hint ({hint})" in message, message
        # What the student sees in the notebook: IPython shows the failure's own rendering.
        shown = "\n".join(info.value._render_traceback_())
        assert f"Hint ({hint})" in shown and "Public test failed." in shown, shown
    if match is not None:
        assert match in message, message
    return message


# ================================================================== regularization_toolbox
# The mistakes of the regularization_toolbox matrix (tests/test_hints_regularization_toolbox.py).
# They edit this section's own reference answers rather than the notebooks' solutions, so that
# the matrix pins the public tests whatever the solution cells' wording; the notebooks'
# solutions are checked against the same public tests separately. Each answer also has a
# second, independently written correct version, which the public tests must accept too.

TOOLBOX_REFERENCE: dict[str, str] = {
    "compute_cost_with_l1": '''
def compute_cost_with_l1(A3, Y, parameters, lambd):
    m = Y.shape[1]
    l1 = np.sum(np.abs(parameters["W1"])) + np.sum(np.abs(parameters["W2"])) + np.sum(np.abs(parameters["W3"]))
    return compute_cost(A3, Y) + lambd / (2 * m) * l1
''',
    "backward_propagation_with_l1": '''
def backward_propagation_with_l1(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    gradients = backward_propagation(X, Y, cache)
    gradients["dW1"] = gradients["dW1"] + lambd / (2 * m) * np.sign(W1)
    gradients["dW2"] = gradients["dW2"] + lambd / (2 * m) * np.sign(W2)
    gradients["dW3"] = gradients["dW3"] + lambd / (2 * m) * np.sign(W3)
    return gradients
''',
    "Dropout": '''
class Dropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob
        self.mask = None

    def forward(self, x, train=True):
        if not train:
            return x
        self.mask = np.random.rand(*x.shape) < self.keep_prob
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
            return x * self.keep_prob
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask
''',
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
                break
    return best_index
''',
    "sample_log_uniform": '''
def sample_log_uniform(low, high, size, rng):
    exponents = rng.uniform(np.log10(low), np.log10(high), size)
    return 10 ** exponents
''',
}

#: Second correct answers, written independently of the references (other names, other NumPy calls).
TOOLBOX_VARIANTS: dict[str, str] = {
    "compute_cost_with_l1": '''
def compute_cost_with_l1(A3, Y, parameters, lambd):
    m = A3.shape[1]
    weights = [value for key, value in parameters.items() if key.startswith("W")]
    return float(compute_cost(A3, Y)) + lambd * sum(np.abs(w).sum() for w in weights) / m / 2
''',
    "backward_propagation_with_l1": '''
def backward_propagation_with_l1(X, Y, cache, lambd):
    named = unpack_cache(cache)
    grads = backward_propagation(X, Y, cache)
    scale = lambd / (2 * X.shape[1])
    for layer in (1, 2, 3):
        grads["dW%d" % layer] += scale * np.sign(getattr(named, "W%d" % layer))
    return grads
''',
    "Dropout": '''
class Dropout:
    def __init__(self, keep_prob):
        self.p = float(keep_prob)
        self._scaled_mask = None

    def forward(self, x, train=True):
        if train:
            self._scaled_mask = (np.random.random_sample(x.shape) < self.p) / self.p
            return x * self._scaled_mask
        return x.copy()

    def backward(self, dout):
        return self._scaled_mask * dout
''',
    "NonInvertedDropout": '''
class NonInvertedDropout:
    def __init__(self, keep_prob):
        self.rate = keep_prob

    def forward(self, x, train=True):
        if not train:
            return self.rate * x
        self.keep = np.random.rand(x.shape[0], x.shape[1]) < self.rate
        return np.where(self.keep, x, 0.0)

    def backward(self, dout):
        return np.where(self.keep, dout, 0.0)
''',
    "early_stopping_index": '''
def early_stopping_index(dev_errors, patience):
    best = None
    since = 0
    for index, error in enumerate(dev_errors):
        if best is None or error < dev_errors[best]:
            best, since = index, 0
            continue
        since += 1
        if since >= patience:
            return best
    return best
''',
    "sample_log_uniform": '''
def sample_log_uniform(low, high, size, rng):
    return np.exp(rng.uniform(np.log(low), np.log(high), size=size))
''',
}


def toolbox(grade_id: str, *edits: tuple[str, str], source: dict[str, str] | None = None) -> Callable:
    """The toolbox answer ``grade_id`` (reference, or ``source``'s) with each ``(old, new)`` replaced."""
    text = (source or TOOLBOX_REFERENCE)[grade_id]
    for old, new in edits:
        assert old in text, f"the edit {old!r} no longer applies to the {grade_id} answer"
        text = text.replace(old, new)
    namespace: dict[str, Any] = {}
    exec("import numpy as np\nfrom reg_utils import *\n", namespace)
    filename = f"<toolbox {grade_id} {len(linecache.cache)}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    exec(compile(text, filename, "exec"), namespace)
    return namespace[grade_id]


#: grade_id -> row -> (edits, hint or None, a phrase of the hint). Rows without a hint are other
#: wrong answers, which must fail with no hint.
_W = ('np.sum(np.abs(parameters["W3"]))', 'np.sum(np.abs(parameters["W3"])) + sum(np.sum(np.abs(parameters[k])) '
      'for k in ("b1", "b2", "b3"))')
_FORWARD_DRAW = "np.random.rand(*x.shape) < self.keep_prob"
_TEST_BRANCH = "        if not train:\n            return x"
TOOLBOX_MISTAKES: dict[str, dict[str, tuple[list[tuple[str, str]], str | None, str]]] = {
    "compute_cost_with_l1": {
        "squares": ([("np.abs(", "np.square(")], "squares instead of absolute values", "is the L2 penalty"),
        "without m": ([("lambd / (2 * m)", "lambd / 2")], "missing 1/m", "divide by the number of examples m"),
        "lambd/m": ([("lambd / (2 * m)", "lambd / m")], "lambd/m instead of lambd/(2m)", "keep the 2"),
        "biases": ([_W], "penalising the biases", "leave b1, b2, b3 out"),
        "no abs": ([("np.abs(", "(")], "forgot the absolute value", "sum np.abs(W)"),
        "penalty alone": ([("compute_cost(A3, Y) + ", "")], "forgot the cross-entropy", "PLUS the L1 penalty"),
        "no penalty": ([(" + lambd / (2 * m) * l1", "")], "forgot the penalty", "add the L1 term"),
        "a third": ([("lambd / (2 * m)", "lambd / (3 * m)")], None, ""),
    },
    "backward_propagation_with_l1": {
        "W for sign": ([("np.sign(W", "(W")], "the weights instead of their signs", "not W"),
        "L2 gradient": ([("lambd / (2 * m) * np.sign(W", "lambd / m * (W")], "the L2 gradient",
                        "gradient of the L2 penalty"),
        "without m": ([("lambd / (2 * m)", "lambd / 2")], "missing 1/m", "you did not divide by m"),
        "lambd/m": ([("lambd / (2 * m)", "lambd / m")], "lambd/m instead of lambd/(2m)", "no square whose 2"),
        "subtracted": ([('"] + lambd', '"] - lambd')], "wrong sign", "not subtracted"),
        "no term": ([("lambd / (2 * m) * np.sign(W", "0 * (W")], "forgot the L1 term", "to dW3"),
        "biases": ([("    return gradients", '    gradients["db3"] = gradients["db3"] + lambd / (2 * m) * '
                    'np.sign(b3)\n    return gradients')], "penalising the biases", "no L1 term"),
        "a third": ([("lambd / (2 * m)", "lambd / (3 * m)")], None, ""),
    },
    "Dropout": {
        "greater": ([(_FORWARD_DRAW, _FORWARD_DRAW.replace("<", ">"))], "dropping with probability keep_prob",
                    "below keep_prob"),
        "not rescaled": ([("return x * self.mask / self.keep_prob", "return x * self.mask")],
                         "no rescaling in training", "expected value stays x"),
        "times keep_prob": ([("return x * self.mask / self.keep_prob", "return x * self.mask * self.keep_prob")],
                            "multiplying by keep_prob", "do not multiply"),
        "new mask in backward": ([("dout * self.mask", "dout * (np.random.rand(*dout.shape) < self.keep_prob)")],
                                 "a new mask in backward", "reuses the mask"),
        "backward without mask": ([("dout * self.mask", "dout")], "mask not applied in backward",
                                  "multiply dout by the kept mask"),
        "backward not rescaled": ([("return dout * self.mask / self.keep_prob", "return dout * self.mask")],
                                  "no rescaling in backward", "backward does too"),
        "scaled at test time": ([(_TEST_BRANCH, _TEST_BRANCH + " / self.keep_prob")], "scaling at test time",
                                "return x unchanged"),
        "test flag ignored": ([(_TEST_BRANCH + "\n", "")], "dropout at test time", "drops nothing"),
        "drawn at test time": ([(_TEST_BRANCH, "        if not train:\n            np.random.rand(*x.shape)\n"
                                 "            return x")], "drawing at test time", "leaves NumPy's random generator"),
        "mask drawn once": ([("self.mask = np.random.rand", "self.mask = self.mask if self.mask is not None else "
                              "np.random.rand")], "the same mask every call", "draws a new mask"),
        "seeded inside": ([("        self.mask = np.random.rand", "        np.random.seed(1)\n"
                            "        self.mask = np.random.rand")], "the same mask every call", "never seed"),
        "one draw per unit": ([("np.random.rand(*x.shape)", "np.random.rand(x.shape[0], 1)")], "one draw per unit",
                              "AND per example"),
        "own generator": ([("np.random.rand(*x.shape)", "np.random.default_rng(0).random(x.shape)")],
                          "no random draw", "inside forward"),
        "in place": ([("return x * self.mask / self.keep_prob", "x *= self.mask / self.keep_prob\n        return x")],
                     "modifying the inputs in place", "`*=`"),
        "wrong scale": ([("return x * self.mask / self.keep_prob", "return x * self.mask / (self.keep_prob + 0.1)")],
                        None, ""),
    },
    "NonInvertedDropout": {
        "greater": ([(_FORWARD_DRAW, _FORWARD_DRAW.replace("<", ">="))], "dropping with probability keep_prob",
                    "1 - keep_prob"),
        "rescaled in training": ([("return x * self.mask\n", "return x * self.mask / self.keep_prob\n")],
                                 "dividing by keep_prob in training", "does not rescale while training"),
        "not scaled at test time": ([("return x * self.keep_prob", "return x")], "not scaling at test time",
                                    "return x * keep_prob"),
        "divided at test time": ([("return x * self.keep_prob", "return x / self.keep_prob")],
                                 "dividing by keep_prob at test time", "expected output is keep_prob * x"),
        "new mask in backward": ([("return dout * self.mask", "return dout * (np.random.rand(*dout.shape) < "
                                   "self.keep_prob)")], "a new mask in backward", "fresh mask"),
        "backward without mask": ([("return dout * self.mask", "return dout")], "mask not applied in backward",
                                  "send no gradient back"),
        "backward rescaled": ([("return dout * self.mask", "return dout * self.mask / self.keep_prob")],
                              "rescaling in backward", "does not either"),
        "test flag ignored": ([("        if not train:\n            return x * self.keep_prob\n", "")],
                              "dropout at test time", "return x * keep_prob"),
        "drawn at test time": ([("        if not train:\n",
                                 "        if not train:\n            np.random.rand(*x.shape)\n")],
                               "drawing at test time", "would shift every later draw"),
        "mask drawn once": ([("self.mask = np.random.rand", "self.mask = self.mask if self.mask is not None else "
                              "np.random.rand")], "the same mask every call", "keep it only for the backward"),
        "in place": ([("return x * self.keep_prob", "x *= self.keep_prob\n            return x")],
                     "modifying the inputs in place", "build new ones instead"),
        "wrong scale": ([("return x * self.keep_prob", "return x * self.keep_prob ** 2")], None, ""),
    },
    "early_stopping_index": {
        "stop index": ([("                break", "                return i")], "returned the stopping index",
                       "not the index of the evaluation at which the run stopped"),
        "patience from the start": ([("            best_index = i\n            waited = 0",
                                      "            best_index = i")], "patience not reset", "IN A ROW"),
        "ties improve": ([("dev_errors[i] < dev_errors[best_index]", "dev_errors[i] <= dev_errors[best_index]")],
                         "equal counted as improvement", "strictly below"),
        "one late": ([("waited == patience", "waited > patience")], "patience off by one", "reaches patience (3)"),
        "one early": ([("waited == patience", "waited == patience - 1")], "patience off by one",
                      "not one before or one after"),
        "whole curve": ([("    best_index = 0\n", "    return int(np.argmin(dev_errors))\n")],
                        "looked past the stopping point", "BEFORE the run stopped"),
        "last when never stopped": ([("                break\n    return best_index", "                return "
                                      "best_index\n    return len(dev_errors) - 1")], "never stopped: last index",
                                    "the first minimum"),
        "the error": ([("    return best_index", "    return dev_errors[best_index]")],
                      "returned the error, not its index", "not the error itself"),
        "in place": ([("    return best_index", "    dev_errors.reverse()\n    return best_index")],
                     "modifying the inputs in place", "`.reverse()`"),
        "one-based": ([("    return best_index", "    return best_index + 1")], None, ""),
    },
    "sample_log_uniform": {
        "uniform in lambd": ([("rng.uniform(np.log10(low), np.log10(high), size)\n    return 10 ** exponents",
                               "rng.uniform(low, high, size)\n    return exponents")],
                             "uniform in lambd, not in its logarithm", "draw the EXPONENT uniformly"),
        "bounds as exponents": ([("np.log10(low), np.log10(high)", "low, high")], "bounds used as exponents",
                                "not their logarithms"),
        "mixed bases": ([("np.log10(low), np.log10(high)", "np.log(low), np.log(high)")], "mixed bases",
                        "the same base"),
        "global generator": ([("rng.uniform(", "np.random.uniform(")], "drawing from np.random instead of rng",
                             "the generator passed in"),
        "own generator": ([("rng.uniform(", "np.random.default_rng().uniform(")], "a generator of your own",
                          "ignores the caller's seed"),
        "an extra draw": ([("    return 10 ** exponents", "    rng.random()\n    return 10 ** exponents")],
                          "one uniform per value", "exactly one uniform number per value"),
        "float32": ([("return 10 ** exponents", "return (10 ** exponents).astype(np.float32)")], None, ""),
        "column": ([("np.log10(high), size)", "np.log10(high), (size, 1))")], None, ""),
        "a little off": ([("return 10 ** exponents", "return 10 ** exponents * 1.001")], None, ""),
    },
}
