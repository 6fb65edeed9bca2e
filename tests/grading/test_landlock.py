"""The kernel sandbox: what a confined process can and cannot reach."""

from __future__ import annotations

import os
import socket

import pytest

from grading.sandbox.guest.landlock import SandboxPolicy, confine, landlock_abi, system_read_paths

pytestmark = pytest.mark.skipif(landlock_abi() < 6, reason="needs Linux Landlock ABI 6 or newer")


def _in_confined_child(policy: SandboxPolicy, probe) -> str:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(read)
        try:
            confine(policy)
            message = probe()
        except BaseException as exc:  # noqa: BLE001
            message = f"{type(exc).__name__}"
        os.write(write, message.encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as f:
        return f.read()


def test_confined_process_reads_allowed_and_writes_only_its_folder(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden")
    work = tmp_path / "work"
    work.mkdir()
    policy = SandboxPolicy(read_only=system_read_paths(), read_write=[str(work)])

    def probe():
        (work / "ok.txt").write_text("fine")
        outcomes = []
        for action in (lambda: secret.read_text(), lambda: (tmp_path / "new.txt").write_text("x")):
            try:
                action()
                outcomes.append("allowed")
            except PermissionError:
                outcomes.append("denied")
        return ",".join(outcomes)

    assert _in_confined_child(policy, probe) == "denied,denied"
    assert (work / "ok.txt").read_text() == "fine"


def test_confined_process_cannot_connect_or_signal_outside():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    parent = os.getpid()

    def probe():
        results = []
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2)
            results.append("connected")
        except PermissionError:
            results.append("no-connect")
        try:
            os.kill(parent, 0)
            results.append("signalled")
        except PermissionError:
            results.append("no-signal")
        return ",".join(results)

    try:
        assert _in_confined_child(SandboxPolicy(read_only=system_read_paths()), probe) == "no-connect,no-signal"
    finally:
        listener.close()


def test_memory_limit_turns_a_bomb_into_memory_error():
    def probe():
        bytearray(4 * 1024**3)
        return "allocated"

    assert _in_confined_child(SandboxPolicy(memory_bytes=1024**3, read_only=["/"]), probe) == "MemoryError"

