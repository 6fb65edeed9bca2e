"""Feedback a student may safely open: their cells, outputs as text, verdicts; no hidden test, no script.

Three steps, in nbgrader's own ``generate_feedback`` chain and after it:

* :class:`RedactHiddenTests` replaces the source of every hidden test cell (a
  graded cell that is not an answer, known by its restored metadata, never by
  text a student could type) with one line;
* :class:`OutputsAsText` keeps of every output only its plain text (figures
  become a note, HTML and JavaScript are dropped), and strips terminal colours;
* :func:`sanitise` runs the HTML nbgrader wrote through ``nh3`` (the Rust
  ``ammonia`` sanitiser): no ``<script>``, no event handler, no ``javascript:``
  URL, no ``<style>`` survives, whatever a student wrote in a Markdown cell,
  and wraps it in this module's own page; the result is capped in size.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool

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
"""


def _grade_meta(cell: NotebookNode) -> dict:
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


class RedactHiddenTests(Preprocessor):
    """Replace the source of hidden test cells by a note (by metadata, not by markers in the text)."""

    enabled = Bool(True)  # nbconvert registers preprocessors disabled unless told otherwise

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        meta = _grade_meta(cell)
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cell.source = HIDDEN_NOTE
        return cell, resources


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


class OutputsAsText(Preprocessor):
    """Every output becomes plain text (colour codes stripped); nothing else of it is kept."""

    enabled = Bool(True)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code":
            cell.pop("attachments", None)  # Markdown attachments may carry any file
            return cell, resources
        texts = [_ANSI.sub("", _text_of(o)) for o in cell.get("outputs", [])]
        text = "".join(t if t.endswith("\n") else t + "\n" for t in texts if t)
        cell.outputs = [NotebookNode(output_type="stream", name="stdout", text=text)] if text else []
        return cell, resources


def _body(document: str) -> str:
    match = re.search(r"<body[^>]*>(.*)</body>", document, flags=re.S | re.I)
    return match.group(1) if match else document


def sanitise(document: str, title: str) -> str:
    """The feedback page: nbgrader's HTML body, sanitised, in this module's own page; size-capped."""
    body = nh3.clean(_body(document), tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
    if len(body) > MAX_FEEDBACK_CHARS:
        body = body[:MAX_FEEDBACK_CHARS]
        body = nh3.clean(body, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"})
        body += "<p><strong>... feedback truncated: it was too long ...</strong></p>"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>\n<body>\n{body}\n</body></html>\n")
