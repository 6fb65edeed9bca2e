"""reg_utils.toolbox_plots: every figure is labelled (title, axis labels, legend) and shows what it says."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from reg_utils.layer_training import LayerHistory  # noqa: E402
from reg_utils.toolbox_plots import (  # noqa: E402
    plot_digits,
    plot_learning_curves,
    plot_misclassified,
    plot_search,
    plot_weight_histograms,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _labelled(ax):
    return ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None


def test_weight_histograms_name_each_model_with_its_near_zero_share():
    _, ax = plt.subplots()
    plot_weight_histograms({"L1": [np.array([[0.0, 0.0, 0.5, -0.5]])], "L2": [np.array([0.1, -0.2]), np.array([0.3])]},
                           threshold=1e-3, ax=ax)
    assert _labelled(ax) and ax.get_yscale() == "log"
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["L1: 50 % of weights with |w| < 0.001", "L2: 0 % of weights with |w| < 0.001"]


def test_learning_curves_mark_the_stopping_point():
    history = LayerHistory(iterations=[10, 20, 30], train_accuracy=[0.5, 0.8, 0.9], dev_accuracy=[0.5, 0.7, 0.6])
    _, ax = plt.subplots()
    plot_learning_curves(history, stop_index=1, ax=ax, title="t")
    assert _labelled(ax) and ax.get_title() == "t"
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[-1] == "early stopping: iteration 20, dev 0.700" and len(texts) == 3
    _, ax = plt.subplots()
    plot_learning_curves(history, ax=ax)
    assert len(ax.get_legend().get_texts()) == 2


def test_search_scatter_uses_log_lambd_and_rings_the_best():
    rows = [{"lambd": 0.01, "keep_prob": 0.5, "dev": 0.8}, {"lambd": 1.0, "keep_prob": 0.9, "dev": 0.9}]
    _, ax = plt.subplots()
    plot_search(rows, default={"lambd": 0.1, "keep_prob": 0.7, "dev": 0.85}, ax=ax)
    assert _labelled(ax) and ax.get_xlabel() == "log10(lambd)" and ax.get_ylabel() == "keep_prob"
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts[1] == "best: lambd 1, keep_prob 0.90, dev 0.900"
    assert texts[2] == "default: lambd 0.1, keep_prob 0.7, dev 0.850"
    assert np.allclose(ax.collections[0].get_offsets(), [[-2, 0.5], [0, 0.9]])


def test_digit_grids_caption_every_image():
    X = np.random.default_rng(0).random((64, 3))
    fig = plot_digits(X, ["a", "b", "c"], columns=2, title="grid")
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert [ax.get_xlabel() for ax in shown] == ["a", "b", "c"] and fig._suptitle.get_text() == "grid"
    with pytest.raises(ValueError, match="3 images but 2 captions"):
        plot_digits(X, ["a", "b"])
    fig = plot_misclassified(X, np.array([1, 2, 3]), np.array([1, 5, 7]), max_images=1)
    assert [ax.get_xlabel() for ax in fig.axes if ax.get_images()] == ["true 2, said 5"]
    assert fig._suptitle.get_text() == "Misclassified digits: 1 of the 2 mistakes on 3 images"
