"""Where the web view reads the graph: the embedded store or a SPARQL endpoint, through
the stored queries of ``queries/`` only.

A :class:`GraphSource` runs a stored query with typed parameters (bound as RDF terms by
:meth:`kg.queries.StoredQuery.bindings`, never pasted into the text) and returns its rows
as plain dicts of strings, so that the pages never see a pyoxigraph term.

The embedded store is reopened when a build publishes a new version (``kg build``
replaces ``build/store`` atomically), so a page reloaded after a rebuild shows the new
graph without restarting ``kg serve``.

>>> src = GraphSource.for_store("build/store")          # doctest: +SKIP
>>> src.select("company", company="acme")[0]["label"]  # doctest: +SKIP
'Acme'
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, QueryError, StoreError
from kg.prefixes import DEFAULT_BASE
from kg.queries.backends import IterReader
from kg.queries.lists import sort_cell

Row = dict[str, str | None]

_BASE_QUERY = ("SELECT ?a WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } } "
               "LIMIT 1")


def _value(term: Any) -> str | None:
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


class GraphSource:
    """The graph behind ``kg serve`` and ``kg report``: one of ``store_dir`` or ``endpoint``.

    Opening is lazy: a missing or broken store is a :class:`StoreError` raised by the first
    query (the web app turns it into an error page), not at start-up.
    """

    def __init__(self, *, store_dir: Path | str | None = None, endpoint: Any = None):
        if (store_dir is None) == (endpoint is None):
            raise KgError("give exactly one of a store directory or an endpoint")
        self.store_dir = Path(store_dir) if store_dir is not None else None
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._opened: tuple[Any, ...] | None = None
        self._base: str | None = None

    @classmethod
    def for_store(cls, store_dir: Path | str) -> GraphSource:
        return cls(store_dir=store_dir)

    @classmethod
    def for_endpoint(cls, url: str, **options: Any) -> GraphSource:
        from kg.store import Endpoint

        return cls(endpoint=Endpoint.from_options(url, **options))

    def describe(self) -> str:
        return f"store {self.store_dir}" if self.store_dir is not None else f"endpoint {self.endpoint}"

    # -- the embedded store, reopened when a build publishes a new version

    def _stamp(self) -> tuple[Any, ...]:
        from kg.store import current_version

        assert self.store_dir is not None
        version = current_version(self.store_dir)
        if version is not None:
            return ("version", str(version))
        try:
            return ("dir", self.store_dir.stat().st_mtime_ns, (self.store_dir / "CURRENT").stat().st_mtime_ns)
        except OSError:
            return ("missing",)

    def _local(self) -> ox.Store:
        from kg.store import open_version

        assert self.store_dir is not None
        stamp = self._stamp()
        with self._lock:
            if self._store is None or stamp != self._opened:
                store, _version = open_version(self.store_dir)
                self._store, self._opened, self._base = store, stamp, None
            return self._store

    # -- running

    def _execute(self, sparql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        if self.store_dir is not None:
            store = self._local()
            try:
                result = store.query(sparql, use_default_graph_as_union=True)
            except SyntaxError as exc:
                raise QueryError(f"query syntax: {exc}") from None
            except OSError as exc:
                raise StoreError(f"the store failed: {exc}") from None
            names = [v.value for v in result.variables]
            return names, (tuple(sol[i] for i in range(len(names))) for sol in result)
        response = self.endpoint.query(
            sparql, "application/sparql-results+json, application/sparql-results+xml;q=0.9")
        media = response.content_type.split(";")[0].strip().lower()
        fmt = (ox.QueryResultsFormat.from_media_type(media) if media else None) or ox.QueryResultsFormat.JSON
        try:
            result = ox.parse_query_results(input=io.BufferedReader(IterReader(response.iter_bytes())),
                                            format=fmt)
            names = [v.value for v in result.variables]
            rows = [tuple(sol[i] for i in range(len(names))) for sol in result]
        except SyntaxError as exc:
            raise StoreError(f"the endpoint sent an invalid result: {' '.join(str(exc).split())[:200]}"
                             ) from None
        finally:
            response.close()
        return names, iter(rows)

    @property
    def base(self) -> str:
        """The base the graph's IRIs were minted under (from its article IRIs)."""
        if self.store_dir is not None:
            self._local()
        if self._base is None:
            _names, rows = self._execute(_BASE_QUERY)
            base = DEFAULT_BASE
            for row in rows:
                value = _value(row[0]) or ""
                if "/article/" in value:
                    base = value.rsplit("article/", 1)[0]
                    break
            self._base = base
        return self._base

    def select(self, name: str, **params: str | None) -> list[Row]:
        """The rows of stored query ``name`` with ``params`` (``None`` values left out)."""
        from kg.queries import find_query

        query = find_query(name)
        values = {k: v for k, v in params.items() if v is not None}
        terms = query.bindings(values, base=self.base)
        names, rows = self._execute(query.bound_text(terms))
        try:
            found = [dict(zip(names, (_value(t) for t in row))) for row in rows]
            for row in found:
                for column, separator in query.lists.items():
                    if row.get(column):
                        row[column] = sort_cell(row[column], separator)
            return found
        except OSError as exc:
            raise StoreError(f"the store failed: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._store = None
        if self.endpoint is not None:
            self.endpoint.close()
