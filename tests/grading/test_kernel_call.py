"""The grader's side of a call: only this call's reply counts, and every failure is told in the student's terms."""

from __future__ import annotations

import asyncio
import queue

import numpy as np
import pytest

from grading.sandbox.guest import wire
from grading.sandbox.guest.bridge import REPLY_MIME
from grading.verdict.kernel_call import (
    REMOTE_CALLABLE,
    CallOutcome,
    KernelRequest,
    RemoteObject,
    StudentCodeError,
    exchange,
    interpret,
    request_code,
    sync_generators,
)


class FakeClient:
    """A kernel client whose iopub channel replays given messages for the request it was sent."""

    def __init__(self, messages):
        self.messages = messages
        self.sent = []
        self.queue = queue.Queue()

    def execute(self, code, **kwargs):
        self.sent.append(code)
        for kind, content, parent in self.messages:
            self.queue.put({"msg_type": kind, "content": content,
                            "parent_header": {"msg_id": "mine" if parent else "other"}})
        return "mine"

    async def get_iopub_msg(self, timeout=None):
        return self.queue.get_nowait()


def _reply(nonce, **fields):
    return wire.dumps({"nonce": nonce, "rng": np.random.get_state(), "changed": [], **fields})


def _run(messages, nonce="n1", timeout=5.0, max_printed=100):
    async def interrupt():
        raise AssertionError("not expected")

    return asyncio.run(exchange(FakeClient(messages), "code", nonce, timeout, max_printed, interrupt))


def test_the_reply_with_this_calls_nonce_is_taken_and_prints_are_capped():
    outcome = _run([
        ("stream", {"text": "x" * 150}, True),
        ("display_data", {"data": {REPLY_MIME: _reply("forged", status="ok", result=1)}}, True),
        ("display_data", {"data": {REPLY_MIME: _reply("n1", status="ok", result=2)}}, False),
        ("display_data", {"data": {REPLY_MIME: _reply("n1", status="ok", result=3)}}, True),
        ("status", {"execution_state": "idle"}, True)])
    assert outcome.reply["result"] == 3
    assert outcome.printed.startswith("x" * 100) and "truncated" in outcome.printed and "x" * 101 not in outcome.printed


def test_a_timeout_interrupts_and_is_reported():
    interrupted = []

    async def interrupt():
        interrupted.append(True)

    outcome = asyncio.run(exchange(FakeClient([]), "code", "n", 0.05, 10, interrupt))
    assert interrupted and outcome.timed_out
    with pytest.raises(StudentCodeError, match="longer than"):
        interpret(KernelRequest("f"), outcome, 0.05)


@pytest.mark.parametrize("reply, says", [
    ({"status": "missing"}, "is not defined"),
    ({"status": "raised", "ename": "NotImplementedError", "evalue": ""}, "still the stub"),
    ({"status": "raised", "ename": "ValueError", "evalue": "shapes"}, "f raised ValueError: shapes"),
    ({"status": "unencodable", "evalue": "a Cheat"}, "not plain data"),
    ({"status": "ok", "result": 1, "changed": ["argument 1"]}, "modified its input in place"),
    ({"status": "weird"}, "could not be read back"),
])
def test_interpret_turns_replies_into_student_errors(reply, says):
    with pytest.raises(StudentCodeError, match=says):
        interpret(KernelRequest("f"), CallOutcome(reply=reply), 5.0)


def test_no_reply_is_a_grading_error_naming_why():
    with pytest.raises(StudentCodeError, match="could not be read back \\(NameError: guest"):
        interpret(KernelRequest("f"), CallOutcome(reply=None, error="NameError: guest"), 5.0)


def test_a_good_reply_gives_result_and_random_state():
    state = np.random.get_state()
    result = interpret(KernelRequest("f"), CallOutcome(reply={"status": "ok", "result": 7, "rng": state,
                                                              "changed": []}), 5.0)
    assert result.value == 7 and result.rng is state and result.generators == []


def test_request_code_carries_only_data():
    code = request_code(KernelRequest("f", (np.zeros(2), {"k": 1}), {"lambd": 0.5}), "abc")
    assert code.startswith("__import__('guest.bridge').bridge.call(")
    request = wire.loads(eval(code[len("__import__('guest.bridge').bridge.call("):-1]))  # noqa: S307 - our own literal
    assert request["name"] == "f" and request["nonce"] == "abc" and request["kwargs"] == {"lambd": 0.5}


def test_a_missing_method_is_an_attribute_error_named_by_its_label():
    request = KernelRequest("fwd", target=3, op="getattr", label="Dropout.fwd")
    with pytest.raises(StudentCodeError, match="Dropout.fwd is not defined") as caught:
        interpret(request, CallOutcome(reply={"status": "missing"}), 5.0)
    assert caught.value.ename == "AttributeError"


def test_a_made_object_comes_back_as_its_handle_and_a_method_as_a_marker():
    made = interpret(KernelRequest("Dropout", (0.5,)),
                     CallOutcome(reply={"status": "ok", "result": None, "handle": 4, "type": "Dropout"}), 5.0)
    assert made.value == RemoteObject(4, "Dropout")
    method = interpret(KernelRequest("forward", target=4, op="getattr"),
                       CallOutcome(reply={"status": "ok", "callable": True}), 5.0)
    assert method.value is REMOTE_CALLABLE


def test_generator_arguments_are_left_where_the_kernels_draws_left_them():
    mine, by_keyword, drawn = np.random.default_rng(5), np.random.default_rng(6), np.random.default_rng(5)
    drawn.random(3)
    request = KernelRequest("sample", (1.0, mine), {"rng": by_keyword})
    states = [[1, drawn.bit_generator.state], ["rng", {"bit_generator": "nonsense"}], [0, drawn.bit_generator.state],
              [7, drawn.bit_generator.state], "junk"]
    sync_generators(request, states)
    assert mine.random() == drawn.random()
    assert by_keyword.random() == np.random.default_rng(6).random()  # a state that is not one changes nothing


def test_request_carries_target_and_operation():
    code = request_code(KernelRequest("forward", (np.ones(2),), {"train": False}, 9, "call", "Dropout.forward"), "n")
    request = wire.loads(eval(code[len("__import__('guest.bridge').bridge.call("):-1]))  # noqa: S307 - our own literal
    assert (request["target"], request["op"], request["name"]) == (9, "call", "forward")
    assert request["kwargs"] == {"train": False}
