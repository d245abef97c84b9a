"""Lists inside a cell, in the same order on every engine.

``GROUP_CONCAT`` joins a group's values in whatever order the engine meets them: the
standard leaves it open, and sorting them in a sub-``SELECT`` first only works where the
engine keeps that order (Oxigraph does, Virtuoso does not). A stored query names such
columns and their separators in its header::

    #+ lists:
    #+   aliases: " | "
    #+   chain: " -> "

and kg sorts the items of those cells (ignoring case, then by exact text) after any back
end answers, so a graph file, the embedded store and every SPARQL server print the same.

>>> sort_cell("Zeta Ltd | alpha | Beta", " | ")
'alpha | Beta | Zeta Ltd'
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError


def read_lists(value: Any, where: str) -> dict[str, str]:
    """The ``lists`` header: column name -> separator."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(s, str) and s for s in value.values()):
        raise QueryError(f"{where}: #+ lists: expected 'column: separator' lines")
    return {str(k).lstrip("?$"): v for k, v in value.items()}


def sort_cell(text: str, separator: str) -> str:
    return separator.join(sorted(text.split(separator), key=lambda item: (item.casefold(), item)))


def sort_lists(solutions: Any, lists: Mapping[str, str]) -> Any:
    """pyoxigraph ``QuerySolutions`` with the listed columns' cells sorted (the same
    variables, rows and row order; the cells' datatype and language kept)."""
    out = io.BytesIO()
    solutions.serialize(out, format=ox.QueryResultsFormat.JSON)
    data = json.loads(out.getvalue())
    for binding in data["results"]["bindings"]:
        for column, separator in lists.items():
            cell = binding.get(column)
            if cell is not None and cell.get("type") == "literal":
                cell["value"] = sort_cell(cell["value"], separator)
    return ox.parse_query_results(json.dumps(data).encode("utf-8"), ox.QueryResultsFormat.JSON)
