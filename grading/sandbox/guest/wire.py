"""A data-only format for values crossing between a student's kernel and the grader.

Only plain data crosses: ``None``, bools, ints, floats, strings, lists, tuples,
dicts (any encodable keys), NumPy numeric/bool scalars and arrays, and NumPy
random generators (as their bit generator's name and state). Arrays travel
as raw bytes plus dtype and shape, so whatever arrives in the grader is a plain
``numpy.ndarray`` built there: no subclass, no overridden ``__eq__``, no pickle,
nothing of the student's that could run code in the grader's process. A
generator is rebuilt from its state, with one of NumPy's own bit generators.

One thing more may travel from the grader into the kernel, never back: a
reference to a module-level function of the public course packages (or a
``functools.partial`` of one with plain-data arguments), so that a hidden test
can hand a cost function to an exercise such as ``numerical_gradient``. The
kernel rebuilds it by importing that public module itself.

This module runs on both sides (it is bound into the sandbox with the rest of
``guest``) and depends on ``json``, ``base64``, ``functools``, ``importlib`` and
``numpy`` only.
"""

import base64
import builtins
import functools
import importlib
import json

import numpy

# The builtins this module uses, taken when it is imported (the kernel host imports it before any
# student code runs): a student who rebinds ``builtins.float`` or ``isinstance`` later changes
# nothing here.
_isinstance, _float, _int, _str, _bool = builtins.isinstance, builtins.float, builtins.int, builtins.str, builtins.bool
_list, _tuple, _dict, _len, _type = builtins.list, builtins.tuple, builtins.dict, builtins.len, builtins.type
_callable, _getattr, _ValueError = builtins.callable, builtins.getattr, builtins.ValueError

#: Refuse to decode more than this many characters of encoded text.
MAX_ENCODED_CHARS = 64 * 1024 * 1024
#: Deepest nesting accepted either way.
MAX_DEPTH = 32
_NUMERIC_KINDS = "biufc"
#: Packages whose module-level functions may be sent by reference.
PUBLIC_PACKAGES = ("reg_utils", "testCases", "public_tests")
#: Bit generators a ``numpy.random.Generator`` may be rebuilt with.
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(ValueError):
    """A value that cannot be sent, or a message that is not in the format."""


def to_wire(value, depth=0):
    """Turn ``value`` into JSON-ready data; raise :class:`WireError` for anything else."""
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if value is None or _isinstance(value, (_bool, _str)):
        return value
    if _isinstance(value, numpy.ndarray) or _isinstance(value, numpy.generic):
        array = numpy.asarray(value)
        if array.dtype.kind not in _NUMERIC_KINDS:
            raise WireError(f"arrays of dtype {array.dtype} cannot be checked")
        tag = "nd" if _isinstance(value, numpy.ndarray) else "scalar"
        return {"~": tag, "dtype": array.dtype.str, "shape": _list(array.shape),
                "data": base64.b64encode(numpy.ascontiguousarray(array).tobytes()).decode("ascii")}
    if _isinstance(value, _int):
        return {"~": "int", "v": _str(_int(value))}
    if _isinstance(value, _float):
        return {"~": "float", "v": _float.hex(_float(value))}
    if _isinstance(value, (_list, _tuple)):
        return {"~": "list" if _isinstance(value, _list) else "tuple",
                "v": [to_wire(item, depth + 1) for item in value]}
    if _isinstance(value, _dict):
        return {"~": "dict", "v": [[to_wire(k, depth + 1), to_wire(v, depth + 1)] for k, v in value.items()]}
    if _isinstance(value, numpy.random.Generator):
        return {"~": "generator", "state": to_wire(value.bit_generator.state, depth + 1)}
    if _isinstance(value, functools.partial):
        return {"~": "partial", "fn": to_wire(value.func, depth + 1), "args": to_wire(_list(value.args), depth + 1),
                "kwargs": to_wire(_dict(value.keywords), depth + 1)}
    if _callable(value) and _public_function(value):
        return {"~": "fn", "module": value.__module__, "name": value.__qualname__}
    raise WireError(f"a value of type {_type(value).__name__} cannot be checked")


