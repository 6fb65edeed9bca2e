"""Loading the 2-D goalkeeper data set from a MATLAB ``.mat`` file."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import scipy.io

#: Environment variable that points the loader at another data file.
DATASET_ENV = "REG_UTILS_DATASET"
#: Keys the file must hold: X (m, 2), y (m, 1), Xval (m_test, 2), yval (m_test, 1).
EXPECTED_KEYS = ("X", "y", "Xval", "yval")
#: Optional keys of a held-out dev set, for choosing hyperparameters: Xdev (m_dev, 2), ydev (m_dev, 1).
DEV_KEYS = ("Xdev", "ydev")


class DatasetError(ValueError):
    """The data file is missing or does not have the expected layout."""


def bundled_dataset_path() -> Path:
    """Path of ``datasets/data.mat`` shipped with the repository."""
    return Path(__file__).resolve().parent.parent / "datasets" / "data.mat"


def resolve_dataset_path(path: str | os.PathLike | None = None) -> Path:
    """Pick the data file: ``path``, else ``$REG_UTILS_DATASET``, else the bundled file."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(DATASET_ENV)
    if from_env:
        return Path(from_env)
    return bundled_dataset_path()


def _read_split(data: dict, x_key: str, y_key: str, where: Path) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(data[x_key], dtype=np.float64)
    y = np.asarray(data[y_key])
    if X.ndim != 2 or X.shape[1] != 2:
        raise DatasetError(f"{where}: '{x_key}' should have shape (m, 2), found {X.shape}")
    if y.shape != (X.shape[0], 1):
        raise DatasetError(
            f"{where}: '{y_key}' should have shape ({X.shape[0]}, 1) to match '{x_key}', found {y.shape}"
        )
    if not np.isin(y, (0, 1)).all():
        raise DatasetError(f"{where}: '{y_key}' must hold only the labels 0 and 1")
    # Transpose to the (features, examples) layout; labels become int64 so
    # that expressions like 1 - Y never meet unsigned wrap-around.
    return X.T.copy(), y.T.astype(np.int64)


def load_2D_dataset(
    path: str | os.PathLike | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load the goalkeeper data set. Draws nothing.

    Args:
        path: a ``.mat`` file with keys ``X`` (m, 2), ``y`` (m, 1), ``Xval``
            (m_test, 2) and ``yval`` (m_test, 1). When omitted, the file named by
            the environment variable ``REG_UTILS_DATASET`` is used, else the
            bundled ``datasets/data.mat``.

    Returns:
        ``train_X`` (2, m) float64, ``train_Y`` (1, m) int64 in {0, 1},
        ``test_X`` (2, m_test), ``test_Y`` (1, m_test).

    Raises:
        DatasetError: the file is missing, unreadable or lacks the expected keys
            or shapes; the message names the file and the keys expected.
    """
    data, where = _read_file(path)
    train_X, train_Y = _read_split(data, "X", "y", where)
    test_X, test_Y = _read_split(data, "Xval", "yval", where)
    return train_X, train_Y, test_X, test_Y


def load_dev_set(path: str | os.PathLike | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """Load the held-out dev set (keys ``Xdev``, ``ydev``) of the same file as :func:`load_2D_dataset`.

    The dev set is for choosing hyperparameters (lambd, keep_prob); the test
    set is then used once, at the end. Files in the published layout have no
    dev set.

    Returns:
        ``dev_X`` (2, m_dev) float64 and ``dev_Y`` (1, m_dev) int64, or None
        when the file holds no dev set.

    Raises:
        DatasetError: as :func:`load_2D_dataset`, or when only one of the two keys is present.
    """
    data, where = _read_file(path)
    present = [key for key in DEV_KEYS if key in data]
    if not present:
        return None
    if len(present) == 1:
        raise DatasetError(f"{where} holds {present[0]} but not its partner; a dev set needs both Xdev and ydev")
    return _read_split(data, "Xdev", "ydev", where)


def _read_file(path: str | os.PathLike | None) -> tuple[dict, Path]:
    """The arrays of the data file (checked for the four required keys) and its path."""
    where = resolve_dataset_path(path)
    if not where.is_file():
        raise DatasetError(
            f"data file not found: {where} (expected a .mat file with keys {', '.join(EXPECTED_KEYS)})"
        )
    try:
        data = scipy.io.loadmat(str(where))
    except Exception as exc:  # scipy raises several unrelated types for bad files
        raise DatasetError(
            f"cannot read {where} as a .mat file with keys {', '.join(EXPECTED_KEYS)}: {exc}"
        ) from exc
    missing = [key for key in EXPECTED_KEYS if key not in data]
    if missing:
        raise DatasetError(
            f"{where} lacks the key(s) {', '.join(missing)}; expected {', '.join(EXPECTED_KEYS)}"
        )
    return data, where
