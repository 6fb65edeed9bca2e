"""Unit tests written against surviving mutants of the grader's logic (see mutation/run.py).

Failure messages read back from autograded cells, the kernel side of a hidden
test's call, and the results collected from a small gradebook, each with the
expected values written out by hand.
"""

from __future__ import annotations

import json

import nbformat
import nbgrader.api
import numpy as np
import pytest
from nbgrader.api import Gradebook

from grading.batch.records import AssignmentOutcome, StudentOutcome
from grading.reports import messages
from grading.reports.results import CellResult, GradingResults, StudentResult, collect_results
from grading.sandbox.guest import bridge, wire

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


# ------------------------------------------------------------------ messages
def _cell(*outputs, grade=True, cell_type="code", grade_id="g"):
    cell = nbformat.v4.new_code_cell("x") if cell_type == "code" else nbformat.v4.new_markdown_cell("x")
    if cell_type == "code":
        cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell.metadata["nbgrader"] = {"grade": grade, "grade_id": grade_id, "points": 1}
    return cell


def test_failure_message_of_an_error_a_bare_error_and_stderr():
    error = {"output_type": "error", "ename": "CheckFailed", "evalue": "\x1b[31mf: wrong\x1b[0m  ", "traceback": []}
    assert messages.failure_message(_cell(error)) == "CheckFailed: f: wrong"
    bare = {"output_type": "error", "ename": "KeyError", "evalue": "", "traceback": []}
    assert messages.failure_message(_cell(bare)) == "KeyError"
    nameless = nbformat.from_dict({"output_type": "error", "traceback": []})
    assert messages.failure_message({"outputs": [nameless]}) == "Error"
    assert messages.failure_message({"outputs": [{"output_type": "error", "evalue": "boom"}]}) == "Error: boom"
    stderr = {"output_type": "stream", "name": "stderr", "text": "  \x1b[1mwarning\x1b[0m: " + "w" * 600}
    text = messages.failure_message(_cell(stderr))
    assert text.startswith("the cell wrote to stderr: warning: www") and len(text) == len(
        "the cell wrote to stderr: ") + 500
    stdout = {"output_type": "stream", "name": "stdout", "text": "hello"}
    assert messages.failure_message(_cell(stdout)) == ""
    assert messages.failure_message(_cell()) == "" and messages.failure_message({}) == ""
    # an error wins over stderr, whichever comes first
    assert messages.failure_message(_cell(stderr, error)) == "CheckFailed: f: wrong"


def test_failure_message_of_an_empty_stderr_stream():
    # A malformed stream output without its text (the notebook is not validated here): nothing to quote.
    bare = nbformat.from_dict({"output_type": "stream", "name": "stderr"})
    assert messages.failure_message({"outputs": [bare]}) == "the cell wrote to stderr: "


def test_cell_messages_of_graded_code_cells_only(tmp_path):
    nb = nbformat.v4.new_notebook()
    error = {"output_type": "error", "ename": "AssertionError", "evalue": "no", "traceback": []}
    nb.cells = [_cell(error, grade_id="a"), _cell(grade_id="b"), _cell(error, grade=False, grade_id="c"),
                _cell(grade_id="d", cell_type="markdown"), nbformat.v4.new_code_cell("y")]
    nb.cells[-1].metadata["nbgrader"] = "not a dict"
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert messages.cell_messages(path) == {"a": "AssertionError: no", "b": ""}


# ------------------------------------------------------------------ bridge
def _request(name, *args, **kwargs):
    np.random.seed(5)
    return {"name": name, "nonce": "n1", "args": list(args), "kwargs": kwargs, "rng": np.random.get_state()}


def test_run_answers_ok_with_the_result_the_state_and_the_changed_arguments():
    def student(a, b, scale=1.0):
        a[0] = 9.0
        np.random.rand(3)
        return a.sum() * scale

    np.random.seed(0)
    reply = bridge.run(_request("f", np.zeros(2), [1, 2], scale=2.0), {"f": student})
    assert reply["status"] == "ok" and reply["nonce"] == "n1" and reply["result"] == 18.0
    assert reply["changed"] == ["argument 1"]
    np.random.seed(5)
    np.random.rand(3)
    assert np.array_equal(reply["rng"][1], np.random.get_state()[1])


def test_run_names_changed_keyword_arguments_and_a_missing_function():
    def student(x, table):
        table["k"] = 1

    reply = bridge.run(_request("f", 1, table={}), {"f": student})
    assert reply["changed"] == ["argument 'table'"] and reply["result"] is None
    assert bridge.run(_request("g"), {"f": student}) == {"nonce": "n1", "status": "missing"}


