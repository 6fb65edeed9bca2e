"""A fork server for sandboxed IPython kernels.

Starting a kernel and importing NumPy, Matplotlib and the course packages costs
about a second of CPU, three times per student. The fork server pays it once:
it imports everything a notebook of this course needs, then forks one child per
kernel on request. Each child starts a new session, confines itself with
:func:`grading.sandbox.confine` and becomes an ordinary ``ipykernel`` reading the
connection file it was given, so jupyter_client and nbclient drive it exactly as
a kernel they launched themselves.

The server is spawned fresh (never forked from the grader, whose memory holds
hidden tests) and holds no course secrets: only the public packages are
imported. It talks to its parent over its stdin/stdout pipes, one JSON object a
line, so nothing else can ask it for a kernel. It exits when its stdin closes;
its children die with it (``PR_SET_PDEATHSIG``).

Run as ``python -m grading.zygote``.
"""

from __future__ import annotations

import ctypes
import importlib
import json
import os
import signal
import sys

from grading.sandbox import SandboxPolicy, confine

#: Imported before any fork; a module missing here is simply imported later by the kernel.
PRELOAD = (
    "numpy", "scipy.io", "matplotlib", "matplotlib.pyplot", "matplotlib.font_manager",
    "matplotlib_inline.backend_inline", "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
    "ipykernel.debugger", "debugpy", "IPython.core.interactiveshell", "IPython.core.completer", "jedi",
    "comm", "PIL.PngImagePlugin",
    "reg_utils", "testCases", "public_tests",
)
_PR_SET_PDEATHSIG = 1


def _preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot preload is imported later, or fails there
            pass
    try:
        from matplotlib import font_manager

        font_manager.findfont("DejaVu Sans")  # builds or loads the font cache once
    except Exception:  # noqa: BLE001
        pass


def _become_kernel(request: dict) -> None:
    """In the forked child: confine this process and run the kernel. Never returns."""
    code = 1
    try:
        os.setsid()
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # The server's script folder is no business of the kernel's.
        sys.path[:] = [p for p in sys.path if p not in ("", request["server_dir"])]
        import numpy

        numpy.random.seed()  # every kernel its own entropy, as if freshly started

        missing = confine(SandboxPolicy.from_dict(request["policy"]))
        for item in missing:
            os.write(2, f"sandbox: not enforced: {item}\n".encode())
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = ["ipykernel_launcher", *request["argv"]]
        IPKernelApp.launch_instance(argv=request["argv"])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException as exc:  # noqa: BLE001 - report anything, then leave
        try:
            os.write(2, f"kernel start failed: {type(exc).__name__}: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(code)


def serve() -> None:
    """Answer fork requests from stdin until it closes."""
    _preload()
    # Children are reaped by the system: the grader watches them through pidfds.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    server_dir = os.getcwd()
    out = sys.stdout.buffer
    out.write(b'{"ready": true}\n')
    out.flush()
    for line in sys.stdin.buffer:
        request = json.loads(line)
        request["server_dir"] = server_dir
        pid = os.fork()
        if pid == 0:
            _become_kernel(request)
        out.write(json.dumps({"pid": pid}).encode() + b"\n")
        out.flush()


if __name__ == "__main__":
    serve()
