"""The settings a lesson reads from its notebooks: names the notebooks assign a literal value.

A lesson check trains with the very values the notebooks use (``LAMBD = 0.7``),
read from the source notebooks' code cells, so the story checked is the one
students run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import Any

import nbformat

from ..paths import source_notebooks


def notebook_literals(assignment: str, names: Iterable[str]) -> dict[str, Any]:
    """``name -> value`` for each of ``names`` assigned a literal in ``assignment``'s notebooks.

    Raises:
        RuntimeError: a name is not assigned as a literal anywhere, or is assigned two different values.
    """
    wanted = list(names)
    found: dict[str, Any] = {}
    for path in source_notebooks(assignment):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.startswith("%")))
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and node.targets[0].id in wanted:
                    name, value = node.targets[0].id, ast.literal_eval(node.value)
                    if name in found and found[name] != value:
                        raise RuntimeError(f"the {assignment} notebooks assign {name} twice: {found[name]!r} "
                                           f"and {value!r}")
                    found[name] = value
    missing = [name for name in wanted if name not in found]
    if missing:
        raise RuntimeError(f"the {assignment} notebooks no longer assign {', '.join(missing)} as literals")
    return found
