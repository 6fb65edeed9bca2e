"""The data-only format between a student's kernel and the grader."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from grading.sandbox.guest import wire
from reg_utils import compute_cost, relu


def test_round_trip_keeps_types_shapes_and_exact_values():
    value = {"W1": np.arange(6, dtype=np.float64).reshape(2, 3) / 7, "n": 3, "x": 0.1, "ok": True, "none": None,
             "cache": (np.array([[True, False]]), [np.int64(4), np.float32(2.5)]), 7: "seven"}
    back = wire.loads(wire.dumps(value))
    assert back.keys() == value.keys()
    np.testing.assert_array_equal(back["W1"], value["W1"])
    assert isinstance(back["cache"], tuple) and isinstance(back["cache"][1], list)
    assert back["cache"][0].dtype == bool and back["cache"][1][0].dtype == np.int64
    assert back["x"] == 0.1 and back[7] == "seven" and back["ok"] is True


def test_subclasses_arrive_as_plain_arrays():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True

    back = wire.loads(wire.dumps(np.zeros(3).view(Sneaky)))
    assert type(back) is np.ndarray


@pytest.mark.parametrize("value", [object(), np.array(["a"], dtype=object), lambda: 1, {1, 2}, np.random.rand,
                                   functools.partial(lambda x: x, 1)])
def test_anything_that_is_not_plain_data_is_refused(value):
    with pytest.raises(wire.WireError):
        wire.dumps(value)


@pytest.mark.parametrize("text", ["not json", '{"~": "pickle", "v": "x"}', '{"~": "nd", "dtype": "|O", '
                                  '"shape": [1], "data": ""}', '[1, 2]'])
def test_malformed_messages_are_refused(text):
    with pytest.raises(wire.WireError):
        wire.loads(text)


def test_public_functions_travel_by_reference_into_the_kernel_only():
    sent = wire.dumps({"f": relu, "g": functools.partial(compute_cost, Y=np.ones((1, 2)))})
    back = wire.loads(sent, functions=True)
    assert back["f"] is relu
    assert back["g"].func is compute_cost and np.array_equal(back["g"].keywords["Y"], np.ones((1, 2)))
    with pytest.raises(wire.WireError, match="functions are not accepted"):
        wire.loads(sent)  # the grader never accepts a function from a kernel


@pytest.mark.parametrize("module", ["os", "subprocess", "grading.cli", "reg_utils_evil"])
def test_function_references_outside_the_public_packages_are_refused(module):
    text = json.dumps({"~": "fn", "module": module, "name": "system"})
    with pytest.raises(wire.WireError):
        wire.loads(text, functions=True)


def test_rebinding_builtins_after_import_changes_nothing():
    import builtins

    saved = builtins.float, builtins.abs
    builtins.float, builtins.abs = (lambda x: 1.8047922996667218), (lambda x: 0.0)
    try:
        text = wire.dumps({"cost": 0.5, "n": 2})
    finally:
        builtins.float, builtins.abs = saved
    assert wire.loads(text) == {"cost": 0.5, "n": 2}


def test_oversized_and_deeply_nested_messages_are_refused():
    deep: list = []
    for _ in range(wire.MAX_DEPTH + 2):
        deep = [deep]
    with pytest.raises(wire.WireError):
        wire.dumps(deep)
    with pytest.raises(wire.WireError, match="larger than"):
        wire.loads(" " * (wire.MAX_ENCODED_CHARS + 1))


def test_lying_shapes_are_refused():
    text = wire.dumps(np.zeros(3)).replace("[3]", "[1000000]")
    with pytest.raises(wire.WireError):
        wire.loads(text)
