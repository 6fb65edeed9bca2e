"""Every public test accepts correct answers and rejects each usual mistake with its hint.

Mistakes are made from the reference solution (read from the source
notebooks) by a small edit of its source or a wrapper around it, so they
follow the solution if it changes; an edit that no longer applies fails loudly.
"""

from __future__ import annotations

import numpy as np
import pytest

import public_tests as pt
from reg_utils import compute_cost, relu, sigmoid


def mutate(sources: dict, grade_id: str, *edits: tuple[str, str]):
    """Compile the solution of ``grade_id`` after replacing text; return the function."""
    source = sources[grade_id]
    for old, new in edits:
        assert old in source, f"the edit {old!r} no longer applies to the {grade_id} solution"
        source = source.replace(old, new)
    namespace = {"np": np, "relu": relu, "sigmoid": sigmoid, "compute_cost": compute_cost}
    exec(source, namespace)
    return namespace[grade_id]


def rejects(test, target, hint: str | None, match: str | None = None):
    with pytest.raises(AssertionError) as info:
        test(target)
    message = str(info.value)
    if hint is not None:
        assert f"Hint ({hint})" in message, message
    if match is not None:
        assert match in message, message
    return message


# --------------------------------------------------------------------------- acceptance
ALL = ["count_parameters", "mean_abs_weights", "compute_cost_with_regularization",
       "backward_propagation_with_regularization", "forward_propagation_with_dropout",
       "backward_propagation_with_dropout"]


@pytest.mark.parametrize("name", ALL)
def test_reference_solution_passes(sol, name, capsys):
    getattr(pt, f"{name}_test")(getattr(sol, name))
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


def test_independent_correct_variants_pass(capsys):
    def cost(A3, Y, parameters, lambd):
        m = A3.shape[1]
        norms = [np.linalg.norm(parameters[k]) ** 2 for k in ("W1", "W2", "W3")]
        return float(compute_cost(A3, Y) + lambd * sum(norms) / m / 2)

    def forward(X, parameters, keep_prob=0.5):
        W = [parameters[f"W{i}"] for i in (1, 2, 3)]
        b = [parameters[f"b{i}"] for i in (1, 2, 3)]
        Z1 = W[0] @ X + b[0]
        D1 = (np.random.rand(*Z1.shape) < keep_prob).astype(int)
        A1 = np.where(D1 == 1, relu(Z1) / keep_prob, 0.0)
        Z2 = W[1] @ A1 + b[1]
        D2 = (np.random.rand(*Z2.shape) < keep_prob).astype(int)
        A2 = np.where(D2 == 1, relu(Z2) / keep_prob, 0.0)
        Z3 = W[2] @ A2 + b[2]
        A3 = sigmoid(Z3)
        return A3, (Z1, D1, A1, W[0], b[0], Z2, D2, A2, W[1], b[1], Z3, A3, W[2], b[2])

    def count(layer_dims):
        return int(np.sum([(a + 1) * b for a, b in zip(layer_dims, layer_dims[1:])]))

    pt.compute_cost_with_regularization_test(cost)
    pt.forward_propagation_with_dropout_test(forward)
    pt.count_parameters_test(count)
    assert capsys.readouterr().out.count("All tests passed.") == 3


# --------------------------------------------------------------------------- L2 cost
@pytest.mark.parametrize("factor, hint", [
    ("m", "missing 1/m"),
    ("2", "lambda instead of lambda/2"),
])
def test_cost_rejects_scaled_penalties(sol, factor, hint):
    def wrong(A3, Y, p, lambd):
        m = Y.shape[1]
        return sol.compute_cost_with_regularization(A3, Y, p, lambd * (m if factor == "m" else 2))

    message = rejects(pt.compute_cost_with_regularization_test, wrong, hint)
    assert "expected:" in message and "1.7864859451590758" in message and "got:" in message


def test_cost_rejects_penalised_biases(sol):
    def wrong(A3, Y, p, lambd):
        biases = sum(np.sum(np.square(p[k])) for k in ("b1", "b2", "b3"))
        return sol.compute_cost_with_regularization(A3, Y, p, lambd) + lambd / (2 * Y.shape[1]) * biases

    rejects(pt.compute_cost_with_regularization_test, wrong, "penalising the biases")


