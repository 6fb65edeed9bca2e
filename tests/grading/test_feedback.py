"""Feedback is sanitised: no hidden test, no script, no event handler, outputs as text, bounded size."""

from __future__ import annotations

import nbformat

from grading.reports.feedback import HIDDEN_NOTE, OutputsAsText, RedactHiddenTests, sanitise
from grading.settings import MAX_FEEDBACK_CHARS


def _cell(source, **meta):
    cell = nbformat.v4.new_code_cell(source)
    if meta:
        cell.metadata["nbgrader"] = meta
    return cell


def test_hidden_tests_are_found_by_metadata_not_by_text():
    hidden = _cell("assert secret == 42", grade=True, solution=False, grade_id="f_tests")
    answer = _cell("# ### BEGIN HIDDEN TESTS is only a comment\nx = 1", grade=False, solution=True, grade_id="f")
    plain = _cell("print('### END HIDDEN TESTS')")
    odd = _cell("y = 2")
    odd.metadata["nbgrader"] = "str"
    nb = nbformat.v4.new_notebook(cells=[hidden, answer, plain, odd])
    nb, _ = RedactHiddenTests().preprocess(nb, {})
    assert nb.cells[0].source == HIDDEN_NOTE
    assert [c.source for c in nb.cells[1:]] == [answer.source, plain.source, "y = 2"]


def test_outputs_become_plain_text():
    cell = _cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<script>alert(1)</script>", "text/plain": "<b>"}),
        nbformat.v4.new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure>"}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=["\x1b[31mValueError\x1b[0m: bad"]),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(2)"}),
    ]
    nb, _ = OutputsAsText().preprocess(nbformat.v4.new_notebook(cells=[cell]), {})
    [out] = nb.cells[0].outputs
    assert out.output_type == "stream"
    assert out.text == "<b>\n[figure: see your own notebook]\nValueError: bad\n"


def test_sanitise_removes_scripts_handlers_and_javascript_urls():
    page = ("<html><head><script>bad()</script><style>body{}</style></head><body>"
            "<p onclick=\"x()\">hi</p><script>alert(1)</script><img src=x onerror=alert(1)>"
            "<a href=\"javascript:alert(1)\">link</a><iframe src=\"http://x\"></iframe><pre>code &lt;ok&gt;</pre>"
            "</body></html>")
    clean = sanitise(page, "t<itle>").lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "bad()", "alert(1)"):
        assert bad not in clean
    assert "<p>hi</p>" in clean and "code &lt;ok&gt;" in clean and "<title>t&lt;itle&gt;</title>" in clean


def test_sanitised_page_is_bounded():
    page = "<body>" + "<p>" + "x" * (MAX_FEEDBACK_CHARS * 2) + "</p></body>"
    assert len(sanitise(page, "big")) < MAX_FEEDBACK_CHARS + 5000
    assert "feedback truncated" in sanitise(page, "big")


def test_the_preprocessors_run_when_nbconvert_registers_them():
    from nbconvert.exporters import HTMLExporter

    exporter = HTMLExporter()
    for preprocessor in (RedactHiddenTests, OutputsAsText):
        exporter.register_preprocessor(preprocessor)
    hidden = _cell("assert secret == 42", grade=True, solution=False, grade_id="f_tests")
    body, _ = exporter.from_notebook_node(nbformat.v4.new_notebook(cells=[hidden]))
    assert "secret" not in body and "Hidden tests" in body


def test_rendered_page_shows_scores_messages_and_escapes_everything():
    from grading.reports.feedback import render_feedback

    markdown = nbformat.v4.new_markdown_cell(
        "# Notes\n\n<script>alert(1)</script><img src=x onerror=alert(2)>\n\nIt is *ok*.")
    answer = _cell("def f():\n    return '<b>'", grade=False, solution=True, grade_id="f")
    hidden = _cell("assert f() == 42  # expected value", grade=True, solution=False, grade_id="f_tests")
    hidden.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="f is wrong",
                                             traceback=["AssertionError: f is wrong"])]
    page = render_feedback(nbformat.v4.new_notebook(cells=[markdown, answer, hidden]), "demo: part",
                           {"f_tests": (0.0, 2.0)}, {"f_tests": "AssertionError: f is wrong"})
    assert "Score: 0 / 2" in page and "f_tests</strong>: 0 / 2 (lost points)" in page
    assert "AssertionError: f is wrong" in page and "<em>ok</em>" in page
    assert "42" not in page and HIDDEN_NOTE in page
    assert "<script" not in page.lower() and "onerror" not in page and "return &#x27;&lt;b&gt;&#x27;" in page
