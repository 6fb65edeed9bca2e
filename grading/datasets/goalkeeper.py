"""Deterministic generator of the bundled 2-D "goalkeeper" data set.

The story: after our goalkeeper's long kick, players of both teams jump for
the ball. Each example is the spot (x1 along the field, x2 across it) where a
header happened; the label says who won it: 1 (blue) our team, 0 (red) the
other team. Our players are stronger in the upper-left part of the window,
theirs in the lower-right, and a gently curved diagonal separates the zones.

Every set of matches (training, dev, test) is drawn the same way:
* headers land anywhere in the window; the farther a header is from the
  frontier, the surer its outcome (a logistic law of the signed distance), so
  near the frontier the outcome is close to a coin toss;
* each set of matches also has a few "flukes": small groups of headers won by
  the unlikely team in one spot of the other side's zone (a tall striker who
  had a good day, a set piece that worked). They are as common in every set,
  but never in the same places, so a network that bends its boundary around
  the training set's flukes (overfitting) gains nothing on new matches and
  loses accuracy where its detours are.

The file keeps the layout of the published data set, ``X`` (m, 2),
``y`` (m, 1) uint8 for training and ``Xval``, ``yval`` for the test set, and
adds the held-out dev set under ``Xdev``, ``ydev``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.io


@dataclass(frozen=True)
class GoalkeeperSpec:
    """Every knob of the generator; the defaults make the bundled file."""

    seed: int = 153
    n_train: int = 211
    n_test: int = 200
    n_dev: int = 200
    x1_range: tuple[float, float] = (-0.70, 0.35)
    x2_range: tuple[float, float] = (-0.70, 0.60)
    frontier_slope: float = 1.05
    frontier_offset: float = -0.05
    frontier_wave: float = 0.06
    #: Steepness of the logistic law P(our team wins) = sigmoid(sharpness * signed distance).
    sharpness: float = 80.0
    n_flukes: int = 4
    fluke_size: int = 4
    fluke_radius: float = 0.06
    fluke_depth: tuple[float, float] = (0.05, 0.15)


def frontier_gap(X: np.ndarray, spec: GoalkeeperSpec = GoalkeeperSpec()) -> np.ndarray:
    """Signed distance of the points X (k, 2) to the frontier: > 0 on our team's (upper-left) side; shape (k,)."""
    x1, x2 = X[:, 0], X[:, 1]
    frontier = spec.frontier_slope * x1 + spec.frontier_offset + spec.frontier_wave * np.sin(6.0 * x1)
    return (x2 - frontier) / np.sqrt(1.0 + spec.frontier_slope**2)


def _window(spec: GoalkeeperSpec) -> tuple[tuple[float, float], tuple[float, float]]:
    return (spec.x1_range[0], spec.x2_range[0]), (spec.x1_range[1], spec.x2_range[1])


def _flukes(rng: np.random.Generator, spec: GoalkeeperSpec) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Groups of headers won by the team whose zone they lie inside, at a depth within ``fluke_depth``."""
    points: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    low, high = _window(spec)
    while len(points) < spec.n_flukes:
        centre = rng.uniform(low, high)
        depth = frontier_gap(centre[None, :], spec)[0]
        if not spec.fluke_depth[0] <= abs(depth) <= spec.fluke_depth[1]:
            continue
        points.append(centre + rng.normal(scale=spec.fluke_radius, size=(spec.fluke_size, 2)))
        labels.append(np.full(spec.fluke_size, 0 if depth > 0 else 1))
    return points, labels


def _matches(rng: np.random.Generator, n: int, spec: GoalkeeperSpec) -> tuple[np.ndarray, np.ndarray]:
    """One set of matches: ``n`` headers, of which ``n_flukes * fluke_size`` are flukes; X (n, 2), y (n,)."""
    regular = n - spec.n_flukes * spec.fluke_size
    low, high = _window(spec)
    X = rng.uniform(low, high, size=(regular, 2))
    p_ours = 1.0 / (1.0 + np.exp(-spec.sharpness * frontier_gap(X, spec)))
    y = (rng.random(regular) < p_ours).astype(np.int64)
    points, labels = _flukes(rng, spec)
    return np.concatenate([X, *points]), np.concatenate([y, *labels])


def generate(spec: GoalkeeperSpec = GoalkeeperSpec()) -> dict[str, np.ndarray]:
    """Build the data set; same spec, same arrays, on every machine.

    Returns:
        ``{"X": (n_train, 2), "y": (n_train, 1) uint8, "Xval": (n_test, 2), "yval": (n_test, 1) uint8,
        "Xdev": (n_dev, 2), "ydev": (n_dev, 1) uint8}``.
    """
    rng = np.random.default_rng(spec.seed)
    data = {}
    for x_key, y_key, n in (("X", "y", spec.n_train), ("Xval", "yval", spec.n_test), ("Xdev", "ydev", spec.n_dev)):
        X, y = _matches(rng, n, spec)
        data[x_key], data[y_key] = X, y.astype(np.uint8)[:, None]
    return data


def write(path: Path, spec: GoalkeeperSpec = GoalkeeperSpec()) -> Path:
    """Generate the data set and save it as a MATLAB 5 ``.mat`` file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scipy.io.savemat(str(path), generate(spec))
    return path
