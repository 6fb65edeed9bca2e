"""Public tests of the initialization exercises.

The initialisers never seed: each test seeds NumPy's global generator right
before the call, ``np.random.seed(3)`` for the published cases, so that the
draws are the ones the published course prints.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from testCases.initialization import (
    forward_hidden_layers_test_case,
    initialize_parameters_he_test_case,
    initialize_parameters_random_test_case,
    initialize_parameters_xavier_test_case,
    initialize_parameters_zeros_test_case,
)

from .compare import Mistake, call, check_array, check_unmodified, close_to, fail, passed, snapshot

PUBLISHED_SEED = 3

EXPECTED_RANDOM = {
    "W1": np.array([[17.88628473, 4.36509851, 0.96497468],
                    [-18.63492703, -2.77388203, -3.54758979]]),
    "b1": np.zeros((2, 1)),
    "W2": np.array([[-0.82741481, -6.27000677]]),
    "b2": np.zeros((1, 1)),
}

EXPECTED_HE = {
    (2, 4, 1): {
        "W1": np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                        [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
        "b1": np.zeros((4, 1)),
        "W2": np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
        "b2": np.zeros((1, 1)),
    },
    (3, 1, 2): {
        "W1": np.array([[1.46040903, 0.3564088, 0.07878985]]),
        "b1": np.zeros((1, 1)),
        "W2": np.array([[-2.63537665], [-0.39228616]]),
        "b2": np.zeros((2, 1)),
    },
}

# With the same seed, Xavier (sqrt(1/n)) draws the same numbers as He (sqrt(2/n)):
# its weights are He's divided by sqrt(2).
EXPECTED_XAVIER = {
    (2, 4, 1): {
        "W1": np.array([[1.26475132, 0.30865908], [0.06823401, -1.31768833],
                        [-0.19614308, -0.25085248], [-0.05850706, -0.44335643]]),
        "b1": np.zeros((4, 1)),
        "W2": np.array([[-0.02190908, -0.23860902, -0.65693238, 0.44231119]]),
        "b2": np.zeros((1, 1)),
    },
    (3, 1, 2): {
        "W1": np.array([[1.03266513, 0.25201908, 0.05571284]]),
        "b1": np.zeros((1, 1)),
        "W2": np.array([[-1.8634927], [-0.2773882]]),
        "b2": np.zeros((2, 1)),
    },
}


def _names(layers_dims: list[int]) -> list[str]:
    return [f"{kind}{layer}" for layer in range(1, len(layers_dims)) for kind in ("W", "b")]


def _check_keys(where: str, got: object, layers_dims: list[int]) -> None:
    """The result must be a dict with exactly W1, b1, ..., WL, bL."""
    if not isinstance(got, dict):
        fail(where, f"expected a dictionary of parameters, got a {type(got).__name__}")
    wanted = _names(layers_dims)
    missing = [key for key in wanted if key not in got]
    extra = sorted(str(key) for key in got if key not in wanted)
    if missing and all(key.startswith("b") for key in missing):
        fail(where, f"missing key(s) {missing}",
             details="  Hint (forgot the biases): every layer l = 1..L also needs its bias "
                     "b<l> = np.zeros((n_l, 1)).")
    if missing or extra:
        fail(where, f"expected exactly the keys {wanted}; missing {missing}, unexpected {extra}"
             + (" (the input layer has no parameters: start at l = 1)" if "W0" in extra or "b0" in extra else ""))


def _transposed(expected: np.ndarray) -> Callable[[object], bool]:
    return lambda got: np.shape(got) == expected.shape[::-1] and expected.shape[0] != expected.shape[1]


def _weight_mistakes(expected: np.ndarray, layers_dims: list[int], layer: int,
                     scale_rule: str | None) -> list[Mistake]:
    """Mistakes of an initialiser's W<layer>, given its expected value (same draws, other factor)."""
    n_in, n_out = layers_dims[layer - 1], layers_dims[layer]
    mistakes = [Mistake("W transposed", f"W{layer} has shape (n_l, n_(l-1)) = ({n_out}, {n_in}): one row per "
                        "unit of layer l, one column per unit of the layer below.", _transposed(expected))]
    if scale_rule in ("he", "xavier") and n_in != n_out:
        factor = 2.0 if scale_rule == "he" else 1.0
        mistakes.append(Mistake("n_l instead of n_(l-1)", f"the scale uses the size of the layer BELOW (the "
                                f"fan-in): sqrt({factor:g} / n_(l-1)) = sqrt({factor:g} / {n_in}), not "
                                f"sqrt({factor:g} / {n_out}).", close_to(expected * np.sqrt(n_in / n_out))))
    if scale_rule == "he":
        mistakes.append(Mistake("sqrt(1/n) for He", "He initialisation uses sqrt(2 / n_(l-1)); sqrt(1 / n_(l-1)) "
                                "is Xavier's scale, made for tanh.", close_to(expected / np.sqrt(2))))
    if scale_rule == "xavier":
        mistakes.append(Mistake("He's scale for Xavier", "Xavier initialisation uses sqrt(1 / n_(l-1)); "
                                "sqrt(2 / n_(l-1)) is He's scale, made for ReLU.", close_to(expected * np.sqrt(2))))
    return mistakes


