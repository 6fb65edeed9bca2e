"""public_tests.model_selection: the messages of every check, the hints on other curves and cases, the edges.

The mistake-by-hint matrix (tests/test_hints_regularization_toolbox.py) pins
which hint each usual mistake gets on the assignment's inputs; here, the first
lines of the messages (which call failed, what was wrong), the hints the
public tests give on other curves and bounds than the shipped ones (the
predicates follow the inputs), and the tolerances of the range and log-mean
checks, hit exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

import public_tests.model_selection as ptm
from public_tests.compare import CheckFailed, StudentCodeError

from .mistakes import assert_only_hint, failure, hints, toolbox

SMALL = "sample_log_uniform(low=0.0001, high=10, size=8, rng=np.random.default_rng(2024))"
LARGE = "sample_log_uniform(low=0.001, high=100, size=20000, rng=np.random.default_rng(7))"
CURVE_1 = "early_stopping_index(dev_errors, patience=3) on curve 1"


def _lines(test, target) -> list[str]:
    with pytest.raises((CheckFailed, StudentCodeError)) as info:
        test(target)
    return str(info.value).splitlines()


def _passes(test, target, capsys) -> None:
    test(target)
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


@pytest.fixture
def global_state():
    saved = np.random.get_state()
    yield
    np.random.set_state(saved)


# ============================================================================ early stopping
def test_a_crash_names_the_curve_and_its_patience():
    def target(dev_errors, patience):
        raise ValueError("no curve")

    assert _lines(ptm.early_stopping_index_test, target)[0] == f"{CURVE_1}: your function raised ValueError: no curve"


def test_a_float_index_shows_the_expected_index_and_the_curve():
    target = toolbox("early_stopping_index", ("    return best_index", "    return float(best_index)"))
    assert _lines(ptm.early_stopping_index_test, target) == [
        f"{CURVE_1}: expected an int (an index into dev_errors), got a float",
        "  expected: 6",
        "  got:      6.0",
        "  dev_errors = [0.5, 0.45, 0.47, 0.46, 0.4, 0.41, 0.35, 0.35, 0.37, 0.38, 0.33, 0.34, 0.36, 0.35, 0.31, "
        "0.32, 0.33, 0.34, 0.32, 0.26, 0.28]",
    ]


#: Patience 3, no ties: one evaluation without improvement, then an improvement, three times; then two in a row
#: (a walk with patience 2 stops at 8: answer 6), an improvement at 9 and three in a row (the run stops at 12:
#: answer 9), then the curve's minimum at 13 (patience 4 never stops: answer 13). Patience 1 stops at 1 (answer
#: 0), a counter never reset at the third non-improvement, 5 (answer 4).
STEPS = [0.50, 0.55, 0.45, 0.48, 0.40, 0.42, 0.35, 0.37, 0.38, 0.30, 0.31, 0.32, 0.33, 0.20]


def test_the_steps_curve_gives_another_index_for_every_patience():
    by_patience = {p: ptm._walk(STEPS, p) for p in (1, 2, 3, 4)}
    assert by_patience == {1: (0, 1), 2: (6, 8), 3: (9, 12), 4: (13, None)}
    assert ptm._walk(STEPS, 3, reset=False) == (4, 5)


def test_stopping_one_early_is_named_when_patience_minus_two_gives_another_index(monkeypatch):
    monkeypatch.setattr(ptm, "early_stopping_index_test_case", lambda: [(list(STEPS), 3)])
    target = toolbox("early_stopping_index", ("waited == patience", "waited == patience - 1"))
    error = failure(ptm.early_stopping_index_test, target)
    assert_only_hint(error, "patience off by one", "reaches patience (3)")
    assert str(error).splitlines()[1:3] == ["  expected: 9", "  got:      6"]


#: Patience 2: improvements at 1 and 3, a single non-improvement at 2, two in a row at 4-5 (the run stops at 5:
#: answer 3); patience 1 stops at 2 (answer 1), patience 3 at 9 (answer 6).
PAIRS = [0.50, 0.40, 0.45, 0.30, 0.35, 0.36, 0.20, 0.25, 0.26, 0.27]


def test_stopping_after_one_is_named_for_patience_two(monkeypatch):
    assert [ptm._walk(PAIRS, p) for p in (1, 2, 3)] == [(1, 2), (3, 5), (6, 9)]
    monkeypatch.setattr(ptm, "early_stopping_index_test_case", lambda: [(list(PAIRS), 2)])
    target = toolbox("early_stopping_index", ("waited == patience", "waited == patience - 1"))
    error = failure(ptm.early_stopping_index_test, target)
    assert [name for name, _ in hints(error)] == ["patience off by one"]
    assert "reaches patience (2), not one before or one after." in hints(error)[0][1]
    assert str(error).splitlines()[:3] == ["early_stopping_index(dev_errors, patience=2) on curve 1: wrong index",
                                           "  expected: 3", "  got:      1"]


# ============================================================================ sampler: form and generators
def test_a_crash_names_the_call_and_the_seed():
    def target(low, high, size, rng):
        raise ValueError("no sample")

    assert _lines(ptm.sample_log_uniform_test, target)[0] == f"{SMALL}: your function raised ValueError: no sample"


def test_a_list_is_not_an_array():
    target = toolbox("sample_log_uniform", ("return 10 ** exponents", "return list(10 ** exponents)"))
    assert _lines(ptm.sample_log_uniform_test, target) == [f"{SMALL}: expected a numpy array of shape (8,), got a list"]


def test_a_column_is_the_wrong_shape():
    target = toolbox("sample_log_uniform", ("np.log10(high), size)", "np.log10(high), (size, 1))"))
    assert _lines(ptm.sample_log_uniform_test, target) == [
        f"{SMALL}: wrong shape: expected (8,), got (8, 1); pass size to the one draw (rng.uniform(..., size=size))"]


def test_float32_values_are_named():
    target = toolbox("sample_log_uniform", ("return 10 ** exponents", "return (10 ** exponents).astype(np.float32)"))
    assert _lines(ptm.sample_log_uniform_test, target) == [f"{SMALL}: expected float64 values, got dtype float32"]


def test_a_draw_from_the_global_generator_is_seen_when_only_its_position_moves(global_state):
    np.random.seed(0)
    np.random.random(3)  # the key block is drawn now; one more double moves the position only
    keys = np.random.get_state()[1].copy()
    target = toolbox("sample_log_uniform", ("    return 10 ** exponents", "    np.random.random()\n"
                                                                          "    return 10 ** exponents"))
    error = failure(ptm.sample_log_uniform_test, target)
    assert np.array_equal(np.random.get_state()[1], keys)
    assert_only_hint(error, "drawing from np.random instead of rng", "the generator passed in")
    assert str(error).splitlines()[0] == f"{SMALL}: NumPy's global generator was used (its state changed)"


def test_nothing_drawn_from_rng_is_named():
    target = toolbox("sample_log_uniform", ("rng.uniform(", "np.random.default_rng().uniform("))
    assert _lines(ptm.sample_log_uniform_test, target)[0] == (
        f"{SMALL}: nothing was drawn from rng (its state did not change)")


def _drawing(extra):
    return toolbox("sample_log_uniform", ("    return 10 ** exponents", f"    rng.random({extra})\n"
                                                                      "    return 10 ** exponents"))


@pytest.mark.parametrize("extra, said", [(28, "36"), (29, "an unknown number of")],
                         ids=["4 size + 4 counted", "one more not counted"])
def test_draw_counts_are_counted_up_to_four_per_value_and_four_more(extra, said):
    lines = _lines(ptm.sample_log_uniform_test, _drawing(extra))
    assert lines[0] == (f"{SMALL}: drew {said} random numbers from rng; a correct sampler draws exactly size = 8 "
                        "uniforms")


# ============================================================================ sampler: values
def test_log10_exponents_raised_with_exp_are_mixed_bases():
    target = toolbox("sample_log_uniform", ("return 10 ** exponents", "return np.exp(exponents)"))
    assert_only_hint(failure(ptm.sample_log_uniform_test, target), "mixed bases", "the same base")


def _numbers(lines: list[str]) -> np.ndarray:
    return np.array([float(n) for line in lines for n in line.strip(" []").split()])


def test_values_off_relative_to_their_size_show_both_arrays():
    target = toolbox("sample_log_uniform", ("return 10 ** exponents",
                                            "values = 10 ** exponents\n"
                                            "    return np.where(values < 1e-3, values * 1.0001, values)"))
    lines = _lines(ptm.sample_log_uniform_test, target)
    assert lines[0] == f"{SMALL}: wrong values (3 of 8 entries, compared relative to their size)"
    assert (lines[1], lines[4]) == ("  expected:", "  got:")
    u = np.random.default_rng(2024).random(8)
    right = 10.0 ** (-4 + 5 * u)
    wrong = np.where(right < 1e-3, right * 1.0001, right)
    assert _numbers(lines[2:4]) == pytest.approx(right, rel=1e-8)
    assert _numbers(lines[5:7]) == pytest.approx(wrong, rel=1e-8)


def test_a_linear_draw_on_a_tiny_range_gets_its_hint_from_the_relative_comparison(monkeypatch):
    """Between 1e-12 and 1e-8 every value is within the absolute tolerance: only the relative check fails."""
    monkeypatch.setattr(ptm, "sample_log_uniform_test_case", lambda: (1e-12, 1e-8, 8, 2024))
    target = toolbox("sample_log_uniform", ("rng.uniform(np.log10(low), np.log10(high), size)\n    return 10 ** "
                                            "exponents", "rng.uniform(low, high, size)\n    return exponents"))
    error = failure(ptm.sample_log_uniform_test, target)
    assert "compared relative to their size" in str(error).splitlines()[0]
    assert_only_hint(error, "uniform in lambd, not in its logarithm", "EXPONENT")


def _large(values):
    """A sampler right on the 8-value case that draws 20000 uniforms on the large one and returns ``values(u)``."""
    def sampler(low, high, size, rng):
        u = rng.random(size)
        if size == 8:
            return low * (high / low) ** u
        return values(u)
    return sampler


def _log_uniform_with(changes):
    def values(u):
        got = 10.0 ** (-3 + 5 * u)
        for index, value in changes.items():
            got[index] = value
        return got
    return values


def test_values_within_the_range_tolerance_pass(capsys):
    low, high = 1e-3, 100.0
    edges = {0: low * (1 - 1e-12), 1: high * (1 + 1e-12), 2: low, 3: high}
    _passes(ptm.sample_log_uniform_test, _large(_log_uniform_with(edges)), capsys)


@pytest.mark.parametrize("value", [np.nextafter(1e-3 * (1 - 1e-12), 0), np.nextafter(100.0 * (1 + 1e-12), np.inf)],
                         ids=["below low", "above high"])
def test_a_value_one_step_past_the_range_tolerance_is_outside(value):
    lines = _lines(ptm.sample_log_uniform_test, _large(_log_uniform_with({4: value})))
    assert lines[0].startswith(f"{LARGE}: 1 of 20000 values lie outside [low, high] = [0.001, 100] (the first at "
                               "index 4: ")


def test_values_outside_both_ends_are_counted_from_the_first():
    lines = _lines(ptm.sample_log_uniform_test, _large(_log_uniform_with({5: 0.0009, 9: 101.0})))
    assert lines == [f"{LARGE}: 2 of 20000 values lie outside [low, high] = [0.001, 100] (the first at index 5: "
                     "0.0009)"]


def test_a_log_mean_off_the_middle_is_reported():
    message = assert_only_hint(failure(ptm.sample_log_uniform_test, _large(lambda u: np.ones_like(u))),
                               "uniform in lambd, not in its logarithm")
    assert message.splitlines()[0] == (f"{LARGE}: the mean of log10(values) is 0.0000; on a log scale it must be "
                                       "near the middle of [log10 low, log10 high], -0.5")


def test_a_biased_median_is_reported():
    """9000 values at 10 ** -1.6 and 11000 at 10 ** 0.4: the log mean is -0.5, but 0.45 lie below 10 ** -0.5."""
    def values(u):
        return 10.0 ** np.where(np.arange(u.size) < 9000, -1.6, 0.4)

    message = assert_only_hint(failure(ptm.sample_log_uniform_test, _large(values)),
                               "uniform in lambd, not in its logarithm")
    assert message.splitlines()[0] == (f"{LARGE}: 0.4500 of the values lie below the geometric midpoint "
                                       "sqrt(low * high) = 0.316228; on a log scale half of them do")


def test_values_on_the_geometric_midpoint_are_not_below_it():
    """Every value at sqrt(low * high) itself: the log mean is right, but none lies strictly below the midpoint."""
    message = assert_only_hint(failure(ptm.sample_log_uniform_test, _large(lambda u: np.full(u.size, np.sqrt(0.1)))),
                               "uniform in lambd, not in its logarithm")
    assert message.splitlines()[0] == (f"{LARGE}: 0.0000 of the values lie below the geometric midpoint "
                                       "sqrt(low * high) = 0.316228; on a log scale half of them do")


def test_uneven_decades_are_listed():
    """3000, 5000, 4000, 5000, 3000 values at the decades' centres (the middle one split around 10 ** -0.5)."""
    def values(u):
        logs = np.repeat([-2.5, -1.5, -0.75, -0.25, 0.5, 1.5], [3000, 5000, 2000, 2000, 5000, 3000])
        return 10.0 ** logs

    message = assert_only_hint(failure(ptm.sample_log_uniform_test, _large(values)),
                               "uniform in lambd, not in its logarithm")
    assert message.splitlines()[0] == (f"{LARGE}: log10 of the values is not spread evenly: the shares in the five "
                                       "decades are 0.150, 0.250, 0.200, 0.250, 0.150 (each should be about 0.2)")


