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