def test_cost_rejects_penalty_alone_and_array_result(sol):
    rejects(pt.compute_cost_with_regularization_test,
            lambda A3, Y, p, lambd: sol.compute_cost_with_regularization(A3, Y, p, lambd) - compute_cost(A3, Y),
            "forgot the cross-entropy")
    rejects(pt.compute_cost_with_regularization_test,
            lambda A3, Y, p, lambd: np.array([[sol.compute_cost_with_regularization(A3, Y, p, lambd)]]),
            None, match="expected a single number")


def test_cost_rejects_modified_inputs(sol):
    def wrong(A3, Y, p, lambd):
        cost = sol.compute_cost_with_regularization(A3, Y, p, lambd)
        p["W1"] *= 0.5
        return cost

    rejects(pt.compute_cost_with_regularization_test, wrong, "modifying the inputs in place")


# --------------------------------------------------------------------------- L2 backward
@pytest.mark.parametrize("scale, hint", [
    (0.0, "forgot the L2 term"),
    ("m", "missing 1/m"),
    (0.5, "lambda/2 in the gradient"),
    (2.0, "lambda instead of lambda/2"),
])
def test_l2_backward_rejects_wrong_penalty_gradients(sol, scale, hint):
    def wrong(X, Y, cache, lambd):
        factor = X.shape[1] if scale == "m" else scale
        return sol.backward_propagation_with_regularization(X, Y, cache, lambd * factor)

    message = rejects(pt.backward_propagation_with_regularization_test, wrong, hint)
    assert 'gradients["dW3"]' in message and "first difference at index" in message


def test_l2_backward_rejects_penalised_biases(sol):
    def wrong(X, Y, cache, lambd):
        grads = sol.backward_propagation_with_regularization(X, Y, cache, lambd)
        grads["db3"] = grads["db3"] + lambd / X.shape[1] * cache[11]
        return grads

    rejects(pt.backward_propagation_with_regularization_test, wrong, "penalising the biases")


def test_l2_backward_rejects_a_missing_key_and_in_place_change(sol):
    def missing(X, Y, cache, lambd):
        grads = sol.backward_propagation_with_regularization(X, Y, cache, lambd)
        del grads["dA1"]
        return grads

    rejects(pt.backward_propagation_with_regularization_test, missing, None, match="missing key(s) ['dA1']")

    def in_place(X, Y, cache, lambd):
        grads = sol.backward_propagation_with_regularization(X, Y, cache, lambd)
        cache[0][:] = 0.0
        return grads

    rejects(pt.backward_propagation_with_regularization_test, in_place, "modifying the inputs in place")


# --------------------------------------------------------------------------- dropout forward
FWD = "forward_propagation_with_dropout"


def test_forward_rejects_no_rescaling(solution_sources):
    wrong = mutate(solution_sources, FWD, ("A1 = A1 * D1 / keep_prob", "A1 = A1 * D1"),
                   ("A2 = A2 * D2 / keep_prob", "A2 = A2 * D2"))
    rejects(pt.forward_propagation_with_dropout_test, wrong, "not dividing by keep_prob")


@pytest.mark.parametrize("flip", ["A1.shape[1]) >= keep_prob", "A1.shape[1]) < 1 - keep_prob"])
def test_forward_rejects_keeping_with_1_minus_keep_prob(solution_sources, flip):
    wrong = mutate(solution_sources, FWD, ("A1.shape[1]) < keep_prob", flip))
    rejects(pt.forward_propagation_with_dropout_test, wrong, "keeping with probability 1-keep_prob")


def test_forward_rejects_dropout_on_input_and_output(solution_sources):
    on_input = mutate(solution_sources, FWD, (
        "Z1 = np.dot(W1, X) + b1",
        "X = X * (np.random.rand(X.shape[0], X.shape[1]) < keep_prob) / keep_prob\n    Z1 = np.dot(W1, X) + b1"))
    rejects(pt.forward_propagation_with_dropout_test, on_input, "dropout on the input layer")
    on_output = mutate(solution_sources, FWD, (
        "A3 = sigmoid(Z3)", "A3 = sigmoid(Z3) * (np.random.rand(1, Z3.shape[1]) < keep_prob) / keep_prob"))
    rejects(pt.forward_propagation_with_dropout_test, on_output, "dropout on the output layer")


