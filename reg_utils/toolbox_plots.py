"""Figures of ``regularization_toolbox``. Every helper draws on an Axes (or a Figure) and returns it; none blocks.

Colours follow the Okabe-Ito palette, as in :mod:`reg_utils.plotting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .digits import IMAGE_SHAPE
from .layer_training import LayerHistory, near_zero_share

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def _axes(ax: Axes | None) -> Axes:
    return ax if ax is not None else plt.gca()


def plot_weight_histograms(
    weights: Mapping[str, Sequence[np.ndarray]],
    threshold: float = 1e-3,
    ax: Axes | None = None,
    bins: int = 80,
) -> Axes:
    """Histogram of every weight (all layers pooled) of each model, on a shared log-count axis.

    Args:
        weights: label -> the model's weight matrices, e.g. ``{"L1": net.weights(), ...}``.
        threshold: ``|w|`` below it counts as "near zero"; the share of such
            weights is written in each legend entry and the band is shaded.
    """
    ax = _axes(ax)
    pooled = {label: np.concatenate([np.ravel(W) for W in mats]) for label, mats in weights.items()}
    largest = max(float(np.max(np.abs(w))) for w in pooled.values())
    edges = np.linspace(-largest, largest, bins + 1)
    for colour, (label, values) in zip(PALETTE, pooled.items()):
        share = near_zero_share(values, threshold)
        ax.hist(values, bins=edges, histtype="step", linewidth=1.6, color=colour,
                label=f"{label}: {100 * share:.0f} % of weights with |w| < {threshold:g}")
    ax.axvspan(-threshold, threshold, color="0.85", zorder=0)
    ax.set_yscale("log")
    ax.set_xlabel("weight value (all layers)")
    ax.set_ylabel("number of weights (log scale)")
    ax.set_title("Where the weights end up")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_learning_curves(
    history: LayerHistory,
    stop_index: int | None = None,
    ax: Axes | None = None,
    title: str = "Accuracy while training",
) -> Axes:
    """Train and dev accuracy against the iteration; a marker and a dashed line at ``stop_index`` if given."""
    ax = _axes(ax)
    ax.plot(history.iterations, history.train_accuracy, color=PALETTE[0], label="train (the labels it is fed)")
    ax.plot(history.iterations, history.dev_accuracy, color=PALETTE[1], label="dev")
    if stop_index is not None:
        at = history.iterations[stop_index]
        ax.axvline(at, color="0.3", linestyle="--", linewidth=1)
        ax.plot([at], [history.dev_accuracy[stop_index]], "o", color=PALETTE[1], markersize=8,
                label=f"early stopping: iteration {at}, dev {history.dev_accuracy[stop_index]:.3f}")
    ax.set_xlabel("iteration")
    ax.set_ylabel("accuracy")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_search(
    results: Sequence[Mapping[str, float]],
    default: Mapping[str, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Scatter of the searched settings: log10(lambd) across, keep_prob up, colour = dev accuracy.

    The best setting is ringed; ``default`` (a dict with ``lambd``, ``keep_prob``,
    ``dev``), if given, is drawn as a cross.
    """
    ax = _axes(ax)
    lambds = np.array([row["lambd"] for row in results])
    keeps = np.array([row["keep_prob"] for row in results])
    devs = np.array([row["dev"] for row in results])
    low = min(devs.min(), default["dev"]) if default is not None else devs.min()
    points = ax.scatter(np.log10(lambds), keeps, c=devs, cmap="viridis", vmin=low, vmax=devs.max(), s=70,
                        edgecolors="black", linewidths=0.5, label="searched settings")
    best = int(np.argmax(devs))
    ax.scatter([np.log10(lambds[best])], [keeps[best]], s=260, facecolors="none", edgecolors=PALETTE[1],
               linewidths=2, label=f"best: lambd {lambds[best]:.3g}, keep_prob {keeps[best]:.2f}, dev {devs[best]:.3f}")
    if default is not None:
        ax.scatter([np.log10(default["lambd"])], [default["keep_prob"]], marker="X", s=120, color=PALETTE[3],
                   edgecolors="black", label=f"default: lambd {default['lambd']:g}, keep_prob "
                                             f"{default['keep_prob']:g}, dev {default['dev']:.3f}")
    ax.figure.colorbar(points, ax=ax, label="dev accuracy")
    ax.set_xlabel("log10(lambd)")
    ax.set_ylabel("keep_prob")
    ax.set_title("Random search on the dev set")
    # Below the axes: inside, the legend would hide some of the searched points.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize="small")
    return ax


def plot_digits(
    X: np.ndarray,
    labels: Sequence[str],
    columns: int = 8,
    title: str = "Digits",
    fig: Figure | None = None,
) -> Figure:
    """Grid of images (columns of ``X``, (64, n)) each captioned by its entry of ``labels``."""
    count = X.shape[1]
    if count != len(labels):
        raise ValueError(f"{count} images but {len(labels)} captions")
    rows = max(1, int(np.ceil(count / columns)))
    fig = fig if fig is not None else plt.figure(figsize=(1.4 * columns, 1.6 * rows + 0.5))
    axes = fig.subplots(rows, columns, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_xticks([])
        ax.set_yticks([])
        if index >= count:
            ax.set_axis_off()
            continue
        ax.imshow(X[:, index].reshape(IMAGE_SHAPE), cmap="gray_r", vmin=0, vmax=1)
        ax.set_xlabel(labels[index], fontsize="small")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_misclassified(
    X: np.ndarray,
    y: np.ndarray,
    predicted: np.ndarray,
    max_images: int = 16,
    columns: int = 8,
    title: str | None = None,
) -> Figure:
    """The first ``max_images`` images whose prediction differs from the label, captioned "true t, said p"."""
    wrong = np.flatnonzero(np.ravel(predicted) != np.ravel(y))
    shown = wrong[:max_images]
    labels = [f"true {int(np.ravel(y)[i])}, said {int(np.ravel(predicted)[i])}" for i in shown]
    heading = title or f"Misclassified digits: {shown.size} of the {wrong.size} mistakes on {np.size(y)} images"
    return plot_digits(X[:, shown], labels, columns=columns, title=heading)
