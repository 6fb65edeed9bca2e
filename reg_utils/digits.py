"""scikit-learn's handwritten digits, cut so that a network can memorise its training set.

``sklearn.datasets.load_digits`` ships with scikit-learn (no download): 1,797
images of 8x8 pixels with intensities 0..16, ten classes. One fixed shuffle
splits them into a deliberately small training set, a dev set for every
choice (lambd, keep_prob, when to stop) and a test set that the lesson looks
at once, at the very end.

The digits are easy: 300 clean images already give a dev accuracy near 95 %.
Real hand-labelled data is never that clean, so a fixed share of the
*training* labels (15 %, :data:`MISLABELLED`) is replaced by another class,
as the goalkeeper data of the first assignment holds "fluke" headers. A
network that memorises its training set learns those wrong labels too and
pays for it on the dev and test sets, whose labels are all correct.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Sizes of the split; the test set gets the rest (1797 - 300 - 600 = 897 images).
TRAIN_SIZE = 300
DEV_SIZE = 600
#: Share of the training labels replaced by another class (dev and test labels stay correct).
MISLABELLED = 0.15
#: Seed of the shuffle that makes the split (the mislabelling uses ``SPLIT_SEED + 1``).
SPLIT_SEED = 0
#: Pixel intensities of load_digits run from 0 to this value.
MAX_INTENSITY = 16.0
CLASSES = 10
IMAGE_SHAPE = (8, 8)


@dataclass(frozen=True)
class DigitsSplit:
    """The three sets; ``X_*`` are (64, m) in [0, 1], ``y_*`` integer labels (m,).

    ``y_train`` holds the labels the network is trained on, wrong ones
    included; ``y_train_true`` the correct ones, and ``mislabelled`` the
    positions (sorted) where the two differ.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_dev: np.ndarray
    y_dev: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    y_train_true: np.ndarray
    mislabelled: np.ndarray


def load_digits_split(
    train_size: int = TRAIN_SIZE,
    dev_size: int = DEV_SIZE,
    mislabelled: float = MISLABELLED,
    seed: int = SPLIT_SEED,
) -> DigitsSplit:
    """Shuffle the 1,797 digits once, cut train, dev and test, and mislabel a share of the training set.

    Args:
        train_size, dev_size: images in the training and dev sets; the test
            set holds every other image.
        mislabelled: share of the training labels replaced by a different
            class drawn uniformly among the nine others (0 keeps them all).
        seed: ``default_rng(seed)`` shuffles, ``default_rng(seed + 1)`` picks
            and relabels; NumPy's global generator is not touched.

    Returns:
        a :class:`DigitsSplit` with ``X_*`` of shape (64, m), pixels scaled to
        [0, 1] (one column per image, row-major 8x8), and labels of shape (m,).

    Raises:
        ValueError: if train and dev leave no image for the test set, or the
            share is outside [0, 1).
    """
    from sklearn.datasets import load_digits  # imported here: scikit-learn is slow to import

    digits = load_digits()
    total = digits.data.shape[0]
    if train_size < 1 or dev_size < 1 or train_size + dev_size >= total:
        raise ValueError(f"train_size + dev_size must leave test images out of {total}; "
                         f"got {train_size} + {dev_size}")
    if not 0.0 <= mislabelled < 1.0:
        raise ValueError(f"mislabelled must be a share in [0, 1), got {mislabelled}")
    order = np.random.default_rng(seed).permutation(total)
    X = (digits.data[order] / MAX_INTENSITY).T.astype(np.float64)
    y = digits.target[order].astype(np.int64)
    cut1, cut2 = train_size, train_size + dev_size
    y_train_true = y[:cut1].copy()
    y_train = y_train_true.copy()
    relabel = np.random.default_rng(seed + 1)
    wrong = np.sort(relabel.choice(train_size, size=int(round(mislabelled * train_size)), replace=False))
    y_train[wrong] = (y_train[wrong] + relabel.integers(1, CLASSES, size=wrong.size)) % CLASSES
    return DigitsSplit(X[:, :cut1], y_train, X[:, cut1:cut2], y[cut1:cut2], X[:, cut2:], y[cut2:],
                       y_train_true, wrong)


def one_hot(labels: np.ndarray, classes: int = CLASSES) -> np.ndarray:
    """Integer labels (m,) -> one-hot matrix (classes, m) of float64.

    Raises:
        ValueError: for a label outside ``0 .. classes - 1``.
    """
    labels = np.asarray(labels).ravel().astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must lie in 0..{classes - 1}; got {labels.min()}..{labels.max()}")
    Y = np.zeros((classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
