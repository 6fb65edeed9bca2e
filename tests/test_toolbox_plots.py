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


# What the reader sees, pinned artist by artist (each setting below is part of the figure's design).

def _rgba(colour):
    return matplotlib.colors.to_rgba(colour)


def test_weight_histograms_draw_each_model_as_a_step_outline_over_shared_bins():
    rng = np.random.default_rng(1)
    weights = {"L1": [rng.normal(size=(3, 4))], "L2": [rng.normal(size=5), rng.normal(size=(2, 2))]}
    _, ax = plt.subplots()
    assert plot_weight_histograms(weights, threshold=0.05, ax=ax, bins=10) is ax
    outlines = [p for p in ax.patches if isinstance(p, matplotlib.patches.Polygon) and p.get_fill() is False]
    assert len(outlines) == 2
    largest = max(np.max(np.abs(w)) for mats in weights.values() for w in mats)
    for outline, colour, label in zip(outlines, ("#0072B2", "#D55E00"), ("L1", "L2")):
        assert outline.get_edgecolor() == _rgba(colour) and outline.get_linewidth() == 1.6
        xs = outline.get_xy()[:, 0]
        assert np.isclose(xs.min(), -largest) and np.isclose(xs.max(), largest)
        assert len(np.unique(np.round(xs, 12))) == 11  # 10 bins: 11 edges, shared by both models
        assert outline.get_label().startswith(f"{label}: ")
    counts = [outline.get_xy()[1:-1:2, 1] for outline in outlines]
    assert counts[0].sum() == 12 and counts[1].sum() == 9  # every weight of every layer, pooled
    band = [p for p in ax.patches if p not in outlines]
    assert len(band) == 1 and band[0].get_facecolor() == _rgba("0.85") and band[0].get_zorder() == 0
    assert np.isclose(band[0].get_x(), -0.05) and np.isclose(band[0].get_x() + band[0].get_width(), 0.05)
    assert ax.get_xlabel() == "weight value (all layers)" and ax.get_ylabel() == "number of weights (log scale)"
    assert ax.get_title() == "Where the weights end up"
    legend = ax.get_legend()
    assert legend._loc == 1 and legend.get_texts()[0].get_fontsize() == matplotlib.font_manager.FontProperties(
        size="small").get_size_in_points()


def test_weight_histograms_default_to_80_bins_and_a_threshold_of_one_thousandth():
    _, ax = plt.subplots()
    plot_weight_histograms({"only": [np.linspace(-1, 1, 51)]}, ax=ax)  # 0.0 is one of the 51
    xs = ax.patches[0].get_xy()[:, 0]
    assert len(np.unique(np.round(xs, 12))) == 81
    assert ax.get_legend().get_texts()[0].get_text() == "only: 2 % of weights with |w| < 0.001"  # 1 of 51


def test_weight_histograms_draw_on_the_current_axes_by_default():
    fig, ax = plt.subplots()
    assert plot_weight_histograms({"w": [np.array([0.5, -0.5])]}) is ax


def test_learning_curves_plot_both_accuracies_and_mark_the_stop_on_the_dev_curve():
    history = LayerHistory(iterations=[0, 25, 50, 75], train_accuracy=[0.1, 0.6, 0.9, 1.0],
                           dev_accuracy=[0.1, 0.5, 0.7, 0.65])
    _, ax = plt.subplots()
    assert plot_learning_curves(history, stop_index=2, ax=ax) is ax
    train, dev, marker = ax.get_lines()[0], ax.get_lines()[1], ax.get_lines()[-1]
    assert list(train.get_xdata()) == [0, 25, 50, 75] and list(train.get_ydata()) == [0.1, 0.6, 0.9, 1.0]
    assert list(dev.get_ydata()) == [0.1, 0.5, 0.7, 0.65]
    assert train.get_color() == "#0072B2" and dev.get_color() == "#D55E00"
    assert train.get_label() == "train (the labels it is fed)" and dev.get_label() == "dev"
    vertical = ax.get_lines()[2]
    assert list(vertical.get_xdata()) == [50, 50] and vertical.get_linestyle() == "--"
    assert vertical.get_color() == "0.3" and vertical.get_linewidth() == 1
    assert list(marker.get_xdata()) == [50] and list(marker.get_ydata()) == [0.7]
    assert marker.get_marker() == "o" and marker.get_markersize() == 8 and marker.get_color() == "#D55E00"
    assert ax.get_title() == "Accuracy while training" and ax.get_xlabel() == "iteration"
    assert ax.get_ylabel() == "accuracy" and ax.get_legend()._loc == 4
    small = matplotlib.font_manager.FontProperties(size="small").get_size_in_points()
    assert ax.get_legend().get_texts()[0].get_fontsize() == small


