"""What a load needs to know about a graph file before it writes anywhere: one streaming
pass that validates the whole file and counts its quads per graph; which graphs a load
replaces (article graphs) and which it merges; and what a load reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.rdfio import check_file, parse
from kg.write import Format

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Progress = Callable[[int], None]


def is_article_graph(graph: Graph | str) -> bool:
    """True for an article's named graph (``<base>graph/article/<id>``), which a load
    *replaces*; every other graph (entities, the default graph) is *merged*."""
    iri = graph if isinstance(graph, str) else getattr(graph, "value", None)
    return isinstance(iri, str) and "/graph/article/" in iri


def graph_name(graph: Graph) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return "the default graph"
    return str(graph)  # <iri> or _:id


@dataclass
class Scan:
    """What one streaming pass over a file found (memory: one entry per graph)."""

    fmt: Format
    counts: dict[Graph, int]  # in order of first appearance
    contiguous: bool  # each graph's quads form one run (no need to regroup)
    bnode_graphs: set[Graph]  # graphs holding blank nodes: never split across requests
    into: ox.NamedNode | None = None  # where the default graph's triples go (--graph)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def quads(self, file: Path) -> Iterator[ox.Quad]:
        """The file's quads, its default graph renamed to ``into`` when given."""
        return retarget(parse(file, self.fmt), self.into)


def retarget(quads: Iterable[ox.Quad], into: ox.NamedNode | None) -> Iterator[ox.Quad]:
    """``quads`` with those of the default graph moved into the named graph ``into``."""
    if into is None:
        yield from quads
        return
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, into)
        else:
            yield quad


def graph_iri(iri: str) -> ox.NamedNode:
    """The IRI given with ``--graph``, checked (absolute, no spaces or ``<>``)."""
    text = iri.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    try:
        node = ox.NamedNode(text)
    except ValueError:
        node = None
    if node is None or ":" not in text or not text.split(":", 1)[0].isalpha():
        raise UsageError(f"--graph: not an absolute IRI: {iri!r}")
    return node


def scan(file: Path, into: ox.NamedNode | None = None) -> Scan:
    """Validate ``file`` completely before anything is written anywhere; with ``into``,
    its default graph's triples are counted (and loaded) as that named graph's."""
    fmt = check_file(file)
    counts: dict[Graph, int] = {}
    bnodes: set[Graph] = set()
    contiguous = True
    current: Graph | None = None
    for quad in retarget(parse(file, fmt), into):
        graph = quad.graph_name
        if graph != current:
            if graph in counts:
                contiguous = False
            current = graph
            counts.setdefault(graph, 0)
        counts[graph] += 1
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            bnodes.add(graph)
    return Scan(fmt, counts, contiguous, bnodes, into)


def counting(quads: Iterable[ox.Quad], progress: Progress | None, every: int = 10_000
              ) -> Iterator[ox.Quad]:
    if progress is None:
        yield from quads
        return
    pending = 0
    for quad in quads:
        yield quad
        pending += 1
        if pending == every:
            progress(pending)
            pending = 0
    if pending:
        progress(pending)


# ----------------------------------------------------------------- results, errors


@dataclass(frozen=True)
class LoadResult:
    """What a load did. ``summary()`` is the one line ``kg load`` prints."""

    source: Path
    target: str
    quads: int
    graphs: int
    graphs_failed: int = 0
    requests: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        via = f" in {self.requests} requests" if self.requests else ""
        return (f"loaded {self.quads} quads in {self.graphs} graphs from {self.source} "
                f"into {self.target}{via} ({self.seconds:.1f} s)")