def _bias_mistakes(layer: int) -> list[Mistake]:
    return [Mistake("drawing b at random", f"biases start at zero: b{layer} = np.zeros((n_l, 1)); the random "
                    "weights alone already break the symmetry.",
                    lambda got: isinstance(got, np.ndarray) and got.ndim == 2 and bool(np.any(got != 0)))]


def _rand_signature(layers_dims: list[int], layer: int, factor: float) -> np.ndarray:
    """W<layer> as drawn with rand (uniform on [0, 1)) instead of randn, after the published seed."""
    state = np.random.get_state()
    np.random.seed(PUBLISHED_SEED)
    draws = [np.random.rand(layers_dims[n], layers_dims[n - 1]) for n in range(1, layer + 1)]
    np.random.set_state(state)
    return draws[-1] * factor


def _check_initialiser(where: str, got: object, expected: dict[str, np.ndarray], layers_dims: list[int],
                       rand_factor: Callable[[int], float] | None = None, scale_rule: str | None = None) -> None:
    """Check an initialiser's parameters; ``scale_rule`` ("he" or "xavier") adds the hints of fan-in scales."""
    _check_keys(where, got, layers_dims)
    assert isinstance(got, dict)
    for name, value in expected.items():
        layer = int(name[1:])
        if name.startswith("W"):
            mistakes = _weight_mistakes(value, layers_dims, layer, scale_rule)
            if rand_factor is not None:
                mistakes.append(Mistake("rand instead of randn", "np.random.rand draws uniformly from [0, 1): "
                                        "every weight is positive. Use np.random.randn (standard normal).",
                                        close_to(_rand_signature(layers_dims, layer, rand_factor(layer)))))
        else:
            mistakes = _bias_mistakes(layer)
        check_array(f'{where}: parameters["{name}"]', got[name], value, mistakes=mistakes)


def _caller_draws(seed: int, layers_dims: list[int], factor: Callable[[int], float]) -> dict[str, np.ndarray]:
    """The parameters an initialiser must return when the caller seeds ``seed`` (the contract, written out)."""
    state = np.random.get_state()
    np.random.seed(seed)
    expected = {}
    for layer in range(1, len(layers_dims)):
        expected[f"W{layer}"] = np.random.randn(layers_dims[layer], layers_dims[layer - 1]) * factor(layer)
        expected[f"b{layer}"] = np.zeros((layers_dims[layer], 1))
    np.random.set_state(state)
    return expected


def _check_other_seed(where: str, target: Callable, layers_dims: list[int], factor: Callable[[int], float]) -> None:
    """Called after another seed, the function must use the caller's draws."""
    np.random.seed(0)
    got = call(where, target, list(layers_dims))
    expected = _caller_draws(0, layers_dims, factor)
    seeded_inside = Mistake("seeding inside the function", "the caller seeds the generator once; a function that "
                            "calls np.random.seed itself returns the same weights whatever the caller did. "
                            "Remove np.random.seed from your function.",
                            close_to(_caller_draws(PUBLISHED_SEED, layers_dims, factor)["W1"]))
    _check_keys(where, got, layers_dims)
    for name, value in expected.items():
        if not close_to(value)(got[name]):
            fail(where, f'parameters["{name}"] does not follow the draws of the caller\'s seed',
                 got=got[name], expected=value, mistakes=[seeded_inside] if name == "W1" else [])


