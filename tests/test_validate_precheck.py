"""The validation pre-check against pySHACL, its reference.

``kg.validate._precheck`` may say "conforms" (and skip pySHACL) only where pySHACL finds
no result at all. Here it must agree with pySHACL exactly, both ways, on every shape case
and on variants of conforming cases (each triple dropped, each object replaced by terms
of other kinds, datatypes and values, an extra value added), and ``validate_graph`` must
return the very Report pySHACL alone gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg import precheck, validate
from kg.validate import _precheck, _pyshacl_report, _subclass_triples, _triples_of, validate_graph
from kg.vocab import KG, OA, PROV
from tests.test_shapes import CASE_FILES, CASES, load

Triple = tuple[object, object, object]


def triples_of(data: Graph) -> list[Triple]:
    return [*_triples_of(data), *_subclass_triples()]


def pyshacl_finds_nothing(triples: list[Triple]) -> bool:
    """No result (an error, e.g. an IRI Oxigraph rejects, is not "nothing" either)."""
    try:
        report = _pyshacl_report(triples, None)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001
        return False
    return report.conforms and not report.issues


def test_the_precheck_is_on_for_the_project_shapes() -> None:
    """Every shape of ontology/shapes.ttl is one the pre-check evaluates; were it off,
    validation would stay correct but lose its speed."""
    roots = precheck.shape_checks(validate._shapes_graph())
    assert roots is not None
    targeted = [s for s in validate._shapes_graph().shapes if any(list(t) for t in s.target())]
    assert len(roots) == len(targeted) >= 14


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_precheck_agrees_with_pyshacl(path: Path) -> None:
    data = load(path)
    triples = triples_of(data)
    assert _precheck(triples) == pyshacl_finds_nothing(triples)
    expected = _pyshacl_report(triples, None)  # type: ignore[arg-type]
    got = validate_graph(data)
    assert (got.conforms, got.issues, got.report_ttl) == (
        expected.conforms, expected.issues, expected.report_ttl)


def variants(term: object, others: list[URIRef]) -> list[object]:
    """Terms to put where ``term`` was: other kinds, datatypes, languages and values."""
    if isinstance(term, Literal):
        text, dt = str(term), term.datatype
        made: list[object] = [URIRef("urn:x-variant:" + text.replace(" ", "_"))]
        for args in ((text, None, None), (text, "en", None), (text, None, XSD.integer),
                     (text, None, XSD.string), ("-" + text, None, dt), (text + "0", None, dt),
                     (text[:-1], None, dt)):
            try:  # rdflib refuses some lexical forms outright (e.g. "-2021-03-15" as xsd:date)
                made.append(Literal(args[0], lang=args[1], datatype=args[2]))
            except ValueError:
                pass
        return [v for v in made if v != term]
    if isinstance(term, URIRef):
        later = [o for o in others if o > term]
        return [BNode(), Literal(str(term)), (later or others)[0]]
    return [URIRef("urn:x-variant:bnode"), Literal("x")]


def mutations(triples: list[Triple], only: set[URIRef] | None = None) -> list[tuple[str, list[Triple]]]:
    """Variants of ``triples``, changing only triples with a predicate in ``only`` if given."""
    data = [t for t in triples if t not in set(_subclass_triples())]
    iris = sorted({o for _, p, o in data if isinstance(o, URIRef) and p != RDF.type} |
                  {o for _, p, o in data if p == RDF.type})
    out = []
    for n, (s, p, o) in enumerate(data):
        if only is not None and p not in only:
            continue
        rest = data[:n] + data[n + 1:]
        out.append((f"drop {n}", rest))
        for k, v in enumerate(variants(o, iris)):
            out.append((f"replace {n}.{k}", [*rest, (s, p, v)]))
        out.append((f"add {n}", [*data, (s, p, variants(o, iris)[-1])]))
    return [(name, [*t, *_subclass_triples()]) for name, t in out]


# What the SPARQL constraints read: the merged case varies only those (the rest is as in
# full_example), which keeps the test to ≈ 30 s.
SPARQL_PREDICATES = {KG.date, KG.startDate, KG.concerns, KG.evidence, PROV.wasDerivedFrom,
                     OA.hasSource, OA.exact, OA.start, OA.end}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "only"), [("full_example.ttl", None),
                                            ("merged_order_between_start_dates.ttl", SPARQL_PREDICATES)])
def test_precheck_agrees_with_pyshacl_on_variants(name: str, only: set[URIRef] | None) -> None:
    triples = triples_of(load(CASES / name))
    assert _precheck(triples)
    disagreements = []
    tried = failing = 0
    for label, variant in mutations(triples, only):
        expected = pyshacl_finds_nothing(variant)
        tried += 1
        failing += not expected
        if _precheck(variant) != expected:
            disagreements.append(f"{label}: pySHACL {'conforms' if expected else 'reports'}")
    assert not disagreements, disagreements[:20]
    assert failing > tried // 3, "the variants hardly exercise the shapes"


def test_shapes_the_precheck_does_not_know_turn_it_off() -> None:
    """A shape with a constraint it does not evaluate (here sh:minLength): no pre-check,
    pySHACL decides alone."""
    from pyshacl.shapes_graph import ShapesGraph

    shapes = Graph()
    shapes += validate.load_shapes()
    shape = URIRef(validate.KGSH + "ExtraShape")
    shapes.add((shape, RDF.type, SH.NodeShape))
    shapes.add((shape, SH.targetClass, URIRef("https://w3id.org/newskg/ontology#Article")))
    shapes.add((shape, SH.minLength, Literal(3)))
    assert precheck.shape_checks(ShapesGraph(shapes)) is None
