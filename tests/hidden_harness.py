"""Run an assignment's hidden tests the way the grader does, without a kernel.

The grader runs a hidden test cell in its own process, where every call of a
student's function travels as plain data into the student's kernel and back.
Here the "kernel" is a plain namespace in which the setup cell and the answer
cells were executed; each call goes through the grader's own wire format and
kernel-side bridge (``grading.sandbox.guest``), so the arguments the function
sees are copies rebuilt from data, callables arrive by reference, and an input
modified in place is reported as it would be in grading. Used by the tests of
the initialization and gradient_checking assignments to score sample students.
"""

from __future__ import annotations

import builtins
import functools
import re
from dataclasses import dataclass

import nbformat
import numpy as np

import public_tests
import reg_utils
import testCases
from grading.course.solutions import all_solution_cells
from grading.paths import source_notebooks
from grading.sandbox.guest import bridge, wire


class StudentFailure(AssertionError):
    """The student's function raised, returned something unreadable, or modified an input."""


def _kernel_namespace(assignment: str, answers: dict[str, str]) -> dict:
    """Execute every setup cell and every answer cell (the student's where given)."""
    namespace: dict = {"__name__": "__main__"}
    cells = {**all_solution_cells(assignment), **answers}
    for notebook in source_notebooks(assignment):
        for cell in nbformat.read(notebook, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade_id") == "setup":
                source = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
                exec(compile(source, "<setup>", "exec"), namespace)
    for grade_id, source in cells.items():
        exec(compile(source, f"<answer {grade_id}>", "exec"), namespace)
    return namespace


def _wire_copy(value, functions: bool = False):
    return wire.loads(wire.dumps(value), functions=functions)


def _student_function(namespace: dict, name: str):
    def call(*args, **kwargs):
        request = {"nonce": "x", "name": name, "args": _wire_copy(list(args), True),
                   "kwargs": _wire_copy(dict(kwargs), True), "rng": np.random.get_state()}
        reply = bridge.run(request, namespace)
        if reply.get("status") == "raised":
            raise StudentFailure(f"{name} raised {reply.get('ename')}: {reply.get('evalue')}")
        if reply.get("status") != "ok":
            raise StudentFailure(f"{name}: {reply.get('status')}")
        if reply.get("changed"):
            raise StudentFailure(f"{name} modified its input in place ({reply['changed']})")
        np.random.set_state(reply["rng"])
        try:
            return _wire_copy(reply["result"])
        except wire.WireError as exc:
            raise StudentFailure(f"{name} returned something that is not plain data: {exc}") from None
    return call


def _trusted_globals(namespace: dict, exercise_names: list[str]) -> dict:
    base: dict = {"__builtins__": builtins, "np": np, "numpy": np, "functools": functools}
    for module in (reg_utils, testCases, public_tests):
        base.update({name: getattr(module, name) for name in getattr(module, "__all__", [])})
    for name in exercise_names:
        base[name] = _student_function(namespace, name)
    return base


@dataclass
class Verdict:
    score: float
    max_score: float
    message: str


def hidden_cells(assignment: str) -> dict[str, tuple[str, float]]:
    """grade_id -> (source, points) of every hidden test cell of the assignment."""
    found = {}
    for notebook in source_notebooks(assignment):
        for cell in nbformat.read(notebook, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution"):
                found[meta["grade_id"]] = (cell.source, float(meta["points"]))
    return found


def hidden_source(source: str) -> str:
    """The cell as the grader runs it: the hidden-test markers are comments anyway."""
    return re.sub(r"^### (BEGIN|END) HIDDEN TESTS$", "", source, flags=re.M)


def grade(assignment: str, answers: dict[str, str] | None = None, blank: bool = False,
          extra_globals: dict | None = None) -> dict[str, Verdict]:
    """Score every hidden test cell for one student (the correct answers, overridden by ``answers``)."""
    answers = dict(answers or {})
    if blank:
        answers = {name: f"def {name}(*args, **kwargs):\n    raise NotImplementedError()"
                   for name in all_solution_cells(assignment)}
    namespace = _kernel_namespace(assignment, answers)
    names = list(all_solution_cells(assignment))
    verdicts = {}
    for grade_id, (source, points) in hidden_cells(assignment).items():
        state = np.random.get_state()
        scope = _trusted_globals(namespace, names)
        scope.update(extra_globals or {})
        try:
            exec(compile(hidden_source(source), f"<hidden {grade_id}>", "exec"), scope)
        except Exception as exc:  # noqa: BLE001 - any failure costs the cell's points
            verdicts[grade_id] = Verdict(0.0, points, f"{type(exc).__name__}: {exc}")
        else:
            verdicts[grade_id] = Verdict(points, points, "")
        finally:
            np.random.set_state(state)
    return verdicts


def total(verdicts: dict[str, Verdict]) -> float:
    return sum(v.score for v in verdicts.values())
