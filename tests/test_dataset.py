import json
import subprocess
import sys

import numpy as np
import scipy.io

from grading.datasets.goalkeeper import generate
from grading.paths import REPO_ROOT
from reg_utils import bundled_dataset_path


def test_regenerated_dataset_equals_the_committed_file():
    committed = scipy.io.loadmat(str(bundled_dataset_path()))
    fresh = generate()
    for key in ("X", "y", "Xval", "yval"):
        assert np.array_equal(committed[key], fresh[key]), key


def test_layout_and_ranges():
    data = generate()
    assert data["X"].shape == (211, 2) and data["y"].shape == (211, 1)
    assert data["Xval"].shape == (200, 2) and data["yval"].shape == (200, 1)
    assert data["y"].dtype == np.uint8
    both = np.concatenate([data["X"], data["Xval"]])
    assert -0.85 < both[:, 0].min() and both[:, 0].max() < 0.5
    assert -0.85 < both[:, 1].min() and both[:, 1].max() < 0.75


def test_check_lesson_shows_the_lesson_with_the_issue_margins(venv_env):
    done = subprocess.run([sys.executable, "-m", "grading", "check-lesson", "--json", "--min-gap", "0.03",
                           "--min-gain", "0.02"], cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    table = json.loads(done.stdout)
    assert set(table) == {"baseline", "l2", "dropout"}
    assert table["baseline"]["train"] - table["baseline"]["test"] >= 0.03
    assert table["l2"]["test"] - table["baseline"]["test"] >= 0.02
    assert table["dropout"]["test"] - table["baseline"]["test"] >= 0.02


def test_check_lesson_fails_on_a_data_set_without_the_lesson(tmp_path, venv_env):
    rng = np.random.default_rng(0)
    X = rng.uniform(-0.5, 0.5, size=(60, 2))
    y = (X[:, :1] > 0).astype(np.uint8)
    scipy.io.savemat(str(tmp_path / "easy.mat"), {"X": X, "y": y, "Xval": X, "yval": y})
    done = subprocess.run([sys.executable, "-m", "grading", "check-lesson", "--dataset", str(tmp_path / "easy.mat")],
                          cwd=REPO_ROOT, env=venv_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "does NOT hold" in done.stdout