def test_run_reports_the_students_exception_cut_to_size():
    def student():
        raise ValueError("v" * 5000)

    reply = bridge.run(_request("f"), {"f": student})
    assert reply["status"] == "raised" and reply["ename"] == "ValueError"
    assert reply["evalue"] == "v" * bridge.MAX_ERROR_CHARS
    assert len(reply["details"]) == bridge.MAX_ERROR_CHARS and reply["details"].endswith("v" * 10 + "\n")
    assert reply["changed"] == [] and "result" not in reply


def test_functions_as_arguments_are_never_compared():
    reply = bridge.run(_request("f", np.sum), {"f": lambda g: g([1, 2])})
    assert reply["status"] == "ok" and reply["changed"] == [] and reply["result"] == 3


def test_call_publishes_one_reply_or_says_it_cannot_encode(monkeypatch):
    import IPython
    import IPython.display

    published = []
    shell = type("Shell", (), {"user_ns": {"f": lambda x: x * 2, "g": lambda: object()}})()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr(IPython.display, "publish_display_data", lambda data: published.append(data))
    bridge.call(wire.dumps(_request("f", 21)))
    assert len(published) == 1 and list(published[0]) == [bridge.REPLY_MIME]
    reply = wire.loads(published[0][bridge.REPLY_MIME])
    assert reply["status"] == "ok" and reply["result"] == 42 and reply["nonce"] == "n1" and reply["changed"] == []
    bridge.call(wire.dumps(_request("g")))
    reply = wire.loads(published[1][bridge.REPLY_MIME])
    assert reply["status"] == "unencodable" and reply["nonce"] == "n1" and reply["changed"] == []
    assert reply["evalue"] and len(reply["evalue"]) <= 500 and "rng" in reply


# ------------------------------------------------------------------ results collected from a gradebook
@pytest.fixture(scope="module")
def book(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nbgrader.api, "get_alembic_version", lambda: "unit-test")
        url = f"sqlite:///{tmp_path_factory.mktemp('results') / 'book.db'}"
        with Gradebook(url) as gb:
            gb.add_assignment("hw")
            gb.add_notebook("one", "hw")
            gb.add_notebook("two", "hw")
            gb.add_grade_cell("g1", "one", "hw", max_score=2.0, cell_type="code")
            gb.add_grade_cell("g2", "one", "hw", max_score=3.0, cell_type="code")
            gb.add_grade_cell("g3", "two", "hw", max_score=1.0, cell_type="code")
            gb.add_assignment("quiz")
            gb.add_notebook("q", "quiz")
            gb.add_grade_cell("q1", "q", "quiz", max_score=4.0, cell_type="code")
            for student in ("ann", "bob"):
                gb.add_student(student)
                gb.add_submission("hw", student)
            gb.add_submission("quiz", "ann")
            gb.find_grade("g1", "one", "hw", "ann").auto_score = 2.0
            gb.find_grade("g2", "one", "hw", "ann").auto_score = 1.0
            gb.find_grade("g2", "one", "hw", "ann").manual_score = 1.5
            gb.find_grade("q1", "q", "quiz", "ann").auto_score = 4.0
            gb.db.commit()
    return url


