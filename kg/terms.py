"""RDF terms between rdflib (mapping, validation) and pyoxigraph (files, stores, queries).

A plain literal is an ``xsd:string`` in RDF 1.1; rdflib keeps it without a datatype,
so ``to_rdflib`` leaves the datatype off (an ``xsd:string``-typed rdflib literal would
not compare equal to the plain one the mapping made; see ../shared/PERF-NOTES.md).

>>> to_ox(to_rdflib(pyoxigraph.Literal("9.8", datatype=pyoxigraph.NamedNode(
...     "http://www.w3.org/2001/XMLSchema#decimal")))).datatype.value
'http://www.w3.org/2001/XMLSchema#decimal'
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from rdflib import BNode, Literal, URIRef

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


def to_ox(term: Any) -> OxTerm:
    """An rdflib term as pyoxigraph's; :class:`ValueError` for anything else."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(term)
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(term)
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(term, language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(term, datatype=pyoxigraph.NamedNode(term.datatype))
        return pyoxigraph.Literal(term)
    raise ValueError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> URIRef | BNode | Literal:
    """A pyoxigraph term as rdflib's; :class:`ValueError` for RDF-star triple terms."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unsupported RDF term {term!r} (RDF-star triple terms are not supported)")