def test_forward_rejects_seeding_inside(solution_sources):
    wrong = mutate(solution_sources, FWD, ("Z1 = np.dot(W1, X) + b1", "np.random.seed(1)\n    Z1 = np.dot(W1, X) + b1"))
    rejects(pt.forward_propagation_with_dropout_test, wrong, "seeding inside the function")


def test_forward_rejects_per_unit_masks(solution_sources):
    wrong = mutate(solution_sources, FWD,
                   ("np.random.rand(A1.shape[0], A1.shape[1])", "np.random.rand(A1.shape[0], 1)"),
                   ("np.random.rand(A2.shape[0], A2.shape[1])", "np.random.rand(A2.shape[0], 1)"))
    rejects(pt.forward_propagation_with_dropout_test, wrong, "one mask entry per unit")


def test_forward_rejects_modified_parameters(sol):
    def wrong(X, parameters, keep_prob=0.5):
        out = sol.forward_propagation_with_dropout(X, parameters, keep_prob)
        parameters["b1"] += 1.0
        return out

    rejects(pt.forward_propagation_with_dropout_test, wrong, "modifying the inputs in place")


# --------------------------------------------------------------------------- dropout backward
BWD = "backward_propagation_with_dropout"


def test_backward_rejects_no_rescaling(solution_sources):
    wrong = mutate(solution_sources, BWD, ("dA2 = dA2 * D2 / keep_prob", "dA2 = dA2 * D2"),
                   ("dA1 = dA1 * D1 / keep_prob", "dA1 = dA1 * D1"))
    message = rejects(pt.backward_propagation_with_dropout_test, wrong, "not dividing by keep_prob")
    assert 'gradients["dA2"]' in message


def test_backward_rejects_a_new_mask(solution_sources):
    wrong = mutate(solution_sources, BWD, ("dA2 = dA2 * D2 / keep_prob",
                                           "dA2 = dA2 * (np.random.rand(*dA2.shape) < keep_prob) / keep_prob"))
    rejects(pt.backward_propagation_with_dropout_test, wrong, "drawing a new mask in backward")


def test_backward_rejects_a_missing_mask(solution_sources):
    wrong = mutate(solution_sources, BWD, ("dA2 = dA2 * D2 / keep_prob", "dA2 = dA2 / keep_prob"))
    rejects(pt.backward_propagation_with_dropout_test, wrong, "mask not applied")


def test_backward_rejects_in_place_change(sol):
    def wrong(X, Y, cache, keep_prob):
        grads = sol.backward_propagation_with_dropout(X, Y, cache, keep_prob)
        cache[1][0, 0] = not cache[1][0, 0]
        return grads

    rejects(pt.backward_propagation_with_dropout_test, wrong, "modifying the inputs in place")


# --------------------------------------------------------------------------- baseline exercises
def test_count_parameters_rejects_the_usual_mistakes():
    weights_only = lambda dims: sum(a * b for a, b in zip(dims, dims[1:]))  # noqa: E731
    rejects(pt.count_parameters_test, weights_only, "forgot the biases")
    rejects(pt.count_parameters_test, lambda dims: sum(dims), "counted units, not parameters")
    rejects(pt.count_parameters_test, lambda dims: str(127), None, match="whole number")


def test_mean_abs_weights_rejects_the_usual_mistakes(sol):
    signed = lambda p: {k: float(np.mean(p[k])) for k in ("W1", "W2", "W3")}  # noqa: E731
    rejects(pt.mean_abs_weights_test, signed, "forgot the absolute value")
    summed = lambda p: {k: float(np.sum(np.abs(p[k]))) for k in ("W1", "W2", "W3")}  # noqa: E731
    rejects(pt.mean_abs_weights_test, summed, "sum instead of mean")
    with_biases = lambda p: {k: float(np.mean(np.abs(v))) for k, v in p.items()}  # noqa: E731
    rejects(pt.mean_abs_weights_test, with_biases, "included the biases")
