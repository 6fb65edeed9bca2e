"""public_tests.dropout_layers: the headline of every failure of Dropout_test and NonInvertedDropout_test.

The mistake-by-hint matrix (tests/test_hints_regularization_toolbox.py) pins
which hint each usual mistake gets. These tests pin the rest: which call a
failure names (a crash in any of the test's calls, a wrong second call, a draw
count), the exact text of the test-mode and flipped-mask hints, when a hint must
not appear, and the tolerances of the statistical checks on the large case,
down to their boundaries (a mean training output off by exactly 1 % of the test
output is accepted). The expected masks are drawn here from
``np.random.RandomState(seed)``, the generator the tests seed.
"""

from __future__ import annotations

import numpy as np
import pytest

import public_tests
from public_tests.compare import StudentCodeError
from testCases.dropout_layers import large_activation_case

from .mistakes import assert_no_hint, assert_only_hint, failure, toolbox

TESTS = {"Dropout": public_tests.Dropout_test, "NonInvertedDropout": public_tests.NonInvertedDropout_test}
SEEDED = "Dropout(0.8).forward(x) after np.random.seed(1)"
SECOND = "Dropout(0.8).forward(x) called a second time"
LARGE = "Dropout(0.6).forward(x) on x of shape (200, 400) with entries in [1, 2)"
DRAWS = "a training forward draws exactly 24 (one np.random.rand(*x.shape) call for x of shape (4, 6))"


def _masks():
    """The masks of the first and the second training call after np.random.seed(1), keep_prob 0.8."""
    uniforms = np.random.RandomState(1).rand(2, 4, 6)
    return uniforms[0] < 0.8, uniforms[1] < 0.8


def _passes(grade_id, target, capsys):
    TESTS[grade_id](target)
    assert capsys.readouterr().out.strip().endswith("All tests passed.")


# ============================================================================ which call failed
CALLS = [
    "{name}(keep_prob=0.8)",
    "{name}(0.8).forward(x) after np.random.seed(1)",
    "{name}(0.8).backward(dout) after that forward",
    "{name}(0.8).forward(x, train=False)",
    "{name}(0.8).forward(x) called a second time",
    "{name}(0.8).backward(dout) after the second forward",
    "{name}(keep_prob=0.6)",
    "{name}(0.6).forward(x) on x of shape (200, 400) with entries in [1, 2)",
    "{name}(0.6).forward(x, train=False)",
    "{name}(keep_prob=1.0)",
    "{name}(keep_prob=1.0).forward(x) (nothing is dropped)",
]


def _recording(grade_id, crash_at=None):
    """The reference layer, logging every call it gets; call number ``crash_at`` raises ValueError."""
    log = []

    class Recording(toolbox(grade_id)):
        def __init__(self, keep_prob):
            self._log("init", keep_prob)
            super().__init__(keep_prob)

        def forward(self, x, train=True):
            self._log("forward", train)
            return super().forward(x, train)

        def backward(self, dout):
            self._log("backward", None)
            return super().backward(dout)

        @staticmethod
        def _log(method, argument):
            log.append((method, argument))
            if len(log) - 1 == crash_at:
                raise ValueError("broken on purpose")

    return Recording, log


@pytest.mark.parametrize("grade_id", list(TESTS))
@pytest.mark.parametrize("crash_at", range(len(CALLS)))
def test_a_crash_in_any_call_is_reported_under_that_call(grade_id, crash_at):
    layer, _ = _recording(grade_id, crash_at)
    with pytest.raises(StudentCodeError) as info:
        TESTS[grade_id](layer)
    where = CALLS[crash_at].format(name=grade_id)
    assert str(info.value).splitlines()[0] == f"{where}: your function raised ValueError: broken on purpose"


@pytest.mark.parametrize("grade_id", list(TESTS))
def test_the_tests_make_each_layer_and_switch_it_to_test_mode_with_train_false(grade_id, capsys):
    layer, log = _recording(grade_id)
    _passes(grade_id, layer, capsys)
    assert log == [("init", 0.8), ("forward", True), ("backward", None), ("forward", False), ("forward", True),
                   ("backward", None), ("init", 0.6), ("forward", True), ("forward", False), ("init", 1.0),
                   ("forward", True)]
    assert all(type(train) is bool for method, train in log if method == "forward")


