"""Whole-sandbox caps through a control group, where the machine lets us make one."""

from __future__ import annotations

import os

import pytest

from grading.sandbox import cgroups


def test_a_group_caps_processes_of_a_child_and_is_removed():
    group = cgroups.create(256 * 1024 * 1024, 8)
    if group is None:
        pytest.skip("no writable cgroup on this machine (the grader reports the caps as not enforced)")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        group.join()
        made = 0
        kids = []
        for _ in range(20):
            try:
                child = os.fork()
            except OSError:
                break
            if child == 0:
                os.read(read, 1)
                os._exit(0)
            kids.append(child)
            made += 1
        os.write(write, bytes([made]) * len(kids))
        for child in kids:
            os.waitpid(child, 0)
        os._exit(made)
    _, status = os.waitpid(pid, 0)
    os.close(read)
    os.close(write)
    assert 0 < os.waitstatus_to_exitcode(status) < 8
    group.remove()
    assert not any(folder.exists() for folder in group.folders)
