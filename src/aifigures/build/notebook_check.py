"""The notebooks are input too: each is checked before any kernel runs, so a damaged one
(cut short by a crash, a merge conflict left in, edited by hand into something that is not
a notebook) gets one message naming the file, line and column, instead of a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from aifigures.data.files import fail, read_text, type_name
from aifigures.data.problems import DataError, Problem

CELL_TYPES = ("code", "markdown", "raw")


def check_notebook(path: Path, tables: set[str] | None) -> list[Problem]:
    """Problems of one notebook file (at most one: the first that makes the rest unreadable).
    `tables` are the names metadata.aifigures.reads may use (None: not checked)."""
    try:
        text = read_text(path)
        try:
            nb = json.loads(text)
        except json.JSONDecodeError as err:
            raise fail(path, f"not valid JSON: {err.msg}; {_restore(path)}", err.lineno, err.colno) from None
        message = _structure_problem(nb, tables)
        if message:
            raise fail(path, message)
    except DataError as err:
        return err.problems
    return []


def _restore(path: Path) -> str:
    return "open it in JupyterLab to see where, or restore it from git"


def _structure_problem(nb, tables: set[str] | None) -> str | None:
    if not isinstance(nb, dict):
        return f"not a notebook: the top level is {type_name(nb)}, not a mapping with 'cells' and 'metadata'"
    if "cells" not in nb and "worksheets" in nb:
        return "a notebook in format 3; open and save it in JupyterLab to convert it to format 4"
    if nb.get("nbformat") != 4:
        return f"not a notebook in format 4: nbformat is {nb.get('nbformat', 'missing')!r}"
    if not isinstance(nb.get("cells"), list):
        return f"not a notebook: 'cells' is {'missing' if 'cells' not in nb else type_name(nb['cells'])}, not a list"
    if not isinstance(nb.get("metadata", {}), dict):
        return f"'metadata' is {type_name(nb['metadata'])}, not a mapping"
    for number, cell in enumerate(nb["cells"], 1):
        if not isinstance(cell, dict):
            return f"cell {number} is {type_name(cell)}, not a mapping"
        if cell.get("cell_type") not in CELL_TYPES:
            return f"cell {number}: cell_type {cell.get('cell_type', 'missing')!r} is not one of {', '.join(CELL_TYPES)}"
        source = cell.get("source")
        if not (isinstance(source, str) or (isinstance(source, list) and all(isinstance(s, str) for s in source))):
            return f"cell {number}: source is {type_name(source) if 'source' in cell else 'missing'}; it must be a string or a list of strings"
        if cell["cell_type"] == "code" and not isinstance(cell.get("outputs", []), list):
            return f"cell {number}: outputs is {type_name(cell['outputs'])}, not a list"
    own = nb.get("metadata", {}).get("aifigures", {})
    if not isinstance(own, dict):
        return f"metadata.aifigures is {type_name(own)}; it must be a mapping such as {{\"reads\": [\"claims\"]}}"
    reads = own.get("reads", [])
    if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
        return f"metadata.aifigures.reads is {type_name(reads)}; it must be a list of table names such as [\"claims\", \"reference\"]"
    unknown = sorted(set(reads) - tables) if tables is not None else []
    if unknown:
        return (f"metadata.aifigures.reads names {', '.join(map(repr, unknown))}, not a table in data/dictionary.yml "
                f"(known: {', '.join(sorted(tables))})")
    return _schema_problem(nb)


def _schema_problem(nb: dict) -> str | None:
    """What nbformat's own schema finds beyond the checks above (a cell without metadata...)."""
    import nbformat

    try:
        nbformat.validate(nb, version=4)
    except nbformat.ValidationError as err:
        where = "/".join(str(p) for p in err.absolute_path) if getattr(err, "absolute_path", None) else ""
        first = str(err.message if hasattr(err, "message") else err).splitlines()[0][:200]
        return f"not a valid notebook{f' at {where}' if where else ''}: {first}"
    return None
