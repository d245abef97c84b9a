"""``kg review``: what an analyst sees and decides, over the last build and the curation file.

Facts are read from the embedded store of the last build (``build/store`` by default):
each sanction, court order and metric with its evidence quote, its lowest confidence and
its article. Their review state comes from the curation file (:mod:`kg.curation`), which
may hold judgements made since that build: ``pending``, ``accepted``, ``corrected`` or
``rejected`` (a fact rejected before the build is no longer in the store; it is listed
from the curation file, with its reason). Judgements are checked against the store
before they are written: an unknown fact or entity is an error that suggests near ones.

The next ``kg build`` applies the judgements; until then the store shows the extracted
values.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from kg import curation as cur
from kg import lookup
from kg.errors import UnknownName, UsageError
from kg.prefixes import DEFAULT_BASE, PREFIXES
from kg.resolve import EntityRef

DEFAULT_STORE = Path("build/store")

FACTS_QUERY = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?fact ?type ?about ?quote ?confidence ?article ?start WHERE {
  GRAPH ?g {
    VALUES ?type { kg:Sanction kg:CourtOrder kg:Metric }
    ?fact a ?type ; kg:evidence ?ev .
    ?ev oa:exact ?quote ; oa:hasSource ?article ; oa:start ?start .
    OPTIONAL { ?ev kg:confidence ?confidence }
    OPTIONAL { ?fact kg:target|kg:company|kg:inFavorOf ?about }
  }
}"""
_CONCERNS_QUERY = """PREFIX kg: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?fact ?about WHERE { GRAPH ?g { ?fact kg:concerns ?s } GRAPH ?h { ?s kg:target ?about } }"""
_BASE_QUERY = ("SELECT ?a WHERE { GRAPH ?g { ?a a <https://w3id.org/newskg/ontology#Article> } } LIMIT 1")
KIND_NAME = {"Sanction": "sanction", "CourtOrder": "order", "Metric": "metric"}


@dataclass
class FactRow:
    """One fact as ``kg review list`` shows it."""

    fact: str
    kind: str  # sanction | order | metric
    state: str  # pending | accepted | corrected | rejected
    confidence: Decimal | None = None
    quote: str = ""
    article: str = ""
    about: list[str] = field(default_factory=list)  # the companies it is about (IRIs)
    note: str = ""  # the reason of a rejection, the corrected values


@dataclass
class Graph:
    """The last build's store, opened read-only: its base, facts and entity names."""

    store: ox.Store
    base: str

    @classmethod
    def open(cls, store_dir: Path | str | None) -> Graph:
        from kg.store import open_store

        store = open_store(Path(store_dir or DEFAULT_STORE))
        base = DEFAULT_BASE
        for row in store.query(_BASE_QUERY, use_default_graph_as_union=True):  # type: ignore[union-attr]
            value = row[0].value
            if "/article/" in value:
                base = value.rsplit("article/", 1)[0]
        return cls(store, base)

    def select(self, sparql: str) -> list[tuple]:
        return [tuple(row[i] for i in range(len(row))) for row in self.store.query(sparql)]  # type: ignore[union-attr]

    def entities(self) -> list[lookup.Named]:
        return lookup.from_rows(self.select(lookup.NAMES_QUERY))

    def facts(self) -> dict[str, FactRow]:
        rows: dict[str, FactRow] = {}
        best: dict[str, tuple] = {}
        for fact, typ, about, quote, confidence, article, start in self.select(FACTS_QUERY):
            iri = fact.value
            row = rows.setdefault(iri, FactRow(iri, KIND_NAME[typ.value.rsplit("#", 1)[-1]], "pending"))
            if about is not None and about.value not in row.about:
                row.about.append(about.value)
            conf = Decimal(confidence.value) if confidence is not None else None
            if conf is not None and (row.confidence is None or conf < row.confidence):
                row.confidence = conf
            rank = (article.value, int(start.value))
            if iri not in best or rank < best[iri]:
                best[iri] = rank
                row.quote, row.article = quote.value, article.value
        for fact, about in self.select(_CONCERNS_QUERY):
            if fact.value in rows and about.value not in rows[fact.value].about:
                rows[fact.value].about.append(about.value)
        return rows

    def values(self, fact: str, prop: str) -> tuple[ox.Term, ...]:
        q = f"SELECT DISTINCT ?v WHERE {{ GRAPH ?g {{ <{fact}> <{prop}> ?v }} }}"
        return tuple(sorted((row[0] for row in self.select(q)), key=str))