# ============================================================================ the seeded checks
def _drawing(count):
    return toolbox("Dropout", ("np.random.rand(*x.shape)", f"np.random.rand({count})[:x.size].reshape(x.shape)"))


def test_a_draw_count_up_to_four_per_unit_is_named():
    message = assert_no_hint(failure(public_tests.Dropout_test, _drawing(100)))
    assert message == f"{SEEDED}: drew 100 random numbers; {DRAWS}"


def test_more_draws_than_the_search_covers_are_an_unknown_number():
    message = assert_no_hint(failure(public_tests.Dropout_test, _drawing(101)))
    assert message == f"{SEEDED}: drew an unknown number of random numbers; {DRAWS}"


def test_a_backward_that_draws_says_so_under_that_backward():
    message = str(failure(public_tests.Dropout_test, toolbox("Dropout", ("dout * self.mask", "dout * (np.random.rand("
                                                                        "*dout.shape) < self.keep_prob)"))))
    assert message.splitlines()[0] == "Dropout(0.8).backward(dout) after that forward: backward drew random numbers"


def test_a_mask_drawn_once_is_reported_as_the_first_output_again():
    target = toolbox("Dropout", ("self.mask = np.random.rand", "self.mask = self.mask if self.mask is not None else "
                                                              "np.random.rand"))
    message = assert_only_hint(failure(public_tests.Dropout_test, target), "the same mask every call",
                               "draws a new mask")
    assert message.splitlines()[0] == (f"{SECOND}: returned the output of the first call again: the mask did not "
                                       "change")


class _SecondCallWrong(toolbox("Dropout")):
    """Right on the first training call; on the second it rescales by 1 / 0.9 instead of 1 / 0.8."""

    calls = 0

    def forward(self, x, train=True):
        out = super().forward(x, train)
        if train:
            self.calls += 1
        return out * 0.8 / 0.9 if train and self.calls == 2 else out


def test_a_wrong_second_call_that_drew_a_new_mask_is_not_taken_for_a_reused_mask():
    message = assert_no_hint(failure(public_tests.Dropout_test, _SecondCallWrong))
    _, second = _masks()
    assert message.splitlines()[0] == f"{SECOND}: wrong values ({int(second.sum())} of 24 entries)"


def test_a_second_call_drawing_twice_as_many_numbers_is_named():
    class Twice(toolbox("Dropout")):
        calls = 0

        def forward(self, x, train=True):
            if train:
                self.calls += 1
                if self.calls == 2:
                    self.mask = np.random.rand(2 * x.shape[0], x.shape[1])[:x.shape[0]] < self.keep_prob
                    return x * self.mask / self.keep_prob
            return super().forward(x, train)

    message = assert_no_hint(failure(public_tests.Dropout_test, Twice))
    assert message == f"{SECOND}: drew 48 random numbers; {DRAWS}"


# ============================================================================ hints of the seeded checks
_TEST_BRANCH = "        if not train:\n            return x"


@pytest.mark.parametrize("grade_id, text", [
    ("Dropout", "with train=False the layer drops nothing: return x unchanged, and draw no mask."),
    ("NonInvertedDropout", "with train=False the layer drops nothing: return x * keep_prob, and draw no mask."),
])
def test_a_layer_that_drops_at_test_time_is_told_what_to_return(grade_id, text):
    branch = _TEST_BRANCH + (" * self.keep_prob" if grade_id == "NonInvertedDropout" else "") + "\n"
    message = str(failure(TESTS[grade_id], toolbox(grade_id, (branch, ""))))
    assert message.splitlines()[0] == f"{grade_id}(0.8).forward(x, train=False): wrong values (24 of 24 entries)"
    assert message.splitlines()[-1] == f"  Hint (dropout at test time): {text}"


@pytest.mark.parametrize("scale", [" * self.keep_prob", " / self.keep_prob"])
def test_an_inverted_layer_scaling_either_way_at_test_time_is_told_to_return_x(scale):
    message = assert_only_hint(failure(public_tests.Dropout_test, toolbox("Dropout", (_TEST_BRANCH,
                                                                                      _TEST_BRANCH + scale))),
                               "scaling at test time", "return x unchanged")
    assert message.startswith("Dropout(0.8).forward(x, train=False): wrong values (24 of 24 entries)")


