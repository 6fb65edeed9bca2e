"""The wire format at its limits: nesting depth through every container, scalars, function references."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from grading.sandbox.guest import wire
from reg_utils import relu

LIMIT = wire.MAX_DEPTH  # 32: the deepest item sits at depth 32


def _lists(n, inner=0):
    for _ in range(n):
        inner = [inner]
    return inner


def _dict_values(n, inner=0):
    for _ in range(n):
        inner = {"k": inner}
    return inner


def _tuple_keys(n):
    inner = 0
    for _ in range(n - 1):
        inner = (inner,)
    return {inner: 1}  # the key's innermost item is at depth n


@pytest.mark.parametrize("build", [_lists, _dict_values, _tuple_keys])
def test_to_wire_accepts_the_deepest_nesting_and_refuses_one_more(build):
    value = build(LIMIT)
    assert wire.loads(wire.dumps(value)) == value
    with pytest.raises(wire.WireError, match="^the value is nested too deeply$"):
        wire.to_wire(build(LIMIT + 1))


def test_partials_count_their_parts_as_one_level_deeper():
    ok = functools.partial(relu, _lists(LIMIT - 2))  # partial -> args list -> nested lists
    back = wire.loads(wire.dumps(ok), functions=True)
    assert back.func is relu and back.args == (_lists(LIMIT - 2),)
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.to_wire(functools.partial(relu, _lists(LIMIT - 1)))
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.to_wire(functools.partial(relu, x=_lists(LIMIT - 1)))
    assert wire.loads(wire.dumps(functools.partial(relu, x=_lists(LIMIT - 2))), functions=True).keywords == {
        "x": _lists(LIMIT - 2)}
    with pytest.raises(wire.WireError, match="nested too deeply"):
        wire.to_wire(_lists(LIMIT, functools.partial(relu)))  # its function would sit at depth 33
    assert wire.to_wire(_lists(LIMIT - 1, functools.partial(relu)))


@pytest.mark.parametrize("build", [_lists, _dict_values, _tuple_keys])
def test_from_wire_refuses_a_message_nested_too_deeply(build):
    deep = json.dumps(wire.to_wire(build(LIMIT)))
    deeper = deep
    deeper = json.dumps({"~": "list", "v": [json.loads(deeper)]})
    assert wire.loads(deep) == build(LIMIT)
    with pytest.raises(wire.WireError, match="^the message is nested too deeply$"):
        wire.loads(deeper)


def test_scalars_stay_scalars_and_arrays_arrays():
    data = wire.to_wire(np.float32(1.5))
    assert data == {"~": "scalar", "dtype": "<f4", "shape": [], "data": "AADAPw=="}
    back = wire.loads(wire.dumps(np.float32(1.5)))
    assert type(back) is np.float32 and back == 1.5
    array = wire.to_wire(np.array([[1, 2]], dtype=np.int16))
    assert array == {"~": "nd", "dtype": "<i2", "shape": [1, 2], "data": "AQACAA=="}
    zero_d = wire.loads(wire.dumps(np.array(2.0)))
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()
    with pytest.raises(wire.WireError, match="^arrays of dtype <U1 cannot be checked$"):
        wire.to_wire(np.array(["a"]))


def test_only_module_level_functions_of_the_public_packages_travel():
    assert wire.to_wire(relu) == {"~": "fn", "module": "reg_utils.activations", "name": "relu"}
    for value in (json.dumps, lambda x: x, np.sum, print):
        with pytest.raises(wire.WireError, match="^a value of type .* cannot be checked$"):
            wire.to_wire(value)

    class NoNames:
        def __call__(self):
            return 1

    with pytest.raises(wire.WireError, match="^a value of type NoNames cannot be checked$"):
        wire.to_wire(NoNames())
    import reg_utils.activations as activations

    def relu_lookalike(z):
        return z

    relu_lookalike.__module__, relu_lookalike.__qualname__ = "reg_utils.activations", "relu"
    assert activations.relu is not relu_lookalike
    with pytest.raises(wire.WireError):
        wire.to_wire(relu_lookalike)


@pytest.mark.parametrize("module, name, message", [
    ("json", "dumps", "^functions of 'json' cannot be sent$"),
    (3, "relu", "^functions of 3 cannot be sent$"),
    ("reg_utils.activations", "not an id", "^malformed function reference$"),
    ("reg_utils.activations", 5, "^malformed function reference$"),
    ("reg_utils.activations", "nothing_here", "^reg_utils.activations.nothing_here is not a function$"),
    ("reg_utils.plotting", "OUR_TEAM", "^reg_utils.plotting.OUR_TEAM is not a function$"),
])
def test_function_references_are_resolved_only_in_the_public_packages(module, name, message):
    text = json.dumps({"~": "fn", "module": module, "name": name})
    with pytest.raises(wire.WireError, match=message):
        wire.loads(text, functions=True)
    with pytest.raises(wire.WireError, match="^functions are not accepted here$"):
        wire.loads(text)


def test_generators_travel_as_their_state_with_numpys_own_bit_generators():
    for bits in (np.random.PCG64(3), np.random.MT19937(3), np.random.Philox(3), np.random.SFC64(3)):
        original = np.random.Generator(bits)
        original.random(5)
        copy = wire.loads(wire.dumps({"rng": original}))["rng"]
        assert type(copy) is np.random.Generator and copy is not original
        assert type(copy.bit_generator) is type(bits)
        assert np.array_equal(copy.random(4), original.random(4))


@pytest.mark.parametrize("state, says", [
    ({"bit_generator": "os.system"}, "^bit generator 'os.system' is not accepted$"),
    ({"bit_generator": "PCG64", "state": "x"}, "malformed message"),
    ([1], "^bit generator None is not accepted$"),
    (None, "^bit generator None is not accepted$")])
def test_a_generator_state_that_is_not_one_is_refused(state, says):
    text = json.dumps({"~": "generator", "state": wire.to_wire(state)})
    with pytest.raises(wire.WireError, match=says):
        wire.loads(text)


def test_a_generators_state_counts_two_levels_deeper_than_the_generator():
    # PCG64's state: {"state": {"state": int, "inc": int}, ...}: its numbers sit three levels below the generator.
    ok, deep = _lists(LIMIT - 3, np.random.default_rng(0)), _lists(LIMIT - 2, np.random.default_rng(0))
    assert wire.loads(wire.dumps(ok))
    with pytest.raises(wire.WireError, match="^the value is nested too deeply$"):
        wire.to_wire(deep)
    message = json.dumps({"~": "list", "v": [json.loads(wire.dumps(ok))]})
    with pytest.raises(wire.WireError, match="^the message is nested too deeply$"):
        wire.loads(message)


def test_partials_decode_their_parts_one_level_deeper_with_functions_allowed():
    def message(args=(), kwargs=None):
        return json.dumps({"~": "partial", "fn": wire.to_wire(relu), "args": wire.to_wire(list(args)),
                           "kwargs": wire.to_wire(kwargs or {})})

    back = wire.loads(message([relu], {"f": relu, "g": [relu]}), functions=True)
    assert back.args == (relu,) and back.keywords == {"f": relu, "g": [relu]}
    assert wire.loads(message([_lists(LIMIT - 2)]), functions=True).args == (_lists(LIMIT - 2),)
    for deep in (message([_lists(LIMIT - 1)]), message(kwargs={"x": _lists(LIMIT - 1)})):
        with pytest.raises(wire.WireError, match="^the message is nested too deeply$"):
            wire.loads(deep, functions=True)
    partial_at_limit = json.dumps(wire.to_wire(_lists(LIMIT - 1, functools.partial(relu))))
    assert wire.loads(partial_at_limit, functions=True)  # its function sits at depth 32 exactly


def test_function_keys_and_partials_are_refused_unless_functions_are_allowed():
    assert wire.loads(wire.dumps({relu: 1}), functions=True) == {relu: 1}
    for value in (functools.partial(relu), {"k": functools.partial(relu, 1)}, {relu: 1}):
        with pytest.raises(wire.WireError, match="^functions are not accepted here$"):
            wire.loads(wire.dumps(value))
    with pytest.raises(wire.WireError, match="^functions are not accepted here$"):
        wire.from_wire(wire.to_wire(relu))  # the default refuses them too


def test_callables_that_are_not_public_functions_are_refused_with_a_wire_error():
    impostor = lambda x: x  # noqa: E731 - a function claiming a public module's name that it does not hold
    impostor.__module__, impostor.__qualname__ = "reg_utils.activations", "not_there"
    for value in ((1).__add__, impostor, print):
        with pytest.raises(wire.WireError, match="cannot be checked"):
            wire.dumps(value)


@pytest.mark.parametrize("text, says", [
    ('{"~": "nd", "dtype": "<f8", "shape": [1], "data": "@@@@AAAAAAAAAAA="}', "malformed message"),
    ('{"~": "nd", "dtype": "|O", "shape": [1], "data": ""}', "^dtype object is not accepted$"),
    ('{"~": "mystery"}', "^unknown tag 'mystery'$"),
    ('{"v": 1}', "^malformed message$"),
    ('{"~": "int"}', "^malformed message: 'v'$"),
    ("{oops", "^not JSON: Expecting property name"),
    ('{"~": "dict", "v": [[{"~": "nd", "dtype": "<f8", "shape": [0], "data": ""}, 1]]}',
     "^an array cannot be a dictionary key$"),
    ('{"~": "dict", "v": [[{"~": "list", "v": []}, 1]]}', "^a list cannot be a dictionary key$"),
])
def test_refusals_say_what_is_wrong(text, says):
    with pytest.raises(wire.WireError, match=says):
        wire.loads(text)


def test_the_size_limit_admits_a_message_of_exactly_the_limit():
    text = '"' + "a" * (wire.MAX_ENCODED_CHARS - 2) + '"'
    assert len(wire.loads(text)) == wire.MAX_ENCODED_CHARS - 2
    with pytest.raises(wire.WireError, match="larger than"):
        wire.loads(text + " ")