def initialize_parameters_zeros_test(target: Callable) -> None:
    """Check ``target(layers_dims)`` on the published case [3, 2, 1] and a deeper network."""
    name = "initialize_parameters_zeros"
    for layers_dims in (initialize_parameters_zeros_test_case(), [4, 3, 3, 2]):
        before = snapshot({"layers_dims": layers_dims})
        got = call(name, target, layers_dims)
        check_unmodified(name, before, {"layers_dims": layers_dims})
        expected = {}
        for layer in range(1, len(layers_dims)):
            expected[f"W{layer}"] = np.zeros((layers_dims[layer], layers_dims[layer - 1]))
            expected[f"b{layer}"] = np.zeros((layers_dims[layer], 1))
        _check_initialiser(f"{name}({layers_dims})", got, expected, layers_dims)
    passed()


def initialize_parameters_random_test(target: Callable) -> None:
    """Check ``target(layers_dims, scale=10.0)`` on the published case (seed 3 before the call)."""
    name = "initialize_parameters_random"
    layers_dims = initialize_parameters_random_test_case()
    before = snapshot({"layers_dims": layers_dims})
    np.random.seed(PUBLISHED_SEED)
    got = call(name, target, layers_dims)
    check_unmodified(name, before, {"layers_dims": layers_dims})
    _check_initialiser(f"{name}({layers_dims}) after np.random.seed(3)", got, EXPECTED_RANDOM, layers_dims,
                       lambda layer: 10.0)
    np.random.seed(PUBLISHED_SEED)
    got = call(name, target, list(layers_dims), scale=0.5)
    scaled = {key: value * 0.05 for key, value in EXPECTED_RANDOM.items()}
    ignored = Mistake("scale ignored", "multiply by the argument `scale`, not by a fixed 10.",
                      close_to(EXPECTED_RANDOM["W1"]))
    _check_keys(f"{name}(..., scale=0.5)", got, layers_dims)
    check_array(f'{name}({layers_dims}, scale=0.5): parameters["W1"]', got["W1"], scaled["W1"], mistakes=[ignored])
    _check_other_seed(f"{name}([5, 4, 3]) after np.random.seed(0)", target, [5, 4, 3], lambda layer: 10.0)
    passed()


def _he_like_test(name: str, target: Callable, cases: list[list[int]], expected_by_case: dict,
                  rule: str, factor: float) -> None:
    # [3, 1, 2] first: on its W1 every usual mistake gives a different value (on [2, 4, 1],
    # sqrt(2 / n_l) and sqrt(1 / n_(l-1)) coincide for W1).
    for layers_dims in sorted(cases, key=lambda dims: dims != [3, 1, 2]):
        before = snapshot({"layers_dims": layers_dims})
        np.random.seed(PUBLISHED_SEED)
        got = call(name, target, layers_dims)
        check_unmodified(name, before, {"layers_dims": layers_dims})
        _check_initialiser(f"{name}({layers_dims}) after np.random.seed(3)", got,
                           expected_by_case[tuple(layers_dims)], layers_dims,
                           lambda layer, dims=layers_dims: np.sqrt(factor / dims[layer - 1]), scale_rule=rule)
    other = [5, 4, 3]
    _check_other_seed(f"{name}({other}) after np.random.seed(0)", target, other,
                      lambda layer: np.sqrt(factor / other[layer - 1]))


def initialize_parameters_he_test(target: Callable) -> None:
    """Check ``target(layers_dims)`` on the two published He cases (seed 3 before each call)."""
    _he_like_test("initialize_parameters_he", target, initialize_parameters_he_test_case(), EXPECTED_HE, "he", 2.0)
    passed()


