"""Sandboxed kernels for jupyter_client, forked from :mod:`grading.zygote`.

:class:`SandboxedKernelManager` is an ordinary ``AsyncKernelManager`` except for
how the process comes to be: its provisioner asks the fork server for a child
instead of running ``python -m ipykernel_launcher``, and hands jupyter_client a
process handle built on a pidfd, so polling, interrupting and killing work as
for a kernel it launched itself (kill and interrupt reach the kernel's whole
process group, i.e. anything the student's code started too).
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from .sandbox import SandboxPolicy


class ZygoteError(RuntimeError):
    """The fork server could not be started or did not answer."""


class Zygote:
    """A running fork server, owned by one grader process."""

    def __init__(self, workdir: Path | None = None) -> None:
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="reglab-zygote-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mplconfig = self.workdir / "mplconfig"
        self.mplconfig.mkdir(exist_ok=True)
        self._lock = threading.Lock()
        self._log = open(self.workdir / "zygote.log", "ab")  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "grading.zygote"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._log, cwd=self.workdir, env=self.base_env(), start_new_session=True)
        line = self.proc.stdout.readline()
        if not line or not json.loads(line).get("ready"):
            raise ZygoteError(f"the kernel fork server did not start; see {self.workdir / 'zygote.log'}")

    def base_env(self) -> dict[str, str]:
        """The environment kernels start from: nothing of the grader's own settings or secrets."""
        keep = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "/usr/bin:/bin")
        env.update({
            # A RuntimeWarning on stderr fails a test cell in nbgrader; the grader decides on warnings.
            "PYTHONWARNINGS": "ignore",
            "MPLBACKEND": "module://matplotlib_inline.backend_inline",
            "MPLCONFIGDIR": str(self.mplconfig),
            # One BLAS thread per kernel: the grader already runs one kernel per core.
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        })
        return env

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork_kernel(self, argv: list[str], cwd: str, home: str, policy: SandboxPolicy,
                    extra_env: dict[str, str] | None = None) -> int:
        """Start one sandboxed kernel; return its pid."""
        env = self.base_env()
        env.update({"HOME": home, "IPYTHONDIR": str(Path(home) / ".ipython"), "TMPDIR": home,
                    "JUPYTER_RUNTIME_DIR": home, "JUPYTER_DATA_DIR": home, "JUPYTER_CONFIG_DIR": home})
        env.update(extra_env or {})
        request = {"argv": argv, "cwd": cwd, "env": env, "policy": policy.to_dict(),
                   "log": str(Path(home) / "kernel.log")}
        with self._lock:
            if not self.alive():
                raise ZygoteError("the kernel fork server has stopped")
            self.proc.stdin.write(json.dumps(request).encode() + b"\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line:
            raise ZygoteError("the kernel fork server did not answer")
        return int(json.loads(line)["pid"])

    def close(self) -> None:
        if self.alive():
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()


_shared: Zygote | None = None
_shared_lock = threading.Lock()


def shared_zygote() -> Zygote:
    """This process's fork server, started on first use and restarted if it died."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.alive():
            _shared = Zygote()
            atexit.register(_shared.close)
        return _shared


class ForkedKernelProcess:
    """A ``Popen``-like handle on a kernel that is not our child, through a pidfd."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._fd = None
            self.returncode = -1

    def _finished(self, timeout: float) -> bool:
        if self.returncode is not None:
            return True
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if ready:
            # The exit status belongs to the fork server, which let the system reap it.
            self.returncode = -1
            os.close(self._fd)
            self._fd = None
            return True
        return False

    def poll(self) -> int | None:
        self._finished(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if not self._finished(timeout if timeout is not None else 1e9):
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.killpg(self.pid, signum)
            except (ProcessLookupError, PermissionError):
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkingProvisioner(LocalProvisioner):
    """Gets its kernel process from the fork server instead of ``Popen``."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        km: SandboxedKernelManager = self.parent  # type: ignore[assignment]
        try:
            start = cmd.index("ipykernel_launcher") + 1
        except ValueError:
            start = 1
        info = self.connection_info
        ports = [int(info[key]) for key in ("shell_port", "iopub_port", "stdin_port", "hb_port",
                                           "control_port") if info.get(key)]
        policy = SandboxPolicy(**{**km.policy.to_dict(), "bind_ports": ports})
        pid = km.zygote.fork_kernel(cmd[start:], cwd=str(kwargs.get("cwd") or km.sandbox_cwd),
                                    home=km.home, policy=policy, extra_env=km.extra_env)
        self.process = ForkedKernelProcess(pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = pid  # the child called setsid()
        self.cwd = kwargs.get("cwd")
        return self.connection_info


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels are confined forks of :class:`Zygote`."""

    def __init__(self, *, zygote: Zygote, policy: SandboxPolicy, home: str, sandbox_cwd: str,
                 extra_env: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zygote = zygote
        self.policy = policy
        self.home = home
        self.sandbox_cwd = sandbox_cwd
        self.extra_env = extra_env or {}
        # The connection file holds the session key: keep it inside the sandbox's own home.
        self.connection_file = str(Path(home) / f"kernel-{uuid.uuid4().hex}.json")

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = ForkingProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                  parent=self)
        return await super()._async_pre_start_kernel(**kw)
