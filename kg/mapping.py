"""Extraction → RDF under the contract: deterministic IRIs, provenance, one graph per article.

The article's graph holds the article node, the facts it states and their evidence;
entity descriptions go to the shared entities graph, merged across articles by
:func:`merge_entities` so each real entity has one node and one label.

>>> iri = Minter().org("acme")
>>> str(iri)
'https://w3id.org/newskg/id/org/acme'
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.kinds import KINDS
from kg.models import (
    COMPANY,
    COURT,
    GOVERNMENT,
    LIST,
    PERSON,
    CourtOrder,
    DateValue,
    Entity,
    Evidence,
    Extraction,
    Metric,
    Sanction,
    slug,
)
from kg.resolve import is_description
from kg.vocab import (
    DCTERMS,
    DEFAULT_BASE,
    KG,
    OA,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    UNIT,
    WD,
    XSD,
)

CLASS_OF = {COMPANY: KG.Company, GOVERNMENT: KG.GovernmentBody, COURT: KG.Court,
            PERSON: KG.Person, LIST: KG.SanctionList}
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class Minter:
    """Mints every IRI from normalised keys under one base."""

    base: str = DEFAULT_BASE

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def entity(self, entity_key: str, kind: str) -> URIRef:
        prefix = {PERSON: "person", LIST: "list"}.get(kind, "org")
        return self._iri(prefix, entity_key)

    def org(self, key: str) -> URIRef:
        return self._iri("org", key)

    def article(self, article_id: str) -> URIRef:
        return self._iri("article", article_id)

    def article_graph(self, article_id: str) -> URIRef:
        return self._iri("graph", "article", article_id)

    @property
    def entities_graph(self) -> URIRef:
        return self._iri("graph", "entities")

    def evidence(self, article_id: str, ev: Evidence, fact: URIRef) -> URIRef:
        """One node per (fact, span): its confidence is that of this fact."""
        tag = hashlib.sha256(str(fact).encode("utf-8")).hexdigest()[:8]
        return self._iri("evidence", article_id, f"{ev.start}-{ev.end}-{tag}")

    def fact(self, key: tuple[str, ...]) -> URIRef:
        kind, *parts = key
        return self._iri(kind, *[slug(p) if p else "-" for p in parts])


def _is_iri(text: str) -> bool:
    """A URL that every RDF writer accepts as an IRI; anything else stays a literal."""
    if not _URL.match(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def date_literal(value: DateValue) -> Literal:
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[value.precision]
    return Literal(value.iso, datatype=datatype)


def canonical_decimal(text: str) -> str:
    """The canonical ``xsd:decimal`` form (XSD 1.1, as Oxigraph prints it): no leading or
    trailing zeros, no decimal point for a whole number.

    >>> [canonical_decimal(t) for t in ("0.90", "7200000000.0", "-0.0", "012.50")]
    ['0.9', '7200000000', '0', '12.5']
    """
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(f"{text!r} is not a decimal number")
    if number.is_zero():
        return "0"
    return format(number.normalize(), "f")


def _decimal(text: str) -> Literal:
    return Literal(canonical_decimal(text), datatype=XSD.decimal)


def _count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def article_graph(x: Extraction, entities: dict[str, Entity], minter: Minter | None = None) -> Graph:
    """The named graph of one article: the article, its facts and their evidence.

    ``entities`` gives each key's kind (persons and lists get their own IRI paths).
    """
    m = minter or Minter()
    a = x.article
    g = Graph(identifier=m.article_graph(a.id))
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    art = m.article(a.id)
    g.add((art, RDF.type, KG.Article))
    g.add((art, DCTERMS.title, Literal(a.title or a.id)))
    g.add((art, KG.sha256, Literal(a.sha256)))
    if a.url:
        g.add((art, SCHEMA.url, URIRef(a.url) if _is_iri(a.url) else Literal(a.url)))
    if a.published:
        g.add((art, DCTERMS.date, date_literal(DateValue(a.published))))
    if a.publisher:
        g.add((art, DCTERMS.publisher, Literal(a.publisher)))
    if a.language:
        g.add((art, DCTERMS.language, Literal(a.language)))
    # the body the evidence offsets point into, so that a reader of the graph (kg serve's
    # evidence view) can show each quote in its context
    g.add((art, SCHEMA.text, Literal(a.text)))

    def ent(key: str) -> URIRef:
        return m.entity(key, entities[key].kind)

    for e in x.entities:
        g.add((art, SCHEMA.mentions, ent(e.key)))
        # a description ("the Chinese firm") is evidence that the article mentions the
        # entity, never one of its names (kg.resolve drops it from the labels)
        for alias in e.aliases:
            if is_description(alias):
                g.add((ent(e.key), KG.describedAs, Literal(alias)))

    def provenance(node: URIRef, evidence: Iterable[Evidence]) -> None:
        g.add((node, PROV.wasDerivedFrom, art))
        for ev in evidence:
            ev_iri = m.evidence(a.id, ev, node)
            g.add((node, KG.evidence, ev_iri))
            g.add((ev_iri, RDF.type, KG.Evidence))
            g.add((ev_iri, OA.hasSource, art))
            g.add((ev_iri, OA.exact, Literal(ev.exact)))
            g.add((ev_iri, OA.start, _count(ev.start)))
            g.add((ev_iri, OA.end, _count(ev.end)))
            g.add((ev_iri, KG.confidence, _decimal(f"{ev.confidence:.2f}")))

    for kind in KINDS:
        write_fact = WRITERS[kind.name]
        for fact in getattr(x, kind.name):
            node = m.fact(fact.key)
            write_fact(g, node, fact, ent, m)
            provenance(node, fact.evidence)
    return g


def _sanction(g: Graph, node: URIRef, s: Sanction, ent, m: Minter) -> None:  # type: ignore[no-untyped-def]
    g.add((node, RDF.type, KG.Sanction))
    g.add((node, KG.target, ent(s.target)))
    if s.authority:
        g.add((node, KG.imposedBy, ent(s.authority)))
    if s.list:
        g.add((node, KG.listedOn, ent(s.list)))
    if s.start_date:
        g.add((node, KG.startDate, date_literal(s.start_date)))
    if s.end_date:
        g.add((node, KG.endDate, date_literal(s.end_date)))
    if s.status:
        g.add((node, KG.status, KG[s.status]))
    if s.effect:
        g.add((node, KG.effect, Literal(s.effect)))


def _order(g: Graph, node: URIRef, o: CourtOrder, ent, m: Minter) -> None:  # type: ignore[no-untyped-def]
    g.add((node, RDF.type, KG.CourtOrder))
    g.add((node, KG.orderType, KG[o.order_type]))
    if o.court:
        g.add((node, KG.issuedBy, ent(o.court)))
    if o.judge:
        g.add((node, KG.judge, ent(o.judge)))
    if o.date:
        g.add((node, KG.date, date_literal(o.date)))
    if o.concerns:
        g.add((node, KG.concerns, m.fact(o.concerns)))
    if o.in_favor_of:
        g.add((node, KG.inFavorOf, ent(o.in_favor_of)))


def _metric(g: Graph, node: URIRef, x: Metric, ent, m: Minter) -> None:  # type: ignore[no-untyped-def]
    g.add((node, RDF.type, KG.Metric))
    g.add((node, KG.company, ent(x.company)))
    g.add((node, KG.measure, KG[x.measure]))
    g.add((node, KG.value, _decimal(x.value)))
    g.add((node, KG.unit, UNIT[x.unit]))
    if x.period:
        g.add((node, KG.period, Literal(x.period)))
    if x.period_start and x.period_end:
        g.add((node, KG.periodStart, Literal(x.period_start, datatype=XSD.date)))
        g.add((node, KG.periodEnd, Literal(x.period_end, datatype=XSD.date)))
    if x.segment:
        g.add((node, KG.segment, Literal(x.segment)))
    if x.change:
        g.add((node, KG.change, KG[x.change]))


# How each kind of fact (kg.kinds.KINDS) becomes triples: (graph, node, fact, entity IRI of a key, minter).
WRITERS = {"sanctions": _sanction, "court_orders": _order, "metrics": _metric}


def merge_entities(groups: Iterable[Iterable[Entity]]) -> dict[str, Entity]:
    """One Entity per key across articles: the gazetteer's label, or the name most
    articles use (then the shortest, then alphabetical); every other form an alias."""
    seen: dict[str, list[Entity]] = {}
    for group in groups:
        for e in group:
            # a person and an organisation that share a key have different IRIs: keep apart
            seen.setdefault(_path(e), []).append(e)
    merged: dict[str, Entity] = {}
    for path in sorted(seen):
        versions = seen[path]
        key = versions[0].key
        canonical = next((e for e in versions if e.canonical), None)
        kinds = Counter(e.kind for e in versions)
        kind = canonical.kind if canonical else (
            COMPANY if COMPANY in kinds else sorted(kinds, key=lambda k: (-kinds[k], k))[0])
        if canonical:
            name = canonical.name
        else:
            names = Counter(e.name for e in versions)
            name = sorted(names, key=lambda n: (-names[n], len(n), n))[0]
        aliases = sorted({a for e in versions for a in (e.name, *e.aliases)} - {name})
        first = canonical or versions[0]
        merged[path] = Entity(
            key=key, kind=kind, name=name, aliases=tuple(aliases), wikidata=first.wikidata,
            country=first.country, maintained_by=first.maintained_by, canonical=bool(canonical),
        )
    return merged


def _path(e: Entity) -> str:
    return {PERSON: "person", LIST: "list"}.get(e.kind, "org") + "/" + e.key


def entity_graph(entities: Iterable[Entity], minter: Minter | None = None,
                 kinds: dict[str, str] | None = None) -> Graph:
    """Descriptions of entities (type, label, aliases, links) for the entities graph."""
    m = minter or Minter()
    g = Graph(identifier=m.entities_graph)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    entities = list(entities)
    kind_of = dict(kinds or {})
    kind_of.update({e.key: e.kind for e in entities})
    for e in entities:
        node = m.entity(e.key, e.kind)
        g.add((node, RDF.type, CLASS_OF[e.kind]))
        g.add((node, RDFS.label, Literal(e.name)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias)))
        if e.wikidata:
            g.add((node, OWL.sameAs, WD[e.wikidata]))
        if e.country:
            g.add((node, KG.country, Literal(e.country)))
        if e.maintained_by and e.maintained_by in kind_of:
            g.add((node, KG.maintainedBy, m.entity(e.maintained_by, kind_of[e.maintained_by])))
    return g
