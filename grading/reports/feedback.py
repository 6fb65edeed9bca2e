"""Feedback a student may safely open: their cells, outputs as text, verdicts; no hidden test, no script.

:func:`render_feedback` builds the page straight from the autograded notebook
and the scores nbgrader saved (no template engine: the page is this module's
own HTML, and every piece of the student's is escaped or sanitised):

* hidden test cells (graded cells that are not answers, known by their
  restored metadata, never by text a student could type) show one line
  instead of their source;
* every output becomes its plain text (figures become a note, HTML and
  JavaScript are dropped, terminal colours stripped);
* Markdown written by the student is rendered, then run through ``nh3`` (the
  Rust ``ammonia`` sanitiser): no ``<script>``, no event handler, no
  ``javascript:`` URL, no ``<style>`` survives; code is escaped;
* each graded cell carries its score and the grader's message;
* the page is capped in size.
"""

from __future__ import annotations

import html
import re

import nh3
from nbformat import NotebookNode

from ..settings import MAX_FEEDBACK_CHARS

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HIDDEN_NOTE = "# Hidden tests: the grader ran them; your score and its reason are shown with this cell."

_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4",
         "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody",
         "td", "th", "thead", "tr", "ul"}
_ATTRIBUTES = {"*": {"class", "id"}, "a": {"href"}, "td": {"colspan"}, "th": {"colspan"}}
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
pre, code { font-family: ui-monospace, monospace; font-size: 0.9rem; }
pre { background: #f5f5f5; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
.output_error pre, .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] pre { background: #fdecea; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
pre.output { background: #fff; border-left: 3px solid #ccc; }
pre.message { background: #fdecea; }
p.grade { margin-bottom: 0.2rem; } p.total { font-size: 1.2rem; }
"""


def _grade_meta(cell: NotebookNode) -> dict:
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _text_of(output: NotebookNode) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return str(output.get("text", ""))
    if kind == "error":
        lines = output.get("traceback") or [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
        return "\n".join(str(line) for line in lines)
    data = output.get("data", {})
    if any(str(key).startswith("image/") for key in data):
        return "[figure: see your own notebook]"
    return str(data.get("text/plain", ""))


def _clean(fragment: str) -> str:
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel="noopener noreferrer nofollow", strip_comments=True)


def _markdown(source: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    try:
        return _clean(markdown2html_mistune(source))
    except Exception:  # noqa: BLE001 - a Markdown cell the renderer chokes on is shown as text
        return f"<pre>{html.escape(source)}</pre>"


def render_feedback(nb: NotebookNode, title: str, grades: dict[str, tuple[float, float]],
                    messages: dict[str, str]) -> str:
    """The feedback page of one autograded notebook.

    Args:
        nb: the autograded notebook (the student's cells, outputs, restored graded cells).
        title: the page title, e.g. ``"regularization: 1_baseline"``.
        grades: grade_id -> (score, max_score) as saved in the gradebook.
        messages: grade_id -> why the cell lost points (empty when it did not).
    """
    got = sum(score for score, _ in grades.values())
    top = sum(top for _, top in grades.values())
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p class=\"total\">Score: {got:g} / {top:g}</p>"]
    for cell in nb.cells:
        meta = _grade_meta(cell)
        grade_id = meta.get("grade_id") if meta.get("grade") or meta.get("task") else None
        if grade_id in grades:
            score, max_score = grades[grade_id]
            verdict = "passed" if score >= max_score else "lost points"
            parts.append(f"<p class=\"grade\"><strong>{html.escape(grade_id)}</strong>: "
                         f"{score:g} / {max_score:g} ({verdict})</p>")
            if messages.get(grade_id):
                parts.append(f"<pre class=\"message\">{html.escape(messages[grade_id])}</pre>")
        if cell.cell_type == "markdown":
            parts.append(f"<div class=\"markdown\">{_markdown(cell.source)}</div>")
        elif cell.cell_type == "code":
            hidden = bool(meta.get("grade")) and not meta.get("solution")
            source = HIDDEN_NOTE if hidden else cell.source
            parts.append(f"<pre class=\"source\">{html.escape(source)}</pre>")
            texts = [_ANSI.sub("", _text_of(o)) for o in cell.get("outputs", [])]
            text = "".join(t if t.endswith("\n") else t + "\n" for t in texts if t)
            if text:
                parts.append(f"<pre class=\"output\">{html.escape(text)}</pre>")
    body = "\n".join(parts)
    if len(body) > MAX_FEEDBACK_CHARS:
        body = _clean(body[:MAX_FEEDBACK_CHARS]) + "<p><strong>... feedback truncated: it was too long ...</strong></p>"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")
