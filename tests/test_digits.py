"""reg_utils.digits: the fixed split of scikit-learn's digits, its mislabelled training labels, one-hot labels."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import load_digits

from reg_utils.digits import DEV_SIZE, MISLABELLED, TRAIN_SIZE, load_digits_split, one_hot


@pytest.fixture
def split():
    # Built afresh for every test (a few milliseconds): mutmut links a function to the tests that call it, and a
    # module-wide fixture would link load_digits_split to the first test only, so mutants would meet one test.
    return load_digits_split()


def test_sizes_layout_and_pixel_range(split):
    assert split.X_train.shape == (64, TRAIN_SIZE) and split.X_dev.shape == (64, DEV_SIZE)
    assert split.X_test.shape == (64, 1797 - TRAIN_SIZE - DEV_SIZE)
    for X in (split.X_train, split.X_dev, split.X_test):
        assert X.dtype == np.float64 and X.min() == 0.0 and X.max() == 1.0
    for y, X in ((split.y_train, split.X_train), (split.y_dev, split.X_dev), (split.y_test, split.X_test)):
        assert y.shape == (X.shape[1],) and y.dtype == np.int64 and set(np.unique(y)) <= set(range(10))


def test_the_three_sets_together_are_the_whole_data_set_with_its_true_labels(split):
    digits = load_digits()
    X = np.concatenate([split.X_train, split.X_dev, split.X_test], axis=1).T * 16
    y = np.concatenate([split.y_train_true, split.y_dev, split.y_test])
    ours = sorted(map(tuple, np.column_stack([X, y]).round().astype(int)))
    theirs = sorted(map(tuple, np.column_stack([digits.data, digits.target]).astype(int)))
    assert ours == theirs


def test_a_fixed_share_of_training_labels_is_wrong_and_only_there(split):
    wrong = split.mislabelled
    assert wrong.size == round(MISLABELLED * TRAIN_SIZE) and np.array_equal(wrong, np.sort(wrong))
    differs = np.flatnonzero(split.y_train != split.y_train_true)
    assert np.array_equal(differs, wrong)
    # every wrong label is another class, spread over several classes
    assert len(np.unique(split.y_train[wrong])) > 5


def test_the_split_is_deterministic_and_leaves_the_global_generator_alone(split):
    np.random.seed(0)
    state = np.random.get_state()
    again = load_digits_split()
    assert np.array_equal(np.random.get_state()[1], state[1])
    assert np.array_equal(again.X_train, split.X_train) and np.array_equal(again.y_train, split.y_train)
    other = load_digits_split(seed=1)
    assert not np.array_equal(other.X_train, split.X_train)


def test_arguments_size_the_sets_and_can_switch_the_mislabelling_off():
    small = load_digits_split(train_size=100, dev_size=50, mislabelled=0.0)
    assert small.X_train.shape[1] == 100 and small.X_dev.shape[1] == 50 and small.X_test.shape[1] == 1647
    assert small.mislabelled.size == 0 and np.array_equal(small.y_train, small.y_train_true)
    with pytest.raises(ValueError, match="must leave test images"):
        load_digits_split(train_size=1000, dev_size=797)
    with pytest.raises(ValueError, match="share in"):
        load_digits_split(mislabelled=1.0)


def test_one_hot():
    Y = one_hot(np.array([2, 0, 9]))
    assert Y.shape == (10, 3) and Y.dtype == np.float64
    assert np.array_equal(np.argmax(Y, axis=0), [2, 0, 9]) and np.all(Y.sum(axis=0) == 1)
    assert one_hot(np.array([[1, 0]]), classes=2).tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert one_hot(np.array([], dtype=int)).shape == (10, 0)
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        one_hot(np.array([3]), classes=3)
    with pytest.raises(ValueError):
        one_hot(np.array([-1]))


def test_the_relabelling_follows_its_documented_draws(split):
    # default_rng(seed + 1) picks the positions (no repeats), then shifts each label by 1..9 classes.
    relabel = np.random.default_rng(0 + 1)
    wrong = np.sort(relabel.choice(TRAIN_SIZE, size=45, replace=False))
    shifts = relabel.integers(1, 10, size=45)
    assert np.array_equal(split.mislabelled, wrong) and len(np.unique(split.mislabelled)) == 45
    assert np.array_equal(split.y_train[wrong], (split.y_train_true[wrong] + shifts) % 10)
    assert np.all(split.y_train[wrong] != split.y_train_true[wrong])
    assert len(set(split.y_train[wrong].tolist())) == 10 and split.y_train.dtype == np.int64


@pytest.mark.parametrize("train_size, dev_size", [(0, 100), (100, 0), (1000, 797)])
def test_sizes_that_leave_a_set_empty_are_refused(train_size, dev_size):
    with pytest.raises(ValueError, match=rf"^train_size \+ dev_size must leave test images out of 1797; "
                                         rf"got {train_size} \+ {dev_size}$"):
        load_digits_split(train_size=train_size, dev_size=dev_size)


def test_one_image_in_training_or_dev_is_enough():
    tiny = load_digits_split(train_size=1, dev_size=1, mislabelled=0.0)
    assert tiny.X_train.shape == (64, 1) and tiny.X_dev.shape == (64, 1) and tiny.X_test.shape == (64, 1795)
