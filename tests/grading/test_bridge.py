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
