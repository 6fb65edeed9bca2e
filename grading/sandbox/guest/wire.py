"""A data-only format for values crossing between a student's kernel and the grader.

Only plain data crosses: ``None``, bools, ints, floats, strings, lists, tuples,
dicts (any encodable keys), NumPy numeric/bool scalars and arrays. Arrays travel
as raw bytes plus dtype and shape, so whatever arrives in the grader is a plain
``numpy.ndarray`` built there: no subclass, no overridden ``__eq__``, no pickle,
nothing of the student's that could run code in the grader's process.

This module depends on ``json``, ``base64`` and ``numpy`` only, because its
source is also sent to the kernel (see :func:`kernel_source`) so that both ends
speak exactly the same format.
"""

import base64
import json

import numpy

#: Refuse to decode more than this many characters of encoded text.
MAX_ENCODED_CHARS = 64 * 1024 * 1024
#: Deepest nesting accepted either way.
MAX_DEPTH = 32
_NUMERIC_KINDS = "biufc"


class WireError(ValueError):
    """A value that cannot be sent, or a message that is not in the format."""


def to_wire(value, depth=0):
    """Turn ``value`` into JSON-ready data; raise :class:`WireError` for anything else."""
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numpy.ndarray) or isinstance(value, numpy.generic):
        array = numpy.asarray(value)
        if array.dtype.kind not in _NUMERIC_KINDS:
            raise WireError(f"arrays of dtype {array.dtype} cannot be checked")
        tag = "nd" if isinstance(value, numpy.ndarray) else "scalar"
        return {"~": tag, "dtype": array.dtype.str, "shape": list(array.shape),
                "data": base64.b64encode(numpy.ascontiguousarray(array).tobytes()).decode("ascii")}
    if isinstance(value, int):
        return {"~": "int", "v": str(int(value))}
    if isinstance(value, float):
        return {"~": "float", "v": float.hex(float(value))}
    if isinstance(value, (list, tuple)):
        return {"~": "list" if isinstance(value, list) else "tuple",
                "v": [to_wire(item, depth + 1) for item in value]}
    if isinstance(value, dict):
        return {"~": "dict", "v": [[to_wire(k, depth + 1), to_wire(v, depth + 1)] for k, v in value.items()]}
    raise WireError(f"a value of type {type(value).__name__} cannot be checked")


def from_wire(data, depth=0):
    """Rebuild a value made by :func:`to_wire`, trusting nothing about ``data``."""
    if depth > MAX_DEPTH:
        raise WireError("the message is nested too deeply")
    if data is None or isinstance(data, (bool, str)):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("~"), str):
        raise WireError("malformed message")
    tag = data["~"]
    if tag in ("nd", "scalar"):
        dtype = numpy.dtype(str(data["dtype"]))
        if dtype.kind not in _NUMERIC_KINDS:
            raise WireError(f"dtype {dtype} is not accepted")
        shape = tuple(int(n) for n in data["shape"])
        raw = base64.b64decode(str(data["data"]), validate=True)
        array = numpy.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        return array if tag == "nd" else array[()]
    if tag == "int":
        return int(str(data["v"]))
    if tag == "float":
        return float.fromhex(str(data["v"]))
    if tag in ("list", "tuple"):
        items = [from_wire(item, depth + 1) for item in data["v"]]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {_hashable(from_wire(k, depth + 1)): from_wire(v, depth + 1) for k, v in data["v"]}
    raise WireError(f"unknown tag {tag!r}")


def _hashable(key):
    if isinstance(key, numpy.ndarray):
        raise WireError("an array cannot be a dictionary key")
    if isinstance(key, list):
        raise WireError("a list cannot be a dictionary key")
    return key


def dumps(value) -> str:
    """Encode ``value`` as one JSON text."""
    return json.dumps(to_wire(value))


def loads(text: str):
    """Decode a JSON text made by :func:`dumps`; :class:`WireError` if it is not one."""
    if len(text) > MAX_ENCODED_CHARS:
        raise WireError(f"the message is larger than {MAX_ENCODED_CHARS} characters")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WireError(f"not JSON: {exc}") from None
    try:
        return from_wire(data)
    except WireError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"malformed message: {exc}") from None


def kernel_source() -> str:
    """This module's source, to be run inside a kernel in a private namespace."""
    import inspect
    import sys

    return inspect.getsource(sys.modules[__name__])
