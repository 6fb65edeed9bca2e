"""Mistake-by-hint matrix of the regularization_toolbox assignment's public tests.

Each row of ``TOOLBOX_MISTAKES`` (tests/mistakes.py) edits a reference answer
into one usual mistake and names the single hint its failure must carry; rows
without a hint are other wrong answers, which must fail with no hint. Every
reference answer, its independently written second version and a few more
correct variants must pass. Expected numbers are computed here by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import public_tests
import public_tests.dropout_layers as ptd
import public_tests.l1 as ptl
import public_tests.model_selection as ptm
from public_tests.compare import StudentCodeError
from reg_utils import backward_propagation, compute_cost
from testCases.dropout_layers import Dropout_test_case, NonInvertedDropout_test_case
from testCases.l1 import backward_propagation_with_l1_test_case, compute_cost_with_l1_test_case
from testCases.model_selection import early_stopping_index_test_case, sample_log_uniform_test_case

from .mistakes import (
    TOOLBOX_MISTAKES,
    TOOLBOX_REFERENCE,
    TOOLBOX_VARIANTS,
    assert_no_hint,
    assert_only_hint,
    failure,
    first_difference,
    module_source,
    toolbox,
)

NAMES = list(TOOLBOX_REFERENCE)


def _test(grade_id: str):
    return getattr(public_tests, f"{grade_id}_test")


def _passes(grade_id: str, target, capsys) -> None:
    _test(grade_id)(target)
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


# ============================================================================ acceptance
def test_every_graded_name_has_an_exported_public_test():
    for name in NAMES:
        assert f"{name}_test" in public_tests.__all__
        assert callable(_test(name))


@pytest.mark.parametrize("grade_id", NAMES)
@pytest.mark.parametrize("version", ["reference", "second version"])
def test_correct_answers_pass(grade_id, version, capsys):
    source = TOOLBOX_REFERENCE if version == "reference" else TOOLBOX_VARIANTS
    _passes(grade_id, toolbox(grade_id, source=source), capsys)


def test_the_second_versions_are_written_differently():
    for name in NAMES:
        assert TOOLBOX_VARIANTS[name] != TOOLBOX_REFERENCE[name]


class _UniformDropout:
    """Inverted dropout with np.random.uniform, an int mask and np.where: still correct."""

    def __init__(self, keep_prob):
        self.kp = keep_prob

    def forward(self, x, train=True):
        if not train:
            return np.array(x)
        self.d = (np.random.uniform(size=x.shape) < self.kp).astype(int)
        return np.where(self.d == 1, x / self.kp, 0.0)

    def backward(self, dout):
        return dout * self.d / self.kp


class _KeywordOnlyNonInverted:
    """Non-inverted dropout whose train flag is keyword-only and whose mask is kept as floats."""

    def __init__(self, keep_prob):
        self.keep = keep_prob
        self.cached = None

    def forward(self, x, *, train=True):
        if train:
            self.cached = (np.random.rand(*x.shape) < self.keep).astype(float)
            return self.cached * x
        return x * self.keep

    def backward(self, dout):
        return self.cached * dout


def _ratio_sampler(low, high, size, rng):
    return low * (high / low) ** rng.random(size)


def _mirrored_sampler(low, high, size, rng):
    return high * (low / high) ** rng.random(size)


def _loop_sampler(low, high, size, rng):
    return np.array([10.0 ** rng.uniform(np.log10(low), np.log10(high)) for _ in range(size)])


def _recursive_stopper(dev_errors, patience, start=0, best=None, waited=0):
    if start == len(dev_errors) or waited == patience:
        return int(best)
    if best is None or dev_errors[start] < dev_errors[best]:
        return _recursive_stopper(dev_errors, patience, start + 1, start, 0)
    return _recursive_stopper(dev_errors, patience, start + 1, best, waited + 1)


@pytest.mark.parametrize("grade_id, target", [
    ("Dropout", _UniformDropout),
    ("NonInvertedDropout", _KeywordOnlyNonInverted),
    ("sample_log_uniform", _ratio_sampler),
    ("sample_log_uniform", _loop_sampler),
    ("sample_log_uniform", _mirrored_sampler),
    ("early_stopping_index", _recursive_stopper),
    ("early_stopping_index", lambda dev_errors, patience: np.int64(toolbox("early_stopping_index")(dev_errors,
                                                                                                  patience))),
    ("compute_cost_with_l1", lambda A3, Y, p, lambd: np.float64(toolbox("compute_cost_with_l1")(A3, Y, p, lambd))),
], ids=["uniform-int-mask", "keyword-float-mask", "ratio-power", "one-draw-at-a-time", "mirrored", "recursive",
        "numpy-int", "numpy-float"])
def test_other_correct_answers_pass(grade_id, target, capsys):
    _passes(grade_id, target, capsys)


def test_the_public_tests_leave_no_trace_of_a_correct_sampler_on_the_global_generator(capsys):
    np.random.seed(99)
    state = np.random.get_state()
    public_tests.sample_log_uniform_test(toolbox("sample_log_uniform"))
    assert np.array_equal(np.random.get_state()[1], state[1]) and np.random.get_state()[2] == state[2]
    capsys.readouterr()


# ============================================================================ the matrix
MATRIX = [(grade_id, row) for grade_id, rows in TOOLBOX_MISTAKES.items() for row in rows]


@pytest.mark.parametrize("grade_id, row", MATRIX, ids=[f"{g}-{r}" for g, r in MATRIX])
def test_toolbox_matrix(grade_id, row):
    edits, hint, phrase = TOOLBOX_MISTAKES[grade_id][row]
    error = failure(_test(grade_id), toolbox(grade_id, *edits))
    message = assert_only_hint(error, hint, phrase) if hint else assert_no_hint(error)
    first = message.splitlines()[0]
    assert first.startswith(grade_id), first


def test_every_usual_mistake_of_the_issue_has_its_own_hint():
    """The mistakes the assignment names, each with a different hint."""
    named = {
        ("compute_cost_with_l1", "squares"), ("compute_cost_with_l1", "without m"),
        ("backward_propagation_with_l1", "W for sign"), ("compute_cost_with_l1", "biases"),
        ("backward_propagation_with_l1", "biases"), ("Dropout", "greater"), ("NonInvertedDropout", "greater"),
        ("Dropout", "new mask in backward"), ("Dropout", "scaled at test time"), ("Dropout", "drawn at test time"),
        ("NonInvertedDropout", "drawn at test time"), ("early_stopping_index", "stop index"),
        ("early_stopping_index", "patience from the start"), ("early_stopping_index", "ties improve"),
        ("sample_log_uniform", "uniform in lambd"),
    }
    for grade_id, row in named:
        assert TOOLBOX_MISTAKES[grade_id][row][1] is not None, (grade_id, row)
    per_function: dict[str, set] = {}
    for grade_id, rows in TOOLBOX_MISTAKES.items():
        hints = [hint for (_, hint, _) in rows.values() if hint]
        per_function[grade_id] = set(hints)
    assert {"squares instead of absolute values", "missing 1/m", "penalising the biases"} <= \
        per_function["compute_cost_with_l1"]
    assert "the weights instead of their signs" in per_function["backward_propagation_with_l1"]


def test_every_hint_of_the_toolbox_public_tests_has_a_row():
    covered = {hint for rows in TOOLBOX_MISTAKES.values() for (_, hint, _) in rows.values() if hint}
    named: set[str] = set()
    for module in (ptl, ptd, ptm):
        source = module_source(module)
        named |= set(re.findall(r'Mistake\(\s*"([^"]+)"', source))
        named |= {getattr(module, constant)[0] for constant in re.findall(r"hint_line\(\*([A-Z_]+)\)", source)}
        named |= set(re.findall(r'hint_line\("([^"]+)"', source))
    named.add(ptd.KEEP_BELOW.name)
    assert {"the same mask every call", "one uniform per value", "no random draw", "dropping with probability "
            "keep_prob", "uniform in lambd, not in its logarithm", "returned the error, not its index"} <= named
    assert named <= covered, sorted(named - covered)


# ============================================================================ L1 messages
def _hand_cost(lambd: float) -> float:
    A3, Y, p = compute_cost_with_l1_test_case()
    m = Y.shape[1]
    y, a = Y.ravel().astype(float), A3.ravel()
    cross_entropy = -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a))
    absolute = sum(abs(w) for name in ("W1", "W2", "W3") for w in p[name].ravel())
    return float(cross_entropy + lambd / (2 * m) * absolute)


def test_l1_cost_message_shows_the_hand_computed_value_and_the_wrong_one():
    message = str(failure(public_tests.compute_cost_with_l1_test, toolbox("compute_cost_with_l1",
                                                                          ("np.abs(", "np.square("))))
    lines = message.splitlines()
    expected = _hand_cost(0.3)
    assert lines[0].startswith("compute_cost_with_l1 (lambd = 0.3): wrong value (off by ")
    assert lines[1].startswith("  expected: ") and float(lines[1].split()[1]) == pytest.approx(expected, abs=1e-12)
    A3, Y, p = compute_cost_with_l1_test_case()
    squares = float(compute_cost(A3, Y)) + 0.3 / 10 * sum(float(np.sum(p[k] ** 2)) for k in ("W1", "W2", "W3"))
    assert lines[2].startswith("  got: ") and float(lines[2].split()[1]) == pytest.approx(squares, abs=1e-12)


def test_l1_cost_that_ignores_lambd_fails_at_lambd_zero_without_a_hint():
    target = toolbox("compute_cost_with_l1", ("lambd / (2 * m)", "0.3 / (2 * m)"))
    message = assert_no_hint(failure(public_tests.compute_cost_with_l1_test, target))
    assert message.splitlines()[0].startswith("compute_cost_with_l1 (lambd = 0 should equal compute_cost): wrong value")


def test_l1_cost_wants_a_single_number():
    target = toolbox("compute_cost_with_l1", ("return compute_cost(A3, Y) + lambd / (2 * m) * l1",
                                               "return np.array([[compute_cost(A3, Y) + lambd / (2 * m) * l1]])"))
    message = str(failure(public_tests.compute_cost_with_l1_test, target))
    assert "expected a single number, got a numpy array, shape (1, 1)" in message.splitlines()[0]


@pytest.mark.parametrize("row, factor", [("W for sign", "W"), ("without m", 5.0), ("lambd/m", 2.0),
                                         ("subtracted", -1.0), ("no term", 0.0)])
def test_l1_backward_message_names_the_first_entry_and_both_values(row, factor):
    edits, _, _ = TOOLBOX_MISTAKES["backward_propagation_with_l1"][row]
    message = str(failure(public_tests.backward_propagation_with_l1_test,
                          toolbox("backward_propagation_with_l1", *edits)))
    assert message.splitlines()[0] == 'backward_propagation_with_l1: gradients["dW3"]: wrong values (3 of 3 entries)'
    X, Y, cache = backward_propagation_with_l1_test_case()
    W3 = cache[10]
    plain = backward_propagation(X, Y, cache)["dW3"]
    right = plain + 0.4 / 10 * np.sign(W3)
    wrong = plain + 0.4 / 10 * W3 if factor == "W" else plain + factor * 0.4 / 10 * np.sign(W3)
    index, expected, got, largest = first_difference(message)
    assert index == [0, 0]
    assert expected == pytest.approx(right[0, 0], abs=1e-8) and got == pytest.approx(wrong[0, 0], abs=1e-8)
    assert largest == pytest.approx(np.abs(right - wrong).max(), rel=1e-2)


def test_l1_backward_catches_a_changed_cache_and_a_missing_key():
    target = toolbox("backward_propagation_with_l1",
                     ("    return gradients", "    W1[0, 0] = 5.0\n    return gradients"))
    message = assert_only_hint(failure(public_tests.backward_propagation_with_l1_test, target),
                               "modifying the inputs in place", "`+=`")
    assert message.splitlines()[0] == ("backward_propagation_with_l1: the input 'cache' was modified in place "
                                       "(first change: cache[2][0, 0])")
    target = toolbox("backward_propagation_with_l1", ("    return gradients", '    del gradients["dZ1"]\n'
                                                       "    return gradients"))
    message = assert_no_hint(failure(public_tests.backward_propagation_with_l1_test, target))
    assert message.startswith("backward_propagation_with_l1: missing key(s) ['dZ1']")


def test_l1_backward_that_ignores_lambd_fails_at_lambd_zero():
    target = toolbox("backward_propagation_with_l1", ("lambd / (2 * m)", "0.4 / (2 * m)"))
    message = assert_no_hint(failure(public_tests.backward_propagation_with_l1_test, target))
    assert message.splitlines()[0] == ('backward_propagation_with_l1 (lambd = 0 should equal backward_propagation): '
                                       'gradients["dW3"]: wrong values (3 of 3 entries)')


# ============================================================================ dropout messages
def _seeded_mask(shape=(4, 6), keep_prob=0.8, seed=1):
    generator = np.random.RandomState(seed)
    return generator.rand(*shape) < keep_prob


def test_the_seeded_mask_keeps_and_drops_some_units():
    mask = _seeded_mask()
    assert 0 < mask.sum() < mask.size  # the case shows both kinds of unit


@pytest.mark.parametrize("cls, case, scale", [("Dropout", Dropout_test_case, 1 / 0.8),
                                              ("NonInvertedDropout", NonInvertedDropout_test_case, 1.0)])
def test_dropout_forward_message_names_the_first_entry_and_both_values(cls, case, scale):
    edits, _, _ = TOOLBOX_MISTAKES[cls]["greater"]
    message = str(failure(_test(cls), toolbox(cls, *edits)))
    assert message.splitlines()[0] == f"{cls}(0.8).forward(x) after np.random.seed(1): wrong values (24 of 24 entries)"
    x, _ = case()
    right = x * _seeded_mask() * scale
    wrong = x * (np.random.RandomState(1).rand(4, 6) >= 0.8) * scale
    index, expected, got, _ = first_difference(message)
    assert index == [0, 0]
    assert (expected, got) == (pytest.approx(right[0, 0], abs=1e-8), pytest.approx(wrong[0, 0], abs=1e-8))


def test_dropout_backward_without_mask_names_a_dropped_unit():
    edits, _, _ = TOOLBOX_MISTAKES["Dropout"]["backward without mask"]
    message = str(failure(public_tests.Dropout_test, toolbox("Dropout", *edits)))
    mask = _seeded_mask()
    _, dout = Dropout_test_case()
    index, expected, got, _ = first_difference(message)
    first = tuple(np.argwhere(~mask)[0])
    assert index == list(first) and expected == 0.0 and got == pytest.approx(dout[first] / 0.8, abs=1e-8)


def test_dropout_draw_count_is_named():
    for edits, count in ((TOOLBOX_MISTAKES["Dropout"]["one draw per unit"][0], "4"),
                         ([("np.random.rand(*x.shape)", "np.random.rand(2 * x.shape[0], x.shape[1])[:4]")], "48")):
        message = str(failure(public_tests.Dropout_test, toolbox("Dropout", *edits)))
        assert message.splitlines()[0] == (f"Dropout(0.8).forward(x) after np.random.seed(1): drew {count} random "
                                           "numbers; a training forward draws exactly 24 (one np.random.rand(*x.shape)"
                                           " call for x of shape (4, 6))")
    normal = toolbox("Dropout", ("np.random.rand(*x.shape) < self.keep_prob", "np.random.randn(*x.shape) < 0.84"))
    message = assert_no_hint(failure(public_tests.Dropout_test, normal))
    assert "a training forward draws exactly 24" in message and "Hint" not in message


def test_dropout_without_a_method_or_with_a_crash_says_so():
    target = toolbox("Dropout", ("def backward(self, dout)", "def back(self, dout)"))
    message = assert_no_hint(failure(public_tests.Dropout_test, target))
    assert message == ("Dropout(keep_prob=0.8): the layer has no method backward(...); define forward(self, x, "
                       "train=True) and backward(self, dout) in the class")
    target = toolbox("Dropout", ("        self.mask = np.random.rand", "        self.maks = np.random.rand"),
                     ("        self.mask = None\n", ""))
    with pytest.raises(StudentCodeError) as info:
        public_tests.Dropout_test(target)
    lines = str(info.value).splitlines()
    assert lines[0] == ("Dropout(0.8).forward(x) after np.random.seed(1): your function raised AttributeError: "
                        "'Dropout' object has no attribute 'mask'")
    assert lines[1] == "  in forward, line 10 of its cell: return x * self.mask / self.keep_prob"


def test_dropout_stub_is_reported_as_not_answered():
    target = toolbox("NonInvertedDropout", ("        self.keep_prob = keep_prob\n",
                                            "        raise NotImplementedError()\n"))
    with pytest.raises(StudentCodeError) as info:
        public_tests.NonInvertedDropout_test(target)
    assert str(info.value).startswith("NonInvertedDropout(keep_prob=0.8): not answered yet")


def test_backward_must_use_the_mask_of_the_latest_forward():
    target = toolbox("Dropout", ("self.mask = np.random.rand(*x.shape) < self.keep_prob",
                                 "mask = np.random.rand(*x.shape) < self.keep_prob\n"
                                 "        self.mask = mask if self.mask is None else self.mask"),
                     ("return x * self.mask / self.keep_prob", "return x * mask / self.keep_prob"))
    message = assert_no_hint(failure(public_tests.Dropout_test, target))
    assert message.splitlines()[0].startswith("Dropout(0.8).backward(dout) after the second forward (it must use "
                                              "the second mask): wrong values")


class _SmallCaseOnly:
    """Correct on the seeded (4, 6) case; on the large case it does what ``large`` says."""

    def __init__(self, keep_prob, large=None, inverted=True):
        self.keep_prob, self.large, self.inverted = keep_prob, large, inverted

    def forward(self, x, train=True):
        if x.shape != (4, 6) and self.large is not None:
            return self.large(self, x, train)
        if not train:
            return x if self.inverted else x * self.keep_prob
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask / (self.keep_prob if self.inverted else 1.0)

    def backward(self, dout):
        return dout * self.mask / (self.keep_prob if self.inverted else 1.0)


def _large(rule):
    return lambda keep_prob: _SmallCaseOnly(keep_prob, rule)


def test_properties_catch_a_flipped_mask_on_the_large_case():
    def flipped(layer, x, train):
        return x * (np.random.rand(*x.shape) > layer.keep_prob) / layer.keep_prob if train else x

    message = assert_only_hint(failure(public_tests.Dropout_test, _large(flipped)),
                               "dropping with probability keep_prob", "below keep_prob")
    assert re.match(r"Dropout\(0\.6\)\.forward\(x\) on x of shape \(200, 400\) with entries in \[1, 2\): kept "
                    r"0\.40\d\d of the units; with keep_prob = 0\.6 the share kept must be within 0\.01 of 0\.6$",
                    message.splitlines()[0]), message


def test_properties_catch_survivors_not_scaled_exactly():
    def off(layer, x, train):
        return x * (np.random.rand(*x.shape) < layer.keep_prob) / (layer.keep_prob + 0.001) if train else x

    message = assert_no_hint(failure(public_tests.Dropout_test, _large(off)))
    lines = message.splitlines()
    assert re.match(r"Dropout\(0\.6\)\.forward\(x\) on x .*: \d+ kept units are not exactly x / keep_prob$", lines[0])
    assert lines[1].startswith("  first at index [0, 0]: x = ")


def test_properties_catch_a_mask_that_depends_on_x():
    def biased(layer, x, train):
        if not train:
            return x
        keep = x < np.quantile(x, layer.keep_prob)
        return x * keep / layer.keep_prob

    message = assert_no_hint(failure(public_tests.Dropout_test, _large(biased)))
    assert "in expectation the training output must equal the test output" in message.splitlines()[0]


def test_properties_catch_dropping_at_keep_prob_one():
    class Careless(_SmallCaseOnly):
        def forward(self, x, train=True):
            if self.keep_prob == 1.0:
                return x * (np.random.rand(*x.shape) < 0.99)
            return super().forward(x, train)

    message = assert_no_hint(failure(public_tests.Dropout_test, Careless))
    assert message.splitlines()[0].startswith("Dropout(keep_prob=1.0).forward(x) (nothing is dropped): wrong values")


def test_properties_of_the_non_inverted_layer_on_the_large_case():
    def inverted_on_large(layer, x, train):
        return x * (np.random.rand(*x.shape) < layer.keep_prob) / layer.keep_prob if train else x * layer.keep_prob

    message = assert_no_hint(failure(public_tests.NonInvertedDropout_test,
                                     lambda kp: _SmallCaseOnly(kp, inverted_on_large, inverted=False)))
    assert "kept units are not exactly x (no rescaling while training)" in message.splitlines()[0]


def test_dropout_test_mode_draws_are_named_after_the_values():
    edits, _, _ = TOOLBOX_MISTAKES["Dropout"]["drawn at test time"]
    message = str(failure(public_tests.Dropout_test, toolbox("Dropout", *edits)))
    assert message.splitlines()[0] == ("Dropout(0.8).forward(x, train=False): the layer drew random numbers in test "
                                       "mode (the output is right)")


# ============================================================================ early stopping messages
def _by_hand(errors, patience):
    best, waited = 0, 0
    for i in range(1, len(errors)):
        if errors[i] < errors[best]:
            best, waited = i, 0
        else:
            waited += 1
            if waited == patience:
                return best, i
    return best, None


def test_the_curves_give_the_documented_answers():
    answers = [_by_hand(errors, patience) for errors, patience in early_stopping_index_test_case()]
    assert answers == [(6, 9), (3, None), (1, 2)]
    errors, patience = early_stopping_index_test_case()[0]
    assert int(np.argmin(errors)) == 19 and errors[7] == errors[6]


@pytest.mark.parametrize("row, got", [("stop index", 9), ("patience from the start", 4), ("ties improve", 10),
                                      ("one late", 14), ("one early", 1), ("whole curve", 19), ("one-based", 7)])
def test_early_stopping_message_shows_the_curve_and_both_indices(row, got):
    edits, _, _ = TOOLBOX_MISTAKES["early_stopping_index"][row]
    lines = str(failure(public_tests.early_stopping_index_test, toolbox("early_stopping_index", *edits))).splitlines()
    assert lines[:5] == [
        "early_stopping_index(dev_errors, patience=3) on curve 1: wrong index",
        "  expected: 6",
        f"  got:      {got}",
        "  dev_errors = [0.5, 0.45, 0.47, 0.46, 0.4, 0.41, 0.35, 0.35, 0.37, 0.38, 0.33, 0.34, 0.36, 0.35, 0.31, "
        "0.32, 0.33, 0.34, 0.32, 0.26, 0.28]",
        "  the run stops at index 9; the best error before that is dev_errors[6] = 0.35",
    ]


def test_early_stopping_that_never_stops_is_explained():
    edits, _, _ = TOOLBOX_MISTAKES["early_stopping_index"]["last when never stopped"]
    lines = str(failure(public_tests.early_stopping_index_test, toolbox("early_stopping_index", *edits))).splitlines()
    assert lines[1:3] == ["  expected: 3", "  got:      6"]
    assert lines[4] == "  the run never stops; the best error is dev_errors[3] = 0.4"


def test_early_stopping_wants_an_int():
    target = toolbox("early_stopping_index", ("    return best_index", "    return float(best_index)"))
    message = assert_no_hint(failure(public_tests.early_stopping_index_test, target))
    assert message.splitlines()[0] == ("early_stopping_index(dev_errors, patience=3) on curve 1: expected an int (an "
                                       "index into dev_errors), got a float")
    target = toolbox("early_stopping_index", ("    return best_index", "    return best_index > 3"))
    message = assert_no_hint(failure(public_tests.early_stopping_index_test, target))
    assert message.splitlines()[0].endswith("got a bool")


# ============================================================================ sampler messages
def _expected_sample():
    low, high, size, seed = sample_log_uniform_test_case()
    u = np.random.default_rng(seed).random(size)
    return low, high, u, 10.0 ** (np.log10(low) + (np.log10(high) - np.log10(low)) * u)


def test_sampler_message_names_the_first_entry_and_both_values():
    edits, _, _ = TOOLBOX_MISTAKES["sample_log_uniform"]["uniform in lambd"]
    message = str(failure(public_tests.sample_log_uniform_test, toolbox("sample_log_uniform", *edits)))
    low, high, u, right = _expected_sample()
    wrong = low + (high - low) * u
    index, expected, got, _ = first_difference(message)
    first = int(np.argmax(np.abs(right - wrong) > 1e-7))
    assert index == [first]
    assert expected == pytest.approx(right[first], abs=1e-8) and got == pytest.approx(wrong[first], abs=1e-8)


def test_sampler_small_values_are_compared_relative_to_their_size():
    low, high, u, right = _expected_sample()
    assert (right < 1e-3).sum() == 3  # small values, whose errors hide below an absolute tolerance
    target = toolbox("sample_log_uniform", ("return 10 ** exponents",
                                            "values = 10 ** exponents\n"
                                            "    return np.where(values < 1e-3, values * 1.0001, values)"))
    message = assert_no_hint(failure(public_tests.sample_log_uniform_test, target))
    lines = message.splitlines()
    wrong = right < 1e-3
    assert lines[0].endswith(f"wrong values ({int(wrong.sum())} of 8 entries, compared relative to their size)")
    first = int(np.argmax(wrong))
    assert f"  first difference at index [{first}]: expected {right[first]:.8e}, got {right[first] * 1.0001:.8e}" \
        in lines


def _large_only(rule):
    """A sampler right on the 8-value case that follows ``rule(u, low, high)`` on the large one."""
    def sampler(low, high, size, rng):
        u = rng.random(size)
        if size == 8:
            return low * (high / low) ** u
        return rule(u, low, high)
    return sampler


def test_sampler_properties_catch_a_linear_scale():
    message = assert_only_hint(failure(public_tests.sample_log_uniform_test,
                                       _large_only(lambda u, low, high: low + (high - low) * u)),
                               "uniform in lambd, not in its logarithm", "EXPONENT")
    assert "the mean of log10(values) is 1.56" in message.splitlines()[0]


def test_sampler_properties_catch_values_out_of_range():
    message = assert_no_hint(failure(public_tests.sample_log_uniform_test,
                                     _large_only(lambda u, low, high: 10 ** (-3 + 5.2 * u))))
    assert re.search(r": \d+ of 20000 values lie outside \[low, high\] = \[0\.001, 100\]", message.splitlines()[0])


def test_sampler_properties_catch_a_biased_median():
    message = assert_only_hint(failure(public_tests.sample_log_uniform_test,
                                       _large_only(lambda u, low, high: 10 ** (-3 + 5 * np.where(
                                           u < 0.6, 0.2 + u / 0.6 * 0.3, 0.5 + (u - 0.6) / 0.4 * 0.45)))),
                               "uniform in lambd, not in its logarithm", "EXPONENT")
    assert "of the values lie below the geometric midpoint sqrt(low * high) = 0.316228" in message.splitlines()[0]


def test_sampler_properties_catch_uneven_decades():
    message = assert_only_hint(failure(public_tests.sample_log_uniform_test,
                                       _large_only(lambda u, low, high: 10 ** (-0.5 + 2.5 * (2 * u - 1) ** 3))),
                               "uniform in lambd, not in its logarithm", "EXPONENT")
    assert "log10 of the values is not spread evenly: the shares in the five decades are" in message


def test_sampler_draw_counts_are_named():
    target = toolbox("sample_log_uniform", ("rng.uniform(np.log10(low), np.log10(high), size)",
                                            "rng.uniform(np.log10(low), np.log10(high), 2 * size)[:size]"))
    message = assert_only_hint(failure(public_tests.sample_log_uniform_test, target), "one uniform per value",
                               "nothing else")
    assert message.splitlines()[0].endswith("drew 16 random numbers from rng; a correct sampler draws exactly "
                                            "size = 8 uniforms")
    target = toolbox("sample_log_uniform", ("    return 10 ** exponents",
                                            "    rng.normal(size=3)\n    return 10 ** exponents"))
    message = str(failure(public_tests.sample_log_uniform_test, target))
    assert "drew an unknown number of random numbers from rng" in message or "drew 11" in message


# ============================================================================ inputs changed in place
@pytest.mark.parametrize("edit, change", [
    ('parameters["W2"][1, 0] = 0.0', "parameters['W2'][1, 0]"),
    ('parameters.pop("b3")', "parameters (keys added [], removed ['b3'])"),
    ('parameters["l1"] = l1', "parameters (keys added ['l1'], removed [])"),
    ("Y[0, 0] = 0", "Y[0, 0]"),
])
def test_l1_cost_catches_a_dictionary_or_array_changed_in_place(edit, change):
    target = toolbox("compute_cost_with_l1", ("    return compute_cost", f"    {edit}\n    return compute_cost"))
    message = assert_only_hint(failure(public_tests.compute_cost_with_l1_test, target),
                               "modifying the inputs in place", "`d[key] = ...`")
    name = re.split(r"[\[ ]", change)[0]
    assert message.splitlines()[0] == (f"compute_cost_with_l1: the input '{name}' was modified in place "
                                       f"(first change: {change})")


@pytest.mark.parametrize("edit, change", [
    ("dev_errors.append(1.0)", "dev_errors (length 21 -> 22)"),
    ("dev_errors[3] = 0.0", "dev_errors[3]"),
])
def test_early_stopping_catches_a_list_changed_in_place(edit, change):
    target = toolbox("early_stopping_index", ("    return best_index", f"    {edit}\n    return best_index"))
    message = assert_only_hint(failure(public_tests.early_stopping_index_test, target),
                               "modifying the inputs in place", "`.pop()`")
    assert message.splitlines()[0] == ("early_stopping_index: the input 'dev_errors' was modified in place "
                                       f"(first change: {change})")


def test_dropout_backward_catches_dout_changed_in_place():
    target = toolbox("Dropout", ("        return dout * self.mask / self.keep_prob",
                                 "        dout *= self.mask / self.keep_prob\n        return dout"))
    message = assert_only_hint(failure(public_tests.Dropout_test, target), "modifying the inputs in place", "`*=`")
    assert message.splitlines()[0].startswith("Dropout(0.8).backward(dout) after that forward: the input 'dout' was "
                                              "modified in place (first change: dout[")
