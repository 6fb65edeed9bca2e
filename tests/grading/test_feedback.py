"""Feedback is sanitised: no hidden test, no script, no event handler, outputs as text, bounded size."""

from __future__ import annotations

import nbformat

from grading.reports.feedback import HIDDEN_NOTE, render_feedback
from grading.settings import MAX_FEEDBACK_CHARS


def _cell(source, **meta):
    cell = nbformat.v4.new_code_cell(source)
    if meta:
        cell.metadata["nbgrader"] = meta
    return cell


def _page(*cells, grades=None, messages=None, title="demo: part"):
    return render_feedback(nbformat.v4.new_notebook(cells=list(cells)), title, grades or {}, messages or {})


def test_hidden_tests_are_found_by_metadata_not_by_text():
    hidden = _cell("assert secret == 42", grade=True, solution=False, grade_id="f_tests")
    answer = _cell("# ### BEGIN HIDDEN TESTS is only a comment\nx = 1", grade=False, solution=True, grade_id="f")
    plain = _cell("print('### END HIDDEN TESTS')")
    odd = _cell("y = 2")
    odd.metadata["nbgrader"] = "str"
    page = _page(hidden, answer, plain, odd)
    assert "secret" not in page and HIDDEN_NOTE in page
    for shown in ("### BEGIN HIDDEN TESTS is only a comment\nx = 1", "print(&#x27;### END HIDDEN TESTS&#x27;)",
                  "y = 2"):
        assert shown in page


def test_outputs_become_plain_text():
    cell = _cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "<script>alert(1)</script>", "text/plain": "<b>"}),
        nbformat.v4.new_output("display_data", data={"image/png": "AAAA", "text/plain": "<Figure>"}),
        nbformat.v4.new_output("error", ename="ValueError", evalue="bad", traceback=["\x1b[31mValueError\x1b[0m: bad"]),
        nbformat.v4.new_output("display_data", data={"application/javascript": "alert(2)"}),
    ]
    page = _page(cell)
    assert '<pre class="output">&lt;b&gt;\n[figure: see your own notebook]\nValueError: bad\n</pre>' in page
    assert "alert" not in page and "AAAA" not in page and "\x1b" not in page


def test_student_markdown_loses_scripts_handlers_and_javascript_urls():
    markdown = nbformat.v4.new_markdown_cell(
        "<p onclick=\"x()\">hi</p><script>alert(1)</script><img src=x onerror=alert(1)>"
        "<a href=\"javascript:alert(1)\">link</a><iframe src=\"http://x\"></iframe><style>body{}</style>")
    page = _page(markdown, title="t<itle>").lower()
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "alert(1)", "body{}"):
        assert bad not in page
    assert "<p>hi</p>" in page and "<title>t&lt;itle&gt;</title>" in page


def test_rendered_page_is_bounded():
    big = _cell("x" * (MAX_FEEDBACK_CHARS * 2))
    page = _page(big)
    assert len(page) < MAX_FEEDBACK_CHARS + 5000 and "feedback truncated" in page


def test_rendered_page_shows_scores_messages_and_escapes_everything():
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
