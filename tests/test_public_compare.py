"""The comparison engine of the public tests (public_tests/compare.py), fed good and bad values.

Every expected message here is written out by hand: what a student reads.
"""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest

from public_tests import compare as c
from public_tests.compare import CheckFailed, Mistake, StudentCodeError


def _raises(fn, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        fn(*args, **kwargs)
    assert type(info.value) is CheckFailed
    return str(info.value)


# ------------------------------------------------------------------ CheckFailed and its rendering
def test_check_failed_is_an_assertion_error_rendered_as_its_message_alone():
    error = CheckFailed("f: wrong\n  expected: 1")
    assert isinstance(error, AssertionError)
    assert error._render_traceback_() == ["\x1b[31mPublic test failed.\x1b[0m", "f: wrong", "  expected: 1"]
    assert issubclass(StudentCodeError, CheckFailed)


def test_passed_prints_the_line(capsys):
    c.passed()
    assert capsys.readouterr().out == "All tests passed.\n"


# ------------------------------------------------------------------ formatting
def test_values_are_printed_for_a_student():
    assert c._fmt(np.array([1.0, 2.5])) == "[1.  2.5]"
    assert c._fmt(np.array([0.123456789123])) == "[0.12345679]"
    assert c._fmt(np.array([1e-9, 1.0])) == "[1.e-09 1.e+00]"  # small entries are not hidden as 0
    assert c._fmt(np.float64(0.5)) == "0.5 (numpy float64)"
    assert c._fmt(np.array(0.25, dtype=np.float32)) == "0.25 (numpy float32)"
    assert c._fmt(3) == "3" and c._fmt("x") == "'x'" and c._fmt(None) == "None"
    assert c._fmt("a" * 198) == repr("a" * 198)  # 200 characters: printed whole
    assert c._fmt("a" * 199) == "'" + "a" * 196 + "..."  # 201: cut to 200
    long = c._fmt("a" * 300)
    assert len(long) == 200 and long.endswith("...") and long.startswith("'aaa")


def test_arrays_up_to_30_entries_are_printed_in_full_longer_ones_summarised():
    assert "..." not in c._fmt(np.arange(30.0)) and "29." in c._fmt(np.arange(30.0))
    text = c._fmt(np.arange(31.0))
    assert text == "[ 0.  1.  2. ... 28. 29. 30.]"


def test_blocks_put_short_values_on_the_label_line_and_long_ones_below():
    assert c._block("expected:", 1.5) == "  expected: 1.5"
    assert c._block("got:", 2) == "  got:      2"
    assert c._block("got:", np.eye(2)) == "  got:\n      [[1. 0.]\n       [0. 1.]]"


def test_describe_names_type_shape_and_dtype():
    assert c.describe(np.zeros((2, 1), dtype=np.int8)) == "numpy array, shape (2, 1), dtype int8"
    assert c.describe([1]) == "list" and c.describe(None) == "NoneType"


def test_hint_line_format():
    assert c.hint_line("x", "do y.") == "  Hint (x): do y."


# ------------------------------------------------------------------ close_to and diagnose
def test_close_to_compares_shape_and_values_within_the_tolerance():
    near = c.close_to([[1.0, 2.0]], atol=0.1)
    assert near(np.array([[1.05, 1.95]])) and near([[1.09, 2.0]])
    assert not near(np.array([[1.0, 2.2]]))
    assert not near(np.array([1.0, 2.0]))  # same values, other shape
    assert not near("text") and not near({"a": 1}) and not near(None)
    assert c.close_to(2.0)(2.0 + 1e-8) and not c.close_to(2.0)(2.0 + 1e-6)
    assert c.close_to(0.0, atol=1e-3)(-1e-3)


def test_diagnose_returns_the_first_match_and_skips_a_predicate_that_raises():
    def boom(got):
        raise ValueError("no")

    first, second = Mistake("a", "ha", lambda g: g > 1), Mistake("b", "hb", lambda g: g > 0)
    assert c.diagnose(2, [Mistake("x", "hx", boom), first, second]) is first
    assert c.diagnose(0.5, [first, second]) is second
    assert c.diagnose(-1, [first, second]) is None
    assert c.diagnose(1, []) is None


# ------------------------------------------------------------------ fail
def test_fail_writes_where_problem_values_details_then_hint():
    message = _raises(c.fail, "f(x)", "wrong", got=2, expected=1, details="  more",
                      mistakes=[Mistake("no", "h0", lambda g: False), Mistake("yes", "h1", lambda g: g == 2)])
    assert message == "f(x): wrong\n  expected: 1\n  got:      2\n  more\n  Hint (yes): h1"


def test_fail_prints_got_when_only_expected_is_given_and_nothing_without_values():
    assert _raises(c.fail, "f", "p", expected=0) == "f: p\n  expected: 0\n  got:      None"
    assert _raises(c.fail, "f", "p", got=5) == "f: p\n  got:      5"
    assert _raises(c.fail, "f", "p") == "f: p"
    assert _raises(c.fail, "f", "p", got=0.0) == "f: p\n  got:      0.0"


# ------------------------------------------------------------------ call
def _stub(*args):
    raise NotImplementedError()


def test_call_returns_the_result_and_passes_arguments():
    assert c.call("f", lambda a, b=0: a - b, 5, b=2) == 3


def test_call_reports_a_stub_as_not_answered():
    with pytest.raises(StudentCodeError) as info:
        c.call("f(x)", _stub, 1)
    assert str(info.value) == ("f(x): not answered yet (it raised NotImplementedError)\n"
                               "  Replace `raise NotImplementedError()` with your code, run that cell, then this one.")
    assert isinstance(info.value.__cause__, NotImplementedError)


def test_call_reports_the_first_line_of_an_exception_and_the_student_line():
    def student(x):
        x = x + 1
        raise ValueError("bad shapes\nsecond line")

    with pytest.raises(StudentCodeError) as info:
        c.call("f", student, 1)
    lines = str(info.value).splitlines()
    assert lines[0] == "f: your function raised ValueError: bad shapes"
    assert lines[1] == f"  in student, line {student.__code__.co_firstlineno + 2} of its cell: " \
                       'raise ValueError("bad shapes\\nsecond line")'
    assert len(lines) == 2 and isinstance(info.value.__cause__, ValueError)


def test_call_keeps_the_end_of_an_exception_text():
    with pytest.raises(StudentCodeError) as info:
        c.call("f", lambda: (_ for _ in ()).throw(ValueError("axis X")))
    assert str(info.value).splitlines()[0] == "f: your function raised ValueError: axis X"


def test_call_has_no_student_line_for_code_without_source():
    namespace: dict = {}
    exec(compile("def student():\n    return 1 / 0\n", "<no source>", "exec"), namespace)
    with pytest.raises(StudentCodeError) as info:
        c.call("f", namespace["student"])
    assert str(info.value) == "f: your function raised ZeroDivisionError: division by zero"


def test_call_reports_an_exception_without_a_message():
    def student():
        return {}["k"] if False else 1 / 0

    with pytest.raises(StudentCodeError) as info:
        c.call("g", lambda: (_ for _ in ()).throw(KeyError()))
    assert str(info.value).splitlines()[0] == "g: your function raised KeyError"
    with pytest.raises(StudentCodeError) as info:
        c.call("g", student)
    assert str(info.value).splitlines()[0] == "g: your function raised ZeroDivisionError: division by zero"


def test_call_skips_frames_of_the_course_packages_and_numpy():
    def student(a):
        return np.dot(a, np.ones((3, 3)))

    with pytest.raises(StudentCodeError) as info:
        c.call("h", student, np.ones((2, 2)))
    lines = str(info.value).splitlines()
    assert lines[0].startswith("h: your function raised ValueError: shapes (2,2) and (3,3) not aligned")
    assert lines[1].endswith("of its cell: return np.dot(a, np.ones((3, 3)))")
    # a failure raised inside the course packages themselves has no student line (under mutation
    # testing, mutmut's trampolines add frames of their own: only the first line is checked then)
    with pytest.raises(StudentCodeError) as info:
        c.call("k", c.check_keys, "w", None, ["a"])
    lines = str(info.value).splitlines()
    assert lines[0] == "k: your function raised CheckFailed: w: expected a dictionary, got a NoneType"
    assert len(lines) == 1 or "mutmut" in sys.modules


# ------------------------------------------------------------------ check_scalar
@pytest.mark.parametrize("got", [1.0, 1, np.float64(1.0), np.float32(1.0), np.int64(1), np.array(1.0),
                                 1.0 + 0.9e-7, 1.0 - 0.9e-7])
def test_check_scalar_accepts_numbers_within_the_tolerance(got):
    c.check_scalar("s", got, 1.0)


def test_check_scalar_messages():
    assert _raises(c.check_scalar, "s", np.array([1.0]), 1.0) == (
        "s: expected a single number, got a numpy array, shape (1,), dtype float64; np.sum over the whole array "
        "(or float(...)) gives a scalar\n  expected: 1.0\n  got:      [1.]")
    assert _raises(c.check_scalar, "s", True, 1.0).splitlines()[0] == "s: expected a number, got a bool"
    assert _raises(c.check_scalar, "s", "1", 1.0).splitlines()[0] == "s: expected a number, got a str"
    assert _raises(c.check_scalar, "s", [1.0], 1.0).splitlines()[0] == "s: expected a number, got a list"
    assert _raises(c.check_scalar, "s", math.inf, 1.0).splitlines()[0] == (
        "s: the value is not finite (nan or inf): look for log(0) or a division by zero")
    assert _raises(c.check_scalar, "s", np.float64("nan"), 1.0).splitlines()[0].startswith("s: the value is not finite")
    assert _raises(c.check_scalar, "s", 1.5, 1.0, atol=0.1) == (
        "s: wrong value (off by 0.5)\n  expected: 1.0\n  got:      1.5")
    assert _raises(c.check_scalar, "s", 1.0 + 2e-7, 1.0).splitlines()[0] == "s: wrong value (off by 2e-07)"


def test_check_scalar_messages_show_both_values_and_the_tolerance_is_inclusive():
    assert _raises(c.check_scalar, "s", "1", 2.0) == "s: expected a number, got a str\n  expected: 2.0\n  got:      '1'"
    assert _raises(c.check_scalar, "s", math.inf, 2.0) == (
        "s: the value is not finite (nan or inf): look for log(0) or a division by zero\n  expected: 2.0\n"
        "  got:      inf")
    c.check_scalar("s", 1.5, 1.0, atol=0.5)
    c.check_scalar("s", 0.5, 1.0, atol=0.5)


def test_check_scalar_hints_only_for_the_value_and_shape_problems():
    always = [Mistake("m", "h", lambda g: True)]
    assert "Hint (m)" in _raises(c.check_scalar, "s", 2.0, 1.0, mistakes=always)
    assert "Hint (m)" in _raises(c.check_scalar, "s", np.zeros(2), 1.0, mistakes=always)
    assert "Hint" not in _raises(c.check_scalar, "s", "2", 1.0, mistakes=always)
    assert "Hint" not in _raises(c.check_scalar, "s", math.nan, 1.0, mistakes=always)


# ------------------------------------------------------------------ check_array
def test_check_array_accepts_equal_arrays_within_the_tolerance_of_any_real_dtype():
    c.check_array("a", np.array([[1.0, 2.0]]), np.array([[1.0, 2.0 + 1e-7]]))
    c.check_array("a", np.array([1, 2], dtype=np.int32), np.array([1.0, 2.0]))
    c.check_array("a", np.array([1, 2], dtype=np.uint8), np.array([1.0, 2.0]))
    c.check_array("a", np.array([1.0, 2.5]), [1.0, 2.0], atol=0.5)


def test_check_array_wants_an_array_of_the_shape():
    assert _raises(c.check_array, "a", [1.0, 2.0], np.zeros((1, 2))) == (
        "a: expected a numpy array of shape (1, 2), got a list\n  expected: [[0. 0.]]\n  got:      [1.0, 2.0]")
    assert _raises(c.check_array, "a", np.zeros(2), np.zeros((2, 1))).splitlines()[0] == (
        "a: wrong shape: expected (2, 1), got (2,) (a 1-D array: keep the (n, 1) column shape, e.g. keepdims=True)")
    assert _raises(c.check_array, "a", np.zeros((1, 2)), np.zeros((2, 1))).splitlines()[0] == (
        "a: wrong shape: expected (2, 1), got (1, 2)")


def test_check_array_names_the_first_difference_and_the_largest_error():
    expected = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    got = expected.copy()
    got[1, 0], got[1, 2] = 4.5, 3.0
    message = _raises(c.check_array, "grad", got, expected)
    lines = message.splitlines()
    assert lines[0] == "grad: wrong values (2 of 6 entries)"
    assert lines[-1] == ("  first difference at index [1, 0]: expected 4.00000000, got 4.50000000; "
                         "largest absolute error 3")
    assert lines[1] == "  expected:" and lines[4] == "  got:"


def test_check_array_names_nan_and_non_real_dtypes():
    always = [Mistake("m", "h", lambda g: True)]
    assert _raises(c.check_array, "a", np.array([1.0, np.nan, np.inf]), np.zeros(3), mistakes=always) == (
        "a: contains nan or inf (first at index [1])\n  expected: [0. 0. 0.]\n  got:      [ 1. nan inf]\n"
        "  Hint (m): h")
    assert _raises(c.check_array, "a", np.array([1 + 0j]), np.zeros(1)).splitlines()[0] == (
        "a: expected real numbers, got dtype complex128")
    assert _raises(c.check_array, "a", np.array([True]), np.zeros(1)).splitlines()[0] == (
        "a: expected real numbers, got dtype bool")


def test_check_array_counts_and_locates_only_entries_beyond_the_tolerance():
    message = _raises(c.check_array, "a", np.array([0.5, 1.0]), np.zeros(2), atol=0.5)
    assert message.splitlines()[0] == "a: wrong values (1 of 2 entries)"
    assert message.splitlines()[-1] == ("  first difference at index [1]: expected 0.00000000, got 1.00000000; "
                                        "largest absolute error 1")


def test_check_array_masks_accept_bool_and_0_1_and_name_the_first_wrong_entry():
    want = np.array([[True, False], [False, True]])
    c.check_array("D", want.copy(), want, kind="mask")
    c.check_array("D", want.astype(np.int64), want, kind="mask")
    c.check_array("D", want.astype(float), want, kind="mask")
    assert _raises(c.check_array, "D", np.array([[1, 0], [0, 2]]), want, kind="mask").splitlines()[0] == (
        "D: a dropout mask holds only True/False (or 0/1), got dtype int64 with other values: compare the random "
        "numbers with keep_prob")
    message = _raises(c.check_array, "D", np.array([[True, True], [False, False]]), want, kind="mask")
    assert message.splitlines()[0] == "D: wrong mask entries (2 of 4)"
    assert message.splitlines()[-1] == "  first difference at index [0, 1]: expected False, got True"


def test_check_array_hints_on_wrong_values_and_shapes():
    always = [Mistake("m", "h", lambda g: True)]
    assert _raises(c.check_array, "a", np.ones(2), np.zeros(2), mistakes=always).endswith("  Hint (m): h")
    assert _raises(c.check_array, "a", np.ones(3), np.zeros(2), mistakes=always).endswith("  Hint (m): h")
    assert _raises(c.check_array, "a", 1.0, np.zeros(2), mistakes=always).endswith("  Hint (m): h")


# ------------------------------------------------------------------ check_keys
def test_check_keys():
    c.check_keys("k", {"a": 1, "b": 2, "c": 3}, ["a", "b"])
    assert _raises(c.check_keys, "k", [("a", 1)], ["a"]) == "k: expected a dictionary, got a list"
    assert _raises(c.check_keys, "k", {"z": 1, 2: 0, "b": 1}, ["a", "b", "c"]) == (
        "k: missing key(s) ['a', 'c']; found ['2', 'b', 'z']")


# ------------------------------------------------------------------ in-place modification at any depth
def _changed(before, after) -> str | None:
    return c._difference(before, after, "x")


def test_snapshot_is_deep():
    value = {"a": [np.zeros(2)]}
    copy = c.snapshot(value)
    value["a"][0][1] = 5.0
    assert copy["a"][0][1] == 0.0


@pytest.mark.parametrize("before, after, where", [
    (np.zeros((2, 2)), np.array([[0.0, 0.0], [1.0, 0.0]]), "x[1, 0]"),
    (np.zeros(2), np.zeros(3), "x (shape or dtype changed: (2,) float64 -> (3,) float64)"),
    (np.zeros(2), np.zeros(2, dtype=np.float32), "x (shape or dtype changed: (2,) float64 -> (2,) float32)"),
    (np.zeros(2), [0.0, 0.0], "x (was a numpy array, shape (2,), dtype float64, now a list)"),
    ([0.0, 0.0], np.zeros(2), "x (was a list, now a numpy array, shape (2,), dtype float64)"),
    (np.array([True, False]), np.array([True, True]), "x[1]"),
    (np.array([1, 2]), np.array([1, 3]), "x[1]"),
    ([1, 2, 3], [3, 2, 1], "x[0]"),
    ([1, 2, 3], [1, 2], "x (length 3 -> 2)"),
    ([1, 2], (1, 2), "x (type changed)"),
    ((1, [2, 3]), (1, [2, 4]), "x[1][1]"),
    ({"a": 1, "b": 2}, {"a": 1}, "x (keys added [], removed ['b'])"),
    ({"a": 1}, {"a": 1, "c": 0}, "x (keys added ['c'], removed [])"),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, "x (keys reordered)"),
    ({"a": {"b": [np.zeros(3)]}}, {"a": {"b": [np.array([0.0, 0.0, 1.0])]}}, "x['a']['b'][0][2]"),
    ({"a": 1}, [("a", 1)], "x (type changed)"),
    (1, 1.0, "x (type changed)"),
    (1.0, 2.0, "x"),
    (math.nan, 1.0, "x"),
    (1.0, math.nan, "x"),
    (np.array([np.nan, 1.0]), np.array([1.0, 1.0]), "x[0]"),
    (np.array([1.0, 1.0]), np.array([1.0, np.nan]), "x[1]"),
    ("s", "t", "x"),
])
def test_a_change_at_any_depth_is_found_and_located(before, after, where):
    assert _changed(before, after) == where


