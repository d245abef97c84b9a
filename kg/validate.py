"""Validate a graph against ``ontology/shapes.ttl`` with pySHACL, never in place.

The caller's graph is copied (a Dataset as the union of its graphs) and pySHACL runs on
the copy with no inference and nothing added: the shapes name every subclass they mean
(``ontology/shapes.ttl``), so any SHACL validator given the same data and shapes reaches
the same verdict (docs/interop.md). The shapes are parsed once
per process, and SHACL-SPARQL constraints run in an Oxigraph mirror of the copy, since
this runs once per article graph (≈150 triples), thousands of times in a build.

Before pySHACL, a pre-check (:mod:`kg.precheck`) evaluates the same shapes over a
dictionary index of the same triples (≈ 2.5 ms instead of ≈ 15 ms per article graph). It
can only answer "pySHACL would find nothing", which is the answer for almost every
article; on any failure or doubt pySHACL runs as before, and every report with a result
comes from pySHACL.

>>> from rdflib import Graph
>>> report = validate_graph(Graph())
>>> report.conforms, report.issues
(True, ())
>>> print(format_report(report))
conforms
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS, SH, NamespaceManager
from rdflib.query import Result
from rdflib.term import Node, Variable

from kg import precheck
from kg.models import Issue, Report
from kg.terms import to_ox, to_rdflib
from kg.vocab import KG, OA, PREFIXES, PROV

ONTOLOGY_DIR_ENV = "KG_ONTOLOGY_DIR"
SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILE = "newskg.ttl"
KGSH = "https://w3id.org/newskg/shapes#"

# Article ids in minted IRIs, whatever the base: <B article/ID>, <B evidence/ID/120-260>.
_ARTICLE_IRI = re.compile(r"/article/([^/]+)$")
_EVIDENCE_IRI = re.compile(r"/evidence/([^/]+)/[^/]+$")

# Oxigraph repeats the position in its message; we give it once, as path:line:col.
_MAX_VALUE_IN_MESSAGE = 60



def ontology_dir() -> Path:
    """``$KG_ONTOLOGY_DIR`` if set, else ``ontology/`` beside the ``kg`` package."""
    override = os.environ.get(ONTOLOGY_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "ontology"


def _parse_ttl(path: Path) -> Graph:
    from kg.rdfio import read_graph

    return read_graph(path)


@functools.lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The SHACL shapes graph, parsed once per process. Do not modify it.

    >>> from rdflib import URIRef
    >>> (URIRef(KGSH + "SanctionShape"), None, None) in load_shapes()
    True
    """
    return _parse_ttl(ontology_dir() / SHAPES_FILE)


