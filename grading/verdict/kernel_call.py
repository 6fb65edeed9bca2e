"""Grader side of a hidden test's call: one execute request, one reply read off the kernel's channel.

:func:`call_in_kernel` sends the kernel an execute request that runs
:func:`guest.bridge.call` on the arguments (wire data), then reads the kernel's
iopub messages for that request only, until the kernel is idle again: what the
student's function printed (capped), and the one reply of type
:data:`REPLY_MIME` carrying this call's nonce (size-capped). No file is read,
no notebook cell is created: nothing of the call appears in the notebook or
its feedback. On timeout the kernel is interrupted, as a cell would be.
"""

from __future__ import annotations

import queue
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import numpy

from ..sandbox.guest import wire
from ..sandbox.guest.bridge import REPLY_MIME
from ..settings import MAX_REPLY_BYTES


class StudentCodeError(Exception):
    """The student's function failed; ``ename``/``evalue`` say how, in the student's terms."""

    def __init__(self, ename: str, evalue: str, details: str = "") -> None:
        super().__init__(f"{ename}: {evalue}")
        self.ename = ename
        self.evalue = evalue
        self.details = details


@dataclass
class CallOutcome:
    """What came back from one call: the decoded reply (or None) and what the student's code printed."""

    reply: dict | None = None
    printed: str = ""
    error: str = ""  # an error raised by the request itself (not by the student's function)
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KernelRequest:
    """One thing a hidden test asks of the student's kernel.

    ``name`` is an exercise of the kernel's namespace, or, with ``target``,
    an attribute of an object the kernel keeps (an instance of a graded
    class, by its handle). ``op`` is "call" or "getattr". ``label`` names it
    in messages (``Dropout.forward``).
    """

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    target: int | None = None
    op: str = "call"
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.name

    def to_wire(self, nonce: str) -> dict:
        return {"nonce": nonce, "name": self.name, "args": list(self.args), "kwargs": dict(self.kwargs),
                "target": self.target, "op": self.op, "rng": numpy.random.get_state()}


@dataclass(frozen=True)
class RemoteObject:
    """The reply to calling a class: the kernel keeps the instance; the grader holds its handle."""

    handle: int
    type_name: str


#: The reply to reading an attribute that is a method: call it through another request.
REMOTE_CALLABLE = object()


@dataclass
class CallResult:
    """What a call gave: its value (data, a :class:`RemoteObject` or :data:`REMOTE_CALLABLE`) and the state
    NumPy's global generator and every generator argument were left in."""

    value: Any = None
    rng: Any = None
    generators: list = field(default_factory=list)


def request_code(request: KernelRequest, nonce: str) -> str:
    """The source of the execute request: one call of the kernel-side bridge."""
    return f"__import__('guest.bridge').bridge.call({wire.dumps(request.to_wire(nonce))!r})"


async def exchange(kc: Any, code: str, nonce: str, timeout: float, max_printed: int,
                   interrupt: Any) -> CallOutcome:
    """Send ``code``; collect the reply with ``nonce`` and the printed text until the kernel is idle."""
    outcome = CallOutcome()
    msg_id = kc.execute(code, silent=False, store_history=False, allow_stdin=False, stop_on_error=False)
    deadline = time.monotonic() + timeout
    printed: list[str] = []
    used = 0
    interrupted = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if interrupted:
                break
            outcome.timed_out = interrupted = True
            await interrupt()
            deadline = time.monotonic() + 5.0  # time to reach idle after the interrupt
            continue
        try:
            msg = await kc.get_iopub_msg(timeout=min(remaining, 1.0))
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind, content = msg.get("msg_type"), msg.get("content", {})
        if kind == "stream":
            text = str(content.get("text", ""))
            if used < max_printed:
                printed.append(text[: max_printed - used])
            used += len(text)
        elif kind in ("display_data", "execute_result"):
            data = content.get("data", {})
            text = data.get(REPLY_MIME) if isinstance(data, dict) else None
            if isinstance(text, str) and outcome.reply is None:
                outcome.reply = _decode(text, nonce, outcome)
        elif kind == "error":
            outcome.error = f"{content.get('ename', 'Error')}: {str(content.get('evalue', ''))[:500]}"
        elif kind == "status" and content.get("execution_state") == "idle":
            break
    if used > max_printed:
        printed.append(f"\n... output truncated: more than {max_printed} characters ...\n")
    outcome.printed = "".join(printed)
    return outcome


