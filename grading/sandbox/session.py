"""One student's sandbox: a bubblewrap namespace holding the kernel host, for all their notebooks.

The grader opens a :class:`SandboxSession` per student, asks it for one kernel
per notebook (:meth:`SandboxSession.start_kernel`), resets it between
notebooks (every process of the previous kernel is killed, whatever it
detached), and closes it at the end (the namespace dies with its PID 1). The
student's notebooks share the sandbox's working folder, as they would share a
folder on the student's own machine (part 3 of an assignment may read what
part 1 saved), and nothing else: the grader never reads a file from it.

The only things the grader uses from inside are the host's pipe replies (a
pid) and the kernel's sockets, whose files it checks with ``lstat`` before it
connects once, before any student code has run.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..settings import Limits
from . import bwrap, cgroups
from .guest.landlock import SandboxPolicy, landlock_abi

#: Seconds the kernel host may take to start (Python, NumPy, Matplotlib, ipykernel).
HOST_START_SECONDS = 60.0
#: Seconds a forked kernel may take to bind its sockets.
KERNEL_START_SECONDS = 30.0
#: Address space allowed to each process beyond the memory limit (reserved, not used, by threads and libraries).
VIRTUAL_SLACK = 1024 * 1024 * 1024
_SOCKET_NAMES = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")


class SandboxError(RuntimeError):
    """The sandbox could not start or stopped answering."""


def kernel_env() -> dict[str, str]:
    """The environment of the host and its kernels: nothing of the grader's own settings or secrets."""
    env = {
        "PATH": str(Path(sys.executable).parent) + ":/usr/local/bin:/usr/bin:/bin",
        "HOME": bwrap.HOME, "USER": "student", "LOGNAME": "student", "TMPDIR": "/tmp",
        "LANG": "C.UTF-8", "PYTHONPATH": bwrap.GUEST_ROOT, "PYTHONDONTWRITEBYTECODE": "1",
        # A RuntimeWarning on stderr fails a test cell in nbgrader; the grader decides on warnings.
        "PYTHONWARNINGS": "ignore",
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "MPLCONFIGDIR": f"{bwrap.HOME}/.config/matplotlib",
        "IPYTHONDIR": f"{bwrap.HOME}/.ipython", "JUPYTER_RUNTIME_DIR": f"{bwrap.HOME}/.jupyter",
        "JUPYTER_DATA_DIR": f"{bwrap.HOME}/.jupyter", "JUPYTER_CONFIG_DIR": f"{bwrap.HOME}/.jupyter",
        "NBGRADER_EXECUTION": "autograde",
        # One BLAS thread per kernel: the grader already runs one student per core.
        "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "MALLOC_ARENA_MAX": "2",  # fewer reserved malloc arenas per thread
        "PYDEVD_DISABLE_FILE_VALIDATION": "1", "REGLAB_SANDBOX": "1",
    }
    # Some processors need these for OpenBLAS to compute correctly; they are not secrets.
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if key in os.environ:
            env[key] = os.environ[key]
    return env


