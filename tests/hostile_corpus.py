"""Submissions that try to break, stall or fool the grader, each with the score it must get.

Every case starts from the correct answers (the source notebooks' solutions)
and changes one thing, so the honest part of the submission is known exactly:
``score`` is what that honest part earns, and ``says`` is a phrase the student's
results must contain. Points: count 1, |W| 1, L2 cost 2, L2 backward 3,
dropout forward 3, dropout backward 3 (13 in all).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grading.solutions import all_solution_cells

NB1, NB2, NB3 = "1_baseline.ipynb", "2_l2_regularization.ipynb", "3_dropout.ipynb"


@dataclass
class Case:
    name: str
    score: float
    says: str
    answers: dict[str, str] = field(default_factory=dict)  # grade_id -> answer cell source
    edit: object = None  # callable(notebooks: dict[name, NotebookNode]) -> None
    raw: dict[str, str] = field(default_factory=dict)  # file name -> raw text replacing the notebook
    drop: tuple[str, ...] = ()  # notebooks left out
    extra: dict[str, str] = field(default_factory=dict)  # extra files: name -> text


WRONG_COUNT = "def count_parameters(layer_dims):\n    return 0\n"
WRONG_COST = "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n    return 0.5\n"


def _cell(nbs, notebook, grade_id):
    return next(c for c in nbs[notebook].cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _delete(notebook, grade_id):
    def edit(nbs):
        nbs[notebook].cells.remove(_cell(nbs, notebook, grade_id))
    return edit


def _duplicate(notebook, grade_id):
    def edit(nbs):
        cell = _cell(nbs, notebook, grade_id)
        nbs[notebook].cells.insert(nbs[notebook].cells.index(cell) + 1, copy.deepcopy(cell))
    return edit


def _rewrite_test(nbs):
    _cell(nbs, NB1, "count_parameters_tests").source = "pass  # nothing to see here"


def _points(nbs):
    _cell(nbs, NB1, "count_parameters_tests").metadata["nbgrader"]["points"] = 100


def _invent_test(nbs):
    bonus = nbformat.v4.new_code_cell("assert True")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "locked": True, "points": 50,
                                  "solution": False, "schema_version": 3}
    nbs[NB1].cells.append(bonus)


def _retype(nbs):
    cell = _cell(nbs, NB2, "compute_cost_with_regularization_tests")
    cell.cell_type = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


CASES = [
    Case("syntax-error", 12, "not defined", {"count_parameters": "def count_parameters(layer_dims)\n    return 1\n"}),
    Case("name-error", 11, "NameError", {"compute_cost_with_regularization":
         "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n    return undefined_thing\n"}),
    Case("exception-at-import", 12, "not defined",
         {"count_parameters": "import not_a_real_module\n\ndef count_parameters(layer_dims):\n    return 0\n"}),
    Case("infinite-loop", 12, "not defined", {"mean_abs_weights": "while True:\n    pass\n"}),
    Case("loop-inside-function", 12, "longer than", {"count_parameters":
         "def count_parameters(layer_dims):\n    while True:\n        pass\n"}),
    Case("memory-bomb", 10, "not defined", {"backward_propagation_with_dropout":
         "hoard = []\nwhile True:\n    hoard.append(bytearray(50_000_000))\n"}),
    Case("sys-exit", 12, "SystemExit", {"count_parameters":
         "import sys\n\ndef count_parameters(layer_dims):\n    sys.exit(3)\n"}),
    Case("os-exit", 8, "kernel died", {"compute_cost_with_regularization": "import os\nos._exit(0)\n"}),
    Case("kill-own-kernel", 7, "kernel died", {"forward_propagation_with_dropout":
         "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"}),
    Case("print-flood", 12, "not defined", {"mean_abs_weights": "print('x' * 100_000_000)\n" + "__MEAN_ABS__"}),
    Case("deleted-test-cell", 13, "was deleted", edit=_delete(NB1, "count_parameters_tests")),
    Case("deleted-answer-cell", 12, "was deleted", edit=_delete(NB1, "count_parameters")),
    Case("duplicated-test-cell", 13, "more than once", edit=_duplicate(NB2, "compute_cost_with_regularization_tests")),
    Case("edited-locked-test", 12, "was edited", {"count_parameters": WRONG_COUNT}, edit=_rewrite_test),
    Case("changed-points", 13, "metadata", edit=_points),
    Case("invented-test-cell", 13, "does not have", edit=_invent_test),
    Case("test-cell-turned-markdown", 13, "markdown", edit=_retype),
    Case("patched-allclose", 10, "expected (4, 2)", {"backward_propagation_with_regularization":
         "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n\n"
         "def backward_propagation_with_regularization(X, Y, cache, lambd):\n"
         "    return {k: np.zeros((1, 1)) for k in ('dW1', 'db1', 'dW2', 'db2', 'dW3', 'db3')}\n"}),
    Case("patched-np-testing", 10, "hidden case", {"forward_propagation_with_dropout":
         "np.testing.assert_allclose = lambda *a, **k: None\nnp.testing.assert_array_equal = lambda *a, **k: None\n\n"
         "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):\n"
         "    return forward_propagation(X, parameters)[0], tuple(np.ones((3, 8)) for _ in range(14))\n"}),
    Case("patched-assertion-and-builtins", 8, "could not be read back", {"compute_cost_with_regularization":
         "import builtins\nclass Quiet(Exception):\n    pass\nbuiltins.AssertionError = Quiet\n"
         "builtins.abs = lambda x: 0.0\nbuiltins.float = lambda x: 1.8047922996667218\n\n" + WRONG_COST}),
    Case("patched-public-tests", 12, "returned", {"count_parameters":
         "import public_tests, testCases\npublic_tests.count_parameters_test = lambda *a, **k: None\n"
         "testCases.__dict__.clear()\n\n" + WRONG_COUNT}),
    Case("always-equal-object", 12, "not plain data", {"count_parameters":
         "class AlwaysEqual(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n\n"
         "class Cheat:\n    def __eq__(self, other):\n        return True\n\n"
         "def count_parameters(layer_dims):\n    return Cheat()\n"}),
    Case("published-numbers", 8, "hidden case", {
        "compute_cost_with_regularization": "def compute_cost_with_regularization(A3, Y, parameters, lambd):\n"
                                            "    return 1.7864859451590758\n",
        "forward_propagation_with_dropout": "def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):\n"
        "    A3 = np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]])\n"
        "    return A3, tuple(np.zeros((1, 1)) for _ in range(14))\n"}),
    Case("reads-sources", 12, "PermissionError", {"count_parameters":
         "import json, pathlib, reg_utils\n"
         "_root = pathlib.Path(reg_utils.__file__).resolve().parents[1]\n"
         "def count_parameters(layer_dims):\n"
         "    json.loads((_root / 'notebooks' / 'regularization' / '1_baseline.ipynb').read_text())\n"
         "    return 0\n"}),
    Case("writes-gradebook", 13, "", {"mean_abs_weights":
         "import glob, sqlite3\nfor _path in glob.glob('/tmp/**/gradebook.db', recursive=True)[:20]:\n"
         "    try:\n        sqlite3.connect(_path).execute('update grade set auto_score = 99')\n"
         "    except Exception as _exc:\n        print('blocked:', type(_exc).__name__)\n"
         "for _up in ('../gradebook.db', '../../gradebook.db', '../../../gradebook.db', '../../../../gradebook.db'):\n"
         "    try:\n        _db = sqlite3.connect(_up)\n        _db.execute('update grade set auto_score = 99')\n"
         "        _db.commit()\n    except Exception as _exc:\n        print('blocked:', type(_exc).__name__)\n\n"
         "__MEAN_ABS__"}),
    Case("invalid-json", 7, "not a valid notebook", raw={NB3: '{"cells": [ this is not json'}),
    Case("missing-notebook", 8, "was not submitted", drop=(NB2,)),
    Case("extra-notebook", 13, "extra notebook", extra={"my_notes.ipynb": "{}"}),
]

#: A folder whose name is not a student id: skipped, with a reason.
BAD_FOLDER = "bad name!"


def build_corpus(release: Path, out: Path) -> dict[str, Case]:
    """Write every case under ``out/<case>/regularization/`` from the release in ``release``."""
    correct = all_solution_cells()
    for case in CASES:
        answers = {**correct}
        for grade_id, source in case.answers.items():
            answers[grade_id] = source.replace("__MEAN_ABS__", correct["mean_abs_weights"])
        nbs = {}
        for path in sorted(release.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if meta.get("solution") and meta.get("grade_id") in answers:
                    cell.source = answers[meta["grade_id"]].strip("\n")
            nbs[path.name] = nb
        if case.edit:
            case.edit(nbs)
        folder = out / case.name / "regularization"
        folder.mkdir(parents=True, exist_ok=True)
        for name, nb in nbs.items():
            if name in case.drop:
                continue
            if name in case.raw:
                (folder / name).write_text(case.raw[name])
            else:
                nbformat.write(nb, folder / name)
        for name, text in case.extra.items():
            (folder / name).write_text(text)
    bad = out / BAD_FOLDER / "regularization"
    bad.mkdir(parents=True, exist_ok=True)
    return {case.name: case for case in CASES}
