"""Training, evaluation and search for the networks of :mod:`reg_utils.layers`.

:func:`train_layers` is full-batch gradient descent on a :class:`~reg_utils.layers.Sequential`
with a softmax cross-entropy loss; the regularisers plug in as arguments (a
:class:`~reg_utils.layers.Penalty`, a weight-decay lambd) and dropout as layers
inside the network. It records train and dev accuracy every ``eval_every``
iterations and keeps a copy of the weights at each record, so that early
stopping can go back to the weights of any recorded iteration.

:func:`random_search` draws settings with a sampler you pass in and scores each
one with a function you pass in: the search itself holds no answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from threadpoolctl import threadpool_limits

from .digits import one_hot
from .layers import (
    DropoutClass,
    Penalty,
    Sequential,
    SoftmaxCrossEntropy,
    build_network,
    l2_penalty,
    weight_decay_update,
)

#: The digits network of ``regularization_toolbox``: 64 pixels, two hidden ReLU layers of 48 units, 10 classes.
DIGITS_LAYER_SIZES = (64, 48, 48, 10)
#: Its full-batch gradient descent: step size, number of steps, steps between two records.
DIGITS_LEARNING_RATE = 0.15
DIGITS_ITERATIONS = 1200
DIGITS_EVAL_EVERY = 25


@dataclass
class LayerHistory:
    """What :func:`train_layers` records, one entry per evaluation (every ``eval_every`` iterations).

    ``iterations[k]`` is the number of gradient steps taken before evaluation
    ``k``; ``parameters[k]`` is a copy of the weights at that moment (or empty
    when snapshots were switched off).
    """

    iterations: list[int] = field(default_factory=list)
    costs: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    dev_accuracy: list[float] = field(default_factory=list)
    parameters: list[dict[str, np.ndarray]] = field(default_factory=list)

    @property
    def dev_errors(self) -> list[float]:
        """``1 - dev accuracy`` at each evaluation (what early stopping watches)."""
        return [1.0 - accuracy for accuracy in self.dev_accuracy]


def predict_labels(net: Sequential, X: np.ndarray) -> np.ndarray:
    """Class predictions (m,) of ``net`` on ``X`` (n_x, m), at test time (``train=False``: no dropout)."""
    return np.argmax(net.forward(X, train=False), axis=0)


def network_accuracy(net: Sequential, X: np.ndarray, y: np.ndarray) -> float:
    """Share of the examples of ``X`` (n_x, m) whose predicted class equals ``y`` (m,)."""
    return float(np.mean(predict_labels(net, X) == np.ravel(y)))


def train_layers(
    net: Sequential,
    X: np.ndarray,
    y: np.ndarray,
    *,
    X_dev: np.ndarray | None = None,
    y_dev: np.ndarray | None = None,
    iterations: int = DIGITS_ITERATIONS,
    learning_rate: float = DIGITS_LEARNING_RATE,
    penalty: Penalty | None = None,
    weight_decay: float = 0.0,
    eval_every: int = DIGITS_EVAL_EVERY,
    seed: int = 1,
    keep_parameters: bool = True,
) -> LayerHistory:
    """Full-batch gradient descent on ``net`` (modified in place); returns the recorded history.

    Args:
        net: the network; its last layer gives the class scores (classes, m).
        X, y: training inputs (n_x, m) and integer labels (m,).
        X_dev, y_dev: the dev set, evaluated at every record (dev accuracy is
            NaN when it is missing).
        iterations: number of gradient steps.
        learning_rate: step size alpha.
        penalty: a penalty added to the cost and to every ``dW`` (None: none).
        weight_decay: lambd of L2 applied as weight decay,
            ``W <- (1 - alpha lambd / m) W - alpha dW``; 0 means plain steps.
        eval_every: iterations between two records (the first record is after
            ``eval_every`` steps, the last one after ``iterations``).
        seed: NumPy's global generator is seeded with it once, before the first
            step, so dropout masks are fresh at each step and the run reproducible.
        keep_parameters: keep a copy of the weights at each record.
    """
    if iterations < 1 or eval_every < 1:
        raise ValueError("iterations and eval_every must be positive")
    Y = one_hot(y, classes=net.affine_layers()[-1].W.shape[0])  # as many classes as the network scores
    loss = SoftmaxCrossEntropy()
    history = LayerHistory()
    np.random.seed(seed)
    # The matrices are small: one BLAS thread is faster than several, and far
    # faster when other processes share the cores.
    with threadpool_limits(limits=1, user_api="blas"):
        _descend(net, X, y, Y, loss, history, iterations=iterations, learning_rate=learning_rate, penalty=penalty,
                 weight_decay=weight_decay, eval_every=eval_every, X_dev=X_dev, y_dev=y_dev,
                 keep_parameters=keep_parameters)
    return history


def _descend(net: Sequential, X: np.ndarray, y: np.ndarray, Y: np.ndarray, loss: SoftmaxCrossEntropy,
             history: LayerHistory, *, iterations: int, learning_rate: float, penalty: Penalty | None,
             weight_decay: float, eval_every: int, X_dev: np.ndarray | None, y_dev: np.ndarray | None,
             keep_parameters: bool) -> None:
    m = X.shape[1]
    for step in range(1, iterations + 1):
        cost = loss.forward(net.forward(X, train=True), Y)
        if penalty is not None:
            cost += penalty.cost(net.weights(), m)
        net.backward(loss.backward())
        for layer in net.affine_layers():
            dW = layer.dW if penalty is None else layer.dW + penalty.gradient(layer.W, m)
            if weight_decay:
                layer.W = weight_decay_update(layer.W, dW, learning_rate, weight_decay, m)
            else:
                layer.W = layer.W - learning_rate * dW
            layer.b = layer.b - learning_rate * layer.db
        if step % eval_every == 0 or step == iterations:
            history.iterations.append(step)
            history.costs.append(cost)
            history.train_accuracy.append(network_accuracy(net, X, y))
            dev = network_accuracy(net, X_dev, y_dev) if X_dev is not None and y_dev is not None else float("nan")
            history.dev_accuracy.append(dev)
            if keep_parameters:
                history.parameters.append(net.parameters())


#: An early-stopping rule: ``rule(dev_errors, patience)`` -> index of the evaluation to go back to.
StopRule = Callable[[list[float], int], int]


def restore(net: Sequential, history: LayerHistory, index: int) -> None:
    """Load into ``net`` the weights recorded at evaluation ``index`` of ``history``."""
    if not history.parameters:
        raise ValueError("the history kept no weights (train with keep_parameters=True)")
    net.set_parameters(history.parameters[int(index)])


def train_setting(
    X: np.ndarray,
    y: np.ndarray,
    X_dev: np.ndarray,
    y_dev: np.ndarray,
    lambd: float,
    keep_prob: float,
    *,
    dropout: DropoutClass,
    layer_sizes: Sequence[int] = DIGITS_LAYER_SIZES,
    iterations: int = DIGITS_ITERATIONS,
    learning_rate: float = DIGITS_LEARNING_RATE,
    eval_every: int | None = None,
    stop_rule: StopRule | None = None,
    patience: int = 0,
    seed: int = 1,
) -> tuple[float, Sequential, LayerHistory, int]:
    """Train with L2 ``lambd`` and dropout ``keep_prob``; score the result on the dev set.

    The dropout layers are made by the class ``dropout`` (yours). The network
    starts from ``build_network(layer_sizes, seed=0)``'s weights. Without a
    ``stop_rule`` the score is the dev accuracy after the last iteration;
    with one, training goes back to the evaluation ``stop_rule(dev_errors,
    patience)`` picks (an early-stopping rule) and scores that.

    Returns:
        ``(dev accuracy, the network with the weights scored, the whole
        history, the index of the scored evaluation)``.
    """
    net = build_network(layer_sizes, dropout=dropout, keep_prob=keep_prob)
    history = train_layers(net, X, y, X_dev=X_dev, y_dev=y_dev, iterations=iterations, learning_rate=learning_rate,
                           penalty=l2_penalty(lambd) if lambd else None, eval_every=eval_every or iterations,
                           seed=seed, keep_parameters=stop_rule is not None)
    if stop_rule is None:
        return history.dev_accuracy[-1], net, history, len(history.dev_accuracy) - 1
    index = int(stop_rule(history.dev_errors, patience))
    restore(net, history, index)
    return history.dev_accuracy[index], net, history, index


def near_zero_share(weights: list[np.ndarray] | np.ndarray, threshold: float = 1e-2) -> float:
    """Share of the weights (all matrices pooled) whose absolute value is below ``threshold``."""
    pooled = np.concatenate([np.ravel(W) for W in weights]) if isinstance(weights, list) else np.ravel(weights)
    return float(np.mean(np.abs(pooled) < threshold))


Sampler = Callable[[float, float, int, np.random.Generator], np.ndarray]


def random_search(
    evaluate: Callable[[float, float], float],
    sampler: Sampler,
    rng: np.random.Generator,
    trials: int,
    lambd_range: tuple[float, float],
    keep_prob_range: tuple[float, float],
) -> list[dict[str, float]]:
    """Score ``trials`` random settings; returns ``[{"lambd", "keep_prob", "dev"}, ...]`` in drawing order.

    The lambd values come from ``sampler(low, high, trials, rng)`` (a log-scale
    sampler: lambd spans decades), then the keep probabilities from
    ``rng.uniform(low, high, trials)`` (they live on a plain scale). Each pair
    is scored by ``evaluate(lambd, keep_prob)``, e.g. a dev-set accuracy.
    """
    lambds = np.asarray(sampler(lambd_range[0], lambd_range[1], trials, rng), dtype=float)
    keep_probs = rng.uniform(keep_prob_range[0], keep_prob_range[1], trials)
    return [{"lambd": float(lambd), "keep_prob": float(keep_prob), "dev": float(evaluate(lambd, keep_prob))}
            for lambd, keep_prob in zip(lambds, keep_probs)]


def best_setting(results: list[dict[str, float]]) -> dict[str, float]:
    """The result with the highest ``dev`` (the first one drawn on a tie)."""
    if not results:
        raise ValueError("no results to choose from")
    return max(results, key=lambda row: row["dev"])
