"""Deterministic generator of the bundled 2-D "goalkeeper" data set.

The story: after our goalkeeper's long kick, players of both teams jump for
the ball. Each example is the spot (x1 along the field, x2 across it) where a
header happened; the label says who won it: 1 (blue) our team, 0 (red) the
other team. Our players gather in the upper-left part of the window, theirs
in the lower-right, so a gently curved diagonal separates the classes.

Two kinds of noise make the lesson work:
* a small share of headers anywhere near the frontier went the "wrong" way
  (in training and test data alike): no model can get those right;
* the training matches also hold a few "flukes", tight clusters of headers
  won by the unlikely team deep in the other side's zone. They are chance
  events of those particular matches and do not recur in the test matches,
  so a network that bends its boundary around them (overfitting) loses test
  accuracy there, while a regularised one ignores them.

The file keeps the layout of the published data set: ``X`` (m, 2),
``y`` (m, 1) uint8, ``Xval`` (m_test, 2), ``yval`` (m_test, 1).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.io

from reg_utils.data import bundled_dataset_path


@dataclass(frozen=True)
class GoalkeeperSpec:
    """Every knob of the generator; the defaults make the bundled file."""

    seed: int = 2024
    n_train: int = 211
    n_test: int = 200
    x1_range: tuple[float, float] = (-0.70, 0.35)
    x2_range: tuple[float, float] = (-0.70, 0.60)
    frontier_slope: float = 1.05
    frontier_offset: float = -0.05
    frontier_wave: float = 0.06
    border_noise_width: float = 0.05
    border_flip_rate: float = 0.08
    n_flukes: int = 8
    fluke_size: int = 5
    fluke_radius: float = 0.03
    fluke_depth: tuple[float, float] = (0.05, 0.16)


def _frontier_gap(X: np.ndarray, spec: GoalkeeperSpec) -> np.ndarray:
    """Signed distance-like gap to the frontier: > 0 on our team's (upper-left) side."""
    x1, x2 = X[:, 0], X[:, 1]
    frontier = spec.frontier_slope * x1 + spec.frontier_offset + spec.frontier_wave * np.sin(6.0 * x1)
    return (x2 - frontier) / np.sqrt(1.0 + spec.frontier_slope**2)


def _uniform_points(rng: np.random.Generator, n: int, spec: GoalkeeperSpec) -> np.ndarray:
    low = (spec.x1_range[0], spec.x2_range[0])
    high = (spec.x1_range[1], spec.x2_range[1])
    return rng.uniform(low, high, size=(n, 2))


def _label_with_border_noise(rng: np.random.Generator, X: np.ndarray, spec: GoalkeeperSpec) -> np.ndarray:
    gap = _frontier_gap(X, spec)
    y = (gap > 0).astype(np.uint8)
    near = np.abs(gap) < spec.border_noise_width
    flip = near & (rng.random(len(y)) < spec.border_flip_rate)
    y[flip] = 1 - y[flip]
    return y


def _flukes(rng: np.random.Generator, spec: GoalkeeperSpec) -> tuple[np.ndarray, np.ndarray]:
    """Clusters of headers won by the team whose zone they lie deep inside."""
    points, labels = [], []
    while len(points) < spec.n_flukes:
        centre = _uniform_points(rng, 1, spec)[0]
        depth = _frontier_gap(centre[None, :], spec)[0]
        if not spec.fluke_depth[0] <= abs(depth) <= spec.fluke_depth[1]:
            continue
        cluster = centre + rng.normal(scale=spec.fluke_radius, size=(spec.fluke_size, 2))
        points.append(cluster)
        labels.append(np.full(spec.fluke_size, 0 if depth > 0 else 1, dtype=np.uint8))
    return np.concatenate(points), np.concatenate(labels)


def generate(spec: GoalkeeperSpec = GoalkeeperSpec()) -> dict[str, np.ndarray]:
    """Build the data set; same spec, same arrays, on every machine.

    Returns:
        ``{"X": (n_train, 2), "y": (n_train, 1) uint8, "Xval": (n_test, 2), "yval": (n_test, 1) uint8}``.
    """
    rng = np.random.default_rng(spec.seed)
    fluke_X, fluke_y = _flukes(rng, spec)
    n_regular = spec.n_train - len(fluke_y)
    regular_X = _uniform_points(rng, n_regular, spec)
    regular_y = _label_with_border_noise(rng, regular_X, spec)
    order = rng.permutation(spec.n_train)
    X = np.concatenate([regular_X, fluke_X])[order]
    y = np.concatenate([regular_y, fluke_y])[order]
    Xval = _uniform_points(rng, spec.n_test, spec)
    yval = _label_with_border_noise(rng, Xval, spec)
    return {"X": np.round(X, 6), "y": y[:, None], "Xval": np.round(Xval, 6), "yval": yval[:, None]}


def write(path: Path, spec: GoalkeeperSpec = GoalkeeperSpec()) -> Path:
    """Generate the data set and save it as a MATLAB 5 ``.mat`` file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scipy.io.savemat(str(path), generate(spec))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the goalkeeper data set.")
    parser.add_argument("--out", type=Path, default=bundled_dataset_path())
    parser.add_argument("--seed", type=int, default=GoalkeeperSpec.seed)
    args = parser.parse_args(argv)
    print(write(args.out, GoalkeeperSpec(seed=args.seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
