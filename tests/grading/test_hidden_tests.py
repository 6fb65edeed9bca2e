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

    def caller(request):
        name, args, kwargs = request.name, request.args, request.kwargs
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


def _object_caller(log):
    """A kernel holding one Dropout-like object (handle 1) whose method doubles its input."""
    from grading.verdict.kernel_call import REMOTE_CALLABLE, RemoteObject

    def caller(request):
        log.append((request.name, request.target, request.op, request.label))
        if request.target is None:
            return RemoteObject(1, "Layer")
        if request.op == "getattr":
            return REMOTE_CALLABLE if request.name == "forward" else np.arange(3)
        return np.asarray(request.args[0]) * 2

    return caller


def test_a_graded_class_gives_an_object_whose_methods_and_data_are_read_in_the_kernel():
    log = []
    source = ("layer = Layer(0.5)\nassert repr(layer) == \"<student's Layer object>\"\n"
              "assert np.array_equal(layer.forward(np.ones(2)), [2, 2])\nassert list(layer.mask) == [0, 1, 2]\n")
    run = run_hidden_tests(_cell(source), _object_caller(log), ["Layer"], lambda: "")
    assert run.passed, run.outputs
    assert log == [("Layer", None, "call", "Layer"), ("forward", 1, "getattr", "Layer.forward"),
                   ("forward", 1, "call", "Layer.forward"), ("mask", 1, "getattr", "Layer.mask")]


def test_a_hidden_test_cannot_reach_private_attributes_or_change_the_object():
    log = []
    run = run_hidden_tests(_cell("layer = Layer(0.5)\nlayer._secret"), _object_caller(log), ["Layer"], lambda: "")
    assert not run.passed and run.outputs[0].ename == "AttributeError" and len(log) == 1
    run = run_hidden_tests(_cell("layer = Layer(0.5)\nlayer.mask = 3"), _object_caller(log), ["Layer"], lambda: "")
    assert not run.passed and "does not change" in run.outputs[0].evalue
