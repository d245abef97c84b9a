"""Graph files: a registry of formats and streaming serialization through pyoxigraph,
written atomically (:mod:`kg.files`: a temporary file in the same folder, then
``os.replace``), so an interrupted write leaves the previous file intact.

Dataset formats (TriG, N-Quads) keep one named graph per article; Turtle, N-Triples
and JSON-LD get the de-duplicated union of all graphs. This registry is the one
place that knows the formats; the store, the validator and the queries use it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import UsageError
from kg.files import atomic_file
from kg.prefixes import PREFIXES

if TYPE_CHECKING:  # rdflib is imported where rdflib graphs are made (kg query never needs it)
    from rdflib import Graph

__all__ = ["FORMATS", "Counted", "Format", "atomic_file", "format_for", "graph_quads", "serialize",
           "union", "write_graph"]


@dataclass(frozen=True)
class Format:
    suffix: str
    rdf_format: ox.RdfFormat
    dataset: bool  # keeps named graphs


FORMATS: dict[str, Format] = {
    f.suffix: f
    for f in (
        Format(".ttl", ox.RdfFormat.TURTLE, False),
        Format(".nt", ox.RdfFormat.N_TRIPLES, False),
        Format(".nq", ox.RdfFormat.N_QUADS, True),
        Format(".trig", ox.RdfFormat.TRIG, True),
        Format(".jsonld", ox.RdfFormat.JSON_LD, False),
    )
}


def format_for(path: Path | str) -> Format:
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        suffix = ".jsonld"
    try:
        return FORMATS[suffix]
    except KeyError:
        known = " ".join(sorted(FORMATS))
        raise UsageError(f"{path}: unknown graph format {suffix or '(no suffix)'!r}; use one of {known}") from None


def graph_quads(graph: Graph) -> list[ox.Quad]:
    """A small rdflib graph as pyoxigraph quads in its named graph, in a stable order."""
    from kg.terms import to_ox

    name = ox.NamedNode(str(graph.identifier))
    triples = sorted(graph, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]  # type: ignore[arg-type]


class Counted:
    """An iterable that counts the items it yields (to count quads while writing them)."""

    def __init__(self, items: Iterable[ox.Quad] | Iterable[ox.Triple]) -> None:
        self._items = items
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad | ox.Triple]:
        for item in self._items:
            self.count += 1
            yield item


def union(quads: Iterable[ox.Quad], shared: Iterable[str] = ()) -> Iterator[ox.Triple]:
    """Triples of all graphs, each once.

    Only subjects under one of the ``shared`` IRI prefixes can occur in several graphs
    (facts stated by several articles), so only their triples are remembered, each as a
    16-byte digest of its N-Triples form: ≈ 40 MB for the 424k fact triples of 10,000
    articles, where the triples themselves took ≈ 170 MB (benchmarks/RESULTS.md).
    """
    prefixes = tuple(shared)
    seen: set[bytes] = set()
    for q in quads:
        t = q.triple
        if prefixes and isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefixes):
            key = hashlib.blake2b(str(t).encode("utf-8"), digest_size=16).digest()
            if key in seen:
                continue
            seen.add(key)
        yield t


def serialize(quads: Iterable[ox.Quad], out: IO[bytes], fmt: Format, shared: Iterable[str] = ()) -> int:
    """Write ``quads`` in ``fmt``; returns how many statements the output holds: quads for
    a dataset format, the de-duplicated triples of the union otherwise."""
    data = Counted(quads if fmt.dataset else union(quads, shared))
    ox.serialize(data, out, format=fmt.rdf_format,  # type: ignore[arg-type]
                 prefixes=PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
    return data.count


def write_graph(quads: Iterable[ox.Quad], path: Path, shared: Iterable[str] = ()) -> int:
    """Serialize quads to ``path`` (format from its suffix), atomically; returns the number
    of statements written (see :func:`serialize`)."""
    fmt = format_for(path)
    with atomic_file(path) as out:
        return serialize(quads, out, fmt, shared)