def initialize_parameters_xavier_test(target: Callable) -> None:
    """Check ``target(layers_dims)`` on the He cases: same draws, scale sqrt(1 / n_(l-1))."""
    _he_like_test("initialize_parameters_xavier", target, initialize_parameters_xavier_test_case(),
                  EXPECTED_XAVIER, "xavier", 1.0)
    passed()


EXPECTED_LAYERS = {
    "relu": [np.array([[0.83935341, 0.01388163, 3.34797129, 1.87929619],
                       [0.0, 0.0334486, 0.0, 0.0]]),
             np.array([[0.0, 1.03792379, 0.0, 0.0],
                       [1.89594911, 1.75608953, 2.56341748, 2.17264686]])],
    "tanh": [np.array([[0.68546643, 0.01388074, 0.99753122, 0.95442947],
                       [-0.83141361, 0.03343613, -0.96479544, -0.77959558]]),
             np.array([[0.83891173, 0.77707617, 0.68199972, 0.53363551],
                       [-0.12719721, 0.94206127, -0.34782749, 0.06715621]])],
}

# What the usual mistakes give on the test case (layer 1 for most, layer 2 for the sigmoid).
_Z1 = np.array([[0.83935341, 0.01388163, 3.34797129, 1.87929619],
                [-1.19269756, 0.0334486, -2.01098393, -1.04433863]])
_NO_BIAS_A1 = {"relu": np.array([[0.0, 0.0, 1.86343428, 0.39475919], [0.0, 1.11325349, 0.0, 0.03546625]]),
               "tanh": np.array([[-0.56841867, -0.8997024, 0.95299515, 0.37545582],
                                 [-0.11241551, 0.80520944, -0.73114313, 0.03545139]])}
_SIGMOID_A2 = {"relu": np.array([[0.36904366, 0.7384492, 0.00407953, 0.06958731],
                                 [0.86943236, 0.85271922, 0.92846976, 0.89776616]]),
               "tanh": np.array([[0.77162125, 0.73845374, 0.69695577, 0.64456068],
                                 [0.46807102, 0.85271546, 0.41024078, 0.51680802]])}


def _layer_mistakes(activation: str, layer: int) -> list[Mistake]:
    other = "tanh" if activation == "relu" else "relu"
    mistakes = [Mistake("activation ignored", f"apply the activation named by the argument ({activation!r}): "
                        f"you applied {other}.", close_to(EXPECTED_LAYERS[other][layer - 1]))]
    if layer == 1:
        mistakes += [
            Mistake("returned Z instead of A", "each entry of the list is the layer's output A = g(Z), after "
                    "the activation, not the linear part Z = W A_prev + b.", close_to(_Z1)),
            Mistake("forgot the bias", "Z = np.dot(W, A_prev) + b: add the layer's bias.",
                    close_to(_NO_BIAS_A1[activation])),
        ]
    else:
        mistakes.append(Mistake("sigmoid on the last layer", "this stack has no output layer: every layer, "
                                "the last one too, applies the same activation.",
                                close_to(_SIGMOID_A2[activation])))
    return mistakes


def forward_hidden_layers_test(target: Callable) -> None:
    """Check ``target(X, parameters, activation)`` on a 3-2-2 stack with "relu" and with "tanh"."""
    name = "forward_hidden_layers"
    for activation, expected in EXPECTED_LAYERS.items():
        X, parameters = forward_hidden_layers_test_case()
        where = f'{name}(X, parameters, "{activation}")'
        before = snapshot({"X": X, "parameters": parameters})
        got = call(name, target, X, parameters, activation)
        check_unmodified(name, before, {"X": X, "parameters": parameters})
        if not isinstance(got, (list, tuple)):
            fail(where, f"expected a list [A1, A2], got a {type(got).__name__}")
        if len(got) != len(expected):
            included_input = ("  Hint (included the input): the list holds the outputs of layers 1..L only; "
                              "X is not one of them.")
            fail(where, f"expected a list of {len(expected)} arrays (A1, A2), got {len(got)}",
                 details=included_input if len(got) == len(expected) + 1 else "")
        for layer, (value, want) in enumerate(zip(got, expected), start=1):
            check_array(f"{where}[{layer - 1}] (A{layer})", value, want,
                        mistakes=_layer_mistakes(activation, layer))
    passed()
