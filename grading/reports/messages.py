"""Reading scores and failure messages back out of nbgrader's outputs."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _clean(text: str) -> str:
    return _ANSI.sub("", text).strip()


def failure_message(cell: nbformat.NotebookNode) -> str:
    """The text a failing graded cell produced: its exception, or what it printed on stderr."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            evalue = _clean(output.get("evalue", ""))
            return f"{output.get('ename', 'Error')}: {evalue}" if evalue else output.get("ename", "Error")
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            return "the cell wrote to stderr: " + _clean(output.get("text", ""))[:500]
    return ""


def cell_messages(autograded_notebook: Path) -> dict[str, str]:
    """grade_id -> failure message for every graded cell of an autograded notebook."""
    nb = nbformat.read(autograded_notebook, as_version=4)
    messages = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if isinstance(meta, dict) and meta.get("grade") and cell.cell_type == "code":
            messages[meta["grade_id"]] = failure_message(cell)
    return messages
