"""Namespace IRIs as plain strings: what the store, the writers and ``kg query`` need,
without importing rdflib (``kg.vocab`` holds the same names as rdflib terms)."""

from __future__ import annotations

KG_NS = "https://w3id.org/newskg/ontology#"
DEFAULT_BASE = "https://w3id.org/newskg/id/"

#: Prefixes written into Turtle/TriG/JSON-LD output and used to shorten IRIs in tables.
PREFIXES: dict[str, str] = {
    "kg": KG_NS,
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "unit": "http://qudt.org/vocab/unit/",
    "wd": "http://www.wikidata.org/entity/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
}

__all__ = ["DEFAULT_BASE", "KG_NS", "PREFIXES"]
