"""The regularization_toolbox sample students: their answers, their totals, and the notebooks' solutions.

The answers are checked against the public tests here (each mistaken answer is
rejected with the hint of its mistake); the totals are checked against the
points of the source notebooks' hidden-test cells and, by running the hidden
tests the way the grader does, against the cells each student passes.
"""

from __future__ import annotations

import nbformat
import numpy as np
import pytest

import public_tests
from grading.samples import regularization_toolbox as samples
from grading.samples.build import students_of

from .mistakes import assert_only_hint, failure

BY_NAME = {student.name: student for student in samples.STUDENTS}

#: student -> graded name -> the hint the public test gives that answer.
EXPECTED_HINTS = {
    "cleo": {"compute_cost_with_l1": "missing 1/m",
             "backward_propagation_with_l1": "the weights instead of their signs"},
    "dan": {"Dropout": "dropping with probability keep_prob", "NonInvertedDropout": "not scaling at test time"},
    "eve": {"early_stopping_index": "returned the stopping index",
            "sample_log_uniform": "uniform in lambd, not in its logarithm"},
    "fay": {"compute_cost_with_l1": "penalising the biases", "Dropout": "scaling at test time",
            "sample_log_uniform": "mixed bases"},
}


def _compiled(name: str, source: str):
    namespace: dict = {}
    exec("import numpy as np\nfrom reg_utils import *\n", namespace)
    exec(compile(source, f"<sample {name}>", "exec"), namespace)
    return namespace[name]


def test_the_students_and_their_stories():
    assert [s.name for s in samples.STUDENTS] == ["ada", "ben", "cleo", "dan", "eve", "fay"]
    assert BY_NAME["ben"].blank and not BY_NAME["ada"].answers
    assert all(s.story for s in samples.STUDENTS)
    assert [s.name for s in students_of(samples.ASSIGNMENT)] == [s.name for s in samples.STUDENTS]


@pytest.mark.parametrize("student, name", [(s, n) for s, hints in EXPECTED_HINTS.items() for n in hints])
def test_each_mistaken_answer_gets_the_hint_of_its_mistake(student, name):
    answers = BY_NAME[student].answers
    assert set(answers) == set(EXPECTED_HINTS[student])
    target = _compiled(name, answers[name])
    assert_only_hint(failure(getattr(public_tests, f"{name}_test"), target), EXPECTED_HINTS[student][name])


def _notebook(tmp_path, cells: list[tuple[str, float]]):
    nb = nbformat.v4.new_notebook()
    for grade_id, points in cells:
        cell = nbformat.v4.new_code_cell("pass")
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": grade_id,
                                     "points": points, "schema_version": 3}
        nb.cells.append(cell)
    answer = nbformat.v4.new_code_cell("def Dropout(): pass")
    answer.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "grade_id": "Dropout",
                                   "schema_version": 3}
    nb.cells.append(answer)
    path = tmp_path / "1_l1.ipynb"
    nbformat.write(nb, path)
    return path


def test_points_are_read_from_the_hidden_test_cells(tmp_path, monkeypatch):
    path = _notebook(tmp_path, [("compute_cost_with_l1_tests", 2), ("Dropout_tests", 3),
                                ("NonInvertedDropout_tests", 2), ("NonInvertedDropout_tests_properties", 1),
                                ("sample_log_uniform_tests", 1.5), ("something_else", 4)])
    monkeypatch.setattr(samples, "source_notebooks", lambda assignment: [path])
    assert samples.points_by_function() == {"compute_cost_with_l1": 2.0, "backward_propagation_with_l1": 0.0,
                                            "Dropout": 3.0, "NonInvertedDropout": 3.0, "early_stopping_index": 0.0,
                                            "sample_log_uniform": 1.5}
    assert samples.total_without() == 9.5
    assert samples.total_without("Dropout", "sample_log_uniform") == 5.0
    with pytest.raises(ValueError, match=r"not graded names of regularization_toolbox: \['dropout'\]"):
        samples.total_without("dropout")


def test_the_notebooks_grade_exactly_the_graded_names():
    from grading.course.solutions import all_solution_cells

    assert set(all_solution_cells(samples.ASSIGNMENT)) == set(samples.GRADED)
    points = samples.points_by_function()
    assert all(points[name] > 0 for name in samples.GRADED), points