@functools.lru_cache(maxsize=1)
def _subclass_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology's named ``rdfs:subClassOf`` axioms (the tests show the verdict is the
    same with and without them)."""
    ontology = _parse_ttl(ontology_dir() / ONTOLOGY_FILE)
    return tuple(
        sorted(
            (s, RDFS.subClassOf, o)
            for s, o in ontology.subject_objects(RDFS.subClassOf)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        )
    )


@functools.lru_cache(maxsize=1)
def _shapes_graph() -> Any:
    """pySHACL's view of the shapes (with its harvest of shapes cached), built once.

    pySHACL adds two system triples to the graph it is given, so it gets a copy.
    """
    from pyshacl.shapes_graph import ShapesGraph

    shapes = Graph()
    shapes += load_shapes()
    return ShapesGraph(shapes)


class _ValidationGraph(Graph):
    """The copy pySHACL validates: an rdflib Graph whose SPARQL runs in Oxigraph.

    pySHACL runs each SPARQL constraint once per focus node, handing over the query
    text with ``$this`` in ``initBindings``. rdflib would parse the text again every
    time and evaluate it slowly; here the graph is mirrored once into an in-memory
    Oxigraph store and queried there with ``$this`` substituted. Core constraints
    still read the rdflib graph, so ``sh:in``, ``sh:datatype`` and friends see the
    terms exactly as given (Oxigraph canonicalises literals, e.g. it stores
    ``xsd:nonNegativeInteger`` as ``xsd:integer``; only SPARQL results see that).
    """

    _mirror: pyoxigraph.Store | None = None

    def query(  # type: ignore[override]
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Any = None,  # noqa: N803 (rdflib's name)
        initBindings: Any = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Any:
        if not isinstance(query_object, str) or initNs or kwargs:
            return super().query(
                query_object, processor, result, initNs, initBindings, use_store_provided
            )
        if self._mirror is None:
            self._mirror = pyoxigraph.Store()
            self._mirror.extend([pyoxigraph.Quad(*map(to_ox, triple)) for triple in self])
        bindings = (initBindings or {}).items()
        substitutions = {pyoxigraph.Variable(str(k)): to_ox(v) for k, v in bindings}
        solutions = self._mirror.query(query_object, substitutions=substitutions)
        if not isinstance(solutions, pyoxigraph.QuerySolutions):
            raise ValueError("SHACL-SPARQL constraints must be SELECT queries")
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in solutions.variables]
        out.bindings = [
            {var: to_rdflib(value) for var, value in zip(out.vars, row) if value is not None}
            for row in solutions
        ]
        return out


def _triples_of(data: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(data, (Dataset, ConjunctiveGraph)):  # the union of all its graphs
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from data.triples((None, None, None))


def validate_graph(
    data: Graph,
    *,
    article_of: Callable[[str], str | None] | None = None,
) -> Report:
    """Validate ``data`` (a Graph, or a Dataset as the union of its graphs) against the shapes.

    ``data`` is not modified. ``article_of`` maps a focus node's IRI to the article at
    fault; by default it is read from the IRI (``.../article/ID``, ``.../evidence/ID/...``)
    or from the focus node's ``prov:wasDerivedFrom`` and evidence sources.
    """
    triples = list(_triples_of(data))
    if _precheck(triples):
        return Report(conforms=True, issues=(), report_ttl=_empty_report_turtle(True))
    return _pyshacl_report(triples, article_of)


def _precheck(triples: list[tuple[Node, Node, Node]]) -> bool:
    """True only if pySHACL would find no result at all in these triples (:mod:`kg.precheck`).

    False means "run pySHACL": a check failed, or the pre-check could not tell.
    """
    return precheck.conforms(triples, _shapes_graph())


def _pyshacl_report(
    triples: list[tuple[Node, Node, Node]], article_of: Callable[[str], str | None] | None
) -> Report:
    """pySHACL's verdict and report on the copy: the reference, and every report's source."""
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    work = _ValidationGraph(bind_namespaces="none")
    work += triples

    validator = Validator(
        DataGraph.from_rdflib(work),
        shacl_graph=Graph(bind_namespaces="none"),  # a placeholder, replaced just below
        options={
            "inference": "none",
            "inplace": True,  # on our own copy
            "advanced": False,
            "allow_warnings": True,
            "allow_infos": True,
        },
    )
    # pySHACL builds a ShapesGraph per Validator and harvests the shapes again on
    # every run; the cached one keeps its harvest, which is most of a small run.
    validator.shacl_graph = _shapes_graph()
    conforms, results, _text = validator.run()

    # One Issue per distinct problem: a value failing several constraints of one shape
    # (sh:datatype and sh:minInclusive, say) reads the same; report_ttl keeps them all.
    issues = tuple(sorted(set(_issues(results, work, article_of)), key=_issue_key))
    report_ttl = _report_turtle(results) if issues else _empty_report_turtle(bool(conforms))
    return Report(conforms=bool(conforms), issues=issues, report_ttl=report_ttl)


def validate_file(path: str | os.PathLike[str]) -> Report:
    """Read an RDF file (.ttl .nt .nq .trig .jsonld) and validate the union of its graphs."""
    return validate_graph(read_rdf(path))


def read_rdf(path: str | os.PathLike[str]) -> Graph:
    """Parse an RDF file with Oxigraph into a plain rdflib Graph (named graphs merged).

    Raises :class:`InputError` with a one-line message (line and column when known);
    see :mod:`kg.rdfio`.
    """
    from kg.rdfio import read_graph

    return read_graph(Path(path))


# --- results -----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _namespaces() -> NamespaceManager:
    nsm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "kgsh": KGSH, "sh": str(SH)}.items():
        nsm.bind(prefix, ns)
    return nsm


def _issues(
    results: Graph, data: Graph, article_of: Callable[[str], str | None] | None
) -> Iterator[Issue]:
    nsm = _namespaces()
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for r in results.objects(report, SH.result):
            focus = results.value(r, SH.focusNode)
            path = results.value(r, SH.resultPath)
            value = results.value(r, SH.value)
            severity = results.value(r, SH.resultSeverity)
            shape = results.value(r, SH.sourceShape)
            messages = sorted(str(m) for m in results.objects(r, SH.resultMessage))
            message = messages[0] if messages else "does not conform"
            if value is not None and not isinstance(value, BNode) and str(value) not in message:
                shown = value.n3(nsm)
                if len(shown) > _MAX_VALUE_IN_MESSAGE:
                    shown = shown[: _MAX_VALUE_IN_MESSAGE - 1] + "…"
                message = f"{message} (got {shown})"
            focus_text = str(focus) if isinstance(focus, URIRef) else _n3(focus, nsm)
            if article_of is not None:
                article = article_of(focus_text)
            else:
                article = _articles(focus, data)
            yield Issue(
                severity=_local(severity) if severity is not None else "Violation",
                focus=focus_text,
                path=_n3(path, nsm) if path is not None else None,
                message=message,
                shape=str(shape) if isinstance(shape, URIRef) else None,
                article=article,
            )


def _n3(node: Node | None, nsm: NamespaceManager) -> str:
    if node is None:
        return ""
    if isinstance(node, BNode):
        return "[]"
    return node.n3(nsm)


def _local(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]


def _article_id(node: Node) -> str | None:
    if not isinstance(node, URIRef):
        return None
    m = _ARTICLE_IRI.search(node) or _EVIDENCE_IRI.search(node)
    return m.group(1) if m else None


def _articles(focus: Node | None, data: Graph) -> str | None:
    """The article(s) a focus node comes from, comma-separated, or None (e.g. an entity)."""
    if focus is None:
        return None
    own = _article_id(focus)
    if own is not None:
        return own
    sources: set[Node] = set(data.objects(focus, PROV.wasDerivedFrom))
    sources.update(data.objects(focus, OA.hasSource))
    ids: set[str] = set()
    for evidence in data.objects(focus, KG.evidence):
        sources.update(data.objects(evidence, OA.hasSource))
        if (evidence_id := _article_id(evidence)) is not None:
            ids.add(evidence_id)
    ids.update(_article_id(s) or str(s) for s in sources if isinstance(s, URIRef))
    return ",".join(sorted(ids)) or None


def _issue_key(i: Issue) -> tuple[str, ...]:
    return (i.article or "", i.focus, i.path or "", i.shape or "", i.message, i.severity)


def _report_turtle(results: Graph) -> str:
    """The SHACL report graph as Turtle, byte-identical for the same results.

    Blank nodes are relabelled canonically (from their content), so rdflib's sorted
    Turtle writer emits them in the same order every run.
    """
    canonical = Graph()
    canonical += to_canonical_graph(results)
    nsm = _namespaces()
    for prefix, ns in nsm.namespaces():
        canonical.bind(prefix, ns, override=True, replace=True)
    return canonical.serialize(format="turtle")


@functools.lru_cache(maxsize=2)
def _empty_report_turtle(conforms: bool) -> str:
    report, results = BNode(), Graph()
    results.add((report, RDF.type, SH.ValidationReport))
    results.add((report, SH.conforms, Literal(conforms)))
    return _report_turtle(results)


def _node(text: str, nsm: NamespaceManager) -> Node:
    """Back from an Issue's focus or path text to a term (an IRI, a CURIE or ``[]``)."""
    if text == "[]":
        return BNode()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    prefix, _, local = text.partition(":")
    if local and not local.startswith("//") and prefix in dict(nsm.namespaces()):
        return nsm.expand_curie(text)
    return URIRef(text)


