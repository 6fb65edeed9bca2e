"""The feedback page, piece by piece, with every expected line written out (from surviving mutants)."""

from __future__ import annotations

import nbformat
import pytest

from grading.reports import feedback as fb


def _head(title: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>' + title + "</title><style>"
            + fb._STYLE + "</style></head>\n<body>\n")


TAIL = "\n</body></html>\n"
TRUNCATED = "<p><strong>... feedback truncated: it was too long ...</strong></p>"


def _out(**fields):
    return nbformat.from_dict(fields)


# ------------------------------------------------------------------ the text of an output
@pytest.mark.parametrize("output, text", [
    (_out(output_type="stream", name="stdout", text="hi"), "hi"),
    (_out(output_type="stream", name="stdout"), ""),
    (_out(output_type="error", ename="E", evalue="v", traceback=["line 1", "line 2"]), "line 1\nline 2"),
    (_out(output_type="error", ename="KeyError", evalue="'k'", traceback=[]), "KeyError: 'k'"),
    (_out(output_type="error"), "Error: "),
    (_out(output_type="display_data", data={"image/png": "x", "text/plain": "<Figure>"}),
     "[figure: see your own notebook]"),
    (_out(output_type="execute_result", data={"text/html": "<b>x</b>", "text/plain": "x"}), "x"),
    (_out(output_type="display_data", data={"text/html": "<b>x</b>"}), ""),
    (_out(output_type="display_data"), ""),
])
def test_text_of_each_output_type(output, text):
    assert fb._text_of(output) == text


# ------------------------------------------------------------------ render_feedback
def _notebook():
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("def f():\n    return 1 < 2")
    answer.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "ans", "points": 2}
    answer.outputs = [_out(output_type="stream", name="stdout", text="\x1b[1mok\x1b[0m")]
    hidden = nbformat.v4.new_code_cell("assert f() == 'secret'")
    hidden.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "hid", "points": 1}
    hidden.outputs = [_out(output_type="error", ename="AssertionError", evalue="", traceback=["Trace <x>"])]
    task = nbformat.v4.new_markdown_cell("*explain*")
    task.metadata["nbgrader"] = {"task": True, "grade_id": "tsk", "points": 1}
    plain = nbformat.v4.new_code_cell("x = 1")
    other = nbformat.v4.new_code_cell("y = 2")
    other.metadata["nbgrader"] = {"grade": False, "grade_id": "ungraded"}
    nb.cells = [nbformat.v4.new_markdown_cell("# Part <1>\n<script>alert(1)</script>"), answer, hidden, task,
                plain, other]
    return nb


def test_render_feedback_lists_scores_messages_sources_and_outputs():
    grades = {"ans": (2.0, 2.0), "hid": (0.0, 1.0), "tsk": (0.5, 1.0), "ungraded": (9.0, 9.0)}
    page = fb.render_feedback(_notebook(), "hw: one", grades, {"hid": "wrong <value>", "ans": ""})
    assert page.startswith(_head("hw: one")) and page.endswith(TAIL)
    body = page[len(_head("hw: one")):-len(TAIL)]
    assert body.split("\n") == [
        "<h1>hw: one</h1>",
        '<p class="total">Score: 11.5 / 13</p>',
        '<div class="markdown"><h1 id="Part-%3C1%3E">Part &lt;1&gt;<a class="anchor-link" href="#Part-%3C1%3E" '
        'rel="noopener noreferrer nofollow">\u00b6</a></h1>',
        "",  # the script and its text are gone
        "</div>",
        '<p class="grade"><strong>ans</strong>: 2 / 2 (passed)</p>',
        '<pre class="source">def f():',
        "    return 1 &lt; 2</pre>",
        '<pre class="output">ok',
        "</pre>",
        '<p class="grade"><strong>hid</strong>: 0 / 1 (lost points)</p>',
        '<pre class="message">wrong &lt;value&gt;</pre>',
        f'<pre class="source">{fb.HIDDEN_NOTE}</pre>',
        '<pre class="output">Trace &lt;x&gt;',
        "</pre>",
        '<p class="grade"><strong>tsk</strong>: 0.5 / 1 (lost points)</p>',
        '<div class="markdown"><p><em>explain</em></p>',
        "</div>",
        '<pre class="source">x = 1</pre>',
        '<pre class="source">y = 2</pre>',
    ]