def fact_iri(text: str, base: str) -> str:
    """A fact as the user gives it: a full IRI, ``<...>``, a CURIE of the base
    (``:sanction/acme/-``) or a path under it (``sanction/acme/-``)."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif value.startswith(":"):
        value = base + value[1:]
    elif not value.startswith(("http://", "https://")):
        value = base + value
    return value


def _known_fact(graph: Graph, curation: cur.Curation, text: str) -> tuple[str, FactRow | None]:
    iri = fact_iri(text, graph.base)
    cur.fact_kind(iri, graph.base)
    facts = graph.facts()
    if iri in facts:
        return iri, facts[iri]
    if iri in curation.by_fact():  # rejected before the last build: judged again
        return iri, None
    short = [":" + f[len(graph.base):] for f in facts]
    close = difflib.get_close_matches(":" + iri[len(graph.base):], short, n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UnknownName(f"no fact {text} in the store of the last build{hint}")


def judge_fact(kind: str, fact: str, *, curation_path: Path | str, store_dir: Path | str | None = None,
               by: str | None = None, reason: str | None = None, prop: str | None = None,
               value: str | None = None) -> cur.Judgement:
    """Record an accept/reject/correct judgement on ``fact`` in the curation file."""
    graph = Graph.open(store_dir)
    curation = cur.load(curation_path, graph.base)
    iri, row = _known_fact(graph, curation, fact)
    about: dict[str, object] = {"fact": iri, "quote": row.quote if row else None}
    if kind == "reject":
        if not (reason or "").strip():
            raise UsageError("a rejection needs --reason")
        about["reason"] = reason.strip()  # type: ignore[union-attr]
    elif kind == "correct":
        if prop is None or value is None:
            raise UsageError("a correction needs PROPERTY and VALUE")
        name = cur.property_name(prop)
        if name in cur.ENTITY_PROPERTIES:
            value = lookup.find(value, graph.entities(), graph.base)
        name, term = cur.parse_value(iri, name, value, graph.base)
        about.update(prop=name, value=term, extracted=graph.values(iri, str(cur.PROPERTIES[name][0])))
        about["extracted"] = tuple(_to_rdflib(t) for t in about["extracted"])  # type: ignore[union-attr]
    elif kind != "accept":
        raise UsageError(f"no fact judgement {kind!r}")
    judgement = cur.Judgement.new(kind, graph.base, by=by, **about)
    cur.record(curation_path, judgement, graph.base)
    return judgement


def judge_entities(kind: str, first: str, second: str, *, curation_path: Path | str,
                   store_dir: Path | str | None = None, by: str | None = None) -> cur.Judgement:
    """Record a same/different judgement on two entities (IRIs, CURIEs or names)."""
    graph = Graph.open(store_dir)
    entities = graph.entities()
    refs = [_entity_ref(text, entities, graph.base) for text in (first, second)]
    if refs[0] == refs[1]:
        raise UsageError(f"{first!r} and {second!r} are the same reference; name two entities")
    judgement = cur.Judgement.new(kind, graph.base, by=by, a=refs[0], b=refs[1])
    cur.record(curation_path, judgement, graph.base)
    return judgement


def _entity_ref(text: str, entities: Sequence[lookup.Named], base: str) -> EntityRef:
    """A name stays a name (it is matched to every entity that bears it on the next build);
    an IRI, CURIE or Wikidata id becomes the path of the node it names now."""
    value = text.strip()
    iri = lookup.find(value, entities, base)
    looks_like_id = value.startswith(("<", ":", "http://", "https://", "wd:")) or "/" in value or (
        value[:1] == "Q" and value[1:].isdigit())
    if looks_like_id and iri.startswith(base):
        return EntityRef(path=iri[len(base):])
    return EntityRef(name=value)


def _to_rdflib(term: ox.Term):  # type: ignore[no-untyped-def]
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))


def list_facts(*, curation_path: Path | str, store_dir: Path | str | None = None, pending: bool = False,
               below: float | None = None, company: str | None = None) -> list[FactRow]:
    """The facts of the last build with their review state, filtered as ``kg review list`` asks."""
    graph = Graph.open(store_dir)
    rows = _reviewed(graph, cur.load(curation_path, graph.base))
    if company is not None:
        rows = _about(rows, company, graph)
    if pending:
        rows = [r for r in rows if r.state == "pending"]
    if below is not None:
        rows = _below(rows, below)
    return rows


def _reviewed(graph: Graph, curation: cur.Curation) -> list[FactRow]:
    """Every fact of the store with its review state and notes, and every fact a judgement
    rejected before the build (no longer in the store), in IRI order."""
    facts = graph.facts()
    by_fact = curation.by_fact()
    for iri, row in facts.items():
        row.state = curation.state(iri)
        row.note = _note(by_fact.get(iri, []))
    for iri, js in by_fact.items():
        rejection = next((j for j in js if j.kind == "reject"), None)
        if iri not in facts and rejection is not None:
            facts[iri] = FactRow(iri, cur.fact_kind(iri, graph.base), "rejected", quote=rejection.quote or "",
                                 note=_note(js))
    return sorted(facts.values(), key=lambda r: r.fact)


def _about(rows: list[FactRow], company: str, graph: Graph) -> list[FactRow]:
    """The facts about the company ``company`` names; a rejected fact, no longer in the
    store, by the company's key in its IRI."""
    target = lookup.find(company, graph.entities(), graph.base, what="company")
    key = target.rsplit("/", 1)[-1]
    return [r for r in rows if target in r.about or (not r.about and f"/{key}/" in r.fact)]