def test_learning_curves_draw_on_the_current_axes_by_default():
    fig, ax = plt.subplots()
    history = LayerHistory(iterations=[0, 1], train_accuracy=[0.5, 0.6], dev_accuracy=[0.4, 0.5])
    assert plot_learning_curves(history) is ax and len(ax.get_lines()) == 2


def test_search_scatter_colours_by_dev_accuracy_and_rings_the_best_setting():
    rows = [{"lambd": 0.001, "keep_prob": 0.6, "dev": 0.82}, {"lambd": 10.0, "keep_prob": 0.95, "dev": 0.91},
            {"lambd": 0.1, "keep_prob": 0.7, "dev": 0.88}]
    fig, ax = plt.subplots()
    assert plot_search(rows, default={"lambd": 0.7, "keep_prob": 0.86, "dev": 0.8}, ax=ax) is ax
    points, ring, cross = ax.collections
    assert np.allclose(points.get_offsets(), [[-3, 0.6], [1, 0.95], [-1, 0.7]])
    assert np.allclose(points.get_array(), [0.82, 0.91, 0.88])
    assert points.get_cmap().name == "viridis" and points.get_clim() == (0.8, 0.91)  # the default's dev included
    assert np.allclose(points.get_sizes(), [70]) and np.allclose(points.get_linewidths(), [0.5])
    assert tuple(points.get_edgecolors()[0]) == _rgba("black") and points.get_label() == "searched settings"
    assert np.allclose(ring.get_offsets(), [[1, 0.95]]) and np.allclose(ring.get_sizes(), [260])
    assert len(ring.get_facecolors()) == 0 or ring.get_facecolors()[0][3] == 0
    assert tuple(ring.get_edgecolors()[0]) == _rgba("#D55E00") and np.allclose(ring.get_linewidths(), [2])
    assert np.allclose(cross.get_offsets(), [[np.log10(0.7), 0.86]]) and np.allclose(cross.get_sizes(), [120])
    assert tuple(cross.get_facecolors()[0]) == _rgba("#CC79A7") and tuple(cross.get_edgecolors()[0]) == _rgba("black")
    colourbar = fig.axes[-1]
    assert colourbar is not ax and colourbar.get_ylabel() == "dev accuracy"
    assert ax.get_title() == "Random search on the dev set"
    legend = ax.get_legend()
    assert legend._loc == 9 and np.allclose(legend.get_bbox_to_anchor()._bbox.bounds[:2], [0.5, -0.15])
    small = matplotlib.font_manager.FontProperties(size="small").get_size_in_points()
    assert legend.get_texts()[0].get_fontsize() == small


def test_search_scatter_without_a_default_scales_colours_to_the_trials_alone():
    rows = [{"lambd": 1.0, "keep_prob": 0.5, "dev": 0.7}, {"lambd": 100.0, "keep_prob": 0.8, "dev": 0.75}]
    fig, ax = plt.subplots()
    assert plot_search(rows) is ax
    assert len(ax.collections) == 2 and ax.collections[0].get_clim() == (0.7, 0.75)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "searched settings", "best: lambd 100, keep_prob 0.80, dev 0.750"]


def test_digit_grids_show_each_image_as_8_by_8_dark_on_light_and_blank_the_spare_panels():
    X = np.linspace(0, 1, 64 * 3).reshape(64, 3)
    fig = plot_digits(X, ["a", "b", "c"], columns=2)
    assert len(fig.axes) == 4 and fig._suptitle.get_text() == "Digits"
    assert np.allclose(fig.get_size_inches(), [2.8, 3.7])
    for index, ax in enumerate(fig.axes[:3]):
        image = ax.get_images()[0]
        assert np.array_equal(image.get_array(), X[:, index].reshape(8, 8))
        assert image.get_cmap().name == "gray_r" and image.get_clim() == (0, 1)
        assert list(ax.get_xticks()) == [] and list(ax.get_yticks()) == []
        small = matplotlib.font_manager.FontProperties(size="small").get_size_in_points()
        assert ax.xaxis.label.get_fontsize() == small
    assert not fig.axes[3].axison and not fig.axes[3].get_images()
    assert not plot_digits(X[:, :1], ["one"]).axes[1].axison  # default: 8 columns, 7 left blank