@pytest.mark.parametrize("value", [
    np.array([1.0, np.nan]), np.array([np.nan + 0j]), [np.nan, 1.0], {"a": (1, "b", None)}, math.nan, None,
    np.array(["a", "b"]), {"W": np.eye(2), "b": [np.zeros(1)]},
])
def test_unchanged_values_are_not_changes(value):
    import copy

    assert _changed(value, copy.deepcopy(value)) is None
    assert c._same(value, copy.deepcopy(value))


def test_values_that_cannot_be_compared_count_as_changed():
    class Odd:
        def __eq__(self, other):
            raise TypeError("no")

        __hash__ = object.__hash__

    assert _changed(Odd(), Odd()) == "x"


def test_check_unmodified_names_the_input_and_the_first_change_with_the_hint():
    before = {"p": {"W1": np.zeros(2)}, "dims": [1, 2]}
    c.check_unmodified("f", before, {"p": {"W1": np.zeros(2)}, "dims": [1, 2]})
    message = _raises(c.check_unmodified, "f", before, {"p": {"W1": np.zeros(2)}, "dims": [2, 1]})
    lines = message.splitlines()
    assert lines[0] == "f: the input 'dims' was modified in place (first change: dims[0])"
    assert lines[1].startswith("  Hint (modifying the inputs in place): operators such as `+=`, `*=`, `A[mask] = 0`")
    assert "`.reverse()`" in lines[1] and "`d[key] = ...`" in lines[1] and "e.g. `A1 = A1 * D1`" in lines[1]
    assert len(lines) == 2


