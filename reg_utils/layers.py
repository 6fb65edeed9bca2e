"""A small layer library: networks built from parts, each with ``forward`` and ``backward``.

Layout everywhere: arrays are (features, examples), as in the rest of the
series. A layer is any object with

* ``forward(x, train=True)`` -> output, remembering what its backward needs;
* ``backward(dout)`` -> the gradient with respect to its input ``x``.

Layers with weights (:class:`Affine`) also keep ``dW`` and ``db`` after
``backward``. A regulariser is not a layer but a :class:`Penalty` handed to the
training loop, and a dropout layer is whatever class the caller passes to
:func:`build_network`: the parts plug in, the network is never rewritten.

The dropout layers themselves are exercises of ``regularization_toolbox`` and
are deliberately not part of this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


class Layer(Protocol):
    """What :class:`Sequential` needs of a layer."""

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray: ...  # pragma: no cover

    def backward(self, dout: np.ndarray) -> np.ndarray: ...  # pragma: no cover


class Affine:
    """``out = W x + b``: W (n_out, n_in), b (n_out, 1), x (n_in, m), out (n_out, m)."""

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W = np.array(W, dtype=float)
        self.b = np.array(b, dtype=float).reshape(-1, 1)
        if self.W.ndim != 2 or self.b.shape[0] != self.W.shape[0]:
            raise ValueError(f"W must be (n_out, n_in) and b (n_out, 1); got {self.W.shape} and {self.b.shape}")
        self.x: np.ndarray | None = None
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    @classmethod
    def he(cls, n_in: int, n_out: int, rng: np.random.Generator) -> Affine:
        """He initialisation: W ~ N(0, 2 / n_in), b = 0 (suits a ReLU after the layer)."""
        return cls(rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in)), np.zeros((n_out, 1)))

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        """Return ``W x + b`` (n_out, m) and keep ``x`` for the backward pass."""
        self.x = x
        return self.W @ x + self.b

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Set ``dW = dout x^T`` and ``db = sum of dout over examples``; return ``W^T dout`` (n_in, m)."""
        if self.x is None:
            raise RuntimeError("Affine.backward called before forward")
        self.dW = dout @ self.x.T
        self.db = np.sum(dout, axis=1, keepdims=True)
        return self.W.T @ dout


class ReLU:
    """``out = max(x, 0)`` elementwise; the gradient passes where ``x > 0``."""

    def __init__(self) -> None:
        self.positive: np.ndarray | None = None

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        """Return ``max(x, 0)`` with the shape of ``x``."""
        self.positive = x > 0
        return np.where(self.positive, x, 0.0)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dout`` where the input was positive, 0 elsewhere."""
        if self.positive is None:
            raise RuntimeError("ReLU.backward called before forward")
        return np.where(self.positive, dout, 0.0)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Column-wise softmax of ``scores`` (classes, m), computed stably (max subtracted first)."""
    shifted = scores - scores.max(axis=0, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=0, keepdims=True)


class SoftmaxCrossEntropy:
    """Softmax followed by the mean cross-entropy with one-hot labels; the loss layer of the network."""

    def __init__(self) -> None:
        self.probs: np.ndarray | None = None
        self.Y: np.ndarray | None = None

    def forward(self, scores: np.ndarray, Y: np.ndarray) -> float:
        """Mean cross-entropy ``-(1/m) sum Y log softmax(scores)``; scores and Y are (classes, m)."""
        if scores.shape != Y.shape:
            raise ValueError(f"scores {scores.shape} and one-hot labels {Y.shape} must have the same shape")
        self.probs = softmax(scores)
        self.Y = Y
        m = scores.shape[1]
        picked = np.sum(self.probs * Y, axis=0)
        return float(-np.sum(np.log(np.maximum(picked, 1e-300))) / m)

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """Gradient of the mean loss with respect to the scores: ``(softmax - Y) / m``, shape (classes, m)."""
        if self.probs is None or self.Y is None:
            raise RuntimeError("SoftmaxCrossEntropy.backward called before forward")
        return dout * (self.probs - self.Y) / self.Y.shape[1]


