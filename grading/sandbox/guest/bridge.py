"""Kernel side of a hidden test's call: run the student's function on data, send the result back.

The grader runs hidden tests in its own process. When a test calls an
exercise, the grader sends this kernel one execute request,
``__import__("guest.bridge").bridge.call(<request>)``, whose request holds
the function's name, its arguments as wire data and NumPy's global random
state. :func:`call` runs the student's function from the kernel's namespace
and publishes one reply as display data of type :data:`REPLY_MIME`: the
result (wire data), the random state afterwards, which arguments the
function changed in place, and the new state of every ``np.random.Generator``
passed to it (drawing from a generator is its job, not a modification).
Nothing is written to a file; nothing but data goes back.

Graded classes (a ``Dropout`` layer) are objects, not data: calling a class
keeps the new instance here, in :data:`_OBJECTS`, and the reply carries only
its number (a handle). Later requests name that handle as their ``target``:
``op: "getattr"`` reads one public attribute (the reply says ``callable``
for a method), ``op: "call"`` calls one of its public methods.

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
_isinstance, _getattr, _callable, _len = builtins.isinstance, builtins.getattr, builtins.callable, builtins.len

#: MIME type of the reply; the grader takes only display data of this type, for its own request.
REPLY_MIME = "application/x-reglab-reply"
#: Characters of an exception's text and traceback kept in a reply.
MAX_ERROR_CHARS = 4000
#: Instances of graded classes made by this kernel's hidden-test calls, by handle.
_OBJECTS: dict = {}
#: Most instances kept at once (a hidden test makes a handful).
MAX_OBJECTS = 10000
_Generator = numpy.random.Generator


def _changed(before: list, after: list) -> list[str]:
    """Names of the arguments whose wire encoding changed during the call."""
    return [name for (name, old), (_, new) in _zip(before, after) if old != new]


def _arguments(args: tuple, kwargs: dict) -> list:
    """(name, key, value) of every argument; ``key`` is its position or its keyword."""
    items = [(f"argument {i + 1}", i, value) for i, value in enumerate(args)]
    return items + [(f"argument {key!r}", key, value) for key, value in kwargs.items()]


def _encode_arguments(args: tuple, kwargs: dict) -> list:
    encoded = []
    for name, _key, value in _arguments(args, kwargs):
        if _isinstance(value, _Generator):
            encoded.append((name, None))  # a generator advances when drawn from: its new state is sent back
            continue
        try:
            encoded.append((name, wire.dumps(value)))
        except wire.WireError:
            encoded.append((name, None))  # functions are never compared
    return encoded


def _generators(args: tuple, kwargs: dict) -> list:
    """[key, state] of every generator argument, after the call."""
    return [[key, value.bit_generator.state] for _name, key, value in _arguments(args, kwargs)
            if _isinstance(value, _Generator)]


def _raised(reply: dict, exc: BaseException) -> None:
    reply.update(status="raised", ename=_type(exc).__name__, evalue=_str(exc)[:MAX_ERROR_CHARS],
                 details="".join(traceback.format_exception(exc))[-MAX_ERROR_CHARS:])


def _callee(request: dict, namespace: dict):
    """What the request names: a name of the namespace, or a public attribute of a kept object."""
    name, target = request["name"], request.get("target")
    if target is None:
        return namespace.get(name)
    owner = _OBJECTS.get(target)
    if owner is None or not _isinstance(name, _str) or not name.isidentifier() or name.startswith("_"):
        return None
    return _getattr(owner, name)  # may raise: the student's class answers for itself


def _keep(instance) -> int:
    if _len(_OBJECTS) >= MAX_OBJECTS:
        raise RuntimeError(f"more than {MAX_OBJECTS} objects were made")
    handle = _len(_OBJECTS) + 1
    _OBJECTS[handle] = instance
    return handle


def run(request: dict, namespace: dict) -> dict:
    """Serve one request on ``namespace``; return the reply (plain data).

    ``op`` "call" (the default) calls the named function, class or method on
    the request's arguments; "getattr" reads the named attribute of the
    ``target`` object.
    """
    reply: dict = {"nonce": request["nonce"]}
    try:
        callee = _callee(request, namespace)
    except BaseException as exc:  # noqa: BLE001 - a property of the student's class raised
        _raised(reply, exc)
        return reply
    if callee is None:
        reply["status"] = "missing"
        return reply
    if request.get("op") == "getattr":
        if _callable(callee):
            reply.update(status="ok", callable=True)
        else:
            reply.update(status="ok", result=callee)
        return reply
    args, kwargs = _tuple(request["args"]), _dict(request["kwargs"])
    before = _encode_arguments(args, kwargs)
    numpy.random.set_state(request["rng"])
    try:
        result = callee(*args, **kwargs)
        if _isinstance(callee, _type):
            reply.update(handle=_keep(result), type=_type(result).__name__)
            result = None
    except BaseException as exc:  # noqa: BLE001 - the student's exception is the answer
        _raised(reply, exc)
    else:
        reply.update(status="ok", result=result)
    reply["rng"] = numpy.random.get_state()
    reply["changed"] = _changed(before, _encode_arguments(args, kwargs))
    reply["generators"] = _generators(args, kwargs)
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
                           "rng": numpy.random.get_state(), "changed": _list(reply.get("changed", [])),
                           "generators": _list(reply.get("generators", []))})
    publish_display_data({REPLY_MIME: text})
