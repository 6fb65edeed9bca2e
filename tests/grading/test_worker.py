"""The worker's nbgrader chain and its sandbox started ahead of time."""

from __future__ import annotations

from pathlib import Path

import pytest
from nbgrader.preprocessors import Execute

from grading.batch import worker
from grading.batch.records import AssignmentBundle, CourseBundle
from grading.sandbox import bwrap, session
from grading.settings import Limits
from grading.verdict.repair import RepairStructure
from grading.verdict.secure_execute import SecureExecute


def test_the_chain_repairs_first_and_executes_in_the_sandbox(tmp_path):
    assignment = AssignmentBundle("demo", {}, {}, ["f"])
    bundle = CourseBundle({"demo": assignment}, b"", Limits(cell_timeout=7))
    c = worker.grading_config(tmp_path, bundle, assignment, "session-1", tmp_path / "findings.jsonl")
    assert c.Autograde.sanitize_preprocessors[0] is RepairStructure
    assert SecureExecute in c.Autograde.autograde_preprocessors and Execute not in c.Autograde.autograde_preprocessors
    assert c.SecureExecute.timeout == 7 and c.SecureExecute.exercise_names == ["f"]
    assert c.RepairStructure.release_dir == str(Path(tmp_path) / "release" / "demo")


@pytest.mark.skipif(bool(bwrap.availability()), reason="no sandbox on this machine")
def test_a_prestarted_sandbox_is_used_once_and_only_with_the_same_limits():
    limits = Limits(memory_mb=768)
    session.prestart(limits)
    assert session.prestarted(limits) and not session.prestarted(Limits(memory_mb=640))
    first = session.sandbox_for(limits)
    try:
        assert first.alive() and session._PRESTARTED == []
    finally:
        first.close()
    session.prestart(Limits(memory_mb=640))
    other = session.sandbox_for(limits)  # different limits: the prestarted one is closed, a new one started
    try:
        assert other.limits == limits and session._PRESTARTED == []
    finally:
        other.close()
    session.prestart(limits)
    session.discard_prestarted()
    assert session._PRESTARTED == []