def format_report(report: Report) -> str:
    """One line per issue, ``article  focus  path  message  [severity]``, then a summary."""
    lines = [
        f"{i.article or '-'}  {i.focus}  {i.path or '-'}  {i.message}  [{i.severity}]"
        for i in report.issues
    ]
    if report.conforms:
        lines.append("conforms")
    else:
        violations = [i for i in report.issues if i.severity == "Violation"]
        articles = {a for i in violations if i.article for a in i.article.split(",")}
        lines.append(
            f"{_plural(len(violations), 'violation')} in {_plural(len(articles), 'article')}"
        )
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


__all__ = [
    "KGSH", "format_report", "load_shapes", "ontology_dir", "read_rdf", "report_graph",
    "validate_file", "validate_graph", "write_report",
]


def report_graph(report: Report) -> Graph:
    """The issues as a SHACL ``sh:ValidationReport`` (one result per issue)."""
    g = Graph()
    g.bind("sh", SH)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    node = BNode("report")
    g.add((node, RDF.type, SH.ValidationReport))
    g.add((node, SH.conforms, Literal(report.conforms)))
    for n, issue in enumerate(report.issues):
        result = BNode(f"r{n}")
        g.add((node, SH.result, result))
        g.add((result, RDF.type, SH.ValidationResult))
        g.add((result, SH.resultSeverity, SH[issue.severity]))
        g.add((result, SH.resultMessage, Literal(issue.message)))
        focus = issue.focus.strip("<>")
        if focus.startswith(("http://", "https://", "urn:")):
            g.add((result, SH.focusNode, URIRef(focus)))
        else:
            g.add((result, SH.focusNode, Literal(issue.focus)))
        if issue.path and issue.path != "[]":
            g.add((result, SH.resultPath, _node(issue.path, _namespaces())))
        if issue.shape and issue.shape.startswith(("http://", "https://")):
            g.add((result, SH.sourceShape, URIRef(issue.shape)))
        if issue.article:
            g.add((result, RDFS.comment, Literal(f"article {issue.article}")))
    return g


def write_report(report: Report, path: str | os.PathLike[str]) -> None:
    """Write the machine-readable report as Turtle, atomically."""
    from kg.write import atomic_file

    text = report.report_ttl or report_graph(report).serialize(format="turtle")
    with atomic_file(Path(path)) as out:
        out.write(text.encode("utf-8"))
