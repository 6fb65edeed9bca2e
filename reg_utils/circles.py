"""The two-circles data set of the initialization lesson (scikit-learn's ``make_circles``, offline)."""

from __future__ import annotations

import numpy as np
import sklearn.datasets

#: Seeds of the training and the test draw: fixed, so every reader sees the same points.
TRAIN_SEED = 1
TEST_SEED = 2


def load_circles(
    n_train: int = 300, n_test: int = 100, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two noisy concentric circles: label 1 on the inner one, 0 on the outer one. Draws nothing globally.

    Each split comes from its own call of :func:`sklearn.datasets.make_circles`
    with a fixed ``random_state`` (:data:`TRAIN_SEED`, :data:`TEST_SEED`), so
    NumPy's global generator is left alone and the points never change.

    Args:
        n_train: number of training examples m.
        n_test: number of test examples.
        noise: standard deviation of the Gaussian noise added to each point.

    Returns:
        ``train_X`` (2, m) float64, ``train_Y`` (1, m) int64 in {0, 1},
        ``test_X`` (2, n_test) and ``test_Y`` (1, n_test).
    """
    if n_train < 2 or n_test < 2:
        raise ValueError("each split needs at least two examples")
    splits = []
    for n, seed in ((n_train, TRAIN_SEED), (n_test, TEST_SEED)):
        X, y = sklearn.datasets.make_circles(n_samples=n, noise=noise, random_state=seed)
        splits += [X.T.astype(np.float64), y.reshape(1, -1).astype(np.int64)]
    train_X, train_Y, test_X, test_Y = splits
    return train_X, train_Y, test_X, test_Y
