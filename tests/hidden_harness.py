"""Run an assignment's hidden tests the way the grader does, without a kernel.

The grader runs a hidden test cell in its own process, where every call of a
student's function travels as plain data into the student's kernel and back.
Here the "kernel" is a plain namespace in which the setup cell and the answer
cells were executed; each call goes through the grader's own wire format and
kernel-side bridge (``grading.sandbox.guest``) and the grader's own proxies
and reply reading (``grading.verdict``), so the arguments the function sees
are copies rebuilt from data, callables arrive by reference, graded classes
stay in the "kernel" behind handles, and an input modified in place is
reported as it would be in grading. Used by the tests of
the initialization and gradient_checking assignments to score sample students.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat
import numpy as np

from grading.course.solutions import all_solution_cells
from grading.paths import source_notebooks
from grading.sandbox.guest import bridge, wire
from grading.verdict import kernel_call
from grading.verdict.hidden_tests import trusted_globals


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


def _in_process_caller(namespace: dict):
    """A hidden test's caller whose "kernel" is ``namespace``, through the grader's own wire and bridge."""

    def serve(request: kernel_call.KernelRequest):
        message = wire.loads(wire.dumps(request.to_wire("h")), functions=True)
        reply = bridge.run(message, namespace)
        try:
            text = wire.dumps(reply)
        except wire.WireError as exc:
            text = wire.dumps({"nonce": "h", "status": "unencodable", "evalue": str(exc)})
        result = kernel_call.interpret(request, kernel_call.CallOutcome(reply=wire.loads(text)), 60.0)
        if result.rng is not None:
            np.random.set_state(result.rng)
        kernel_call.sync_generators(request, result.generators)
        return result.value

    return serve


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
        scope = trusted_globals(_in_process_caller(namespace), names)
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
