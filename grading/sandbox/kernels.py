"""Kernels in a student's sandbox, for jupyter_client and nbclient.

:class:`SandboxedKernelManager` is an ordinary ``AsyncKernelManager`` except for
how the process comes to be: its provisioner asks the student's
:class:`grading.sandbox.session.SandboxSession` for a kernel instead of running
``python -m ipykernel_launcher``, over the ``ipc`` transport (Unix sockets in a
folder of the grader's bound into the sandbox: the sandbox has no network).
jupyter_client gets a process handle built on a pidfd, so polling,
interrupting and killing work as for a kernel it launched itself.

Its ZeroMQ context refuses messages larger than
:data:`grading.settings.MAX_REPLY_BYTES` and never reconnects: the sockets
are connected once, right after the kernel bound them and before any student
code ran, and a socket file replaced later is never followed.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import uuid
from typing import Any

import zmq
import zmq.asyncio
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from ..settings import MAX_REPLY_BYTES
from .session import SandboxSession


def guarded_context() -> zmq.asyncio.Context:
    """A ZeroMQ context whose sockets drop oversized messages and never reconnect."""
    context = zmq.asyncio.Context()
    context.setsockopt(zmq.MAXMSGSIZE, MAX_REPLY_BYTES)
    context.setsockopt(zmq.RECONNECT_IVL, -1)
    context.setsockopt(zmq.LINGER, 0)
    return context


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


class SandboxProvisioner(LocalProvisioner):
    """Gets its kernel process from the student's sandbox instead of ``Popen``."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        km: SandboxedKernelManager = self.parent  # type: ignore[assignment]
        info = dict(self.connection_info)
        info["key"] = info["key"].decode() if isinstance(info.get("key"), bytes) else info.get("key", "")
        pid = km.sandbox.start_kernel(info)
        self.process = ForkedKernelProcess(pid)  # type: ignore[assignment]
        self.pid = pid
        self.pgid = pid  # the kernel called setsid()
        self.cwd = None
        return self.connection_info


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels live in one student's sandbox."""

    def __init__(self, *, session: SandboxSession, **kwargs: Any) -> None:
        super().__init__(transport="ipc", context=guarded_context(), **kwargs)
        self.sandbox = session
        self.ip = session.new_socket_prefix()
        # The connection file (it holds the session key) stays in the grader's private folder.
        self.connection_file = str(session.socket_dir.parent / f"kernel-{uuid.uuid4().hex}.json")

    async def _async_pre_start_kernel(self, **kw: Any) -> Any:
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or str(uuid.uuid4())
            self.provisioner = SandboxProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec,
                                                  parent=self)
        return await super()._async_pre_start_kernel(**kw)
