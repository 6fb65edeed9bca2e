"""The data-only format between a student's kernel and the grader."""

from __future__ import annotations

import numpy as np
import pytest

from grading import wire


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


@pytest.mark.parametrize("value", [object(), np.array(["a"], dtype=object), lambda: 1, {1, 2}])
def test_anything_that_is_not_plain_data_is_refused(value):
    with pytest.raises(wire.WireError):
        wire.dumps(value)


@pytest.mark.parametrize("text", ["not json", '{"~": "pickle", "v": "x"}', '{"~": "nd", "dtype": "|O", '
                                  '"shape": [1], "data": ""}', '[1, 2]'])
def test_malformed_messages_are_refused(text):
    with pytest.raises(wire.WireError):
        wire.loads(text)
