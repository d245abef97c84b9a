"""What a load needs to know about a graph file before it writes anywhere: one streaming
pass that validates the whole file and counts its quads per graph; which graphs a load
replaces (article graphs) and which it merges; and what a load reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

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

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def scan(file: Path) -> Scan:
    """Validate ``file`` completely before anything is written anywhere."""
    fmt = check_file(file)
    counts: dict[Graph, int] = {}
    bnodes: set[Graph] = set()
    contiguous = True
    current: Graph | None = None
    for quad in parse(file, fmt):
        graph = quad.graph_name
        if graph != current:
            if graph in counts:
                contiguous = False
            current = graph
            counts.setdefault(graph, 0)
        counts[graph] += 1
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            bnodes.add(graph)
    return Scan(fmt, counts, contiguous, bnodes)


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

