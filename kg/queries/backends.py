"""Where a query runs: a graph file (loaded in memory), the embedded store, or a SPARQL
endpoint. Each back end answers with a :class:`Result` holding pyoxigraph's own result
objects, so every renderer sees the same thing wherever the rows came from.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from kg.errors import QueryError, StoreError, UsageError
from kg.prefixes import DEFAULT_BASE
from kg.queries.sparql import syntax_message

DEFAULT_STORE = Path("build/store")

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = tuple[Term | None, ...]


@dataclass
class Result:
    """What a back end returns: ``kind`` is "select", "boolean" or "graph".

    ``solutions`` is a ``pyoxigraph.QuerySolutions`` or ``QueryBoolean`` (iterate
    solutions once, or hand either to its own ``serialize``); ``triples`` the triples of a ``CONSTRUCT``/``DESCRIBE``.
    """

    kind: str
    solutions: Any = None
    boolean: bool = False
    triples: Iterator[ox.Triple] = field(default_factory=lambda: iter(()))

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self.solutions.variables] if self.solutions is not None else []

    def rows(self) -> Iterator[Row]:
        width = len(self.variables)
        return (tuple(sol[i] for i in range(width)) for sol in self.solutions)

    @property
    def items(self) -> Iterator[Any]:
        """Rows (select) or triples (graph), one at a time."""
        return self.rows() if self.kind == "select" else self.triples


def from_pyoxigraph(result: Any) -> Result:
    if isinstance(result, ox.QuerySolutions):
        return Result("select", solutions=result)
    if isinstance(result, ox.QueryBoolean):
        return Result("boolean", solutions=result, boolean=bool(result))
    return Result("graph", triples=iter(result))


class Backend(Protocol):
    prefixes: Mapping[str, str]
    version: Path | None

    def execute(self, sparql: str, form: str = "SELECT") -> Result: ...

    def close(self) -> None: ...


class LocalBackend:
    """A pyoxigraph store: in memory (a graph file) or the embedded store on disk."""

    def __init__(self, store: ox.Store, prefixes: Mapping[str, str] | None = None,
                 version: Path | None = None):
        self.store = store
        self.prefixes = dict(prefixes or {})
        #: the published store version opened (kg.store.open_version), None otherwise
        self.version = version

    def execute(self, sparql: str, form: str = "SELECT") -> Result:
        try:
            return from_pyoxigraph(self.store.query(sparql, use_default_graph_as_union=True))
        except SyntaxError as exc:
            raise QueryError(syntax_message(exc)) from None
        except OSError as exc:
            raise QueryError(f"the store failed: {exc}") from None

    def close(self) -> None:
        self.store = None  # type: ignore[assignment]


class IterReader(io.RawIOBase):
    """A read-only binary stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def invalid_result(exc: SyntaxError) -> StoreError:
    """A result the endpoint sent that pyoxigraph cannot parse (found while streaming it)."""
    return StoreError(f"the endpoint sent an invalid result: {' '.join(str(exc).split())[:200]}")


class EndpointBackend:
    """A SPARQL 1.1 endpoint (protocol ``POST``), results streamed and parsed by pyoxigraph."""

    def __init__(self, endpoint: Any):
        self.endpoint = endpoint
        self.prefixes: dict[str, str] = {}
        self.version: Path | None = None

    def execute(self, sparql: str, form: str = "SELECT") -> Result:
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = ("application/n-triples, text/turtle;q=0.9" if graph
                  else "application/sparql-results+json, application/sparql-results+xml;q=0.9")
        response = self.endpoint.query(sparql, accept)
        media = response.content_type.split(";")[0].strip().lower()
        stream = io.BufferedReader(IterReader(response.iter_bytes()))
        try:
            if graph:
                rdf = (ox.RdfFormat.from_media_type(media) if media else None) or ox.RdfFormat.N_TRIPLES
                return Result("graph", triples=_guard_parse(ox.parse(input=stream, format=rdf)))
            fmt = (ox.QueryResultsFormat.from_media_type(media) if media else None) \
                or ox.QueryResultsFormat.JSON
            return from_pyoxigraph(ox.parse_query_results(input=stream, format=fmt))
        except SyntaxError as exc:
            response.close()
            raise invalid_result(exc) from None

    def close(self) -> None:
        self.endpoint.close()


def _guard_parse(items: Iterator[Any]) -> Iterator[Any]:
    try:
        yield from items
    except SyntaxError as exc:
        raise invalid_result(exc) from None


def open_backend(data: Path | None, store_dir: Path | None, endpoint: str | None, *,
                 timeout: float | None, user: str | None, password_env: str) -> Backend:
    """The one back end named (the embedded store at ``build/store`` when none is)."""
    given = [x for x in (data, store_dir, endpoint) if x]
    if len(given) > 1:
        raise UsageError("give at most one of --data, --store, --endpoint")
    if data:
        from kg.rdfio import read_store

        return LocalBackend(*read_store(Path(data)))
    if endpoint:
        from kg.store import Endpoint

        return EndpointBackend(Endpoint.from_options(
            endpoint, user=user, password_env=password_env, timeout=timeout or 30.0,
            retries=0 if timeout else 3))
    from kg.store import open_version

    store, version = open_version(Path(store_dir or DEFAULT_STORE))
    return LocalBackend(store, version=version)


BASE_QUERY = ("SELECT ?a WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } } "
              "LIMIT 1")


def detect_base(backend: Backend) -> str:
    """The base the graph was minted under: its article IRIs are ``<base>article/<id>``."""
    for row in backend.execute(BASE_QUERY).rows():
        value = getattr(row[0], "value", "")
        if "/article/" in value:
            return value.rsplit("article/", 1)[0]
    return DEFAULT_BASE
