"""The ontology and the shapes files: they parse everywhere and agree with ``kg.vocab``."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from kg.validate import KGSH, ontology_dir
from kg.vocab import KG, KG_NS, UNIT

ONTOLOGY = ontology_dir() / "newskg.ttl"
SHAPES = ontology_dir() / "shapes.ttl"
KG_TERMS = [KG[name] for name in KG.__annotations__]
SCHEMES = {KG.SanctionStatus, KG.OrderType, KG.Measure, KG.Change}
# a correction's values are IRIs or literals: annotation properties in OWL 2 DL (tests/test_owl.py)
ANNOTATIONS = {KG.correctedProperty, KG.extractedValue, KG.correctedValue}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=lambda p: Path(p).name)
def test_parses_in_rdflib_and_pyoxigraph(path: Path) -> None:
    in_rdflib = len(Graph().parse(path, format="turtle"))
    in_oxigraph = sum(1 for _ in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert in_rdflib == in_oxigraph > 0


def test_header(onto: Graph) -> None:
    (ontology,) = onto.subjects(RDF.type, OWL.Ontology)
    assert onto.value(ontology, DCTERMS.title) is not None
    assert onto.value(ontology, OWL.versionInfo) == Literal("0.1.0")


@pytest.mark.parametrize("term", KG_TERMS, ids=lambda t: t.removeprefix(KG_NS))
def test_every_vocab_term_is_declared(onto: Graph, term: URIRef) -> None:
    assert (term, RDF.type, None) in onto
    assert (term, RDFS.label, None) in onto
    assert (term, SKOS.definition, None) in onto or (term, RDFS.comment, None) in onto


def test_every_ontology_term_is_in_vocab(onto: Graph) -> None:
    declared = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(KG_NS)}
    assert declared == set(KG_TERMS)


@pytest.mark.parametrize("term", KG_TERMS, ids=lambda t: t.removeprefix(KG_NS))
def test_terms_are_typed_consistently(onto: Graph, term: URIRef) -> None:
    types = set(onto.objects(term, RDF.type))
    local = term.removeprefix(KG_NS)
    if term in SCHEMES:
        assert SKOS.ConceptScheme in types
    elif term in ANNOTATIONS:
        assert types == {OWL.AnnotationProperty}
    elif local[0].islower():
        assert types & {OWL.ObjectProperty, OWL.DatatypeProperty}
        assert onto.value(term, RDFS.domain) is not None
        assert onto.value(term, RDFS.range) is not None
    else:
        assert types & {OWL.Class, SKOS.Concept}


def test_every_concept_is_in_a_scheme(onto: Graph) -> None:
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        schemes = set(onto.objects(concept, SKOS.inScheme))
        assert schemes, concept
        assert all((s, RDF.type, SKOS.ConceptScheme) in onto for s in schemes), concept
        assert onto.value(concept, SKOS.prefLabel) is not None, concept
        assert any((s, SKOS.hasTopConcept, concept) in onto for s in schemes), concept
    assert set(onto.subjects(RDF.type, SKOS.ConceptScheme)) == SCHEMES


def test_contract_class_hierarchy(onto: Graph) -> None:
    for sub in (KG.Company, KG.GovernmentBody, KG.Court):
        assert (sub, RDFS.subClassOf, KG.Organization) in onto


def _sh_in_values(shapes: Graph) -> list[tuple[URIRef, object]]:
    return [
        (shape, value)
        for shape, head in shapes.subject_objects(SH["in"])
        for value in Collection(shapes, head)
    ]


def test_sh_in_values_are_declared_concepts(onto: Graph, shapes: Graph) -> None:
    values = _sh_in_values(shapes)
    assert values
    for shape, value in values:
        assert isinstance(value, URIRef), f"{shape}: sh:in over literals ({value!r})"
        if value.startswith(KG_NS):
            assert (value, RDF.type, SKOS.Concept) in onto, f"{shape}: {value} is no concept"
        else:
            assert value.startswith(str(UNIT)), f"{shape}: {value} is neither a concept nor a unit"


def test_shapes_only_use_declared_kg_terms(onto: Graph, shapes: Graph) -> None:
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(KG_NS)}
    undeclared = sorted(t for t in used if (t, RDF.type, None) not in onto)
    assert not undeclared


def test_shapes_have_stable_names(shapes: Graph) -> None:
    """Every shape a result can name as its sh:sourceShape has an IRI in kgsh:."""
    members = {
        m for head in shapes.objects(None, SH["or"]) for m in Collection(shapes, head)
    }
    for kind in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, kind):
            assert isinstance(shape, URIRef) and shape.startswith(KGSH), shape
    for shape in shapes.subjects(SH.path, None):
        assert shape in members or (isinstance(shape, URIRef) and shape.startswith(KGSH)), shape
    assert all(isinstance(m, BNode) for m in members)


def test_sparql_constraints_declare_their_prefixes(shapes: Graph) -> None:
    for constraint in shapes.objects(None, SH.sparql):
        prefixes = shapes.value(constraint, SH.prefixes)
        assert prefixes is not None, constraint
        assert (prefixes, SH.declare, None) in shapes


def test_shapes_conform_to_shacl_shacl(shapes: Graph) -> None:
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
