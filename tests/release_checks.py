"""Checks shared by the notebook tests of every assignment's student release."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def unanswered_public_tests(release: Path, scratch: Path) -> int:
    """Run each released notebook as handed out; every public test must say its exercise is not answered.

    Returns the number of public test cells seen.
    """
    seen = 0
    for path in sorted(release.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(scratch)}}).execute()
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("public_test_"):
                errors = [o for o in cell.outputs if o["output_type"] == "error"]
                assert errors and "not answered yet" in errors[0]["evalue"], (path.name, cell.source)
                seen += 1
    return seen
