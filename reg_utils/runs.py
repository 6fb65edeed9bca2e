"""Saving a trained model so that a later notebook can compare against it.

Notebook 1 saves the baseline, notebook 2 the L2 model, notebook 3 the
dropout model and then compares all three. Each run is one small ``.npz``
file (parameters and cost curve) in a ``runs/`` folder beside the notebooks.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .training import TrainingRun

RUNS_DIR = Path("runs")


def save_run(name: str, run: TrainingRun, folder: str | os.PathLike = RUNS_DIR, note: str | None = None) -> Path:
    """Write ``run`` to ``folder/<name>.npz`` and return the path.

    Args:
        name: file name without extension, e.g. ``"l2"``.
        run: the trained model.
        folder: where to write.
        note: a label of how it was trained (default: ``run.note``), shown by later parts.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.npz"
    np.savez(path, costs=np.asarray(run.costs), record_every=run.record_every,
             note=np.array(run.note if note is None else note), **run.parameters)
    return path


def load_run(name: str, folder: str | os.PathLike = RUNS_DIR) -> TrainingRun | None:
    """Read ``folder/<name>.npz`` back, or return None when that model was not trained yet."""
    path = Path(folder) / f"{name}.npz"
    if not path.is_file():
        return None
    with np.load(path) as data:
        parameters = {key: data[key] for key in data.files if key[0] in "Wb"}
        note = str(data["note"]) if "note" in data.files else ""
        return TrainingRun(parameters=parameters, costs=list(data["costs"]),
                           record_every=int(data["record_every"]), note=note)