def test_render_feedback_cuts_a_long_page(monkeypatch):
    monkeypatch.setattr(fb, "MAX_FEEDBACK_CHARS", 30)
    page = fb.render_feedback(nbformat.v4.new_notebook(), "a" * 40, {}, {})
    body = page[len(_head("a" * 40)):-len(TAIL)]
    assert body == "<h1>" + "a" * 26 + "</h1>" + TRUNCATED
    monkeypatch.setattr(fb, "MAX_FEEDBACK_CHARS", 10 ** 6)
    body = fb.render_feedback(nbformat.v4.new_notebook(), "t", {}, {})[len(_head("t")):-len(TAIL)]
    assert body == '<h1>t</h1>\n<p class="total">Score: 0 / 0</p>'


def test_markdown_that_the_renderer_rejects_is_shown_as_text(monkeypatch):
    import nbconvert.filters.markdown_mistune as mm

    def broken(source):
        raise ValueError("no")

    monkeypatch.setattr(mm, "markdown2html_mistune", broken)
    assert fb._markdown("<b>x</b>") == "<pre>&lt;b&gt;x&lt;/b&gt;</pre>"


def _markdown_page(source):
    page = fb.render_feedback(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(source)]), "t", {}, {})
    return page[len(_head("t")):-len(TAIL)]


def test_student_links_keep_web_addresses_only():
    body = _markdown_page("[a](http://example.org/a) [b](https://example.org/b) [c](ftp://example.org/c) "
                          "[d](mailto:me@example.org)")
    rel = 'rel="noopener noreferrer nofollow"'
    assert f'<a href="http://example.org/a" {rel}>a</a>' in body
    assert f'<a href="https://example.org/b" {rel}>b</a>' in body
    assert f"<a {rel}>c</a>" in body and f"<a {rel}>d</a>" in body


def test_student_markdown_loads_no_image_and_keeps_no_comment():
    # an image from elsewhere would be fetched when the page is opened; a comment is not the student's text
    body = _markdown_page('<img src="http://tracker.example/x.png"> ![pic](https://tracker.example/y.png)\n\n'
                          "<!-- note to self -->\n\nvisible")
    assert "<img" not in body and "tracker" not in body and "note to self" not in body and "<!--" not in body
    assert "<p>visible</p>" in body


def test_several_outputs_of_a_cell_are_one_block_of_lines():
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [_out(output_type="stream", name="stdout", text="one"),
                    _out(output_type="stream", name="stdout", text="two\n"),
                    _out(output_type="execute_result", data={"text/plain": "3"}, execution_count=1, metadata={})]
    page = fb.render_feedback(nbformat.v4.new_notebook(cells=[cell]), "t", {}, {})
    assert '<pre class="output">one\ntwo\n3\n</pre>' in page


def test_a_code_cell_without_outputs_shows_its_source_only():
    cell = nbformat.v4.new_code_cell("x = 1")
    del cell["outputs"]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell]
    body = fb.render_feedback(nb, "t", {}, {})[len(_head("t")):-len(TAIL)]
    assert body == '<h1>t</h1>\n<p class="total">Score: 0 / 0</p>\n<pre class="source">x = 1</pre>'


def test_a_page_exactly_at_the_cap_is_not_cut(monkeypatch):
    whole = '<h1>t</h1>\n<p class="total">Score: 0 / 0</p>'
    monkeypatch.setattr(fb, "MAX_FEEDBACK_CHARS", len(whole))
    body = fb.render_feedback(nbformat.v4.new_notebook(), "t", {}, {})[len(_head("t")):-len(TAIL)]
    assert body == whole
