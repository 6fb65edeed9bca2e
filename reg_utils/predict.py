"""Turning the network's probabilities into class labels."""

from __future__ import annotations

import numpy as np

from .network import Parameters, forward_propagation


def predict(X: np.ndarray, y: np.ndarray, parameters: Parameters, verbose: bool = True) -> np.ndarray:
    """Label every example with the trained network and report the accuracy.

    Args:
        X: inputs, shape (n_x, m).
        y: true labels, shape (1, m); used only for the accuracy line.
        parameters: trained ``W1 .. b3``.
        verbose: print ``Accuracy: <fraction>`` (the published helper always did).

    Returns:
        Integer predictions of shape (1, m): 1 where A3 > 0.5, else 0.
    """
    A3, _ = forward_propagation(X, parameters)
    predictions = (A3 > 0.5).astype(np.int64)
    if verbose:
        print("Accuracy: " + str(np.mean(predictions[0, :] == y[0, :])))
    return predictions


def predict_dec(parameters: Parameters, X: np.ndarray) -> np.ndarray:
    """Boolean predictions (True = blue class) of shape (1, m) for inputs X (n_x, m).

    Used to shade the decision regions in :func:`reg_utils.plot_decision_boundary`.
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5


def accuracy_of(X: np.ndarray, y: np.ndarray, parameters: Parameters) -> float:
    """Fraction of examples of X (n_x, m) whose predicted label equals y (1, m)."""
    return float(np.mean(predict_dec(parameters, X) == y))
