import matplotlib.pyplot as plt
import numpy as np

from reg_utils import plot_costs, plot_dataset, plot_decision_boundary


def test_plot_dataset_returns_axes_with_the_points():
    fig, ax = plt.subplots()
    X = np.array([[0.0, 0.1, 0.2], [0.3, 0.2, 0.1]])
    assert plot_dataset(X, np.array([[0, 1, 1]]), ax=ax, title="t") is ax
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets, X.T)
    assert ax.get_title() == "t" and ax.get_xlabel()
    plt.close(fig)


def test_decision_boundary_shades_what_the_model_says():
    fig, ax = plt.subplots()
    X = np.array([[-0.5, 0.2], [0.4, -0.5]])
    out = plot_decision_boundary(lambda pts: pts[:, 1] > pts[:, 0], X, np.array([[1, 0]]), ax=ax)
    assert out is ax
    assert ax.get_xlim() == (-0.75, 0.40)
    assert len(ax.collections) >= 2  # filled regions and the scatter
    plt.close(fig)


def test_plot_costs_uses_iterations_on_x():
    fig, ax = plt.subplots()
    plot_costs([0.7, 0.5, 0.4], ax=ax, label="run", record_every=1000)
    x, y = ax.lines[0].get_data()
    assert list(x) == [0, 1000, 2000] and list(y) == [0.7, 0.5, 0.4]
    plt.close(fig)
