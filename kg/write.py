"""Graph files: a registry of formats and streaming serialization through pyoxigraph,
written atomically (:mod:`kg.files`: a temporary file in the same folder, then
``os.replace``), so an interrupted write leaves the previous file intact.

Dataset formats (TriG, N-Quads, JSON-LD) keep one named graph per article; Turtle and
N-Triples get the de-duplicated union of all graphs. JSON-LD is written compacted, with a
``@context`` of the prefixes and the base (:func:`write_jsonld`). This registry is the one
place that knows the formats; the store, the validator and the queries use it.
"""

from __future__ import annotations

import hashlib
import re
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
        Format(".jsonld", ox.RdfFormat.JSON_LD, True),
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


def serialize(quads: Iterable[ox.Quad], out: IO[bytes], fmt: Format, shared: Iterable[str] = (),
              base: str | None = None) -> int:
    """Write ``quads`` in ``fmt``; returns how many statements the output holds: quads for
    a dataset format, the de-duplicated triples of the union otherwise. ``base`` (the
    build's) shortens minted IRIs in JSON-LD."""
    if fmt.rdf_format == ox.RdfFormat.JSON_LD:
        return write_jsonld(quads, out, base)
    data = Counted(quads if fmt.dataset else union(quads, shared))
    ox.serialize(data, out, format=fmt.rdf_format,  # type: ignore[arg-type]
                 prefixes=PREFIXES if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None)
    return data.count


def write_graph(quads: Iterable[ox.Quad], path: Path, shared: Iterable[str] = (),
                base: str | None = None) -> int:
    """Serialize quads to ``path`` (format from its suffix), atomically; returns the number
    of statements written (see :func:`serialize`)."""
    fmt = format_for(path)
    with atomic_file(path) as out:
        return serialize(quads, out, fmt, shared, base)


# ------------------------------------------------------------------------------ JSON-LD

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# the part of a minted IRI after the base that reads as a relative IRI reference, never as
# a compact IRI or an absolute IRI (no ':' at all), nor as a scheme-relative or fragment one
_RELATIVE = re.compile(r"^[A-Za-z0-9_~.%-][^:?#\s]*$")


def jsonld_context(base: str | None = None) -> dict[str, str]:
    """The ``@context`` of newskg's JSON-LD: the prefixes of :data:`kg.prefixes.PREFIXES`
    and ``@base`` (minted IRIs are written relative to it, e.g. ``org/xiaomi``)."""
    context = {"@base": base} if base else {}
    context.update(PREFIXES)
    return context


def write_jsonld(quads: Iterable[ox.Quad], out: IO[bytes], base: str | None = None) -> int:
    """Compacted JSON-LD 1.1 of a dataset, streamed: ``{"@context": ..., "@graph": [ one
    object per named graph {"@id": graph, "@graph": [node objects]} ]}``, the default
    graph's nodes at the top level. Graphs and nodes follow the order of ``quads`` (a
    subject's consecutive triples make one node object), so output is deterministic.

    Keys and types are compact IRIs (``kg:target``, ``"@type": "kg:Sanction"``); values
    keep their exact lexical form and datatype (``{"@value": "0.9", "@type":
    "xsd:decimal"}``), plain strings are JSON strings. Returns the number of quads.

    >>> import io
    >>> q = ox.Quad(ox.NamedNode("https://w3id.org/newskg/id/org/x"), ox.NamedNode(_RDF_TYPE),
    ...             ox.NamedNode("https://w3id.org/newskg/ontology#Company"),
    ...             ox.NamedNode("https://w3id.org/newskg/id/graph/entities"))
    >>> buf = io.BytesIO()
    >>> write_jsonld([q], buf, "https://w3id.org/newskg/id/")
    1
    >>> sorted(ox.parse(buf.getvalue(), format=ox.RdfFormat.JSON_LD)) == [q]
    True
    """
    import json

    vocab = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda x: -len(x[0]))

    def curie(iri: str) -> str:
        for ns, prefix in vocab:
            if iri.startswith(ns) and len(iri) > len(ns) and ":" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def ref(node: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(node, ox.BlankNode):
            return f"_:{node.value}"
        iri = node.value
        if base and iri.startswith(base) and _RELATIVE.match(iri[len(base):]):
            return iri[len(base):]
        return curie(iri)

    def value(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> object:
        if not isinstance(term, ox.Literal):
            return {"@id": ref(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": curie(term.datatype.value)}

    def compact(node: dict[str, list[object]]) -> dict[str, object]:
        """One value as itself, several as a list; "@id" and "@type" first."""
        keys = sorted(node, key=lambda k: {"@id": 0, "@type": 1}.get(k, 2))
        return {k: node[k][0] if len(node[k]) == 1 else node[k] for k in keys}

    top_items = 0  # items of the top-level "@graph": named graphs and default-graph nodes
    graph_nodes = 0  # node objects in the open named graph
    count = 0
    graph: object = None
    subject: object = None
    node: dict[str, list[object]] | None = None
    out.write(b'{\n "@context": ' + json.dumps(jsonld_context(base), indent=1).replace("\n", "\n ").encode()
              + b',\n "@graph": [')

    def flush_node() -> None:
        nonlocal node, top_items, graph_nodes
        if node is None:
            return
        text = json.dumps(compact(node), ensure_ascii=False)
        if isinstance(graph, ox.DefaultGraph):
            out.write(((",\n  " if top_items else "\n  ") + text).encode("utf-8"))
            top_items += 1
        else:
            out.write(((",\n    " if graph_nodes else "\n    ") + text).encode("utf-8"))
            graph_nodes += 1
        node = None

    def close_graph() -> None:
        flush_node()
        if graph is not None and not isinstance(graph, ox.DefaultGraph):
            out.write(b"\n   ]\n  }")

    for q in quads:
        count += 1
        if q.graph_name != graph:
            close_graph()
            graph, graph_nodes = q.graph_name, 0
            if not isinstance(graph, ox.DefaultGraph):
                head = (",\n  " if top_items else "\n  ") + '{"@id": ' + json.dumps(ref(graph), ensure_ascii=False) \
                    + ',\n   "@graph": ['
                out.write(head.encode("utf-8"))
                top_items += 1
        if node is None or q.subject != subject:
            flush_node()
            subject = q.subject
            node = {"@id": [ref(q.subject)]}
        obj = q.object
        if q.predicate.value == _RDF_TYPE and isinstance(obj, ox.NamedNode):
            node.setdefault("@type", []).append(curie(obj.value))
        else:
            node.setdefault(curie(q.predicate.value), []).append(value(obj))
    close_graph()
    out.write(b"\n ]\n}\n")
    return count
