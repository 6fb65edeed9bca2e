import json
import subprocess
import sys

import numpy as np
import pytest
import scipy.io

from grading.datasets.goalkeeper import generate
from grading.paths import REPO_ROOT
from reg_utils import bundled_dataset_path


def test_regenerated_dataset_equals_the_committed_file():
    committed = scipy.io.loadmat(str(bundled_dataset_path()))
    fresh = generate()
    for key in ("X", "y", "Xval", "yval", "Xdev", "ydev"):
        assert np.array_equal(committed[key], fresh[key]), key


def test_layout_and_ranges():
    data = generate()
    assert data["X"].shape == (211, 2) and data["y"].shape == (211, 1)
    assert data["Xval"].shape == (200, 2) and data["yval"].shape == (200, 1)
    assert data["Xdev"].shape == (200, 2) and data["ydev"].shape == (200, 1)
    assert data["y"].dtype == np.uint8
    both = np.concatenate([data["X"], data["Xval"], data["Xdev"]])
    assert -0.85 < both[:, 0].min() and both[:, 0].max() < 0.5
    assert -0.85 < both[:, 1].min() and both[:, 1].max() < 0.75


@pytest.mark.slow  # trains the reference models in a subprocess
def test_check_lesson_shows_the_lesson_with_the_issue_margins(venv_env):
    done = subprocess.run([sys.executable, "-m", "grading", "check-lesson", "--json", "--min-gap", "0.03",
                           "--min-gain", "0.02"], cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    table = json.loads(done.stdout)
    assert {"baseline", "l2", "dropout", "sweep"} <= set(table)
    assert table["baseline"]["train"] - table["baseline"]["test"] >= 0.03
    for name in ("l2", "dropout"):
        assert table[name]["test"] - table["baseline"]["test"] >= 0.02
        assert table[name]["train"] >= table[name]["test"] - 0.01
    sweep = table["sweep"]
    assert [set(row) for row in sweep] == [{"lambd", "train", "dev"}] * len(sweep)
    assert sweep[0]["lambd"] == 0 and sweep[0]["train"] - sweep[0]["dev"] >= 0.03
    best = max(sweep, key=lambda row: (row["dev"], -row["lambd"]))
    assert best is not sweep[0] and best is not sweep[-1] and best["lambd"] == table["lambd"]
    assert sweep[-1]["train"] < best["train"] and sweep[-1]["dev"] < best["dev"]


def test_sweep_problems_name_each_broken_property():
    from grading.lesson.regularization import sweep_problems

    good = [{"lambd": 0.0, "train": 0.95, "dev": 0.85}, {"lambd": 1.0, "train": 0.9, "dev": 0.9},
            {"lambd": 30.0, "train": 0.6, "dev": 0.6}]
    assert sweep_problems(good) == []
    flat = [dict(row, dev=row["train"]) for row in good]
    assert any("no overfitting" in p for p in sweep_problems(flat))
    best_at_end = [good[0], good[1], dict(good[2], dev=0.95)]
    assert any("an end of the sweep" in p for p in sweep_problems(best_at_end))
    no_underfit = [good[0], good[1], dict(good[2], train=0.91, dev=0.89)]
    assert any("no underfitting" in p for p in sweep_problems(no_underfit))


@pytest.mark.slow  # trains the reference models in a subprocess
def test_check_lesson_fails_on_a_data_set_without_the_lesson(tmp_path, venv_env):
    rng = np.random.default_rng(0)
    X = rng.uniform(-0.5, 0.5, size=(60, 2))
    y = (X[:, :1] > 0).astype(np.uint8)
    scipy.io.savemat(str(tmp_path / "easy.mat"), {"X": X, "y": y, "Xval": X, "yval": y})
    done = subprocess.run([sys.executable, "-m", "grading", "check-lesson", "--dataset", str(tmp_path / "easy.mat"),
                           "--assignment", "regularization"],
                          cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "does NOT hold" in done.stdout
    assert "initialization" not in done.stdout and "regularization_toolbox" not in done.stdout  # only the one asked
    assert "no dev set" in done.stdout and "sweep was not checked" in done.stdout
