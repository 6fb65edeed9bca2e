"""Helpers of the initialization lesson: training from given weights, and a look inside a deep stack.

:func:`train_network` runs the same gradient descent as :func:`reg_utils.train`
but starts from the parameters it is given, so that the only thing that differs
between two runs is the initialisation.

The "why" part of the lesson pushes data through a deep stack of identical
hidden layers (every layer applies the same activation; there is no output
layer). :func:`backward_through_layers` sends a gradient back down such a stack
from its activations, and :func:`plot_layer_histograms` draws one histogram per
layer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from .cost import compute_cost
from .network import Parameters, backward_propagation, forward_propagation, update_parameters
from .training import TrainingRun

#: Activations of the deep stack, by name.
ACTIVATIONS = ("relu", "tanh")


def train_network(
    X: np.ndarray,
    Y: np.ndarray,
    parameters: Parameters,
    learning_rate: float = 0.01,
    num_iterations: int = 15000,
    print_every: int | None = None,
    record_every: int = 1000,
) -> TrainingRun:
    """Full-batch gradient descent on the 3-layer network, starting from ``parameters``.

    Draws no random numbers and leaves ``parameters`` unchanged.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        parameters: initial ``W1, b1, W2, b2, W3, b3`` (any compatible sizes).
        learning_rate, num_iterations: of gradient descent.
        print_every: print the cost every so many iterations (None: silent).
        record_every: keep the cost every so many iterations.

    Returns:
        A :class:`TrainingRun` with the final parameters and the recorded costs
        (``inf`` where the network was confidently wrong).
    """
    costs: list[float] = []
    current_parameters = dict(parameters)
    for i in range(num_iterations):
        A3, cache = forward_propagation(X, current_parameters)
        if i % record_every == 0 or (print_every and i % print_every == 0):
            cost = float(compute_cost(A3, Y))
            if i % record_every == 0:
                costs.append(cost)
            if print_every and i % print_every == 0:
                print(f"Cost after iteration {i}: {cost}")
        grads = backward_propagation(X, Y, cache)
        current_parameters = update_parameters(current_parameters, grads, learning_rate)
    return TrainingRun(parameters=current_parameters, costs=costs, record_every=record_every)


def activation_derivative(A: np.ndarray, activation: str) -> np.ndarray:
    """g'(Z) written in terms of the output A = g(Z): relu -> 1 where A > 0, tanh -> 1 - A**2.

    Raises:
        ValueError: ``activation`` is not ``"relu"`` or ``"tanh"``.
    """
    if activation == "relu":
        return (A > 0).astype(np.float64)
    if activation == "tanh":
        return 1.0 - np.square(A)
    raise ValueError(f"activation must be one of {ACTIVATIONS}, got {activation!r}")


def backward_through_layers(
    X: np.ndarray,
    activations: Sequence[np.ndarray],
    parameters: Parameters,
    activation: str,
    upstream: np.ndarray | None = None,
) -> list[np.ndarray]:
    """Send a gradient from the top of a deep stack back to its first layer.

    The stack is ``A[l] = g(W[l] A[l-1] + b[l])`` for l = 1..L with ``A[0] = X``
    and the same activation g in every layer. The loss is ``sum(upstream * A[L]) / m``,
    so ``upstream`` plays the part of the gradient arriving from layers above.

    Args:
        X: inputs, shape (n_0, m).
        activations: ``[A1, ..., AL]``, A[l] of shape (n_l, m).
        parameters: ``W1 .. WL`` (the b's are not needed).
        activation: ``"relu"`` or ``"tanh"``.
        upstream: shape of A[L]; by default standard normal numbers from
            ``np.random.default_rng(0)`` (the global generator is not touched).

    Returns:
        ``[dW1, ..., dWL]``, dW[l] shaped like W[l].
    """
    m = X.shape[1]
    layers = len(activations)
    if upstream is None:
        upstream = np.random.default_rng(0).standard_normal(activations[-1].shape)
    dA = np.asarray(upstream, dtype=np.float64) / m
    grads: list[np.ndarray] = [np.empty(0)] * layers
    for layer in range(layers, 0, -1):
        dZ = dA * activation_derivative(activations[layer - 1], activation)
        below = X if layer == 1 else activations[layer - 2]
        grads[layer - 1] = np.dot(dZ, below.T)
        dA = np.dot(parameters[f"W{layer}"].T, dZ)
    return grads


def plot_layer_histograms(
    activations: Sequence[np.ndarray],
    axes: Sequence[Axes],
    value_range: tuple[float, float] | None = None,
    bins: int = 40,
    label: str | None = None,
) -> Sequence[Axes]:
    """One histogram of the values of each layer's activations, layer l on ``axes[l-1]``.

    Each panel is titled ``layer l`` and notes the standard deviation of that
    layer's values. Returns ``axes``.

    Args:
        activations: ``[A1, ..., AL]``.
        axes: at least as many Axes as layers.
        value_range: the histograms' common x range (default: each layer's own).
        bins: number of bins.
        label: written on the y axis of the first panel (e.g. the initialisation's name).
    """
    if len(axes) < len(activations):
        raise ValueError(f"{len(activations)} layers need as many axes, got {len(axes)}")
    for layer, (A, ax) in enumerate(zip(activations, axes), start=1):
        ax.hist(np.ravel(A), bins=bins, range=value_range, color="#0072B2")
        ax.set_title(f"layer {layer}", fontsize=9)
        ax.text(0.97, 0.92, f"std {np.std(A):.2g}", transform=ax.transAxes, ha="right", va="top", fontsize=8)
        ax.set_yticks([])
        ax.tick_params(axis="x", labelsize=7)
    if label:
        axes[0].set_ylabel(label)
    return axes