def _log_mean_on_the_tolerance() -> np.ndarray:
    """20 values in [0.1, 10], four per fifth of the log range, ten below 1, whose log10 mean is exactly 0.05."""
    logs = np.array([-0.9, -0.85, -0.8, -0.75, -0.5, -0.4, -0.35, -0.3, -0.12, -0.08,
                     0.08, 0.12, 0.3, 0.35, 0.4, 0.5, 0.75, 0.8, 0.85, 0.9]) + 0.05
    start = 10.0 ** logs
    for index in range(start.size):
        for direction in (np.inf, -np.inf):
            values = start.copy()
            for _ in range(50):
                values[index] = np.nextafter(values[index], direction)
                if np.log10(values).mean() == ptm.LOG_MEAN_TOLERANCE:
                    return values
    raise AssertionError("no nearby values have a log10 mean of exactly 0.05")


def test_a_log_mean_exactly_on_the_tolerance_passes(monkeypatch, capsys):
    values = _log_mean_on_the_tolerance()
    monkeypatch.setattr(ptm, "sample_log_uniform_large_case", lambda: (0.1, 10.0, 20, 7))
    assert (np.log10(0.1) + np.log10(10.0)) / 2 == 0.0
    _passes(ptm.sample_log_uniform_test, _large(lambda u: values.copy()), capsys)
    slightly_off = values * 10.0 ** 1e-3
    assert_only_hint(failure(ptm.sample_log_uniform_test, _large(lambda u: slightly_off.copy())),
                     "uniform in lambd, not in its logarithm")

