"""The kernel side of a call: runs the function, reports what it returned, raised or changed in place."""

from __future__ import annotations

import numpy as np

from grading.sandbox.guest import bridge, wire


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
    for name in ("_Halver__x", "__class__", "no such", "1st", 7):
        assert bridge.run({**_request(name), "target": handle, "op": "getattr"}, {}) == {"nonce": "n",
                                                                                           "status": "missing"}
    reply = bridge.run({**_request("nothing_here"), "target": handle, "op": "getattr"}, {})
    assert (reply["status"], reply["ename"]) == ("raised", "AttributeError")
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


def _call_in_fake_kernel(monkeypatch, namespace, request):
    """Run bridge.call as the kernel would; return the one reply it published (decoded)."""
    import IPython
    import IPython.display

    published = []
    monkeypatch.setattr(IPython, "get_ipython", lambda: type("Shell", (), {"user_ns": namespace})())
    monkeypatch.setattr(IPython.display, "publish_display_data", published.append)
    bridge.call(wire.dumps(request))
    assert len(published) == 1 and list(published[0]) == [bridge.REPLY_MIME]
    return wire.loads(published[0][bridge.REPLY_MIME])


def test_call_accepts_public_functions_as_arguments(monkeypatch):
    from reg_utils import relu

    request = _request("apply", relu, np.array([-1.0, 2]))
    reply = _call_in_fake_kernel(monkeypatch, {"apply": lambda f, x: f(x)}, request)
    assert reply["status"] == "ok" and np.array_equal(reply["result"], [0.0, 2.0])


def test_an_unencodable_result_is_reported_with_why_and_what_was_changed(monkeypatch):
    odd = type("O" * 600, (), {})

    def answer(items):
        items.append(1)
        return odd()

    reply = _call_in_fake_kernel(monkeypatch, {"answer": answer}, _request("answer", []))
    assert reply["status"] == "unencodable" and reply["changed"] == ["argument 1"]
    assert reply["evalue"].startswith("a value of type OOO") and len(reply["evalue"]) == 500
    assert reply["generators"] == []


def test_the_traceback_of_an_exception_is_kept_line_by_line():
    def broken(x):
        raise KeyError("W1")

    details = bridge.run(_request("broken", 1), {"broken": broken})["details"]
    assert details.startswith("Traceback (most recent call last):\n  File ")
    assert details.endswith("KeyError: 'W1'\n")


def test_an_argument_after_a_generator_is_still_checked_for_in_place_changes():
    def draw(rng, out):
        out[0] = rng.random()
        return 0

    reply = bridge.run(_request("draw", np.random.default_rng(1), np.zeros(2)), {"draw": draw})
    assert reply["changed"] == ["argument 2"] and [key for key, _ in reply["generators"]] == [0]


def test_the_number_of_kept_objects_is_capped(monkeypatch):
    monkeypatch.setattr(bridge, "MAX_OBJECTS", len(bridge._OBJECTS) + 1)
    assert bridge.run(_request("Halver", 1.0), {"Halver": Halver})["status"] == "ok"  # the last one allowed
    reply = bridge.run(_request("Halver", 1.0), {"Halver": Halver})
    assert (reply["status"], reply["ename"]) == ("raised", "RuntimeError")
    assert reply["evalue"] == f"more than {bridge.MAX_OBJECTS} objects were made"


def test_an_unencodable_attribute_or_result_still_says_what_changed_and_where_generators_went(monkeypatch):
    handle = bridge.run(_request("Halver", 1.0), {"Halver": Halver})["handle"]
    bridge._OBJECTS[handle].seen = object()
    reply = _call_in_fake_kernel(monkeypatch, {}, {**_request("seen"), "target": handle, "op": "getattr"})
    assert reply["status"] == "unencodable" and reply["changed"] == [] and reply["generators"] == []
    rng = np.random.default_rng(2)
    reply = _call_in_fake_kernel(monkeypatch, {"odd": lambda g: (g.random(), object())}, _request("odd", rng))
    reference = np.random.default_rng(2)
    reference.random()
    assert reply["status"] == "unencodable" and reply["generators"] == [[0, reference.bit_generator.state]]
