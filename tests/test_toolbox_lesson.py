"""check-lesson for regularization_toolbox: the settings it reads, each problem it reports, the L1 part's check."""

from __future__ import annotations

import copy
import json
from types import SimpleNamespace

import numpy as np
import pytest

from grading.course.solutions import load_solutions
from grading.lesson import OTHER_LESSONS
from grading.lesson import regularization_toolbox as lesson

GOOD = {
    "baseline": {"train": 1.0, "dev": 0.78},
    "l2": {"train": 0.83, "dev": 0.90},
    "l1": {"train": 0.85, "dev": 0.84},
    "dropout": {"train": 0.88, "dev": 0.88},
    "non_inverted_dropout": {"train": 0.85, "dev": 0.89},
    "near_zero": {"threshold": 1e-3, "l1": 0.84, "l2": 0.14},
    "l1_part_matches_solution": True,
    "early_stopping": {"patience": 8, "index": 3, "iteration": 100, "last_iteration": 1200, "dev": 0.887,
                       "best_dev": 0.887},
    "search": {"trials": [], "best": {"lambd": 7.1, "keep_prob": 0.72, "dev": 0.905},
               "default": {"lambd": 0.7, "keep_prob": 0.86, "dev": 0.883}, "test_of_best": 0.92},
}


def _with(path, value):
    table = copy.deepcopy(GOOD)
    *parents, key = path
    node = table
    for parent in parents:
        node = node[parent]
    node[key] = value
    return table


def test_registered_under_the_assignments_name():
    assert OTHER_LESSONS["regularization_toolbox"] is lesson.check


def test_the_story_as_measured_holds():
    assert lesson.lesson_problems(GOOD) == []


@pytest.mark.parametrize(("path", "value", "words"), [
    (("baseline", "train"), 0.87, "does not overfit enough: train - dev = +0.090"),
    (("l2", "dev"), 0.79, "l2 does not raise the dev accuracy enough: +0.010"),
    (("l1", "dev"), 0.795, "l1 does not raise the dev accuracy enough"),
    (("dropout", "dev"), 0.77, "dropout does not raise the dev accuracy enough: -0.010"),
    (("near_zero", "l2"), 0.43, "L1 does not leave clearly more weights near zero than L2: 0.840 against 0.430"),
    (("l1_part_matches_solution",), False, "the L1 penalty part disagrees"),
    (("early_stopping", "iteration"), 1200, "early stopping does not stop early"),
    (("early_stopping", "best_dev"), 0.90, "early stopping picks a dev accuracy 0.013 below the run's best"),
    (("search", "default", "dev"), 0.905, "the random search does not beat the default setting"),
])
def test_each_broken_claim_is_reported(path, value, words):
    problems = lesson.lesson_problems(_with(path, value))
    assert len(problems) == 1 and words in problems[0], problems


def test_margins_are_the_issues_thresholds():
    margins = lesson.Margins()
    assert (margins.min_overfit_gap, margins.min_gain, margins.min_zero_ratio, margins.max_stop_shortfall) == \
        (0.10, 0.02, 2.0, 0.01)
    assert lesson.lesson_problems(_with(("baseline", "train"), 0.89)) == []  # 11 points hold


def test_settings_are_read_from_the_notebooks():
    settings = lesson.notebook_settings()
    assert set(settings) == set(lesson.SETTINGS)
    assert settings["LAMBD_RANGE"][0] < settings["LAMBD_RANGE"][1]
    assert 0 < settings["KEEP_PROB"] <= 1 and settings["PATIENCE"] >= 1


def test_a_setting_assigned_twice_with_different_values_is_refused(tmp_path, monkeypatch):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    for name, value in (("a.ipynb", "PATIENCE = 3"), ("b.ipynb", "PATIENCE = 4")):
        nbformat.write(new_notebook(cells=[new_code_cell(value)]), tmp_path / name)
    from grading.lesson import notebook_literals

    monkeypatch.setattr(notebook_literals, "source_notebooks", lambda assignment: sorted(tmp_path.glob("*.ipynb")))
    with pytest.raises(RuntimeError, match="assign PATIENCE twice"):
        lesson.notebook_settings()
    (tmp_path / "b.ipynb").unlink()
    with pytest.raises(RuntimeError, match="no longer assign L2_LAMBD"):
        lesson.notebook_settings()


def test_the_l1_part_is_checked_against_the_reference_solutions():
    sol = load_solutions("regularization_toolbox")
    assert lesson.l1_part_matches(sol)
    wrong = SimpleNamespace(
        compute_cost_with_l1=sol.compute_cost_with_l1,
        backward_propagation_with_l1=lambda X, Y, cache, lambd: {
            **sol.backward_propagation_with_l1(X, Y, cache, lambd),
            "dW1": sol.backward_propagation_with_l1(X, Y, cache, 2 * lambd)["dW1"]})
    assert not lesson.l1_part_matches(wrong)
    penalty = lesson.l1_penalty(3.0)
    assert penalty.cost([np.array([[1.0, -2.0]])], m=3) == pytest.approx(3.0 / 6 * 3)


def test_the_text_names_every_figure():
    text = lesson.format_table(GOOD)
    for words in ("baseline", "non_inverted_dropout", "|w| < 0.001: L1 0.840, L2 0.140",
                  "iteration 100 of 1200", "best lambd 7.1", "test accuracy of the best 0.9200"):
        assert words in text


@pytest.mark.slow
def test_the_whole_check_holds_and_is_json():
    table, problems, text = lesson.check()
    assert problems == [], text
    json.dumps(table)
    assert table["settings"]["train_size"] == 300 and table["settings"]["mislabelled"] == 45
