"""Caps on a whole sandbox, all its processes together: memory and process count.

Per-process limits (``RLIMIT_AS``) cannot stop three children of 1 GiB each,
and ``RLIMIT_NPROC`` does not bind root. A control group does: the sandbox's
first process joins it before it executes bubblewrap, and everything it forks
stays in it. Both cgroup v2 (``memory.max``, ``pids.max``) and the v1
``memory`` and ``pids`` hierarchies are supported; the group is made below the
grader's own group, so it never escapes the limits the grader runs under.

Where no cgroup can be written (a desktop without delegation), :func:`create`
returns ``None`` and the grader reports the two caps as not enforced.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

_ROOT = Path("/sys/fs/cgroup")


def _own_group(controller: str) -> str | None:
    """This process's group in ``controller`` (v1), or its v2 group when ``controller`` is empty."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, names, path = line.split(":", 2)
        if (controller and controller in names.split(",")) or (not controller and names == ""):
            return path
    return None


@dataclass
class SandboxCgroup:
    """The control group(s) of one sandbox."""

    folders: list[Path] = field(default_factory=list)

    def join(self) -> None:
        """Move the calling process into the group (call in the child before exec)."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def peak_memory_bytes(self) -> int:
        for folder in self.folders:
            for name in ("memory.peak", "memory.max_usage_in_bytes"):
                try:
                    return int((folder / name).read_text())
                except (OSError, ValueError):
                    continue
        return 0

    def remove(self) -> None:
        for folder in self.folders:
            try:
                folder.rmdir()
            except OSError:
                pass  # still busy for a moment after its last process died; the name is unique


def _make(parent: Path, name: str, settings: dict[str, str]) -> Path | None:
    folder = parent / name
    try:
        folder.mkdir()
        for key, value in settings.items():
            (folder / key).write_text(value)
    except OSError:
        try:
            folder.rmdir()
        except OSError:
            pass
        return None
    return folder


def create(memory_bytes: int, max_processes: int) -> SandboxCgroup | None:
    """A new group capping memory and processes, or None when this machine lets us make none."""
    name = f"reglab-{uuid.uuid4().hex[:12]}"
    v2 = _own_group("")
    if v2 is not None and (_ROOT / "cgroup.controllers").is_file():
        parent = _ROOT / v2.lstrip("/")
        folder = _make(parent, name, {"memory.max": str(memory_bytes), "memory.swap.max": "0",
                                      "pids.max": str(max_processes)})
        if folder is not None:
            return SandboxCgroup([folder])
    memory_parent = _own_group("memory")
    pids_parent = _own_group("pids")
    if memory_parent is None or pids_parent is None:
        return None
    memory = _make(_ROOT / "memory" / memory_parent.lstrip("/"), name,
                   {"memory.limit_in_bytes": str(memory_bytes)})
    pids = _make(_ROOT / "pids" / pids_parent.lstrip("/"), name, {"pids.max": str(max_processes)})
    if memory is None or pids is None:
        SandboxCgroup([f for f in (memory, pids) if f is not None]).remove()
        return None
    return SandboxCgroup([memory, pids])