# ------------------------------------------------------------------ every check_array failure shows both values
def test_check_array_wrong_shape_message_shows_both_arrays_and_the_hint():
    always = [Mistake("m", "h", lambda g: True)]
    assert _raises(c.check_array, "a", np.zeros(2), np.ones((2, 1)), mistakes=always) == (
        "a: wrong shape: expected (2, 1), got (2,) (a 1-D array: keep the (n, 1) column shape, e.g. keepdims=True)\n"
        "  expected:\n      [[1.]\n       [1.]]\n  got:      [0. 0.]\n  Hint (m): h")


def test_check_array_mask_messages_show_both_masks_and_the_hint():
    want = np.array([[True, False], [False, True]])
    always = [Mistake("m", "h", lambda g: True)]
    assert _raises(c.check_array, "D", np.array([[1, 0], [0, 2]]), want, kind="mask", mistakes=always) == (
        "D: a dropout mask holds only True/False (or 0/1), got dtype int64 with other values: compare the random "
        "numbers with keep_prob\n"
        "  expected:\n      [[ True False]\n       [False  True]]\n"
        "  got:\n      [[1 0]\n       [0 2]]\n"
        "  Hint (m): h")
    assert _raises(c.check_array, "D", np.array([[True, True], [False, False]]), want, kind="mask",
                   mistakes=always) == (
        "D: wrong mask entries (2 of 4)\n"
        "  expected:\n      [[ True False]\n       [False  True]]\n"
        "  got:\n      [[ True  True]\n       [False False]]\n"
        "  first difference at index [0, 1]: expected False, got True\n"
        "  Hint (m): h")


def test_check_array_masks_are_compared_by_truth_value_never_as_floats():
    # Entries equal to 0 or 1 of any Python type are a valid mask; complex ones have no float value.
    want = np.array([True, False, True], dtype=object)
    c.check_array("D", np.array([1 + 0j, 0j, 1], dtype=object), want, kind="mask")
    c.check_array("D", np.array([True, False, True]), np.array([1 + 0j, 0j, 1], dtype=object), kind="mask")


def test_check_array_non_real_dtype_message_shows_both_arrays_and_the_hint():
    always = [Mistake("m", "h", lambda g: True)]
    assert _raises(c.check_array, "a", np.array([1 + 0j, 2]), np.zeros(2), mistakes=always) == (
        "a: expected real numbers, got dtype complex128\n  expected: [0. 0.]\n  got:      [1.+0.j 2.+0.j]\n"
        "  Hint (m): h")
