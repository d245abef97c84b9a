"""Company parameters as the names users type: a name or alias, a slug, a CURIE or a
Wikidata id, looked up in the graph's own entity descriptions (:mod:`kg.lookup`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, UnknownName
from kg.queries.backends import Backend, detect_base
from kg.queries.worker import pulled


def _first(items: Any) -> Any:
    try:
        return next(items)
    finally:
        items.close()


def resolve_companies(backend: Backend, values: Mapping[str, str],
                      timeout: float | None = None) -> dict[str, str]:
    """Company parameters as IRIs (``<...>``); an unknown one is an error suggesting near
    names. An IRI or slug that the graph holds costs one ASK, not a list of names."""
    from kg import lookup

    base = _first(pulled(lambda emit: emit(detect_base(backend)), timeout=timeout, what="company lookup"))

    def exists(iri: str) -> bool:
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        ask = f"ASK {{ GRAPH ?g {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }} }}"
        return bool(backend.execute(ask, "ASK").boolean)

    out: dict[str, str] = {}
    entities: list[lookup.Named] | None = None
    for name, value in values.items():
        iri = lookup.spelled_iri(value, base)
        if iri is not None and exists(iri):
            out[name] = f"<{iri}>"
            continue
        if entities is None:
            entities = _first(pulled(
                lambda emit: emit(lookup.from_rows(backend.execute(lookup.NAMES_QUERY, "SELECT").items)),
                timeout=timeout, what="company lookup"))
        try:
            out[name] = f"<{lookup.find(value, entities, base, what='company', exists=exists)}>"
        except UnknownName as exc:
            raise QueryError(f"parameter {name}: {exc}") from None
    return out
