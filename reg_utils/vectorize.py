"""Parameters as one vector and back: what a gradient check needs.

A gradient check perturbs one number at a time, so it wants every parameter in
a single flat vector. The order is fixed: ``W1, b1, W2, b2, ..., WL, bL``, each
matrix flattened in C order (row by row). A *layout* remembers the name and
shape of every block, so the vector can be cut back into a dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np

#: One block of a flat vector: the parameter's name and its shape.
Layout = list[tuple[str, tuple[int, ...]]]

_NAME = re.compile(r"^([Wb])([1-9][0-9]*)$")


def parameter_names(parameters: Mapping[str, np.ndarray]) -> list[str]:
    """The names ``W1, b1, ..., WL, bL`` in that order, whatever the dictionary's own order.

    Raises:
        ValueError: a key is not of the form ``W<l>``/``b<l>``, or a layer lacks its W or its b.
    """
    layers: dict[int, set[str]] = {}
    for key in parameters:
        match = _NAME.match(str(key))
        if match is None:
            raise ValueError(f"unexpected parameter name {key!r}: expected W1, b1, W2, b2, ...")
        layers.setdefault(int(match.group(2)), set()).add(match.group(1))
    count = len(layers)
    if sorted(layers) != list(range(1, count + 1)) or any(kinds != {"W", "b"} for kinds in layers.values()):
        raise ValueError(f"expected W1, b1, ..., W{count}, b{count}; got {sorted(parameters)}")
    return [f"{kind}{layer}" for layer in range(1, count + 1) for kind in ("W", "b")]


def dictionary_to_vector(parameters: Mapping[str, np.ndarray]) -> tuple[np.ndarray, Layout]:
    """Stack ``W1, b1, ..., WL, bL`` into one 1-D float vector (a new array).

    Args:
        parameters: ``{"W1": (n1, n0), "b1": (n1, 1), ...}``.

    Returns:
        ``theta`` of shape (total number of parameters,) and the layout
        ``[("W1", (n1, n0)), ("b1", (n1, 1)), ...]`` that
        :func:`vector_to_dictionary` needs to undo it.
    """
    layout: Layout = [(name, tuple(np.shape(parameters[name]))) for name in parameter_names(parameters)]
    blocks = [np.asarray(parameters[name], dtype=np.float64).ravel(order="C") for name, _ in layout]
    return np.concatenate(blocks), layout


def vector_to_dictionary(theta: np.ndarray, layout: Layout) -> dict[str, np.ndarray]:
    """Cut a flat vector back into named arrays of the shapes in ``layout`` (copies, not views).

    Args:
        theta: 1-D vector of length sum of the blocks' sizes.
        layout: as returned by :func:`dictionary_to_vector`.

    Raises:
        ValueError: ``theta`` is not 1-D or its length does not match the layout.
    """
    theta = np.asarray(theta)
    sizes = [int(np.prod(shape)) for _, shape in layout]
    if theta.ndim != 1 or theta.size != sum(sizes):
        raise ValueError(f"expected a 1-D vector of {sum(sizes)} numbers, got shape {theta.shape}")
    out: dict[str, np.ndarray] = {}
    start = 0
    for (name, shape), size in zip(layout, sizes):
        out[name] = theta[start:start + size].reshape(shape, order="C").copy()
        start += size
    return out


def gradients_to_vector(gradients: Mapping[str, np.ndarray], layout: Layout) -> np.ndarray:
    """Stack ``dW1, db1, ..., dWL, dbL`` in the order of ``layout`` (other keys such as dZ are ignored).

    Args:
        gradients: ``{"dW1": like W1, "db1": like b1, ...}``, possibly with more keys.
        layout: the layout of the parameters, from :func:`dictionary_to_vector`.

    Returns:
        A 1-D vector aligned entry by entry with the parameters' vector.

    Raises:
        ValueError: a gradient is missing or its shape differs from its parameter's.
    """
    blocks = []
    for name, shape in layout:
        key = "d" + name
        if key not in gradients:
            raise ValueError(f"the gradient {key} is missing")
        if tuple(np.shape(gradients[key])) != tuple(shape):
            raise ValueError(f"{key} has shape {np.shape(gradients[key])}, but {name} has shape {shape}")
        blocks.append(np.asarray(gradients[key], dtype=np.float64).ravel(order="C"))
    return np.concatenate(blocks)
