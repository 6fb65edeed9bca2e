"""check-lesson for ``regularization_toolbox``: do the digits and the reference solutions tell its story?

The story of the three notebooks, and what is checked (accuracies as fractions):

* on the small, partly mislabelled training set the unregularized network
  memorises: train minus dev accuracy is at least 10 points;
* L2 (part 1's ``L2_LAMBD``), L1 (``L1_LAMBD``) and inverted dropout (part
  3's ``KEEP_PROB``) each raise the dev accuracy by at least 2 points;
* L1 leaves clearly more weights near zero than L2: the share of weights with
  ``|w| < NEAR_ZERO`` is at least twice as large;
* early stopping (part 2's ``PATIENCE`` on the unregularized run) goes back to
  an iteration before the last, whose dev accuracy is within 1 point of the
  best dev accuracy of the whole run;
* the random search of part 3 finds a setting whose dev accuracy beats the
  default setting's (``DEFAULT_LAMBD``, ``DEFAULT_KEEP_PROB``).

The network, data split and step sizes are the library's (``DIGITS_*`` and
:func:`reg_utils.load_digits_split`); the hyperparameters are the literals the
source notebooks assign; the graded functions and classes are the reference
solutions read from the notebooks' answer cells. The L1 penalty is built as a
:class:`reg_utils.Penalty` here, and checked against the reference
``compute_cost_with_l1`` and ``backward_propagation_with_l1`` first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from reg_utils import (
    DIGITS_LAYER_SIZES,
    Penalty,
    backward_propagation,
    build_network,
    compute_cost,
    forward_propagation,
    l2_penalty,
    load_digits_split,
    near_zero_share,
    network_accuracy,
    random_search,
    train_layers,
    train_setting,
)

from ..course.solutions import load_solutions
from .notebook_literals import notebook_literals

ASSIGNMENT = "regularization_toolbox"
#: Names the notebooks assign once, as literals, that the check reads.
SETTINGS = ("L2_LAMBD", "L1_LAMBD", "NEAR_ZERO", "PATIENCE", "KEEP_PROB", "SEARCH_TRIALS", "SEARCH_ITERATIONS",
            "SEARCH_SEED", "LAMBD_RANGE", "KEEP_PROB_RANGE", "DEFAULT_LAMBD", "DEFAULT_KEEP_PROB")


@dataclass(frozen=True)
class Margins:
    """What "the lesson holds" means, in accuracy fractions."""

    min_overfit_gap: float = 0.10  # unregularized train minus dev
    min_gain: float = 0.02  # each regulariser's dev minus the unregularized dev
    min_zero_ratio: float = 2.0  # L1's near-zero share over L2's
    max_stop_shortfall: float = 0.01  # best dev of the run minus dev at the early-stopping point
    min_search_lead: float = 0.0  # best searched dev minus the default's (strictly above)


def notebook_settings(assignment: str = ASSIGNMENT) -> dict[str, Any]:
    """The literal values the notebooks assign to the names of :data:`SETTINGS` (one value each)."""
    return notebook_literals(assignment, SETTINGS)


def l1_penalty(lambd: float) -> Penalty:
    """The L1 penalty ``lambd / (2 m) * sum |W|`` as a library part (its slope is ``sign(W)``)."""
    return Penalty("L1", float(lambd), lambda W: float(np.sum(np.abs(W))), np.sign)


def l1_part_matches(sol: Any, lambd: float = 0.9, seed: int = 4) -> bool:
    """Whether :func:`l1_penalty` adds what the reference ``*_with_l1`` add, on a random 3-layer network."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, 7))
    Y = (rng.random((1, 7)) < 0.5).astype(float)
    parameters = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)), "W2": rng.normal(size=(3, 4)),
                  "b2": rng.normal(size=(3, 1)), "W3": rng.normal(size=(1, 3)), "b3": rng.normal(size=(1, 1))}
    A3, cache = forward_propagation(X, parameters)
    part = l1_penalty(lambd)
    weights = [parameters[f"W{n}"] for n in (1, 2, 3)]
    cost_ok = np.isclose(sol.compute_cost_with_l1(A3, Y, parameters, lambd),
                         compute_cost(A3, Y) + part.cost(weights, 7), rtol=0, atol=1e-12)
    plain = backward_propagation(X, Y, cache)
    grads = sol.backward_propagation_with_l1(X, Y, cache, lambd)
    grads_ok = all(np.allclose(grads[f"dW{n}"], plain[f"dW{n}"] + part.gradient(parameters[f"W{n}"], 7),
                               rtol=0, atol=1e-12) for n in (1, 2, 3))
    return bool(cost_ok and grads_ok)


