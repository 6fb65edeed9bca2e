"""Start the student's JupyterLab in a release folder: ``python student_config/lab.py FOLDER [jupyter lab options]``.

The student's view: the Validate button works and validates every cell;
nbgrader's instructor tools (Formgrader, Create Assignment) and the
Assignment and Course lists, which need an exchange folder a single student
does not have, are switched off. The settings live in this folder, which is
put on ``JUPYTER_CONFIG_PATH``; nothing is written into it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def student_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment of the student's server: this folder on JUPYTER_CONFIG_PATH, this interpreter's bin on PATH."""
    env = dict(os.environ if base is None else base)
    paths = [str(HERE)] + [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return env


def lab_command(*options: str) -> list[str]:
    """The argv of the student's JupyterLab, listening on 127.0.0.1 only (a token protects it)."""
    return [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1", *options]


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        print("usage: python student_config/lab.py RELEASE_FOLDER [jupyter lab options]", file=sys.stderr)
        return 2
    os.chdir(argv[0])
    options = list(argv[1:])
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in options:
        options.append("--allow-root")  # containers often run as root
    command = lab_command(*options)
    os.execve(command[0], command, student_environment())
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