@pytest.mark.parametrize("name", samples.GRADED)
def test_the_notebooks_solutions_pass_the_public_tests(name, capsys):
    from grading.course.solutions import load_solutions

    getattr(public_tests, f"{name}_test")(getattr(load_solutions(samples.ASSIGNMENT), name))
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


@pytest.mark.parametrize("student", samples.STUDENTS, ids=lambda s: s.name)
def test_hidden_tests_give_each_sample_student_its_total(student):
    from . import hidden_harness

    verdicts = hidden_harness.grade(samples.ASSIGNMENT, student.answers, blank=student.blank)
    assert hidden_harness.total(verdicts) == student.total, {k: v.message for k, v in verdicts.items()}
    wrong = set(student.answers) if not student.blank else set(samples.GRADED)
    for grade_id, verdict in verdicts.items():
        owner = max((n for n in samples.GRADED if grade_id.startswith(n)), key=len)
        assert (verdict.score == 0) == (owner in wrong), (grade_id, verdict)


def _public_inputs(name):
    """Wire encodings of every argument list the public test hands to ``name`` (a method's, for a class)."""
    from grading.course.solutions import load_solutions
    from grading.sandbox.guest import wire

    seen = set()
    real = getattr(load_solutions(samples.ASSIGNMENT), name)
    if isinstance(real, type):
        class Recorder(real):
            def forward(self, x, *args, **kwargs):
                seen.add(wire.dumps(x))
                return super().forward(x, *args, **kwargs)
        target = Recorder
    else:
        def target(*args, **kwargs):
            seen.add(wire.dumps([[a for a in args if not isinstance(a, np.random.Generator)], kwargs]))
            return real(*args, **kwargs)
    getattr(public_tests, f"{name}_test")(target)
    return seen


def _hard_coded(name, seen):
    """An answer that is right on exactly the public test's inputs and wrong on every other."""
    from grading.course.solutions import all_solution_cells

    real = "import numpy as np\nfrom reg_utils import *\n" + all_solution_cells(samples.ASSIGNMENT)[name]
    if name in ("Dropout", "NonInvertedDropout"):
        return (real.replace(f"class {name}", f"class _Real{name}", 1)
                + f"\nfrom grading.sandbox.guest import wire as _wire\n_SEEN = {seen!r}\n"
                + f"class {name}(_Real{name}):\n    def forward(self, x, train=True):\n"
                + "        if _wire.dumps(x) in _SEEN:\n            return super().forward(x, train)\n"
                + "        return x * 0.0\n")
    wrong = {"early_stopping_index": "0", "sample_log_uniform": "np.ones(args[2])"}.get(name, "0.0")
    if name == "backward_propagation_with_l1":
        wrong = "{}"
    return (real.replace(f"def {name}(", f"def _real_{name}(", 1)
            + f"\nimport numpy as np\nfrom grading.sandbox.guest import wire as _wire\n_SEEN = {seen!r}\n"
            + f"def {name}(*args, **kwargs):\n"
            + "    if _wire.dumps([[a for a in args if not isinstance(a, np.random.Generator)], kwargs]) in _SEEN:\n"
            + f"        return _real_{name}(*args, **kwargs)\n    return {wrong}\n")


@pytest.mark.parametrize("name", samples.GRADED)
def test_an_answer_hard_coded_to_the_public_cases_passes_them_and_earns_nothing(name, capsys):
    from . import hidden_harness

    seen = _public_inputs(name)
    capsys.readouterr()
    source = _hard_coded(name, seen)
    scope: dict = {}
    exec(compile(source, "<hard-coded>", "exec"), scope)  # noqa: S102 - the test's own answer
    getattr(public_tests, f"{name}_test")(scope[name])
    assert capsys.readouterr().out.strip().endswith("All tests passed.")  # the public test is fooled ...
    verdicts = hidden_harness.grade(samples.ASSIGNMENT, {name: source})
    owned = {g: v for g, v in verdicts.items() if max((n for n in samples.GRADED if g.startswith(n)), key=len) == name}
    assert owned and all(v.score == 0 for v in owned.values()), owned  # ... the hidden tests are not
