"""Full-batch gradient descent for the 3-layer network, with pluggable steps.

The loop is shared by the baseline, the L2 and the dropout models; only the
three steps differ, so each notebook passes its own forward, cost and backward
functions (the graded ones) and this module owns the bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .cost import compute_cost
from .network import Parameters, backward_propagation, forward_propagation, initialize_parameters, update_parameters

ForwardFn = Callable[[np.ndarray, Parameters], tuple[np.ndarray, tuple]]
CostFn = Callable[[np.ndarray, np.ndarray, Parameters], float]
BackwardFn = Callable[[np.ndarray, np.ndarray, tuple], dict]


@dataclass
class TrainingRun:
    """What :func:`train` returns: the learned parameters and the recorded costs."""

    parameters: Parameters
    costs: list[float] = field(default_factory=list)
    record_every: int = 1000
    #: A label of how the model was trained, e.g. "L2, lambd = 1" (kept by :func:`reg_utils.save_run`).
    note: str = ""


def _plain_cost(A3: np.ndarray, Y: np.ndarray, parameters: Parameters) -> float:
    return compute_cost(A3, Y)


def train(
    X: np.ndarray,
    Y: np.ndarray,
    *,
    forward: ForwardFn = forward_propagation,
    cost: CostFn = _plain_cost,
    backward: BackwardFn = backward_propagation,
    learning_rate: float = 0.3,
    num_iterations: int = 30000,
    hidden_sizes: tuple[int, int] = (20, 3),
    print_every: int | None = 10000,
    record_every: int = 1000,
    seed: int = 1,
) -> TrainingRun:
    """Train the network ``[n_x, 20, 3, 1]`` with full-batch gradient descent.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (1, m).
        forward: ``forward(X, parameters) -> (A3, cache)``.
        cost: ``cost(A3, Y, parameters) -> float``; called only on the iterations
            whose cost is printed or recorded (the gradients do not need it).
        backward: ``backward(X, Y, cache) -> grads`` with ``dW1 .. db3``.
        learning_rate, num_iterations: as in the reference (0.3, 30000).
        hidden_sizes: sizes of the two hidden layers.
        print_every: print the cost every so many iterations (None: silent).
        record_every: keep the cost every so many iterations.
        seed: seeds NumPy's global generator once, after initialisation, so
            that a forward pass that draws dropout masks gets fresh masks at
            every iteration and the whole run is still reproducible.

    Returns:
        A :class:`TrainingRun` with the final parameters and the recorded costs.
    """
    parameters = initialize_parameters([X.shape[0], *hidden_sizes, 1])
    np.random.seed(seed)
    costs: list[float] = []
    for i in range(num_iterations):
        A3, cache = forward(X, parameters)
        printing = bool(print_every) and i % print_every == 0
        recording = i % record_every == 0
        if printing or recording:  # the cost only feeds the log, so it is computed only then
            current = float(cost(A3, Y, parameters))
            if printing:
                print(f"Cost after iteration {i}: {current}")
            if recording:
                costs.append(current)
        grads = backward(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
    return TrainingRun(parameters=parameters, costs=costs, record_every=record_every)
