"""The kernel host: runs inside one student's sandbox and forks their kernels.

Starting Python and importing NumPy, Matplotlib and ipykernel costs most of a
second; a student has several notebooks. The host pays it once per student: it
imports what a notebook of this course needs, then forks one kernel per request.
Each child confines itself further (:func:`guest.landlock.confine`) and becomes
an ordinary ``ipykernel`` on the Unix-socket connection it was given, so
jupyter_client and nbclient drive it as a kernel they launched themselves.

The host lives in the sandbox's namespaces, started by the grader through
bubblewrap (:mod:`grading.sandbox.session`), and holds nothing but the public
course packages. It talks to the grader over its stdin/stdout pipes only, one
JSON object a line; its kernels get ``/dev/null`` for those. Requests:

* ``{"op": "start", "connection": {...}, "env": {...}, "policy": {...}, "cwd": ...}``
  -> ``{"pid": <pid inside the sandbox>}``
* ``{"op": "reset"}``: kill every other process of the sandbox (a kernel and
  whatever it left running) -> ``{"ok": true}``
* ``{"op": "ping"}`` -> ``{"ok": true}``

It exits when its stdin closes; its kernels die with it (``PR_SET_PDEATHSIG``).
Run as ``python -m guest.kernel_host`` inside the sandbox.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import signal
import sys

from .landlock import SandboxPolicy, confine

#: Imported before any fork; a module missing here is simply imported later by the kernel.
PRELOAD = (
    "numpy", "scipy.io", "matplotlib", "matplotlib.pyplot", "matplotlib.font_manager",
    "matplotlib_inline.backend_inline", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
    "IPython.core.interactiveshell", "IPython.core.completer", "comm", "PIL.PngImagePlugin",
    "reg_utils", "testCases", "public_tests",
    # The kernel's side of hidden-test calls, imported before any student code can patch what it uses.
    "guest.wire", "guest.bridge", "guest.output_caps",
)
_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4


def preload() -> list[str]:
    """Import what kernels will need; return the modules that could not be imported."""
    missing = []
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot preload is imported later, or fails there
            missing.append(name)
    try:
        from matplotlib import font_manager

        font_manager.findfont("DejaVu Sans")  # builds or loads the font cache once
    except Exception:  # noqa: BLE001
        missing.append("matplotlib font cache")
    return missing


def _write_private(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def become_kernel(request: dict) -> None:
    """In the forked child: detach from the host's pipes, confine, run the kernel. Never returns."""
    code = 1
    try:
        os.setsid()
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 65536)  # nothing of the host's (its pipes to the grader) stays open
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        connection_file = os.path.join(request["env"]["HOME"], "kernel.json")
        _write_private(connection_file, json.dumps(request["connection"]))
        import numpy

        numpy.random.seed()  # every kernel its own entropy, as if freshly started
        confine(SandboxPolicy.from_dict(request["policy"]))
        from ipykernel.kernelapp import IPKernelApp

        from . import output_caps

        argv = ["-f", connection_file, "--HistoryManager.enabled=False"]
        sys.argv = ["ipykernel_launcher", *argv]
        app = IPKernelApp.instance()
        app.initialize(argv)
        output_caps.install(app.shell, int(request.get("max_output_chars", 40000)))
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - nothing to report to: the grader sees the kernel die
        code = 1
    finally:
        os._exit(code)


def in_own_pid_namespace() -> bool:
    """True inside the sandbox: bubblewrap is PID 1 and this host its first child."""
    return os.getppid() == 1 and os.getpid() == 2


def _reset() -> bool:
    """Kill every process of the sandbox but this one (and bubblewrap, its PID 1)."""
    if not in_own_pid_namespace():
        return False  # outside a sandbox (a unit test), kill(-1) would reach the whole machine
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return True


def serve(stdin=None, stdout=None) -> None:
    """Answer requests from stdin until it closes."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    # Kernels must not ptrace the host, which outlives them and forks the next kernel.
    ctypes.CDLL(None).prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    missing = preload()
    # Children are reaped by the system: the grader watches kernels through pidfds.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    stdout.write(json.dumps({"ready": True, "not_preloaded": missing}).encode() + b"\n")
    stdout.flush()
    for line in stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "start":
            pid = os.fork()
            if pid == 0:
                become_kernel(request)
            reply: dict = {"pid": pid}
        elif op == "reset":
            reply = {"ok": _reset()}
        else:
            reply = {"ok": True}
        stdout.write(json.dumps(reply).encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    serve()
