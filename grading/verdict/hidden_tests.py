"""Hidden tests run in the grader's process, with genuine libraries; exercises run in the kernel.

A hidden test cell is the instructor's code. :func:`run_hidden_tests` executes
it here with NumPy and the public course packages as they are installed, and
every other name it uses (the exercises) bound to a :class:`KernelFunction`:
calling one sends the arguments into the student's kernel and returns the
result as plain data. Whatever the student patched in their own kernel
(``np.allclose``, ``AssertionError``, builtins, the test modules) never reaches
the comparison, and the expected values never leave this process.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy
from nbformat.notebooknode import NotebookNode

from .kernel_call import REMOTE_CALLABLE, KernelRequest, RemoteObject, StudentCodeError

#: Characters of a failure message kept: a message names what was checked, it is not a dump.
MAX_MESSAGE_CHARS = 1500

#: Serves one request in the student's kernel and returns what it gave (see :mod:`.kernel_call`).
Caller = Callable[[KernelRequest], Any]


def is_hidden_test_cell(cell: NotebookNode) -> bool:
    """A graded code cell that is not an answer: where the hidden tests live."""
    meta = cell.metadata.get("nbgrader")
    return (cell.cell_type == "code" and isinstance(meta, dict) and bool(meta.get("grade"))
            and not meta.get("solution"))


class KernelFunction:
    """Stands for an exercise in a hidden test; calling it runs the student's code in the kernel.

    With ``target``, it stands for a method of an object the kernel keeps.
    Calling a graded class gives a :class:`KernelObject`.
    """

    def __init__(self, caller: Caller, name: str, target: int | None = None, label: str = "") -> None:
        self._caller = caller
        self._name = name
        self._target = target
        self._label = label or name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value = self._caller(KernelRequest(self._name, args, kwargs, self._target, "call", self._label))
        if isinstance(value, RemoteObject):
            return KernelObject(self._caller, value)
        return value

    def __repr__(self) -> str:
        return f"<student's {self._label}>"


class KernelObject:
    """Stands for an instance of a student's class, kept in their kernel; the grader holds its handle.

    Reading a public attribute asks the kernel for it: data comes back as
    data, a method comes back as a :class:`KernelFunction` that calls it there.
    """

    __slots__ = ("_caller", "_remote")

    def __init__(self, caller: Caller, remote: RemoteObject) -> None:
        object.__setattr__(self, "_caller", caller)
        object.__setattr__(self, "_remote", remote)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        label = f"{self._remote.type_name}.{name}"
        value = self._caller(KernelRequest(name, (), {}, self._remote.handle, "getattr", label))
        if value is REMOTE_CALLABLE:
            return KernelFunction(self._caller, name, self._remote.handle, label)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a hidden test does not change the student's object")

    def __repr__(self) -> str:
        return f"<student's {self._remote.type_name} object>"


class TrustedNamespace(dict):
    """Globals of a hidden test: genuine libraries; any other name is looked up in the kernel."""

    def __init__(self, caller: Caller, base: dict[str, Any]) -> None:
        super().__init__(base)
        self._caller = caller

    def __missing__(self, name: str) -> Any:
        if hasattr(builtins, name):
            raise KeyError(name)  # let Python fall through to the (genuine) builtins
        return KernelFunction(self._caller, name)


def trusted_globals(caller: Caller, exercise_names: list[str]) -> TrustedNamespace:
    """The namespace a hidden test cell runs in."""
    import public_tests
    import reg_utils
    import testCases

    base: dict[str, Any] = {"__builtins__": builtins, "__name__": "__hidden_test__",
                            "np": numpy, "numpy": numpy, "functools": functools}
    for module in (reg_utils, testCases, public_tests):
        base.update({name: getattr(module, name) for name in getattr(module, "__all__", [])})
    for name in exercise_names:
        base[name] = KernelFunction(caller, name)
    return TrustedNamespace(caller, base)


def error_output(ename: str, evalue: str, lines: list[str] | None = None) -> NotebookNode:
    text = [f"{ename}: {evalue}"] if not lines else lines
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=text)


@dataclass
class HiddenTestRun:
    """What a hidden test cell produced."""

    outputs: list = field(default_factory=list)
    passed: bool = True


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + " ..."


def run_hidden_tests(cell: NotebookNode, caller: Caller, exercise_names: list[str],
                     student_printed: Callable[[], str]) -> HiddenTestRun:
    """Execute ``cell``'s source here; its exercises run in the kernel through ``caller``."""
    grade_id = cell.metadata["nbgrader"].get("grade_id", "tests")
    printed = io.StringIO()
    run = HiddenTestRun()
    state = numpy.random.get_state()
    try:
        code = compile(cell.source, f"<hidden tests {grade_id}>", "exec")
        with contextlib.redirect_stdout(printed):
            exec(code, trusted_globals(caller, exercise_names))  # noqa: S102 - the instructor's own test code
    except StudentCodeError as exc:
        run.passed = False
        lines = [f"{exc.ename}: {_short(exc.evalue)}"] + ([_short(exc.details)] if exc.details else [])
        run.outputs.append(error_output(exc.ename, _short(exc.evalue), lines))
    except AssertionError as exc:
        run.passed = False
        run.outputs.append(error_output("AssertionError", _short(str(exc)) or "a hidden test failed"))
    except Exception as exc:  # noqa: BLE001 - whatever the student's output made the test trip over
        run.passed = False
        run.outputs.append(error_output(type(exc).__name__, _short(f"{exc} (while checking your answer)")))
    finally:
        numpy.random.set_state(state)
    # What the instructor's test printed is not shown: it may describe the hidden case.
    text = student_printed()
    if text:
        run.outputs.insert(0, NotebookNode(output_type="stream", name="stdout", text=text))
    return run
