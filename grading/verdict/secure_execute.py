"""nbgrader's Execute step, hardened: sandboxed kernels, limits, verdicts outside the kernel.

:class:`SecureExecute` takes the place of nbgrader's ``Execute`` preprocessor in
the autograde pipeline (see :mod:`grading.worker`). Everything else of
``nbgrader autograde`` (restoring locked cells, saving grades, late penalties)
stays nbgrader's own. What changes:

* the kernel is a confined fork (:mod:`grading.kernels`): memory limit, no access
  to the sources, the gradebook or other students;
* each cell has a wall-clock limit, and so has the whole notebook; a cell's
  stored output is capped; a kernel that dies is reported and the cells after
  it are marked as not run, instead of nbgrader discarding the whole student;
* **hidden test cells never run in the student's kernel.** They run here, in the
  grader's process, with genuine NumPy and course packages. Every exercise name
  they use is a proxy: calling it sends the arguments (and NumPy's global random
  state) into the kernel, runs the student's function there, and brings the
  result back as plain data (:mod:`grading.wire`). Whatever the student's code
  patches in its own kernel (``np.allclose``, ``AssertionError``, builtins,
  the ``public_tests`` module, the function's attributes) never reaches the
  comparison.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import secrets
import time
from pathlib import Path
from typing import Any

import numpy
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer, List, Unicode

from . import wire
from .kernels import SandboxedKernelManager, shared_zygote
from .sandbox import SandboxPolicy, system_read_paths


class StudentCodeError(Exception):
    """The student's function failed; ``ename``/``evalue`` say how, in the student's terms."""

    def __init__(self, ename: str, evalue: str, details: str = "") -> None:
        super().__init__(f"{ename}: {evalue}")
        self.ename = ename
        self.evalue = evalue
        self.details = details


def is_hidden_test_cell(cell: NotebookNode) -> bool:
    """A locked, graded code cell that is not an answer: where the hidden tests live."""
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def public_read_paths() -> list[str]:
    """Folders of the packages a student may import, and of the bundled data set."""
    import public_tests
    import reg_utils
    import testCases

    roots = [Path(m.__file__).resolve().parent for m in (reg_utils, testCases, public_tests)]
    return [str(p) for p in roots] + [str(roots[0].parent / "datasets")]


def _error_output(ename: str, evalue: str, lines: list[str] | None = None) -> NotebookNode:
    text = [f"{ename}: {evalue}"] if not lines else lines
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=text)


_PROBE = """
def __reglab_probe(__source=__WIRE__, __request=__REQUEST__, __answer=__ANSWER__, __name=__NAME__):
    __ns = {}
    exec(__source, __ns)
    __req = __ns["loads"](__request)
    import numpy
    import traceback
    numpy.random.set_state(__req["rng"])
    __reply = {}
    try:
        __fn = get_ipython().user_ns[__name]
    except KeyError:
        __reply = {"status": "missing"}
    else:
        try:
            __result = __fn(*__req["args"], **__req["kwargs"])
            __reply = {"status": "ok", "result": __result}
        except BaseException as __exc:
            __reply = {"status": "raised", "ename": type(__exc).__name__, "evalue": str(__exc)[:2000],
                       "details": "".join(traceback.format_exception(__exc))[-4000:]}
    __reply["rng"] = numpy.random.get_state()
    __reply["args"] = __req["args"]
    try:
        __text = __ns["dumps"](__reply)
    except Exception as __exc:
        __text = __ns["dumps"]({"status": "unencodable", "evalue": str(__exc)[:500]})
    with open(__answer, "w") as __f:
        __f.write(__text)
__reglab_probe()
del __reglab_probe
"""


def _write_back(original: Any, returned: Any) -> None:
    """Carry in-place changes the student's function made to its arguments back to the originals."""
    if isinstance(original, numpy.ndarray) and isinstance(returned, numpy.ndarray):
        if original.shape == returned.shape and original.flags.writeable:
            numpy.copyto(original, returned, casting="unsafe")
    elif isinstance(original, dict) and isinstance(returned, dict):
        for key, value in returned.items():
            if key in original and isinstance(original[key], (numpy.ndarray, dict, list)):
                _write_back(original[key], value)
            else:
                original[key] = value
    elif isinstance(original, (list, tuple)) and isinstance(returned, (list, tuple)):
        for a, b in zip(original, returned):
            _write_back(a, b)


class _KernelFunction:
    """Stands for an exercise in a hidden test; calling it runs the student's code in the kernel."""

    def __init__(self, executor: SecureExecute, name: str) -> None:
        self._executor = executor
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._executor.call_in_kernel(self._name, args, kwargs)

    def __repr__(self) -> str:
        return f"<student's {self._name}>"


