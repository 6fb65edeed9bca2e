import numpy as np
import pytest
import scipy.io

from reg_utils import DatasetError, load_2D_dataset


def test_bundled_dataset_layout():
    train_X, train_Y, test_X, test_Y = load_2D_dataset()
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert train_X.dtype == np.float64 and train_Y.dtype == np.int64
    assert set(np.unique(train_Y)) == {0, 1}


def _write(path, **arrays):
    scipy.io.savemat(str(path), arrays)
    return path


def test_explicit_path_then_environment_variable(tmp_path, monkeypatch):
    X = np.array([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]])
    y = np.array([[1], [0], [1]], dtype=np.uint8)
    path = _write(tmp_path / "mine.mat", X=X, y=y, Xval=X[:2], yval=y[:2])
    monkeypatch.setenv("REG_UTILS_DATASET", str(path))
    train_X, train_Y, test_X, _ = load_2D_dataset()
    assert train_X.shape == (2, 3) and test_X.shape == (2, 2)
    assert train_Y.tolist() == [[1, 0, 1]]
    # 1 - Y must not wrap around as it would with the file's uint8 labels.
    assert (1 - train_Y).tolist() == [[0, 1, 0]]
    other = _write(tmp_path / "other.mat", X=X[:1], y=y[:1], Xval=X, yval=y)
    assert load_2D_dataset(other)[0].shape == (2, 1)


def test_missing_file_names_the_file_and_keys(tmp_path):
    with pytest.raises(DatasetError, match=r"nowhere\.mat.*X, y, Xval, yval"):
        load_2D_dataset(tmp_path / "nowhere.mat")


def test_missing_key_is_named(tmp_path):
    path = _write(tmp_path / "bad.mat", X=np.zeros((3, 2)), y=np.zeros((3, 1)))
    with pytest.raises(DatasetError, match="lacks the key.*Xval, yval"):
        load_2D_dataset(path)


def test_wrong_shape_and_labels_are_reported(tmp_path):
    path = _write(tmp_path / "shape.mat", X=np.zeros((3, 3)), y=np.zeros((3, 1)), Xval=np.zeros((2, 2)),
                  yval=np.zeros((2, 1)))
    with pytest.raises(DatasetError, match=r"'X' should have shape \(m, 2\)"):
        load_2D_dataset(path)
    path = _write(tmp_path / "labels.mat", X=np.zeros((3, 2)), y=np.full((3, 1), 2), Xval=np.zeros((2, 2)),
                  yval=np.zeros((2, 1)))
    with pytest.raises(DatasetError, match="only the labels 0 and 1"):
        load_2D_dataset(path)


def test_garbage_file_is_reported(tmp_path):
    path = tmp_path / "junk.mat"
    path.write_bytes(b"not a mat file at all")
    with pytest.raises(DatasetError, match="junk.mat"):
        load_2D_dataset(path)
