"""mutation/run.py: the score column of its table, and what it and check.py say when there is no run to read."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

_RUN_PY = Path(__file__).resolve().parent.parent / "mutation" / "run.py"
_SPEC = importlib.util.spec_from_file_location("mutation_run", _RUN_PY)
assert _SPEC is not None and _SPEC.loader is not None
run = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(run)


@pytest.mark.parametrize("accounted, total, text", [
    (4775, 4775, "100.0%"),
    (4774, 4775, "99.9%"),   # 99.979%: never rounded up to a full score
    (9, 10, "90.0%"),
    (57, 100, "57.0%"),
    (1, 3, "33.3%"),
    (0, 7, "0.0%"),
])
def test_the_score_is_rounded_down_to_a_tenth_of_a_percent(accounted, total, text):
    assert run.score_text(accounted, total) == text


@pytest.mark.parametrize("script, arguments", [
    ("run.py", ["--report"]),
    ("check.py", ["public_tests.compare.x__fmt__mutmut_4", "--", "tests/test_public_compare.py"]),
])
def test_reading_a_last_run_that_does_not_exist_says_so(tmp_path, script, arguments):
    env = {**os.environ, "REGLAB_MUTATION_WORK": str(tmp_path / "work")}
    done = subprocess.run([sys.executable, str(_RUN_PY.parent / script), *arguments], env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"no mutation run to read in {tmp_path / 'work'}: run `make mutation` first\n"