def test_collect_results_merges_scores_messages_notes_and_warnings(book):
    outcomes = {
        "ann": StudentOutcome("ann", assignments={
            "hw": AssignmentOutcome(messages={"one": {"g2": "wrong value", "g1": ""}},
                                    graded_notebooks=["one.ipynb"], findings=["g1 was edited: restored"]),
            "quiz": AssignmentOutcome(graded_notebooks=["q.ipynb"])},
            sandbox_notes=["no memory cap"]),
        "bob": StudentOutcome("bob", error="the kernel died"),
        "dan": StudentOutcome("dan", assignments={"hw": AssignmentOutcome(graded_notebooks=["one.ipynb"],
                                                                          error="notebook timed out")}),
        "eve": StudentOutcome("eve", error="the kernel died"),
    }
    notes = {"bob": {"hw": {"one.ipynb": "one.ipynb is a symbolic link: refused"}}}
    warnings = {"ann": ["late"], "eve": ["the kernel died"]}
    results = collect_results(book, ["hw", "quiz"], outcomes, notes, warnings, {"junk": "not a student"})
    assert results.assignments == ["hw", "quiz"] and results.skipped == {"junk": "not a student"}
    ann = results["ann"]
    assert ann.assignments == {
        "hw": {"one": {"g1": CellResult(2.0, 2.0, ""), "g2": CellResult(1.5, 3.0, "wrong value")},
               "two": {"g3": CellResult(0.0, 1.0, "the notebook could not be graded")}},
        "quiz": {"q": {"q1": CellResult(4.0, 4.0, "")}}}
    assert ann.warnings == ["late", "hw: g1 was edited: restored", "no memory cap"]
    bob = results["bob"]
    assert bob.assignments == {"hw": {
        "one": {"g1": CellResult(0.0, 2.0, "one.ipynb is a symbolic link: refused"),
                "g2": CellResult(0.0, 3.0, "one.ipynb is a symbolic link: refused")},
        "two": {"g3": CellResult(0.0, 1.0, "the kernel died")}}}
    assert bob.warnings == ["the kernel died"]
    dan = results["dan"]
    assert dan.assignments["hw"]["one"]["g1"] == CellResult(0.0, 2.0, "")  # graded: no fallback message
    assert dan.assignments["hw"]["two"]["g3"] == CellResult(0.0, 1.0, "notebook timed out")
    assert "quiz" not in dan.assignments and dan.warnings == ["hw: notebook timed out"]
    assert results["eve"].assignments == {} and results["eve"].warnings == ["the kernel died"]
    assert sorted(results.students) == ["ann", "bob", "dan", "eve"]


def test_totals_table_and_gradescope_of_collected_results():
    ann = StudentResult("ann", {"hw": {"one": {"g1": CellResult(2.0, 2.0), "g2": CellResult(1.5, 3.0, "no")}},
                                "quiz": {"q": {"q1": CellResult(4.0, 4.0)}}}, ["late"])
    bob = StudentResult("bob", {"quiz": {"q": {"q1": CellResult(0.0, 4.0)}}})
    results = GradingResults(["hw", "quiz", "unused"], {"bob": bob, "ann": ann})
    assert (ann.total(), ann.max_total(), ann.total("hw"), ann.max_total("quiz"), ann.total("nope")) == (
        7.5, 9.0, 3.5, 4.0, 0.0)
    assert results.score_table().splitlines() == [
        "student                 hw      quiz     total",
        "----------------------------------------------",
        "ann" + " " * 20 + "4/5" + " " * 7 + "4/4" + " " * 5 + "8/9",
        "bob" + " " * 22 + "-" + " " * 7 + "0/4" + " " * 5 + "0/4",
    ]
    scope = ann.gradescope()
    assert scope["score"] == 7.5 and scope["output"] == "late" and scope["visibility"] == "visible"
    assert [t["status"] for t in scope["tests"]] == ["passed", "failed", "passed"]
    assert [t["output"] for t in scope["tests"]] == ["passed", "no", "passed"]
    assert scope["tests"][1] == {"name": "hw / one: g2", "score": 1.5, "max_score": 3.0, "status": "failed",
                                 "output": "no", "visibility": "visible"}
    assert bob.gradescope()["output"] == "All notebooks were graded."
    assert bob.gradescope()["tests"][0]["output"] == "did not pass"


def test_write_puts_each_file_in_its_place(tmp_path):
    ann = StudentResult("ann", {"hw": {"one": {"g1": CellResult(1.0, 2.0, "m")}}}, ["w"])
    results = GradingResults(["hw"], {"ann": ann, "bob": StudentResult("bob")}, {"x": "why"})
    pages = {"one.html": "<p>one</p>", ".hidden.html": "no", "sub/two.html": "no", "notes.txt": "no"}
    outcomes = {"ann": StudentOutcome("ann", assignments={"hw": AssignmentOutcome(feedback=pages)})}
    results.write(tmp_path, outcomes)
    assert json.loads((tmp_path / "results.json").read_text()) == {
        "_skipped": {"x": "why"}, "ann": {"_warnings": ["w"], "hw": {"one": {"g1": {
            "score": 1.0, "max_score": 2.0, "message": "m"}}}}, "bob": {}}
    assert json.loads((tmp_path / "gradescope" / "ann" / "results.json").read_text())["score"] == 1.0
    assert (tmp_path / "gradescope" / "bob" / "results.json").exists()
    assert sorted(p.name for p in (tmp_path / "feedback" / "ann" / "hw").iterdir()) == ["one.html"]
    assert (tmp_path / "feedback" / "ann" / "hw" / "one.html").read_text() == "<p>one</p>"
    assert not (tmp_path / "feedback" / "bob").exists()
