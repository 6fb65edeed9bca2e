"""Finding processes by a marker in their command line (to prove nothing a student started survives)."""

from __future__ import annotations

from pathlib import Path


def processes_with(marker: str) -> list[str]:
    """Pids of the processes whose command line holds ``marker``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes():
                found.append(cmdline.parent.name)
        except OSError:
            continue
    return found