@pytest.mark.parametrize("grade_id", list(TESTS))
def test_keeping_units_below_one_minus_keep_prob_is_the_flipped_mask(grade_id):
    target = toolbox(grade_id, ("< self.keep_prob", "< 1 - self.keep_prob"))
    message = assert_only_hint(failure(TESTS[grade_id], target), "dropping with probability keep_prob",
                               "1 - keep_prob")
    assert message.startswith(f"{grade_id}(0.8).forward(x) after np.random.seed(1): wrong values")


def _backward(values):
    """The reference Dropout whose backward returns ``values(layer, dout)``."""
    class Layer(toolbox("Dropout")):
        def backward(self, dout):
            return values(self, dout)
    return Layer


def test_backward_values_of_at_most_1e_12_on_dropped_units_count_as_zero():
    def off(layer, dout):
        return np.where(layer.mask, dout / 0.9, 1e-12)

    message = assert_no_hint(failure(public_tests.Dropout_test, _backward(off)))
    first, _ = _masks()
    assert message.splitlines()[0] == (f"Dropout(0.8).backward(dout) after that forward: wrong values "
                                       f"({int(first.sum())} of 24 entries)")
    just_above = _backward(lambda layer, dout: np.where(layer.mask, dout / 0.9, 2e-12))
    assert_only_hint(failure(public_tests.Dropout_test, just_above), "mask not applied in backward",
                     "multiply dout by the kept mask")


def test_a_backward_returning_text_still_hears_about_the_missing_mask():
    message = assert_only_hint(failure(public_tests.Dropout_test, _backward(lambda layer, dout: (dout / 0.8).astype(
        str))), "mask not applied in backward", "multiply dout by the kept mask")
    assert message.splitlines()[0].startswith("Dropout(0.8).backward(dout) after that forward: expected real numbers, "
                                              "got dtype <U")


# ============================================================================ the large case
def _large_only(forward_large, grade_id="Dropout"):
    """The reference layer on the seeded (4, 6) case; on the large case its forward is ``forward_large``."""
    class Layer(toolbox(grade_id)):
        def forward(self, x, train=True):
            if x.shape == (4, 6):
                return super().forward(x, train)
            return forward_large(self, x, train)
    return Layer


def _right_test_mode(train_output):
    def forward(layer, x, train):
        if not train:
            return x
        return x if layer.keep_prob == 1.0 else train_output(layer, x)
    return forward


@pytest.mark.parametrize("wrong, kind", [(lambda layer, x: (x * (np.random.rand(*x.shape) < 0.6) / 0.6).tolist(),
                                          "list"),
                                         (lambda layer, x: (x * (np.random.rand(*x.shape) < 0.6) / 0.6).T,
                                          "numpy array, shape (400, 200), dtype float64")])
def test_a_large_output_of_another_type_or_shape_is_described(wrong, kind):
    message = assert_no_hint(failure(public_tests.Dropout_test, _large_only(_right_test_mode(wrong))))
    assert message == f"{LARGE}: expected a numpy array of shape (200, 400), got a {kind}"


def test_a_share_kept_far_from_either_probability_gets_no_hint():
    half = _large_only(_right_test_mode(lambda layer, x: x * (np.random.rand(*x.shape) < 0.5) / 0.6))
    message = assert_no_hint(failure(public_tests.Dropout_test, half))
    share = (np.random.RandomState(3).rand(200, 400) < 0.5).mean()
    assert message == (f"{LARGE}: kept {share:.4f} of the units; with keep_prob = 0.6 the share kept must be within "
                       "0.01 of 0.6")


def test_survivors_off_by_1e_9_are_not_exactly_x_over_keep_prob():
    def off(layer, x):
        kept = np.random.rand(*x.shape) < 0.6
        return np.where(kept, x / 0.6 + 1e-9, 0.0)

    message = assert_no_hint(failure(public_tests.Dropout_test, _large_only(_right_test_mode(off))))
    kept = np.random.RandomState(3).rand(200, 400) < 0.6
    lines = message.splitlines()
    assert lines[0] == f"{LARGE}: {int(kept.sum())} kept units are not exactly x / keep_prob"
    first = tuple(int(i) for i in np.argwhere(kept)[0])
    assert lines[1].startswith(f"  first at index {list(first)}: x = ")


