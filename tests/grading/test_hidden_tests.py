"""Hidden tests run in the grader with genuine libraries; exercises are proxies into the kernel."""

from __future__ import annotations

import nbformat
import numpy as np

from grading.verdict.hidden_tests import MAX_MESSAGE_CHARS, KernelFunction, is_hidden_test_cell, run_hidden_tests
from grading.verdict.kernel_call import StudentCodeError


def _cell(source):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "f_tests", "points": 1}
    return cell


def _caller(results):
    calls = []

    def caller(name, args, kwargs):
        calls.append((name, args, kwargs))
        value = results[name]
        if isinstance(value, Exception):
            raise value
        return value

    return caller, calls


def test_passing_test_produces_no_error_and_hides_what_the_instructor_printed():
    caller, calls = _caller({"f": 87})
    run = run_hidden_tests(_cell("print('expected', 87)\nassert f([4, 7]) == 87"), caller, ["f"], lambda: "")
    assert run.passed and run.outputs == [] and calls == [("f", ([4, 7],), {})]


def test_failure_message_is_bounded_and_student_prints_are_kept():
    caller, _ = _caller({"f": 0})
    source = f"assert f(1) == 87, 'x' * {MAX_MESSAGE_CHARS * 3}"
    run = run_hidden_tests(_cell(source), caller, ["f"], lambda: "student printed\n")
    assert not run.passed
    assert run.outputs[0].text == "student printed\n"
    assert run.outputs[1].ename == "AssertionError" and len(run.outputs[1].evalue) <= MAX_MESSAGE_CHARS + 4


def test_student_errors_keep_their_own_name():
    caller, _ = _caller({"f": StudentCodeError("NameError", "name 'f' is not defined")})
    run = run_hidden_tests(_cell("f(1)"), caller, ["f"], lambda: "")
    assert run.outputs[0].ename == "NameError"


def test_names_outside_the_exercises_are_looked_up_in_the_kernel_but_builtins_stay_genuine():
    caller, calls = _caller({"g": 3})
    run = run_hidden_tests(_cell("assert abs(-2) == 2 and len([1]) == 1\nassert g() == 3"), caller, ["f"],
                           lambda: "")
    assert run.passed and calls == [("g", (), {})]


def test_the_global_random_state_is_left_as_it_was():
    np.random.seed(1)
    before = np.random.get_state()[2]
    caller, _ = _caller({})
    run_hidden_tests(_cell("np.random.seed(5)\nnp.random.rand(10)"), caller, [], lambda: "")
    assert np.random.get_state()[2] == before


def test_hidden_cells_are_recognised_by_metadata_only():
    assert is_hidden_test_cell(_cell("x"))
    answer = _cell("x")
    answer.metadata["nbgrader"]["solution"] = True
    odd = nbformat.v4.new_code_cell("x")
    odd.metadata["nbgrader"] = "grade"
    assert not is_hidden_test_cell(answer) and not is_hidden_test_cell(odd)
    assert repr(KernelFunction(lambda *a: None, "f")) == "<student's f>"