def _accuracies(net: Any, data: Any) -> dict[str, float]:
    return {"train": network_accuracy(net, data.X_train, data.y_train),
            "dev": network_accuracy(net, data.X_dev, data.y_dev)}


def run_lesson() -> dict[str, Any]:
    """Train what the notebooks train and measure the story's figures (the JSON table of ``check``)."""
    sol = load_solutions(ASSIGNMENT)
    settings = notebook_settings()
    data = load_digits_split()
    sizes = list(DIGITS_LAYER_SIZES)
    fit = dict(X_dev=data.X_dev, y_dev=data.y_dev)

    models: dict[str, Any] = {
        "baseline": (build_network(sizes), {}),
        "l2": (build_network(sizes), {"penalty": l2_penalty(settings["L2_LAMBD"])}),
        "l1": (build_network(sizes), {"penalty": l1_penalty(settings["L1_LAMBD"])}),
        "dropout": (build_network(sizes, dropout=sol.Dropout, keep_prob=settings["KEEP_PROB"]), {}),
        "non_inverted_dropout": (build_network(sizes, dropout=sol.NonInvertedDropout,
                                               keep_prob=settings["KEEP_PROB"]), {}),
    }
    table: dict[str, Any] = {}
    histories = {}
    for name, (net, extra) in models.items():
        histories[name] = train_layers(net, data.X_train, data.y_train, **fit, **extra)
        table[name] = _accuracies(net, data)

    threshold = settings["NEAR_ZERO"]
    table["near_zero"] = {"threshold": threshold,
                          "l1": near_zero_share(models["l1"][0].weights(), threshold),
                          "l2": near_zero_share(models["l2"][0].weights(), threshold)}
    table["l1_part_matches_solution"] = l1_part_matches(sol)

    base = histories["baseline"]
    index = int(sol.early_stopping_index(base.dev_errors, settings["PATIENCE"]))
    table["early_stopping"] = {"patience": settings["PATIENCE"], "index": index,
                               "iteration": base.iterations[index], "last_iteration": base.iterations[-1],
                               "dev": base.dev_accuracy[index], "best_dev": max(base.dev_accuracy)}

    search = dict(X=data.X_train, y=data.y_train, X_dev=data.X_dev, y_dev=data.y_dev, dropout=sol.Dropout,
                  layer_sizes=sizes, iterations=settings["SEARCH_ITERATIONS"])

    def evaluate(lambd: float, keep_prob: float) -> float:
        return train_setting(lambd=lambd, keep_prob=keep_prob, **search)[0]

    trials = random_search(evaluate, sol.sample_log_uniform, np.random.default_rng(settings["SEARCH_SEED"]),
                           settings["SEARCH_TRIALS"], tuple(settings["LAMBD_RANGE"]),
                           tuple(settings["KEEP_PROB_RANGE"]))
    best = max(trials, key=lambda row: row["dev"])
    default = {"lambd": float(settings["DEFAULT_LAMBD"]), "keep_prob": float(settings["DEFAULT_KEEP_PROB"]),
               "dev": evaluate(settings["DEFAULT_LAMBD"], settings["DEFAULT_KEEP_PROB"])}
    _, chosen, _, _ = train_setting(lambd=best["lambd"], keep_prob=best["keep_prob"], **search)
    table["search"] = {"trials": trials, "best": best, "default": default,
                       "test_of_best": network_accuracy(chosen, data.X_test, data.y_test)}
    table["settings"] = {"l2_lambd": settings["L2_LAMBD"], "l1_lambd": settings["L1_LAMBD"],
                         "keep_prob": settings["KEEP_PROB"], "train_size": int(data.X_train.shape[1]),
                         "dev_size": int(data.X_dev.shape[1]), "test_size": int(data.X_test.shape[1]),
                         "mislabelled": int(data.mislabelled.size)}
    return table


