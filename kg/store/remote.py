"""Loading a file into a SPARQL 1.1 server: graphs packed into requests of bounded size,
article graphs replaced (GSP ``PUT``, or ``DROP`` + ``INSERT DATA``), others merged, and
a failure midway reported with what is complete (:class:`PartialLoad`).
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, StoreError
from kg.store.http import AuthError, Endpoint
from kg.store.scan import Graph, LoadResult, Progress, Scan, graph_name, is_article_graph


class PartialLoad(StoreError):
    """A remote load stopped midway. Every graph in ``loaded`` is complete on the server;
    the others (``pending``, starting with ``failed``) are not; a rerun completes them."""

    def __init__(self, message: str, *, loaded: list[str], failed: str, pending: list[str],
                 partly_written: bool):
        super().__init__(message)
        self.loaded = loaded
        self.failed = failed
        self.pending = pending
        self.partly_written = partly_written



@dataclass
class _Piece:
    """Some triples of one graph, sent in one request."""

    graph: Graph
    triples: list[ox.Triple]
    first: bool  # the graph's first piece: it carries the replace (PUT / DROP)
    replace: bool


@dataclass
class _Request:
    pieces: list[_Piece]
    completed: list[Graph]  # graphs whose last piece is in this request

    @property
    def size(self) -> int:
        return sum(len(p.triples) for p in self.pieces)


def _batches(groups: Iterable[tuple[Graph, Iterable[ox.Triple]]], limit: int, *,
             one_graph_per_request: bool, unsplittable: set[Graph]) -> Iterator[_Request]:
    """Pack graphs into requests of at most ``limit`` triples.

    A graph larger than ``limit`` is split into several requests (its first piece replaces,
    the rest merge) unless it holds blank nodes, whose labels only mean something within
    one request. Memory: one request's triples.
    """
    pieces: list[_Piece] = []
    done: list[Graph] = []
    size = 0
    for graph, triples in groups:
        if one_graph_per_request and pieces:
            yield _Request(pieces, done)
            pieces, done, size = [], [], 0
        piece = _Piece(graph, [], first=True, replace=is_article_graph(graph))
        for triple in triples:
            if size >= limit and (not piece.triples or graph not in unsplittable):
                if piece.triples:
                    pieces.append(piece)
                    piece = _Piece(graph, [], first=False, replace=piece.replace)
                if pieces:
                    yield _Request(pieces, done)
                pieces, done, size = [], [], 0
            piece.triples.append(triple)
            size += 1
        if piece.triples:
            pieces.append(piece)
            done.append(graph)
    if pieces:
        yield _Request(pieces, done)


@contextlib.contextmanager
def _grouped(file: Path, scan: Scan, order: list[Graph]
             ) -> Iterator[Iterator[tuple[Graph, Iterator[ox.Triple]]]]:
    """The file's triples graph by graph, merged graphs first.

    A file whose graphs each form one run (what newskg and pyoxigraph write) is streamed:
    one parse per phase, memory flat. Otherwise the quads are first bulk-loaded into a
    temporary on-disk Oxigraph store (memory flat too; disk ≈ the file's size).
    """
    merged = {g for g in order if not is_article_graph(g)}
    replaced = set(order) - merged
    if scan.contiguous:
        def stream() -> Iterator[tuple[Graph, Iterator[ox.Triple]]]:
            for phase in (merged, replaced):
                if not phase:
                    continue
                wanted = (q for q in scan.quads(file) if q.graph_name in phase)
                for graph, quads in itertools.groupby(wanted, key=lambda q: q.graph_name):
                    yield graph, (q.triple for q in quads)
        yield stream()
        return
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        staging: ox.Store | None = ox.Store(str(Path(tmp) / "store"))
        try:
            assert staging is not None
            if scan.into is None:
                staging.bulk_load(path=str(file), format=scan.fmt.rdf_format)
            else:
                staging.bulk_extend(scan.quads(file))
            store = staging

            def from_store() -> Iterator[tuple[Graph, Iterator[ox.Triple]]]:
                for graph in [g for g in order if g in merged] + \
                             [g for g in order if g in replaced]:
                    yield graph, (q.triple for q in
                                  store.quads_for_pattern(None, None, None, graph))
            yield from_store()
        finally:
            staging = None
            store = None  # noqa: F841 - close RocksDB before the directory goes


def _request_body(request: _Request, protocol: str) -> bytes:
    if protocol == "gsp":
        (piece,) = request.pieces
        return ox.serialize(piece.triples, format=ox.RdfFormat.N_TRIPLES)
    parts = []
    for piece in request.pieces:
        body = ox.serialize(piece.triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        if isinstance(piece.graph, ox.DefaultGraph):
            parts.append(f"INSERT DATA {{\n{body}}}")
            continue
        if piece.replace and piece.first:
            parts.append(f"DROP SILENT GRAPH {piece.graph}")
        parts.append(f"INSERT DATA {{ GRAPH {piece.graph} {{\n{body}}} }}")
    return " ;\n".join(parts).encode("utf-8")


def load_remote(file: Path, scan: Scan, endpoint: Endpoint, progress: Progress | None,
                 protocol: str, batch_size: int) -> LoadResult:
    """Send ``file`` to ``endpoint``; see :func:`load`."""
    started = time.monotonic()
    for graph in scan.counts:
        if isinstance(graph, ox.BlankNode):
            raise InputError(f"{file}: graph {graph} is a blank node; a server cannot address it")
    order = list(scan.counts)
    loaded: list[Graph] = []
    requests_sent = 0
    with _grouped(file, scan, order) as groups:
        batches = _batches(groups, batch_size, one_graph_per_request=protocol == "gsp",
                           unsplittable=scan.bnode_graphs)
        for request in batches:
            try:
                if protocol == "gsp":
                    piece = request.pieces[0]
                    body = _request_body(request, protocol)
                    target = None if isinstance(piece.graph, ox.DefaultGraph) else piece.graph
                    if piece.replace and piece.first:
                        endpoint.put_graph(target, body)
                    else:
                        endpoint.post_graph(target, body)
                else:
                    endpoint.update(_request_body(request, protocol).decode("utf-8"))
            except StoreError as exc:
                if isinstance(exc, AuthError) and not loaded:
                    raise
                failed = request.pieces[0]
                partly = not failed.first and failed.replace
                done = set(loaded)
                pending = [graph_name(g) for g in order if g not in done]
                message = (f"loaded {len(loaded)} of {len(order)} graphs; failed at "
                           f"{graph_name(failed.graph)}: {exc}; rerun to complete")
                if partly:
                    message += f" ({graph_name(failed.graph)} stays partly written until then)"
                raise PartialLoad(endpoint._hide(message), loaded=[graph_name(g) for g in loaded],
                                  failed=graph_name(failed.graph), pending=pending,
                                  partly_written=partly) from None
            requests_sent += 1
            loaded.extend(request.completed)
            if progress is not None:
                progress(request.size)
    target = (endpoint.update_url if protocol == "update" else endpoint.graph_store) or ""
    return LoadResult(Path(file), endpoint._hide(target), scan.total, len(loaded),
                      requests=requests_sent, seconds=time.monotonic() - started)