def test_an_empty_grid_still_has_one_row():
    fig = plot_digits(np.zeros((64, 0)), [], columns=3, title="none")
    assert len(fig.axes) == 3 and not any(ax.axison for ax in fig.axes)


def test_misclassified_grid_shows_at_most_16_in_rows_of_8_unless_told():
    X = np.zeros((64, 40))
    y = np.zeros(40, dtype=int)
    predicted = np.ones((1, 40), dtype=int)  # a row of predictions, as the networks return them
    fig = plot_misclassified(X, y, predicted)
    assert len([ax for ax in fig.axes if ax.get_images()]) == 16 and len(fig.axes) == 16
    assert fig._suptitle.get_text() == "Misclassified digits: 16 of the 40 mistakes on 40 images"
    fig = plot_misclassified(X, y, predicted, max_images=3, columns=3, title="mine")
    assert len(fig.axes) == 3 and fig._suptitle.get_text() == "mine"


def test_each_figure_draws_on_the_axes_it_is_given_even_when_another_is_current():
    fig, ax = plt.subplots()
    _, elsewhere = plt.subplots()  # now the current axes
    history = LayerHistory(iterations=[0, 10], train_accuracy=[0.5, 0.6], dev_accuracy=[0.4, 0.5])
    rows = [{"lambd": 1.0, "keep_prob": 0.5, "dev": 0.7}, {"lambd": 10.0, "keep_prob": 0.8, "dev": 0.75}]
    assert plot_weight_histograms({"w": [np.array([0.5, -0.5])]}, ax=ax) is ax
    assert plot_learning_curves(history, ax=ax) is ax
    assert plot_search(rows, ax=ax) is ax
    assert not elsewhere.patches and not elsewhere.get_lines() and not elsewhere.collections
    grid = plt.figure()
    assert plot_digits(np.zeros((64, 2)), ["a", "b"], columns=2, fig=grid) is grid and len(grid.axes) == 2


def test_digit_grids_default_to_rows_of_eight_and_take_a_single_column():
    assert len(plot_digits(np.zeros((64, 1)), ["one"]).axes) == 8
    fig = plot_digits(np.zeros((64, 1)), ["one"], columns=1)
    assert len(fig.axes) == 1 and fig.axes[0].get_xlabel() == "one"


def test_dev_curve_is_drawn_against_the_iterations():
    history = LayerHistory(iterations=[0, 25, 50], train_accuracy=[0.1, 0.6, 0.9], dev_accuracy=[0.1, 0.5, 0.7])
    _, ax = plt.subplots()
    plot_learning_curves(history, ax=ax)
    assert list(ax.get_lines()[1].get_xdata()) == [0, 25, 50]


def test_search_colours_use_viridis_whatever_the_style_and_the_default_is_a_cross():
    rows = [{"lambd": 1.0, "keep_prob": 0.5, "dev": 0.7}, {"lambd": 10.0, "keep_prob": 0.8, "dev": 0.75}]
    with matplotlib.rc_context({"image.cmap": "gray"}):
        _, ax = plt.subplots()
        plot_search(rows, default={"lambd": 0.7, "keep_prob": 0.86, "dev": 0.72}, ax=ax)
    assert ax.collections[0].get_cmap().name == "viridis"
    cross = ax.collections[2].get_paths()[0].vertices
    assert np.allclose(cross, matplotlib.markers.MarkerStyle("X").get_path().vertices)


def test_near_zero_shares_use_the_threshold_given_and_are_rounded_percentages():
    _, ax = plt.subplots()
    plot_weight_histograms({"a": [np.array([0.03, 0.5, -0.7])]}, threshold=0.05, ax=ax)
    assert ax.get_legend().get_texts()[0].get_text() == "a: 33 % of weights with |w| < 0.05"
