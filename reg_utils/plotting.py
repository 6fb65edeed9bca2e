"""Figures of the lesson. Every helper draws on an Axes and returns it; none blocks.

Colours follow the Okabe-Ito palette, which stays distinguishable for
colour-blind readers: blue for our team's headers (label 1), vermillion for
the other team's (label 0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

OUR_TEAM = "#0072B2"
OTHER_TEAM = "#D55E00"
CLASS_CMAP = ListedColormap([OTHER_TEAM, OUR_TEAM])

#: Field window of the reference figures: (x1 limits, x2 limits).
FIELD_LIMITS = ((-0.75, 0.40), (-0.75, 0.65))


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def plot_dataset(X: np.ndarray, y: np.ndarray, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Scatter the examples X (2, m) coloured by their labels y (1, m)."""
    ax = _axes(ax)
    ax.scatter(X[0, :], X[1, :], c=np.ravel(y), cmap=CLASS_CMAP, vmin=0, vmax=1,
               s=14, edgecolors="white", linewidths=0.3)
    ax.set_xlabel("x1 (along the field)")
    ax.set_ylabel("x2 (across the field)")
    if title:
        ax.set_title(title)
    return ax


def plot_decision_boundary(
    model: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    ax: Axes | None = None,
    title: str | None = None,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = FIELD_LIMITS,
    resolution: float = 0.005,
) -> Axes:
    """Shade the regions a classifier assigns to each team and scatter the data on top.

    Args:
        model: maps grid points of shape (k, 2) to k labels (any shape with k
            entries), e.g. ``lambda x: predict_dec(parameters, x.T)``.
        X: examples, shape (2, m).
        y: labels, shape (1, m).
        ax: where to draw; the current Axes when omitted.
        title: optional title.
        limits: ((x1_min, x1_max), (x2_min, x2_max)) of the window; ``None``
            takes the data's range with a margin.
        resolution: grid step in field units.

    Returns:
        The Axes drawn on.
    """
    ax = _axes(ax)
    if limits is None:
        margin = 0.1
        limits = ((X[0].min() - margin, X[0].max() + margin), (X[1].min() - margin, X[1].max() + margin))
    (x_lo, x_hi), (y_lo, y_hi) = limits
    xx, yy = np.meshgrid(np.arange(x_lo, x_hi, resolution), np.arange(y_lo, y_hi, resolution))
    labels = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, labels, levels=[-0.5, 0.5, 1.5], colors=[OTHER_TEAM, OUR_TEAM], alpha=0.25)
    plot_dataset(X, y, ax=ax, title=title)
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    return ax


def plot_costs(
    costs: Sequence[float], ax: Axes | None = None, label: str | None = None, record_every: int = 1000
) -> Axes:
    """Draw a cost curve recorded every ``record_every`` iterations."""
    ax = _axes(ax)
    iterations = np.arange(len(costs)) * record_every
    ax.plot(iterations, costs, label=label)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if label:
        ax.legend()
    return ax