def test_a_wrong_test_output_on_the_large_case_is_named():
    def forward(layer, x, train):
        if train:
            return x * (np.random.rand(*x.shape) < layer.keep_prob) / layer.keep_prob
        return x * layer.keep_prob

    message = assert_no_hint(failure(public_tests.Dropout_test, _large_only(forward)))
    assert message.splitlines()[0] == ("Dropout(0.6).forward(x, train=False) on the large x (nothing dropped): wrong "
                                       "values (80000 of 80000 entries)")


def _kept_summing_to(x, count, total):
    """A mask of ``count`` units whose x sum to ``total`` within 1e-9: a window of the sorted x, then one swap."""
    flat = x.ravel()
    order = np.argsort(flat)
    sums = np.cumsum(np.concatenate([[0.0], flat[order]]))
    start = int(np.searchsorted(sums[count:] - sums[:-count], total)) - 1
    kept = np.zeros(flat.size, bool)
    kept[order[start:start + count]] = True
    rest = total - flat[kept].sum()
    inside, outside = np.flatnonzero(kept), np.flatnonzero(~kept)
    outside = outside[np.argsort(flat[outside])]
    wanted = flat[inside] + rest
    at = np.clip(np.searchsorted(flat[outside], wanted), 1, outside.size - 1)
    closer = np.where(np.abs(flat[outside[at - 1]] - wanted) < np.abs(flat[outside[at]] - wanted), at - 1, at)
    i = int(np.argmin(np.abs(flat[outside[closer]] - wanted)))
    kept[inside[i]], kept[outside[closer[i]]] = False, True
    assert abs(flat[kept].sum() - total) < 1e-9
    return kept.reshape(x.shape)


def _nudged(values, target):
    """``values`` with each nonzero entry moved by at most 4000 ulps so that np.mean of the result is ``target``."""
    flat = values.ravel()
    moved = np.flatnonzero(flat)
    ulp = np.spacing(flat[moved])

    def build(n):
        whole, extra = divmod(n, moved.size)
        result = flat.copy()
        result[moved] += (whole + (np.arange(moved.size) < extra)) * ulp
        return result.reshape(values.shape)

    low, high = -4000 * moved.size, 4000 * moved.size
    assert np.mean(build(low)) < target < np.mean(build(high))
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if np.mean(build(middle)) < target else (low, middle)
    result = build(high)
    assert float(np.mean(result)) == target
    return result


def _outputs(ratio):
    """Training output (48000 units kept, each exactly x / 0.6) whose mean is ``ratio`` times that of x."""
    x = large_activation_case()
    kept = _kept_summing_to(x, 48000, ratio * float(np.mean(x)) * x.size * 0.6)
    return np.where(kept, x / 0.6, 0.0), x


def _serving(train_output, test_output):
    def forward(layer, x, train):
        if layer.keep_prob == 1.0:
            return x
        return train_output.copy() if train else test_output.copy()
    return _large_only(forward)


@pytest.mark.parametrize("ratio", [1.008, 0.992])
def test_a_mean_within_1_percent_of_the_test_mean_is_accepted(ratio, capsys):
    train, test = _outputs(ratio)
    _passes("Dropout", _serving(train, test), capsys)


@pytest.mark.parametrize("ratio", [1.012, 0.988])
def test_a_mean_off_by_more_than_1_percent_is_reported_with_both_means(ratio):
    train, test = _outputs(ratio)
    message = assert_no_hint(failure(public_tests.Dropout_test, _serving(train, test)))
    assert message == (f"{LARGE}: in expectation the training output must equal the test output: mean training "
                       f"output {np.mean(train):.4f}, mean test output {np.mean(test):.4f}")


def test_a_mean_off_by_exactly_1_percent_is_accepted(capsys):
    x = large_activation_case()
    test_mean = float(np.mean(x))
    while True:  # a test mean whose 1 % is a whole number of the means' ulps, so the boundary is a float
        test_mean = float(np.nextafter(test_mean, 2.0))
        train_mean = test_mean + 0.01 * test_mean
        if train_mean - test_mean == 0.01 * test_mean:
            break
    test = _nudged(x, test_mean)
    train = _nudged(np.where(_kept_summing_to(x, 48000, train_mean * x.size * 0.6), x / 0.6, 0.0), train_mean)
    assert np.abs(test - x).max() < 1e-11
    assert abs(float(np.mean(train)) - float(np.mean(test))) == 0.01 * abs(float(np.mean(test)))
    _passes("Dropout", _serving(train, test), capsys)
