import warnings

import numpy as np

from reg_utils import relu, sigmoid


def test_sigmoid_hand_values():
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid(np.array([np.log(3.0)])), [0.75])


def test_sigmoid_saturates_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = sigmoid(np.array([-1000.0, 1000.0]))
    assert out.tolist() == [0.0, 1.0]


def test_relu_keeps_shape_and_clips():
    z = np.array([[-2.0, 0.0, 3.5]])
    assert relu(z).shape == (1, 3)
    assert relu(z).tolist() == [[0.0, 0.0, 3.5]]
