"""The kernel side of a call: runs the function, reports what it returned, raised or changed in place."""

from __future__ import annotations

import numpy as np

from grading.sandbox.guest import bridge


def _request(name, *args, **kwargs):
    return {"nonce": "n", "name": name, "args": list(args), "kwargs": kwargs, "rng": np.random.get_state()}


def test_ok_reply_carries_result_and_random_state():
    np.random.seed(0)
    reply = bridge.run(_request("f", 2), {"f": lambda x: (x * 2, np.random.rand())})
    assert reply["status"] == "ok" and reply["result"][0] == 4 and reply["changed"] == []
    assert reply["nonce"] == "n" and reply["rng"][2] == 2  # one double drawn: two 32-bit words


def test_missing_function_and_exceptions():
    assert bridge.run(_request("nope"), {})["status"] == "missing"

    def broken(x):
        raise ValueError("bad shape")

    reply = bridge.run(_request("g", 1), {"g": broken})
    assert (reply["status"], reply["ename"], reply["evalue"]) == ("raised", "ValueError", "bad shape")
    assert "broken" in reply["details"]


def test_in_place_changes_of_arrays_lists_and_dicts_are_named():
    def mutate(a, params, items, keep):
        a *= 0
        params["W"] = 1
        items.append(3)
        return keep

    reply = bridge.run(_request("m", np.ones(3), {"W": 0}, [1], keep=np.zeros(2)), {"m": mutate})
    assert reply["changed"] == ["argument 1", "argument 2", "argument 3"]


class Halver:
    """A student's class: keeps what its forward pass saw."""

    def __init__(self, scale):
        self.scale = scale
        self.seen = None

    def forward(self, x):
        self.seen = x
        return x * self.scale + np.random.rand()

    @property
    def broken(self):
        raise ValueError("not today")


def test_calling_a_class_keeps_the_instance_and_its_methods_run_on_it():
    made = bridge.run(_request("Halver", 0.5), {"Halver": Halver})
    assert made["status"] == "ok" and made["result"] is None and made["type"] == "Halver"
    handle = made["handle"]
    method = bridge.run({**_request("forward"), "target": handle, "op": "getattr"}, {})
    assert method == {"nonce": "n", "status": "ok", "callable": True}
    np.random.seed(2)
    out = bridge.run({**_request("forward", np.ones(2)), "target": handle}, {})
    expected = 0.5 + np.random.RandomState(2).rand()
    assert out["status"] == "ok" and np.allclose(out["result"], expected) and out["changed"] == []
    seen = bridge.run({**_request("seen"), "target": handle, "op": "getattr"}, {})
    assert seen["status"] == "ok" and np.array_equal(seen["result"], np.ones(2))
    assert bridge.run({**_request("Halver", 2.0)}, {"Halver": Halver})["handle"] != handle


def test_private_or_unknown_attributes_and_handles_are_missing_and_properties_may_raise():
    handle = bridge.run(_request("Halver", 1.0), {"Halver": Halver})["handle"]
    for name in ("_Halver__x", "__class__", "no such", "nothing_here"):
        reply = bridge.run({**_request(name), "target": handle, "op": "getattr"}, {})
        assert reply["status"] in ("missing", "raised"), name
        assert reply["status"] == "missing" or reply["ename"] == "AttributeError"
    assert bridge.run({**_request("forward"), "target": 10**9, "op": "getattr"}, {})["status"] == "missing"
    reply = bridge.run({**_request("broken"), "target": handle, "op": "getattr"}, {})
    assert (reply["status"], reply["ename"], reply["evalue"]) == ("raised", "ValueError", "not today")


def test_a_class_whose_constructor_raises_keeps_nothing():
    def refuse(*args):
        raise NotImplementedError

    class Stub:
        __init__ = refuse

    count = len(bridge._OBJECTS)
    reply = bridge.run(_request("Stub", 0.5), {"Stub": Stub})
    assert reply["status"] == "raised" and reply["ename"] == "NotImplementedError" and "handle" not in reply
    assert len(bridge._OBJECTS) == count


def test_generator_arguments_report_their_state_and_are_not_in_place_changes():
    rng = np.random.default_rng(4)
    reply = bridge.run(_request("draw", 3, rng=rng), {"draw": lambda n, rng: rng.random(n)})
    reference = np.random.default_rng(4)
    assert np.array_equal(reply["result"], reference.random(3))
    assert reply["changed"] == [] and reply["generators"] == [["rng", reference.bit_generator.state]]
    positional = bridge.run(_request("draw", 2, np.random.default_rng(4)), {"draw": lambda n, g: g.random(n)})
    assert [key for key, _ in positional["generators"]] == [1]
