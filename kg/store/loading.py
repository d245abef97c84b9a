"""``kg load``: a graph file into the embedded store or a server, validated completely
before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.store.embedded import load_embedded
from kg.store.http import Endpoint
from kg.store.remote import load_remote
from kg.store.scan import LoadResult, Progress, graph_iri, scan
from kg.store.versions import LOCK_TIMEOUT

#: Most triples sent in one request (a bigger graph is split; see :func:`load`).
DEFAULT_BATCH = 50_000


def load(file: Path, *, store_dir: Path | None = None, endpoint: Endpoint | None = None,
         progress: Progress | None = None, on_total: Callable[[int], None] | None = None,
         protocol: str = "gsp", batch_size: int = DEFAULT_BATCH,
         graph: str | None = None, lock_timeout: float = LOCK_TIMEOUT) -> LoadResult:
    """Load a graph file (format from its suffix) into an embedded store or a server.

    The file is parsed completely first (syntax errors: :class:`InputError` with line and
    column, nothing written). Triples of ``.ttl``/``.nt`` files go to the default graph;
    ``.trig``/``.nq`` keep their graph names. Article graphs in the file *replace* the
    stored ones; every other graph is merged. Loading the same file twice leaves the
    same triples.

    * ``store_dir``: all or nothing (copy-on-write, published atomically). Memory flat.
    * ``endpoint``: ``protocol="gsp"`` sends one GSP ``PUT ?graph=`` per article graph
      (a ``POST`` per ≤ ``batch_size`` triples of merged graphs); ``protocol="update"``
      packs several whole graphs into one SPARQL Update of ≤ ``batch_size`` triples
      (``DROP SILENT GRAPH`` + ``INSERT DATA``: atomic per request; ~2x faster on
      Oxigraph). An article graph larger than ``batch_size`` is replaced by its first
      request and completed by the next ones: it is the one case where a failure leaves
      a graph partly written (reported; a rerun replaces it). On failure a
      :class:`PartialLoad` names the graphs loaded and the one it failed at.

    ``graph``: an IRI; the triples of the file's default graph (all of a ``.ttl``,
    ``.nt`` or ``.jsonld`` file) go to that named graph instead, merged (or replaced, if
    it is an article graph). Virtuoso has no default graph to load into: a file with
    default-graph triples needs ``graph`` there (a :class:`UsageError` says so before
    anything is sent).

    ``progress(n)`` is called with the number of quads just loaded; ``on_total(n)`` once
    with the file's quad count.
    """
    if (store_dir is None) == (endpoint is None):
        raise UsageError("give exactly one of store_dir or endpoint")
    if protocol not in ("gsp", "update"):
        raise UsageError(f"unknown protocol {protocol!r} (use gsp or update)")
    if batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    found = scan(Path(file), graph_iri(graph) if graph is not None else None)
    if on_total is not None:
        on_total(found.total)
    if store_dir is not None:
        return load_embedded(Path(file), found, Path(store_dir), progress, lock_timeout)
    assert endpoint is not None
    if endpoint.layout == "virtuoso" and any(isinstance(g, ox.DefaultGraph) for g in found.counts):
        raise UsageError(f"{file} has triples in the default graph, which Virtuoso cannot "
                         "address: give --graph IRI to load them into a named graph")
    return load_remote(Path(file), found, endpoint, progress, protocol, batch_size)