def _below(rows: list[FactRow], below: float) -> list[FactRow]:
    """The facts whose lowest confidence is under ``below`` (a fact without one is not)."""
    if not 0 <= below <= 1:
        raise UsageError(f"--below {below}: a confidence is between 0 and 1")
    return [r for r in rows if r.confidence is not None and r.confidence < Decimal(str(below))]


def _note(js: Sequence[cur.Judgement]) -> str:
    parts = []
    for j in sorted(js, key=lambda x: x.id):
        if j.kind == "reject":
            parts.append(f"rejected by {j.by}: {j.reason}")
        elif j.kind == "correct":
            parts.append(f"{j.prop} = {cur._term_text(j.value)} (by {j.by})")
        elif j.kind == "accept":
            parts.append(f"accepted by {j.by}")
    return "; ".join(parts)


def format_rows(rows: Sequence[FactRow], base: str = DEFAULT_BASE, width: int = 100) -> str:
    """A readable listing: one block per fact, its quote indented below it."""
    if not rows:
        return "no facts to review"
    out = []
    for r in rows:
        fact = ":" + r.fact[len(base):] if r.fact.startswith(base) else r.fact
        conf = f"{r.confidence:.2f}" if r.confidence is not None else "-"
        article = r.article.rsplit("/", 1)[-1]
        head = f"{r.state:<9} {conf:>4}  {fact}" + (f"  [{article}]" if article else "")
        out.append(head)
        if r.quote:
            out.append(textwrap.fill(f"“{' '.join(r.quote.split())}”", width=width, initial_indent="    ",
                                     subsequent_indent="    ", max_lines=3, placeholder=" …”"))
        if r.note:
            out.append(f"    {r.note}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.state] = counts.get(r.state, 0) + 1
    out.append(f"({len(rows)} fact(s): " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + ")")
    return "\n".join(out)


def describe(j: cur.Judgement, base: str = DEFAULT_BASE) -> str:
    return j.describe(base)


__all__ = ["DEFAULT_STORE", "FactRow", "PREFIXES", "format_rows", "judge_entities", "judge_fact", "list_facts"]