def _public_function(value):
    module = _getattr(value, "__module__", None) or ""
    name = _getattr(value, "__qualname__", "") or ""
    return (module.split(".")[0] in PUBLIC_PACKAGES and name.isidentifier()
            and _getattr(importlib.import_module(module), name, None) is value)


def _resolve_function(module, name):
    if not _isinstance(module, _str) or module.split(".")[0] not in PUBLIC_PACKAGES:
        raise WireError(f"functions of {module!r} cannot be sent")
    if not _isinstance(name, _str) or not name.isidentifier():
        raise WireError("malformed function reference")
    function = _getattr(importlib.import_module(module), name, None)
    if not _callable(function):
        raise WireError(f"{module}.{name} is not a function")
    return function


def from_wire(data, depth=0, functions=False):
    """Rebuild a value made by :func:`to_wire`, trusting nothing about ``data``."""
    if depth > MAX_DEPTH:
        raise WireError("the message is nested too deeply")
    if data is None or _isinstance(data, (_bool, _str)):
        return data
    if not _isinstance(data, _dict) or not _isinstance(data.get("~"), _str):
        raise WireError("malformed message")
    tag = data["~"]
    if tag in ("nd", "scalar"):
        dtype = numpy.dtype(_str(data["dtype"]))
        if dtype.kind not in _NUMERIC_KINDS:
            raise WireError(f"dtype {dtype} is not accepted")
        shape = _tuple(_int(n) for n in data["shape"])
        raw = base64.b64decode(_str(data["data"]), validate=True)
        array = numpy.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        return array if tag == "nd" else array[()]
    if tag == "int":
        return _int(_str(data["v"]))
    if tag == "float":
        return _float.fromhex(_str(data["v"]))
    if tag in ("list", "tuple"):
        items = [from_wire(item, depth + 1, functions) for item in data["v"]]
        return items if tag == "list" else _tuple(items)
    if tag == "dict":
        return {_hashable(from_wire(k, depth + 1, functions)): from_wire(v, depth + 1, functions)
                for k, v in data["v"]}
    if tag == "generator":
        return _generator(from_wire(data["state"], depth + 1))
    if tag in ("fn", "partial") and not functions:
        raise WireError("functions are not accepted here")
    if tag == "fn":
        return _resolve_function(data["module"], data["name"])
    if tag == "partial":
        return functools.partial(from_wire(data["fn"], depth + 1, True), *from_wire(data["args"], depth + 1, True),
                                 **from_wire(data["kwargs"], depth + 1, True))
    raise WireError(f"unknown tag {tag!r}")


def _generator(state):
    """A fresh ``numpy.random.Generator`` in ``state`` (made by one of NumPy's bit generators)."""
    kind = state.get("bit_generator") if _isinstance(state, _dict) else None
    if kind not in BIT_GENERATORS:
        raise WireError(f"bit generator {kind!r} is not accepted")
    bits = _getattr(numpy.random, kind)()
    bits.state = state
    return numpy.random.Generator(bits)


def _hashable(key):
    if _isinstance(key, numpy.ndarray):
        raise WireError("an array cannot be a dictionary key")
    if _isinstance(key, _list):
        raise WireError("a list cannot be a dictionary key")
    return key


def dumps(value) -> str:
    """Encode ``value`` as one JSON text."""
    return json.dumps(to_wire(value))


def loads(text: _str, functions: bool = False):
    """Decode a JSON text made by :func:`dumps`; :class:`WireError` if it is not one.

    ``functions``: accept references to public functions (only the kernel side does).
    """
    if _len(text) > MAX_ENCODED_CHARS:
        raise WireError(f"the message is larger than {MAX_ENCODED_CHARS} characters")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise WireError(f"not JSON: {exc}") from None
    try:
        return from_wire(data, functions=functions)
    except WireError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"malformed message: {exc}") from None