class SandboxSession:
    """A running sandbox for one student; use as a context manager."""

    def __init__(self, limits: Limits | None = None, wait: bool = True) -> None:
        """Start the sandbox; with ``wait=False`` return at once and let the first use wait for it."""
        self.limits = limits or Limits()
        self.notes: list[str] = []  # what could not be enforced, for the student's report
        self._dir = Path(tempfile.mkdtemp(prefix="reglab-sbx-"))
        os.chmod(self._dir, 0o700)
        self.socket_dir = self._dir / "s"
        self.socket_dir.mkdir(mode=0o700)
        self._log = open(self._dir / "host.log", "wb")  # noqa: SIM115 - lives as long as the sandbox
        self._lock = threading.Lock()
        self._kernels = 0
        memory = self.limits.memory_mb * 1024 * 1024
        self.cgroup = cgroups.create(memory, self.limits.max_processes)
        if self.cgroup is None:
            self.notes.append("the sandbox's total memory and process count are not capped here "
                              "(no writable cgroup); each process is still limited")
        if landlock_abi() < 6:
            self.notes.append(f"Landlock ABI {landlock_abi()} (< 6): the second isolation layer is partial")
        layout = bwrap.SandboxLayout(
            socket_dir=str(self.socket_dir),
            read_only=tuple(bwrap.python_read_paths() + bwrap.public_read_paths()),
            disk_bytes=self.limits.disk_mb * 1024 * 1024, guest_dir=bwrap.guest_dir())
        argv = layout.argv(kernel_env(), [sys.executable, "-m", "guest.kernel_host"])
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
                                         preexec_fn=self.cgroup.join if self.cgroup else None,  # noqa: PLW1509
                                         start_new_session=True, close_fds=True)
        except OSError as exc:
            self.close()
            raise SandboxError(f"bubblewrap could not be started: {exc}") from None
        self._ready = False
        if wait:
            self.wait_ready()
        # RLIMIT_AS counts address space, not memory: a kernel with NumPy and its threads reserves far more
        # than it uses. The cgroup caps real memory; the per-process cap only needs to stop a runaway
        # process where no cgroup can be had.
        self.policy = SandboxPolicy(read_only=["/"], read_write=[bwrap.HOME, "/tmp"],
                                    socket_dirs=[str(self.socket_dir)], memory_bytes=memory + VIRTUAL_SLACK,
                                    file_bytes=self.limits.disk_mb * 1024 * 1024,
                                    max_processes=self.limits.max_processes)

    def wait_ready(self) -> None:
        """Wait for the host's first line (it imports NumPy, Matplotlib and ipykernel first)."""
        if self._ready:
            return
        ready = self._reply(HOST_START_SECONDS)
        if not ready.get("ready"):
            why = self.host_log_tail()  # before close(), which removes the log
            self.close()
            raise SandboxError("the sandbox did not start: " + why)
        self._ready = True

    # -- host protocol -------------------------------------------------------------------
    def _reply(self, timeout: float) -> dict:
        """Read one JSON line from the host within ``timeout`` seconds; {} when it does not come."""
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            return {}
        line = self.proc.stdout.readline(65536)
        try:
            reply = json.loads(line)
        except ValueError:
            return {}
        return reply if isinstance(reply, dict) else {}

    def _ask(self, request: dict, timeout: float = 10.0) -> dict:
        self.wait_ready()
        with self._lock:
            if not self.alive():
                raise SandboxError("the sandbox has stopped")
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write(json.dumps(request).encode() + b"\n")
                self.proc.stdin.flush()
            except OSError as exc:
                raise SandboxError(f"the sandbox stopped answering: {exc}") from None
            reply = self._reply(timeout)
        if not reply:
            raise SandboxError("the sandbox stopped answering")
        return reply

    def alive(self) -> bool:
        return getattr(self, "proc", None) is not None and self.proc.poll() is None

    def host_log_tail(self) -> str:
        self._log.flush()
        try:
            return (self._dir / "host.log").read_bytes()[-1500:].decode("utf-8", "replace").strip()
        except OSError:
            return ""

    # -- kernels -------------------------------------------------------------------------
    def new_socket_prefix(self) -> str:
        """The ``ip`` of the next kernel's ``ipc`` connection: socket files ``<prefix>-<n>``."""
        self._kernels += 1
        return str(self.socket_dir / f"k{self._kernels}")

    def start_kernel(self, connection: dict) -> int:
        """Fork a kernel on ``connection`` (ipc transport); return its pid as the grader sees it."""
        env = kernel_env()
        reply = self._ask({"op": "start", "connection": connection, "env": env, "cwd": bwrap.WORK,
                           "policy": self.policy.to_dict(),
                           # The kernel's own cap is looser than the grader's, so the grader's note shows.
                           "max_output_chars": 2 * self.limits.max_output_chars})
        inner = reply.get("pid")
        if not isinstance(inner, int) or inner <= 1:
            raise SandboxError("the sandbox did not start a kernel")
        self._wait_for_sockets(connection)
        outer = self._outer_pid(inner)
        if outer is None:
            raise SandboxError("the kernel died while starting")
        return outer

    def _wait_for_sockets(self, connection: dict) -> None:
        """Wait until the kernel has bound every socket; refuse anything but a socket file there."""
        paths = [f"{connection['ip']}-{connection[key]}" for key in _SOCKET_NAMES]
        deadline = time.monotonic() + KERNEL_START_SECONDS
        while True:
            missing = []
            for path in paths:
                try:
                    info = os.lstat(path)
                except FileNotFoundError:
                    missing.append(path)
                    continue
                if not stat.S_ISSOCK(info.st_mode):
                    raise SandboxError(f"{os.path.basename(path)} is not a socket (links are never followed)")
            if not missing:
                return
            if time.monotonic() > deadline or not self.alive():
                raise SandboxError("the kernel did not start in time: " + self.host_log_tail())
            time.sleep(0.01)

    def _outer_pid(self, inner: int) -> int | None:
        """The pid, in the grader's namespace, of the sandbox process whose pid inside is ``inner``."""
        pending = [self.proc.pid]
        while pending:  # bwrap -> bwrap as PID 1 -> the host (2) -> kernels
            pid = pending.pop()
            if _inner_pid(pid) == inner and pid != self.proc.pid:
                return pid
            pending += _children(pid)
        return None

    def reset(self) -> None:
        """Kill every process but the host: nothing of one notebook survives into the next."""
        if self.alive():
            try:
                self._ask({"op": "reset"})
            except SandboxError:
                self.close()

    def close(self) -> None:
        """Kill the whole sandbox and remove what the grader made for it."""
        proc = getattr(self, "proc", None)
        if proc is not None and proc.poll() is None:
            proc.kill()  # bwrap is PID 1 of the namespace: every process in it dies with it
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for stream in (getattr(proc, "stdin", None), getattr(proc, "stdout", None), self._log):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if self.cgroup is not None:
            for _ in range(50):
                self.cgroup.remove()
                if not any(f.exists() for f in self.cgroup.folders):
                    break
                time.sleep(0.02)
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> SandboxSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def _inner_pid(pid: int) -> int | None:
    """The pid of process ``pid`` in its own (innermost) PID namespace."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return int(line.split()[-1])
    except (OSError, ValueError):
        return None
    return None


#: Sandboxes started ahead of time for the next student graded in this process (see :func:`prestart`).
_PRESTARTED: list[SandboxSession] = []


def prestart(limits: Limits) -> None:
    """Start a sandbox now, so that its start-up overlaps the caller's own imports and preparation."""
    try:
        _PRESTARTED.append(SandboxSession(limits, wait=False))
    except SandboxError:
        pass  # the student's own start will report it


def prestarted(limits: Limits) -> bool:
    """Whether a sandbox with ``limits`` was started ahead of time."""
    return any(s.limits == limits for s in _PRESTARTED)


def sandbox_for(limits: Limits) -> SandboxSession:
    """A ready sandbox with ``limits``: the one started ahead of time if it matches, else a new one."""
    while _PRESTARTED:
        session = _PRESTARTED.pop()
        if session.limits == limits and session.alive():
            session.wait_ready()
            return session
        session.close()
    return SandboxSession(limits)


def discard_prestarted() -> None:
    """Close the sandboxes started ahead of time that no student used."""
    while _PRESTARTED:
        _PRESTARTED.pop().close()
