"""nbgrader's Execute step in the sandbox: answers run in the kernel, hidden tests in the grader.

One small notebook, graded for real in a sandboxed kernel: a graded class kept
in the kernel behind a handle, a sampler drawing from a generator the hidden
test passed, and an endless loop that costs its own cell only.
"""

from __future__ import annotations

import nbformat
import pytest
from traitlets.config import Config

from grading.sandbox import bwrap
from grading.sandbox.session import SandboxSession
from grading.settings import Limits
from grading.verdict.secure_execute import SESSIONS, SecureExecute

pytestmark = pytest.mark.skipif(bool(bwrap.availability()), reason="no sandbox on this machine")

ANSWERS = '''
import numpy as np

class Dropout:
    def __init__(self, keep_prob):
        self.keep_prob = keep_prob

    def forward(self, x, train=True):
        if not train:
            return x
        self.mask = np.random.rand(*x.shape) < self.keep_prob
        return x * self.mask / self.keep_prob

    def backward(self, dout):
        return dout * self.mask / self.keep_prob

def sample_log_uniform(low, high, size, rng):
    return 10 ** rng.uniform(np.log10(low), np.log10(high), size)
'''

DROPOUT_TESTS = '''
layer = Dropout(0.6)
x = np.arange(1.0, 13.0).reshape(3, 4)
np.random.seed(4)
out = layer.forward(x, train=True)
mask = np.random.RandomState(4).rand(3, 4) < 0.6
assert np.allclose(out, x * mask / 0.6)
before = np.random.get_state()[2]
assert np.array_equal(layer.forward(x, train=False), x) and np.random.get_state()[2] == before
assert np.allclose(layer.backward(np.ones((3, 4))), mask / 0.6)
assert np.array_equal(layer.mask, mask)
'''

SAMPLER_TESTS = '''
rng, reference = np.random.default_rng(11), np.random.default_rng(11)
values = sample_log_uniform(1e-4, 1.0, 5, rng)
assert np.allclose(np.log10(values), reference.uniform(-4, 0, 5))
assert rng.random() == reference.random()  # the generator advanced by exactly five draws
'''


def _cell(source, grade_id, solution=False, points=1):
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": not solution, "solution": solution, "grade_id": grade_id,
                                 "locked": not solution, "schema_version": 3,
                                 **({} if solution else {"points": points})}
    return cell


def _grade(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    session = SandboxSession(Limits())
    SESSIONS["test-secure-execute"] = session
    try:
        c = Config()
        c.SecureExecute.session_id = "test-secure-execute"
        c.SecureExecute.exercise_names = ["Dropout", "sample_log_uniform", "spin"]
        c.SecureExecute.timeout = 3
        nb, _ = SecureExecute(config=c).preprocess(nb, {"metadata": {"path": "/tmp"}})
        return nb
    finally:
        SESSIONS.pop("test-secure-execute", None)
        session.close()


def test_classes_and_generators_cross_into_the_kernel_and_a_stuck_cell_costs_only_itself():
    nb = _grade([
        _cell(ANSWERS, "answers", solution=True),
        _cell(DROPOUT_TESTS, "Dropout_tests"),
        _cell(SAMPLER_TESTS, "sample_log_uniform_tests"),
        _cell("def spin():\n    while True:\n        pass", "spin", solution=True),
        _cell("spin()", "spin_tests"),
        _cell("layer = Dropout(0.5)\nlayer.forward(np.ones(2), train=True)\nassert layer.missing == 1",
              "attribute_tests"),
    ])
    outputs = {cell.metadata["nbgrader"]["grade_id"]: cell.outputs for cell in nb.cells}
    assert outputs["Dropout_tests"] == [] and outputs["sample_log_uniform_tests"] == [], outputs
    assert outputs["spin_tests"][0].ename == "CellTimeoutError"
    assert outputs["attribute_tests"][0].ename == "AttributeError"
    assert "Dropout" in outputs["attribute_tests"][0].evalue
