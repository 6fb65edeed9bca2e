"""Kernel side of a hidden test's call: run the student's function on data, send the result back.

The grader runs hidden tests in its own process. When a test calls an
exercise, the grader sends this kernel one execute request,
``__import__("guest.bridge").bridge.call(<request>)``, whose request holds
the function's name, its arguments as wire data and NumPy's global random
state. :func:`call` runs the student's function from the kernel's namespace
and publishes one reply as display data of type :data:`REPLY_MIME`: the
result (wire data), the random state afterwards, and which arguments the
function changed in place. Nothing is written to a file; nothing but data
goes back.

Whatever the student's code does to this module or to the reply only changes
what their own function is said to have returned: the verdict is reached in
the grader, with the grader's own copy of the arguments and expectations.
"""

import builtins
import traceback

import numpy

from . import wire

# Taken at import (before any student code runs), like wire's: rebinding builtins later changes nothing here.
_str, _type, _tuple, _dict, _list, _zip = builtins.str, builtins.type, builtins.tuple, builtins.dict, builtins.list, zip

#: MIME type of the reply; the grader takes only display data of this type, for its own request.
REPLY_MIME = "application/x-reglab-reply"
#: Characters of an exception's text and traceback kept in a reply.
MAX_ERROR_CHARS = 4000


def _changed(before: list, after: list) -> list[str]:
    """Names of the arguments whose wire encoding changed during the call."""
    return [name for (name, old), (_, new) in _zip(before, after) if old != new]


def _encode_arguments(args: tuple, kwargs: dict) -> list:
    items = [(f"argument {i + 1}", value) for i, value in enumerate(args)]
    items += [(f"argument {key!r}", value) for key, value in kwargs.items()]
    encoded = []
    for name, value in items:
        try:
            encoded.append((name, wire.dumps(value)))
        except wire.WireError:
            encoded.append((name, None))  # functions are never compared
    return encoded


def run(request: dict, namespace: dict) -> dict:
    """Call ``namespace[request["name"]]`` on the request's arguments; return the reply (plain data)."""
    name = request["name"]
    reply: dict = {"nonce": request["nonce"]}
    function = namespace.get(name)
    if function is None:
        reply["status"] = "missing"
        return reply
    args, kwargs = _tuple(request["args"]), _dict(request["kwargs"])
    before = _encode_arguments(args, kwargs)
    numpy.random.set_state(request["rng"])
    try:
        result = function(*args, **kwargs)
    except BaseException as exc:  # noqa: BLE001 - the student's exception is the answer
        reply.update(status="raised", ename=_type(exc).__name__, evalue=_str(exc)[:MAX_ERROR_CHARS],
                     details="".join(traceback.format_exception(exc))[-MAX_ERROR_CHARS:])
    else:
        reply.update(status="ok", result=result)
    reply["rng"] = numpy.random.get_state()
    reply["changed"] = _changed(before, _encode_arguments(args, kwargs))
    return reply


def call(request_text: str) -> None:
    """Entry point of the grader's execute request: decode, run, publish the reply."""
    from IPython import get_ipython
    from IPython.display import publish_display_data

    request = wire.loads(request_text, functions=True)
    reply = run(request, get_ipython().user_ns)
    try:
        text = wire.dumps(reply)
    except wire.WireError as exc:
        text = wire.dumps({"nonce": request["nonce"], "status": "unencodable", "evalue": str(exc)[:500],
                           "rng": numpy.random.get_state(), "changed": _list(reply.get("changed", []))})
    publish_display_data({REPLY_MIME: text})