def _decode(text: str, nonce: str, outcome: CallOutcome) -> dict | None:
    if len(text) > MAX_REPLY_BYTES:
        outcome.notes.append("the reply was too large")
        return None
    try:
        reply = wire.loads(text)
    except wire.WireError as exc:
        outcome.notes.append(f"the reply could not be read ({exc})")
        return None
    if not isinstance(reply, dict) or reply.get("nonce") != nonce:
        return None  # not the reply to this request
    return reply


def new_nonce() -> str:
    return secrets.token_hex(16)


def interpret(request: KernelRequest, outcome: CallOutcome, timeout: float) -> CallResult:
    """What the call gave, or StudentCodeError saying what went wrong in the student's terms."""
    name = request.title
    if outcome.timed_out:
        raise StudentCodeError("CellTimeoutError", f"{name} ran longer than {timeout:.0f} s (an endless loop?)")
    reply = outcome.reply
    if reply is None:
        why = outcome.error or "; ".join(outcome.notes) or "no reply"
        raise StudentCodeError("GradingError", f"the result of {name} could not be read back ({why})")
    status = reply.get("status")
    if status == "missing" and request.target is not None:
        raise StudentCodeError("AttributeError", f"{name} is not defined (is it spelled as in the exercise?)")
    if status == "missing":
        raise StudentCodeError("NameError", f"name '{name}' is not defined: did its answer cell run?")
    if status == "raised":
        ename, evalue = str(reply.get("ename")), str(reply.get("evalue") or "")
        hint = ": " + evalue if evalue else (" (is the answer cell still the stub?)"
                                             if ename == "NotImplementedError" else "")
        raise StudentCodeError(ename, f"{name} raised {ename}{hint}", str(reply.get("details", "")))
    if status == "unencodable":
        raise StudentCodeError("TypeError", f"{name} returned something that is not plain data: "
                               f"{reply.get('evalue')}")
    if status != "ok":
        raise StudentCodeError("GradingError", f"the result of {name} could not be read back")
    changed = reply.get("changed") or []
    if changed:
        names = ", ".join(str(c) for c in changed)[:200]
        raise StudentCodeError("InPlaceModificationError",
                               f"{name} modified its input in place ({names}); build new arrays instead "
                               "(e.g. A = A * D rather than A *= D)")
    value = reply.get("result")
    if reply.get("handle") is not None:
        value = RemoteObject(int(reply["handle"]), str(reply.get("type", "object"))[:100])
    elif reply.get("callable"):
        value = REMOTE_CALLABLE
    generators = reply.get("generators")
    return CallResult(value, reply.get("rng"), generators if isinstance(generators, list) else [])


def sync_generators(request: KernelRequest, states: list) -> None:
    """Leave each generator argument where the student's draws left its copy in the kernel."""
    for item in states:
        if not (isinstance(item, (list, tuple)) and len(item) == 2):
            continue
        key, state = item
        if isinstance(key, int) and not isinstance(key, bool) and 0 <= key < len(request.args):
            argument = request.args[key]
        elif isinstance(key, str):
            argument = request.kwargs.get(key)
        else:
            continue
        if isinstance(argument, numpy.random.Generator) and isinstance(state, dict):
            try:
                argument.bit_generator.state = state
            except (TypeError, ValueError, KeyError):
                continue  # a state that is not one: the generator stays where it was