class _TrustedNamespace(dict):
    """Globals of a hidden test: genuine libraries; any other name is looked up in the kernel."""

    def __init__(self, executor: SecureExecute, base: dict[str, Any]) -> None:
        super().__init__(base)
        self._executor = executor

    def __missing__(self, name: str) -> Any:
        if hasattr(builtins, name):
            raise KeyError(name)  # let Python fall through to the (genuine) builtins
        return _KernelFunction(self._executor, name)


class SecureExecute(Execute):
    """Runs a submitted notebook in a sandboxed kernel and its hidden tests in the grader."""

    notebook_timeout = Integer(300, help="Wall-clock seconds for the whole notebook.").tag(config=True)
    memory_limit_mb = Integer(2048, help="Address-space limit of the kernel, in MiB.").tag(config=True)
    max_output_chars = Integer(20000, help="Characters of stream output kept per cell.").tag(config=True)
    exercise_names = List(Unicode(), help="Names the hidden tests call in the student's kernel.").tag(config=True)
    sandbox_home = Unicode("", help="Private writable folder for the kernel's own files.").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = 0.0
        self._dead: str = ""
        self._cell_chars: dict[int, int] = {}
        self._probe_index = 0
        self._current_outputs: list = []  # what the student's code printed during probe calls
        self.sandbox_notes: list[str] = []

    # -- kernel --------------------------------------------------------------------------
    def _run_path(self) -> str:
        return str(Path(self.resources.get("metadata", {}).get("path") or ".").resolve())

    def create_kernel_manager(self) -> SandboxedKernelManager:
        zygote = shared_zygote()
        cwd = self._run_path()
        home = Path(self.sandbox_home or (Path(cwd) / ".kernel-home"))
        home.mkdir(parents=True, exist_ok=True)
        policy = SandboxPolicy(read_only=[*system_read_paths(), *public_read_paths(), str(zygote.mplconfig)],
                               read_write=[cwd, str(home)],
                               memory_bytes=self.memory_limit_mb * 1024 * 1024,
                               file_bytes=256 * 1024 * 1024)
        self.km = SandboxedKernelManager(zygote=zygote, policy=policy, home=str(home), sandbox_cwd=cwd,
                                         extra_env={"NBGRADER_EXECUTION": "autograde"},
                                         kernel_name="python3", config=self.config)
        return self.km

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._deadline = time.monotonic() + self.notebook_timeout
        self._dead = ""
        self._cell_chars = {}
        try:
            return super().preprocess(nb, resources, km)
        except DeadKernelError:
            # The kernel died between cells (or at start-up); the cells already carry what happened.
            self._dead = self._dead or "the kernel died"
            return self.nb, self.resources

    # -- cells ---------------------------------------------------------------------------
    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code":
            return cell, self.resources
        if self._dead:
            cell.outputs = [_error_output("NotRun", f"not run: {self._dead}")]
            return cell, self.resources
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            self._dead = f"the notebook ran out of its {self.notebook_timeout} s time limit"
            cell.outputs = [_error_output("NotebookTimeoutError", f"not run: {self._dead}")]
            return cell, self.resources
        if is_hidden_test_cell(cell):
            self._run_hidden_tests(cell)
            return cell, self.resources
        try:
            with self._limited_timeout():
                return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead = f"the kernel died in an earlier cell (cell {index + 1})"
            cell.outputs.append(_error_output(
                "DeadKernelError", "the kernel died while this cell ran (os._exit, a crash, killing "
                "the kernel, or running out of memory)"))
            return cell, self.resources

    @contextlib.contextmanager
    def _limited_timeout(self):
        saved = self.timeout
        self.timeout = max(1, int(min(saved or self.notebook_timeout, self._deadline - time.monotonic())))
        try:
            yield
        finally:
            self.timeout = saved

    def output(self, outs: list, msg: dict, display_id: str | None, cell_index: int) -> Any:
        """Keep at most ``max_output_chars`` of a cell's stream output; drop the flood."""
        if msg["msg_type"] == "stream":
            used = self._cell_chars.get(cell_index, 0)
            text = msg["content"].get("text", "")
            self._cell_chars[cell_index] = used + len(text)
            if used >= self.max_output_chars:
                return None
            if used + len(text) > self.max_output_chars:
                keep = self.max_output_chars - used
                msg["content"]["text"] = (text[:keep] + f"\n... output truncated: this cell printed more than "
                                          f"{self.max_output_chars} characters ...\n")
        return super().output(outs, msg, display_id, cell_index)

    # -- hidden tests --------------------------------------------------------------------
    def _trusted_globals(self) -> _TrustedNamespace:
        import public_tests
        import reg_utils
        import testCases

        base: dict[str, Any] = {"__builtins__": builtins, "__name__": "__hidden_test__",
                                "np": numpy, "numpy": numpy}
        for module in (reg_utils, testCases, public_tests):
            base.update({name: getattr(module, name) for name in getattr(module, "__all__", [])})
        for name in self.exercise_names:
            base[name] = _KernelFunction(self, name)
        return _TrustedNamespace(self, base)

    def _run_hidden_tests(self, cell: NotebookNode) -> None:
        grade_id = cell.metadata["nbgrader"].get("grade_id", "tests")
        printed = io.StringIO()
        self._current_outputs = []
        outputs: list = []
        state = numpy.random.get_state()
        try:
            code = compile(cell.source, f"<hidden tests {grade_id}>", "exec")
            with contextlib.redirect_stdout(printed):
                exec(code, self._trusted_globals())  # noqa: S102 - the instructor's own test code
        except StudentCodeError as exc:
            outputs.append(_error_output(exc.ename, exc.evalue, [f"{exc.ename}: {exc.evalue}",
                                                                 *([exc.details] if exc.details else [])]))
        except AssertionError as exc:
            outputs.append(_error_output("AssertionError", str(exc) or "a hidden test failed"))
        except Exception as exc:  # noqa: BLE001 - whatever the student's output made the test trip over
            outputs.append(_error_output(type(exc).__name__, f"{exc} (while checking your answer)"))
        finally:
            numpy.random.set_state(state)
        text = printed.getvalue()
        student_prints = "".join(o.get("text", "") for o in self._current_outputs if o.get("output_type") == "stream")
        if student_prints:
            text = student_prints[: self.max_output_chars] + text
        cell.outputs = ([NotebookNode(output_type="stream", name="stdout", text=text)] if text else []) + outputs
        cell.execution_count = None

    def call_in_kernel(self, name: str, args: tuple, kwargs: dict) -> Any:
        """Run the student's ``name(*args, **kwargs)`` in the kernel; return the result as plain data."""
        if self._dead:
            raise StudentCodeError("DeadKernelError", f"{name} could not run: {self._dead}")
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise StudentCodeError("NotebookTimeoutError", f"{name} could not run: the notebook's time is up")
        answer = Path(self._run_path()) / f".reglab-answer-{secrets.token_hex(8)}.json"
        request = wire.dumps({"args": list(args), "kwargs": dict(kwargs), "rng": numpy.random.get_state()})
        source = (_PROBE.replace("__WIRE__", repr(wire.kernel_source())).replace("__REQUEST__", repr(request))
                  .replace("__ANSWER__", repr(str(answer))).replace("__NAME__", repr(name)))
        probe = NotebookNode(cell_type="code", source=source, metadata={}, outputs=[], execution_count=None)
        self._probe_index += 1
        try:
            with self._limited_timeout():
                self.execute_cell(probe, -self._probe_index, store_history=False)
        except DeadKernelError:
            self._dead = f"the kernel died while {name} ran"
            raise StudentCodeError("DeadKernelError", f"the kernel died while {name} ran (os._exit, a crash, "
                                   "killing the kernel, or running out of memory)") from None
        self._current_outputs.extend(probe.outputs)
        for out in probe.outputs:
            if out.get("output_type") == "error" and out.get("ename") == "CellTimeoutError":
                raise StudentCodeError("CellTimeoutError", f"{name} ran longer than {self.timeout} s "
                                       "(an endless loop?)")
        try:
            text = answer.read_text() if answer.stat().st_size <= wire.MAX_ENCODED_CHARS else ""
            answer.unlink()
            reply = wire.loads(text)
        except (OSError, wire.WireError) as exc:
            errors = [o for o in probe.outputs if o.get("output_type") == "error"]
            why = f"{errors[0].get('ename')}: {errors[0].get('evalue')}" if errors else str(exc)
            raise StudentCodeError("GradingError", f"the result of {name} could not be read back ({why})") from None
        if not isinstance(reply, dict):
            raise StudentCodeError("GradingError", f"the result of {name} could not be read back")
        if "rng" in reply:
            with contextlib.suppress(Exception):
                numpy.random.set_state(reply["rng"])
        status = reply.get("status")
        if status == "missing":
            raise StudentCodeError("NameError", f"name '{name}' is not defined: did its answer cell run?")
        if status == "raised":
            ename, evalue = str(reply.get("ename")), str(reply.get("evalue") or "")
            hint = ": " + evalue if evalue else (" (is the answer cell still the stub?)"
                                                 if ename == "NotImplementedError" else "")
            raise StudentCodeError(ename, f"{name} raised {ename}{hint}", str(reply.get("details", "")))
        if status == "unencodable":
            raise StudentCodeError("TypeError", f"{name} returned something that is not plain data: "
                                   f"{reply.get('evalue')}")
        if status != "ok":
            raise StudentCodeError("GradingError", f"the result of {name} could not be read back")
        with contextlib.suppress(Exception):
            _write_back(list(args), reply.get("args", []))
        return reply.get("result")