def lesson_problems(table: dict[str, Any], margins: Margins = Margins()) -> list[str]:
    """Every way in which ``table`` fails to show the lesson; empty when it holds."""
    problems = []
    base = table["baseline"]
    gap = base["train"] - base["dev"]
    if gap < margins.min_overfit_gap:
        problems.append(f"the unregularized network does not overfit enough: train - dev = {gap:+.3f} "
                        f"(needs at least {margins.min_overfit_gap:.3f})")
    for name in ("l2", "l1", "dropout"):
        gain = table[name]["dev"] - base["dev"]
        if gain < margins.min_gain:
            problems.append(f"{name} does not raise the dev accuracy enough: {gain:+.3f} "
                            f"(needs at least {margins.min_gain:+.3f})")
    zeros = table["near_zero"]
    if zeros["l1"] < margins.min_zero_ratio * zeros["l2"]:
        problems.append(f"L1 does not leave clearly more weights near zero than L2: {zeros['l1']:.3f} against "
                        f"{zeros['l2']:.3f} (needs at least {margins.min_zero_ratio:g} times as many)")
    if not table.get("l1_part_matches_solution", True):
        problems.append("the L1 penalty part disagrees with the reference compute_cost_with_l1 / "
                        "backward_propagation_with_l1")
    stop = table["early_stopping"]
    if stop["iteration"] >= stop["last_iteration"]:
        problems.append(f"early stopping does not stop early: it picks iteration {stop['iteration']}, the last one")
    shortfall = stop["best_dev"] - stop["dev"]
    if shortfall > margins.max_stop_shortfall:
        problems.append(f"early stopping picks a dev accuracy {shortfall:.3f} below the run's best "
                        f"(at most {margins.max_stop_shortfall:.3f})")
    search = table["search"]
    lead = search["best"]["dev"] - search["default"]["dev"]
    if lead <= margins.min_search_lead:
        problems.append(f"the random search does not beat the default setting on the dev set: best "
                        f"{search['best']['dev']:.3f}, default {search['default']['dev']:.3f}")
    return problems


def format_table(table: dict[str, Any]) -> str:
    """The figures as aligned text."""
    lines = [f"{'model':<22} {'train':>7} {'dev':>7}"]
    for name in ("baseline", "l2", "l1", "dropout", "non_inverted_dropout"):
        lines.append(f"{name:<22} {table[name]['train']:7.4f} {table[name]['dev']:7.4f}")
    zeros, stop, search = table["near_zero"], table["early_stopping"], table["search"]
    lines += [
        "",
        f"weights with |w| < {zeros['threshold']:g}: L1 {zeros['l1']:.3f}, L2 {zeros['l2']:.3f}",
        f"early stopping (patience {stop['patience']}): iteration {stop['iteration']} of {stop['last_iteration']}, "
        f"dev {stop['dev']:.4f} (best of the run {stop['best_dev']:.4f})",
        f"random search, {len(search['trials'])} trials: best lambd {search['best']['lambd']:.4g}, keep_prob "
        f"{search['best']['keep_prob']:.3f}, dev {search['best']['dev']:.4f}; default lambd "
        f"{search['default']['lambd']:g}, keep_prob {search['default']['keep_prob']:g}, dev "
        f"{search['default']['dev']:.4f}; test accuracy of the best {search['test_of_best']:.4f}",
    ]
    return "\n".join(lines)


def check(dataset: object = None) -> tuple[dict[str, Any], list[str], str]:
    """``check-lesson``'s entry point: (JSON-ready table, problems, text). The digits need no data file."""
    table = run_lesson()
    return table, lesson_problems(table), format_table(table)
