"""Closed vocabularies: a typo in a term is an AttributeError, not a silent new IRI."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    XSD,
    DefinedNamespace,
)

from kg.prefixes import DEFAULT_BASE, KG_NS, PREFIXES


class KG(DefinedNamespace):
    """The contract's terms (``../shared/CONTRACT.md``) plus our own extensions."""

    _NS = Namespace(KG_NS)
    _fail = True

    # classes
    Organization: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Court: URIRef
    Person: URIRef
    SanctionList: URIRef
    Sanction: URIRef
    CourtOrder: URIRef
    Metric: URIRef
    Article: URIRef
    Evidence: URIRef
    # properties
    country: URIRef
    maintainedBy: URIRef
    target: URIRef
    imposedBy: URIRef
    listedOn: URIRef
    startDate: URIRef
    endDate: URIRef
    status: URIRef
    effect: URIRef
    orderType: URIRef
    issuedBy: URIRef
    judge: URIRef
    date: URIRef
    concerns: URIRef
    inFavorOf: URIRef
    company: URIRef
    measure: URIRef
    value: URIRef
    unit: URIRef
    period: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    segment: URIRef
    change: URIRef
    sha256: URIRef
    evidence: URIRef
    confidence: URIRef
    # curation (kg.curation)
    Judgement: URIRef
    Acceptance: URIRef
    Rejection: URIRef
    Correction: URIRef
    SameEntity: URIRef
    DifferentEntity: URIRef
    judgedFact: URIRef
    correctedProperty: URIRef
    extractedValue: URIRef
    correctedValue: URIRef
    reason: URIRef
    evidenceQuote: URIRef
    firstEntity: URIRef
    secondEntity: URIRef
    firstName: URIRef
    secondName: URIRef
    acceptedBy: URIRef
    correctedBy: URIRef
    describedAs: URIRef
    # controlled values
    Active: URIRef
    Suspended: URIRef
    Lifted: URIRef
    Proposed: URIRef
    PreliminaryInjunction: URIRef
    FinalOrder: URIRef
    Ruling: URIRef
    OtherOrder: URIRef
    Revenue: URIRef
    NetIncome: URIRef
    OperatingProfit: URIRef
    Shipments: URIRef
    MarketShare: URIRef
    Users: URIRef
    Employees: URIRef
    YearOverYear: URIRef
    QuarterOverQuarter: URIRef
    # concept schemes
    SanctionStatus: URIRef
    OrderType: URIRef
    Measure: URIRef
    Change: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = SDO

__all__ = [
    "DCTERMS", "DEFAULT_BASE", "KG", "KG_NS", "OA", "OWL", "PREFIXES", "PROV", "RDF",
    "RDFS", "SCHEMA", "SKOS", "UNIT", "WD", "XSD",
]
