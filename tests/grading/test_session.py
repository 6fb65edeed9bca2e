"""One student's sandbox: what exists inside, what the kernel host does, and that nothing is left behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from grading.paths import REPO_ROOT
from grading.sandbox import bwrap
from grading.sandbox import session as session_module
from grading.sandbox.session import SandboxError, SandboxSession, kernel_env
from grading.settings import Limits
from tests.processes import processes_with

WHY = bwrap.availability()
pytestmark = pytest.mark.skipif(bool(WHY), reason=f"no sandbox here: {WHY}")

PROBE = textwrap.dedent("""
    import json, os, socket
    seen = {}
    seen["notebooks"] = os.path.exists(%(notebooks)r)
    seen["grading"] = os.path.exists(%(grading)r)
    seen["reg_utils"] = os.path.isdir(%(reg_utils)r)
    seen["home"] = os.path.expanduser("~")
    seen["cwd"] = os.getcwd()
    seen["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    seen["environ"] = sorted(os.environ)
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
        seen["tcp"] = "connected"
    except OSError as exc:
        seen["tcp"] = type(exc).__name__
    try:
        open(%(repo_file)r, "w")
        seen["write_repo"] = "written"
    except OSError as exc:
        seen["write_repo"] = type(exc).__name__
    print(json.dumps(seen))
""")


def _run_inside(code: str, tmp_path: Path) -> dict:
    layout = bwrap.SandboxLayout(socket_dir=str(tmp_path), read_only=tuple(bwrap.python_read_paths()
                                 + bwrap.public_read_paths()), disk_bytes=16 << 20, guest_dir=bwrap.guest_dir())
    done = subprocess.run(layout.argv(kernel_env(), [sys.executable, "-c", code]), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_sandbox_shows_only_the_public_packages_and_no_network(tmp_path):
    seen = _run_inside(PROBE % {"notebooks": str(REPO_ROOT / "notebooks"), "grading": str(REPO_ROOT / "grading"),
                                "reg_utils": str(REPO_ROOT / "reg_utils"),
                                "repo_file": str(REPO_ROOT / "reg_utils" / "pwned.py")}, tmp_path)
    assert seen["notebooks"] is False and seen["grading"] is False and seen["reg_utils"] is True
    assert seen["home"] == bwrap.HOME and seen["cwd"] == bwrap.WORK
    assert max(seen["pids"]) < 10  # its own PID namespace: the machine's processes are not there
    assert seen["tcp"] != "connected" and seen["write_repo"] != "written"
    assert "REGLAB_SANDBOX" in seen["environ"] and not any(k.startswith(("SSH", "AWS", "GITHUB")) for k in
                                                            seen["environ"])


def test_session_starts_a_host_resets_and_cleans_up(tmp_path):
    session = SandboxSession(Limits(memory_mb=512, max_processes=32, disk_mb=16))
    folder = session.socket_dir.parent
    cgroup_folders = list(session.cgroup.folders) if session.cgroup else []
    try:
        assert session.alive()
        session.reset()
        assert session.alive()
        prefix = session.new_socket_prefix()
        assert prefix.startswith(str(session.socket_dir)) and len(prefix) < 100
    finally:
        session.close()
    assert not session.alive() and not folder.exists()
    assert not any(f.exists() for f in cgroup_folders)


def test_notes_say_what_is_not_enforced():
    session = SandboxSession(Limits(memory_mb=512))
    try:
        if session.cgroup is None:
            assert any("not capped" in note for note in session.notes)
        else:
            assert not any("not capped" in note for note in session.notes)
    finally:
        session.close()


def test_availability_is_a_sentence_when_bwrap_is_missing(monkeypatch):
    monkeypatch.setattr(bwrap, "bwrap_path", lambda: (_ for _ in ()).throw(FileNotFoundError("no bwrap here")))
    assert bwrap.availability() == "no bwrap here"


def test_socket_files_that_are_not_sockets_are_refused(tmp_path):
    session = SandboxSession(Limits(memory_mb=512))
    try:
        prefix = session.new_socket_prefix()
        os.symlink("/etc/passwd", f"{prefix}-1")
        connection = {"ip": prefix, "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4,
                      "hb_port": 5}
        with pytest.raises(Exception, match="not a socket"):
            session._wait_for_sockets(connection)
    finally:
        session.close()


def test_a_detached_daemon_does_not_survive_into_the_next_notebook():
    from jupyter_core.utils import run_sync

    from grading.sandbox.kernels import SandboxedKernelManager

    marker = "reglab-session-test-daemon"
    session = SandboxSession(Limits(memory_mb=1024))
    try:
        km = SandboxedKernelManager(session=session, kernel_name="python3")
        run_sync(km.start_kernel)()
        kc = km.blocking_client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        code = ("import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import os, time\\nos.setsid()\\n"
                f"if os.fork() == 0:\\n    time.sleep(300)  # {marker}\\n'])\n"
                "import time\ntime.sleep(1)")
        kc.execute_interactive(code, timeout=60)
        assert processes_with(marker), "the daemon should be running before the reset"
        kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)
        session.reset()
        for _ in range(50):
            if not processes_with(marker):
                break
            import time

            time.sleep(0.1)
        assert processes_with(marker) == []
        assert session.alive()
    finally:
        session.close()


def test_a_course_kept_under_tmp_stays_visible_while_the_rest_of_tmp_stays_private(tmp_path):
    """The sandbox's private /tmp must not cover read-only folders that live under /tmp (a clone in /tmp),
    nor leave their parent writable."""
    course = Path(tempfile.mkdtemp(prefix="reglab-course-", dir="/tmp"))
    try:
        (course / "pkg").mkdir()
        (course / "pkg" / "data.txt").write_text("public")
        (course / "secret.txt").write_text("private")
        layout = bwrap.SandboxLayout(socket_dir=str(tmp_path), read_only=(*bwrap.python_read_paths(),
                                     str(course / "pkg")), disk_bytes=16 << 20, guest_dir=bwrap.guest_dir())
        code = (f"import json, os\ntry:\n    open({str(course / 'beside.py')!r}, 'w')\n    wrote = 'written'\n"
                "except OSError as exc:\n    wrote = type(exc).__name__\n"
                f"print(json.dumps([open({str(course / 'pkg' / 'data.txt')!r}).read(), "
                f"os.path.exists({str(course / 'secret.txt')!r}), sorted(os.listdir({str(course)!r})), wrote]))")
        done = subprocess.run(layout.argv(kernel_env(), [sys.executable, "-c", code]), capture_output=True,
                              text=True, timeout=60)
    finally:
        shutil.rmtree(course)
    assert done.returncode == 0, done.stderr
    # Nothing can be added beside the bound folder either (a clone's root is on the kernel's sys.path).
    assert json.loads(done.stdout) == ["public", False, ["pkg"], "OSError"]


def test_a_host_that_cannot_start_says_why_and_leaves_nothing(monkeypatch):
    # Without its PYTHONPATH the host's module cannot be found: Python says so on the host's stderr.
    monkeypatch.setattr(session_module, "kernel_env",
                        lambda: {k: v for k, v in kernel_env().items() if k != "PYTHONPATH"})
    before = set(Path(tempfile.gettempdir()).glob("reglab-sbx-*"))
    with pytest.raises(SandboxError, match=r"^the sandbox did not start: .*No module named 'guest'"):
        SandboxSession(Limits(memory_mb=512))
    assert set(Path(tempfile.gettempdir()).glob("reglab-sbx-*")) == before
