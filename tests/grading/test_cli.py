"""The command line serves every assignment, refuses unknown ones, and never imports from the current folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from grading import cli
from grading.paths import REPO_ROOT, assignments


def test_every_command_takes_assignments_and_defaults_to_all():
    parser = cli.build_parser()
    for command in (["release"], ["autograde", "subs"], ["demo"]):
        args = parser.parse_args([*command, "--assignment", "regularization", "--assignment", "regularization"])
        assert cli._selected(args) == ["regularization", "regularization"]
        assert cli._selected(parser.parse_args(command)) == assignments()


def test_check_lesson_takes_assignments_too(capsys):
    from grading import lesson

    args = cli.build_parser().parse_args(["check-lesson", "--assignment", "initialization"])
    assert lesson._selected(args) == ["initialization"]
    assert lesson._selected(cli.build_parser().parse_args(["check-lesson"])) == [
        "regularization", "initialization", "gradient_checking", "regularization_toolbox"]
    assert cli.main(["check-lesson", "--assignment", "nope"]) == 2
    assert "unknown assignment 'nope'" in capsys.readouterr().err


def test_an_unknown_assignment_is_a_clear_error(capsys):
    assert cli.main(["release", "--assignment", "nope", "--out", "/nonexistent"]) == 2
    assert "unknown assignment 'nope'" in capsys.readouterr().err


def test_autograde_refuses_a_missing_folder(capsys, tmp_path):
    assert cli.main(["autograde", str(tmp_path / "missing"), "--out", str(tmp_path / "out")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_current_folder_is_dropped_from_the_import_path(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", ["", str(tmp_path), *sys.path])
    cli._protect_imports()
    assert "" not in sys.path and str(tmp_path) not in sys.path


@pytest.mark.slow
def test_the_readme_command_works_from_a_folder_holding_a_grading_folder(tmp_path):
    (tmp_path / "grading" / "course").mkdir(parents=True)
    (tmp_path / "subs").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"  # the venv not activated: no alembic on PATH
    for argv in ([sys.executable, "-m", "grading"], [str(REPO_ROOT / ".venv" / "bin" / "reglab")]):
        if not os.path.exists(argv[0]):
            continue
        done = subprocess.run([*argv, "autograde", "subs", "--out", "grading"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        assert (tmp_path / "grading" / "gradebook.db").is_file() and (tmp_path / "grading" / "grades.csv").is_file()


def test_no_sandbox_means_nothing_is_graded_and_the_reason_is_told(capsys, tmp_path, monkeypatch):
    from grading.batch import orchestrator

    monkeypatch.setattr(orchestrator, "availability", lambda: "bubblewrap (bwrap) is not installed")
    (tmp_path / "subs").mkdir()
    assert cli.main(["autograde", str(tmp_path / "subs"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "never run unconfined" in err and "bwrap" in err
    assert not (tmp_path / "out" / "gradebook.db").exists()
