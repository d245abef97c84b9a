"""``kg export``: a store's or a server's content back to a graph file, written whole or
not at all (:mod:`kg.files`).
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.files import atomic_file, reason
from kg.prefixes import PREFIXES
from kg.store.embedded import open_store
from kg.store.http import Endpoint
from kg.write import Format, format_for


def export(source: Path | Endpoint, output: Path) -> int:
    """Write a store's or a server's content to ``output`` (format from its suffix).

    ``.trig``/``.nq`` keep the named graphs; ``.ttl``/``.nt``/``.jsonld`` get the
    de-duplicated union of all graphs. Written to a temporary file beside ``output`` and
    renamed, so ``output`` is never half-written. Returns the number of quads (dataset
    formats) or triples (graph formats) written.

    Memory: dataset formats stream (flat). The union of a store with named graphs is a
    SPARQL ``CONSTRUCT`` whose de-duplication keeps a set of the distinct triples in
    memory; from a server, the triples are first copied into a temporary on-disk store.
    """
    output = Path(output)
    fmt = format_for(output)
    if isinstance(source, Endpoint):
        if fmt.dataset:
            return _write(output, lambda out: _serialize(source.dataset(), out, fmt))
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            staging: ox.Store | None = ox.Store(str(Path(tmp) / "store"))
            try:
                assert staging is not None
                staging.bulk_extend(source.dataset())
                return _write_store(staging, output, fmt)
            except OSError as exc:
                raise StoreError(f"cannot stage the export: {reason(exc)}") from None
            finally:
                staging = None
    store: ox.Store | None = open_store(Path(source))
    try:
        assert store is not None
        return _write_store(store, output, fmt)
    finally:
        store = None


def _prefixes(fmt: Format) -> dict[str, str] | None:
    return PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None


def _serialize(items: Iterable[Any], out: Any, fmt: Format) -> int:
    count = 0

    def counted() -> Iterator[Any]:
        nonlocal count
        for item in items:
            count += 1
            yield item

    ox.serialize(counted(), out, format=fmt.rdf_format, prefixes=_prefixes(fmt))
    return count


def _write_store(store: ox.Store, output: Path, fmt: Format) -> int:
    def write(out: Any) -> int:
        if fmt.dataset:
            store.dump(out, format=fmt.rdf_format, prefixes=_prefixes(fmt))
            return len(store)
        if not list(itertools.islice(store.named_graphs(), 1)):
            store.dump(out, format=fmt.rdf_format, from_graph=ox.DefaultGraph(),
                       prefixes=_prefixes(fmt))
            return len(store)
        union = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return _serialize(union, out, fmt)  # CONSTRUCT results are de-duplicated

    return _write(output, write)



def _write(output: Path, write: Callable[[IO[bytes]], int]) -> int:
    with atomic_file(output, error=StoreError) as out:
        return write(out)

