"""nbgrader's Execute step, hardened: sandboxed kernels, limits, verdicts outside the kernel.

:class:`SecureExecute` takes the place of nbgrader's ``Execute`` preprocessor in
the autograde pipeline (see :mod:`grading.batch.worker`). Everything else of
``nbgrader autograde`` (restoring locked cells, saving grades) stays
nbgrader's own. What changes:

* the kernel lives in the student's sandbox (:mod:`grading.sandbox`), whose
  working folder holds nothing of the grader's: not this notebook, not its
  hidden tests;
* each cell has a wall-clock limit (an endless loop is interrupted, the next
  cells still run), and so has the whole notebook; a cell keeps at most
  ``max_output_chars`` of output of every kind (stream, display data, results,
  error text); a kernel that dies is reported and the cells after it are
  marked as not run;
* **hidden test cells never run in the student's kernel**: they run here
  (:mod:`grading.verdict.hidden_tests`), and each exercise they call runs in
  the kernel over its own channel (:mod:`grading.verdict.kernel_call`).
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer, List, Unicode

from ..sandbox.kernels import SandboxedKernelManager
from ..sandbox.session import SandboxError, SandboxSession
from ..settings import MAX_OUTPUT_CHARS, NOTEBOOK_TIMEOUT
from . import kernel_call
from .hidden_tests import error_output, is_hidden_test_cell, run_hidden_tests
from .kernel_call import StudentCodeError

#: Sandboxes of the students being graded in this process, by id (the config can only carry strings).
SESSIONS: dict[str, SandboxSession] = {}


def _size(output: dict) -> int:
    """Characters an output would add to the notebook."""
    kind = output.get("output_type")
    if kind == "stream":
        return len(output.get("text", ""))
    if kind == "error":
        return len(output.get("evalue", "")) + sum(len(line) for line in output.get("traceback", []))
    data = output.get("data", {})
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())


class SecureExecute(Execute):
    """Runs a submitted notebook in a sandboxed kernel and its hidden tests in the grader."""

    notebook_timeout = Integer(NOTEBOOK_TIMEOUT, help="Wall-clock seconds for the whole notebook.").tag(config=True)
    max_output_chars = Integer(MAX_OUTPUT_CHARS, help="Characters of output kept per cell.").tag(config=True)
    exercise_names = List(Unicode(), help="Names the hidden tests call in the student's kernel.").tag(config=True)
    session_id = Unicode("", help="Key of the student's sandbox in SESSIONS.").tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.interrupt_on_timeout = True  # an endless loop costs its cell, not the notebook
        self._deadline = 0.0
        self._dead = ""
        self._cell_chars: dict[int, int] = {}
        self._truncated: set[int] = set()
        self._call_prints: list[str] = []

    # -- kernel --------------------------------------------------------------------------
    def create_kernel_manager(self) -> SandboxedKernelManager:
        session = SESSIONS.get(self.session_id)
        if session is None:
            raise SandboxError("no sandbox is open for this student")
        session.reset()
        self.km = SandboxedKernelManager(session=session, kernel_name="python3", config=self.config)
        return self.km

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> Any:
        self._deadline = time.monotonic() + self.notebook_timeout
        self._dead = ""
        self._cell_chars, self._truncated = {}, set()
        try:
            return super().preprocess(nb, resources, km)
        except (DeadKernelError, SandboxError, RuntimeError) as exc:
            # The kernel died between cells or could not start; the cells already carry what happened.
            self._dead = self._dead or f"the kernel stopped ({type(exc).__name__})"
            for cell in self.nb.cells:
                if cell.cell_type == "code" and not cell.get("outputs") and (
                        is_hidden_test_cell(cell) or cell.metadata.get("nbgrader", {}).get("solution")):
                    cell.outputs = [error_output("NotRun", f"not run: {self._dead}")]
            return self.nb, self.resources

    # -- cells ---------------------------------------------------------------------------
    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code":
            return cell, self.resources
        if self._dead:
            cell.outputs = [error_output("NotRun", f"not run: {self._dead}")]
            return cell, self.resources
        if self._deadline - time.monotonic() <= 0:
            self._dead = f"the notebook ran out of its {self.notebook_timeout} s time limit"
            cell.outputs = [error_output("NotebookTimeoutError", f"not run: {self._dead}")]
            return cell, self.resources
        if is_hidden_test_cell(cell):
            self._call_prints = []
            run = run_hidden_tests(cell, self.call_in_kernel, list(self.exercise_names),
                                   lambda: "".join(self._call_prints)[: self.max_output_chars])
            cell.outputs = run.outputs
            cell.execution_count = None
            return cell, self.resources
        try:
            with self._limited_timeout():
                return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._dead = f"the kernel died in an earlier cell (cell {index + 1})"
            cell.outputs.append(error_output(
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
        """Keep at most ``max_output_chars`` of a cell's output, of every kind; note the cut once."""
        if msg["msg_type"] not in ("stream", "display_data", "execute_result", "error", "update_display_data"):
            return super().output(outs, msg, display_id, cell_index)
        content = msg["content"]
        used = self._cell_chars.get(cell_index, 0)
        size = _size({"output_type": "stream" if msg["msg_type"] == "stream" else
                      ("error" if msg["msg_type"] == "error" else "display_data"), **content})
        self._cell_chars[cell_index] = used + size
        if used + size <= self.max_output_chars:
            return super().output(outs, msg, display_id, cell_index)
        if msg["msg_type"] == "stream" and used < self.max_output_chars:
            content["text"] = content.get("text", "")[: self.max_output_chars - used]
            super().output(outs, msg, display_id, cell_index)
        if cell_index not in self._truncated:
            self._truncated.add(cell_index)
            outs.append(NotebookNode(output_type="stream", name="stdout",
                                     text=f"\n... output truncated: this cell produced more than "
                                          f"{self.max_output_chars} characters of output ...\n"))
        return None

    # -- hidden tests --------------------------------------------------------------------
    def call_in_kernel(self, request: kernel_call.KernelRequest) -> Any:
        """Serve one hidden-test request in the student's kernel; return what it gave, as plain data."""
        import numpy

        name = request.title
        if self._dead:
            raise StudentCodeError("DeadKernelError", f"{name} could not run: {self._dead}")
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise StudentCodeError("NotebookTimeoutError", f"{name} could not run: the notebook's time is up")
        timeout = min(float(self.timeout or self.notebook_timeout), remaining)
        nonce = kernel_call.new_nonce()
        try:
            code = kernel_call.request_code(request, nonce)
        except Exception as exc:  # noqa: BLE001 - the hidden test passed something that cannot travel
            raise StudentCodeError("GradingError", f"the arguments of {name} cannot be sent: {exc}") from None
        outcome = run_sync(kernel_call.exchange)(self.kc, code, nonce, timeout, self.max_output_chars,
                                                 self.km.interrupt_kernel)
        self._call_prints.append(outcome.printed)
        if not run_sync(self.km.is_alive)():
            self._dead = f"the kernel died while {name} ran"
            raise StudentCodeError("DeadKernelError", f"the kernel died while {name} ran (os._exit, a crash, "
                                   "killing the kernel, or running out of memory)")
        result = kernel_call.interpret(request, outcome, timeout)
        if result.rng is not None:
            with contextlib.suppress(Exception):
                numpy.random.set_state(result.rng)
        kernel_call.sync_generators(request, result.generators)
        return result.value