class Sequential:
    """Layers applied in order; ``backward`` runs them in reverse."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)

    def forward(self, x: np.ndarray, train: bool = True) -> np.ndarray:
        """Run every layer's ``forward(x, train=train)`` in order; return the last output (the scores)."""
        for layer in self.layers:
            x = layer.forward(x, train=train)
        return x

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Run every layer's ``backward`` from last to first; return the gradient with respect to the input."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def affine_layers(self) -> list[Affine]:
        """The layers with weights, first to last."""
        return [layer for layer in self.layers if isinstance(layer, Affine)]

    def parameters(self) -> dict[str, np.ndarray]:
        """Copies of the weights as ``{"W1": ..., "b1": ..., "W2": ...}``, numbered from the input."""
        found: dict[str, np.ndarray] = {}
        for number, layer in enumerate(self.affine_layers(), start=1):
            found[f"W{number}"] = layer.W.copy()
            found[f"b{number}"] = layer.b.copy()
        return found

    def set_parameters(self, parameters: dict[str, np.ndarray]) -> None:
        """Load weights saved by :meth:`parameters` (copies them in)."""
        for number, layer in enumerate(self.affine_layers(), start=1):
            layer.W = np.array(parameters[f"W{number}"], dtype=float)
            layer.b = np.array(parameters[f"b{number}"], dtype=float)

    def weights(self) -> list[np.ndarray]:
        """The weight matrices (no biases), first to last; the arrays themselves, not copies."""
        return [layer.W for layer in self.affine_layers()]

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __repr__(self) -> str:
        return "Sequential(" + " -> ".join(type(layer).__name__ for layer in self.layers) + ")"


#: A dropout layer class: ``DropoutClass(keep_prob)`` must give a :class:`Layer`.
DropoutClass = Callable[[float], Layer]


def build_network(
    layer_sizes: Sequence[int],
    *,
    dropout: DropoutClass | None = None,
    keep_prob: float = 1.0,
    seed: int = 0,
) -> Sequential:
    """``Affine -> ReLU [-> dropout]`` for each hidden layer, then a last ``Affine`` giving the scores.

    Args:
        layer_sizes: input size, hidden sizes, number of classes, e.g. ``[64, 100, 100, 10]``.
        dropout: a dropout layer CLASS (e.g. your ``Dropout``); an instance
            ``dropout(keep_prob)`` follows each hidden ReLU. None (or keep_prob
            = 1 with no class) means no dropout.
        keep_prob: the keep probability given to each dropout layer.
        seed: seed of the He initialisation (its own generator; NumPy's global
            generator, which dropout masks use, is not touched).
    """
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes needs at least an input and an output size")
    if not 0.0 < keep_prob <= 1.0:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    rng = np.random.default_rng(seed)
    layers: list[Layer] = []
    for number in range(1, len(layer_sizes)):
        layers.append(Affine.he(layer_sizes[number - 1], layer_sizes[number], rng))
        if number < len(layer_sizes) - 1:
            layers.append(ReLU())
            if dropout is not None:
                layers.append(dropout(keep_prob))
    return Sequential(layers)


@dataclass(frozen=True)
class Penalty:
    """A weight penalty ``lambd / (2 m) * sum_l size(W_l)`` added to the cost (biases are not penalised).

    ``size`` measures one weight matrix (a float) and ``slope`` is its
    derivative (an array shaped like W). The penalty's gradient with respect
    to W is then ``lambd / (2 m) * slope(W)``. For L2, ``size`` is the sum of
    squares and ``slope`` is ``2 W``, which gives the familiar ``lambd / m * W``.
    """

    name: str
    lambd: float
    size: Callable[[np.ndarray], float]
    slope: Callable[[np.ndarray], np.ndarray]

    def cost(self, weights: Sequence[np.ndarray], m: int) -> float:
        """The penalty term of the cost for the weight matrices ``weights`` and ``m`` examples."""
        return float(self.lambd / (2 * m) * sum(float(self.size(W)) for W in weights))

    def gradient(self, W: np.ndarray, m: int) -> np.ndarray:
        """What the penalty adds to ``dW`` for one weight matrix (same shape as W)."""
        return self.lambd / (2 * m) * self.slope(W)


def _sum_of_squares(W: np.ndarray) -> float:
    return float(np.sum(np.square(W)))


def _twice(W: np.ndarray) -> np.ndarray:
    return 2.0 * W


def l2_penalty(lambd: float) -> Penalty:
    """The L2 penalty of the first assignment, ``lambd / (2 m) * sum ||W_l||^2``, as a part."""
    return Penalty("L2", float(lambd), _sum_of_squares, _twice)


def weight_decay_update(W: np.ndarray, dW: np.ndarray, learning_rate: float, lambd: float, m: int) -> np.ndarray:
    """One gradient step with L2 written as weight decay: ``(1 - learning_rate lambd / m) W - learning_rate dW``.

    ``dW`` is the gradient of the unregularised cost. The result equals
    ``W - learning_rate (dW + lambd / m W)``, a plain step on the L2 cost: each
    step first shrinks every weight by the same factor, hence the name.
    """
    return (1.0 - learning_rate * lambd / m) * W - learning_rate * dW
