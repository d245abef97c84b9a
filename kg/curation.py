"""Judgements as data: the curation file, and how a build applies it.

An analyst never edits the output. Each decision -- accept, reject or correct a fact;
two entity references are the same, or different -- is one *judgement*, stored with who
made it and when (``prov:wasAttributedTo``, ``prov:generatedAtTime``) in a Turtle file
(default ``./curation.ttl``) that a person can read and diff. Every build reads the file
and applies it again (:func:`apply_to_graph` for facts; ``same``/``different`` go to
:func:`kg.resolve.resolve`), so a correction survives any number of re-extractions.
This is nomenklatura's resolver file and zavod's review table, as RDF.

A later judgement on the same thing replaces the earlier one (accepting a fact you had
rejected; ``same`` after ``different`` on one pair): judgement IRIs are minted from what
they are about, so the file holds one current decision per fact, per corrected property
and per pair of entities. Writes hold a lock and replace the file atomically, so two
writers never lose a judgement (:func:`record`).

>>> j = Judgement.new("reject", "https://w3id.org/newskg/id/", fact="https://w3id.org/newskg/id/sanction/acme/-",
...                   reason="a customer, not the target", by="ann", at="2025-01-02T03:04:05Z")
>>> j.kind, j.id.startswith("https://w3id.org/newskg/id/curation/")
('reject', True)
"""

from __future__ import annotations

import datetime as _dt
import getpass
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from filelock import FileLock, Timeout
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg import write
from kg.errors import InputError, UsageError
from kg.resolve import EntityRef, Identity
from kg.vocab import DEFAULT_BASE, KG, OA, PREFIXES, PROV, RDF, RDFS, UNIT, XSD

DEFAULT_FILE = Path("curation.ttl")
KINDS = ("accept", "reject", "correct", "same", "different")
CLASS_OF = {"accept": KG.Acceptance, "reject": KG.Rejection, "correct": KG.Correction,
            "same": KG.SameEntity, "different": KG.DifferentEntity}
KIND_OF = {v: k for k, v in CLASS_OF.items()}
FACT_PREFIXES = {"sanction": KG.Sanction, "order": KG.CourtOrder, "metric": KG.Metric}
_LOCK_TIMEOUT = 30.0


def graph_iri(base: str = DEFAULT_BASE) -> str:
    """The named graph judgements live in: ``<base>graph/curation``."""
    return base + "graph/curation"


# -------------------------------------------------------------------- properties


def _concept(*names: str):  # type: ignore[no-untyped-def]
    def parse(value: str) -> URIRef:
        local = value.strip().removeprefix("kg:").split("#")[-1]
        for n in names:
            if n.lower() == local.lower():
                return KG[n]
        raise UsageError(f"{value!r} is not one of {', '.join(names)}")
    return parse


_DATE_FORM = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _date(value: str) -> Literal:
    text = value.strip()
    if not _DATE_FORM.match(text):
        raise UsageError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        if len(text) == 10:
            _dt.date.fromisoformat(text)
        elif len(text) == 7:
            _dt.date.fromisoformat(text + "-01")
    except ValueError:
        raise UsageError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return Literal(text, datatype={10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(text)])


def _day(value: str) -> Literal:
    lit = _date(value)
    if lit.datatype != XSD.date:
        raise UsageError(f"{value!r} is not a day (YYYY-MM-DD)")
    return lit


def _decimal(value: str) -> Literal:
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise UsageError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise UsageError(f"{value!r} is not a number")
    return Literal(format(number.normalize(), "f"), datatype=XSD.decimal)


def _unit(value: str) -> URIRef:
    text = value.strip().removeprefix("unit:").removeprefix(str(UNIT))
    aliases = {"%": "PERCENT", "percent": "PERCENT", "count": "NUM", "num": "NUM"}
    text = aliases.get(text.lower(), text)
    if re.fullmatch(r"[A-Za-z]{3}", text):
        text = "CCY_" + text.upper()
    if not re.fullmatch(r"PERCENT|NUM|CCY_[A-Z]{3}", text):
        raise UsageError(f"{value!r} is not a unit (PERCENT, NUM, or a currency like EUR or unit:CCY_EUR)")
    return UNIT[text]


_PERIOD = re.compile(r"^\d{4}(?:-(?:Q[1-4]|H[12]|\d{2}))?$")


def _period(value: str) -> Literal:
    if not _PERIOD.match(value.strip()):
        raise UsageError(f"{value!r} is not a period (2021, 2021-Q1, 2021-H1 or 2021-03)")
    return Literal(value.strip())


def _text(value: str) -> Literal:
    if not value.strip():
        raise UsageError("the value is empty")
    return Literal(value.strip())


def _entity(value: str) -> URIRef:
    """An entity IRI; names are turned into IRIs by the caller (:mod:`kg.review`), which
    can look them up in the store."""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", value):
        raise UsageError(f"{value!r} is not an entity IRI")
    return URIRef(value)


# property -> (IRI, parser, the fact types it belongs to)
PROPERTIES: dict[str, tuple[URIRef, object, tuple[str, ...]]] = {
    "status": (KG.status, _concept("Active", "Suspended", "Lifted", "Proposed"), ("sanction",)),
    "startDate": (KG.startDate, _date, ("sanction",)),
    "endDate": (KG.endDate, _date, ("sanction",)),
    "effect": (KG.effect, _text, ("sanction",)),
    "target": (KG.target, _entity, ("sanction",)),
    "imposedBy": (KG.imposedBy, _entity, ("sanction",)),
    "listedOn": (KG.listedOn, _entity, ("sanction",)),
    "orderType": (KG.orderType, _concept("PreliminaryInjunction", "FinalOrder", "Ruling", "OtherOrder"),
                  ("order",)),
    "date": (KG.date, _date, ("order",)),
    "issuedBy": (KG.issuedBy, _entity, ("order",)),
    "judge": (KG.judge, _entity, ("order",)),
    "inFavorOf": (KG.inFavorOf, _entity, ("order",)),
    "company": (KG.company, _entity, ("metric",)),
    "measure": (KG.measure, _concept("Revenue", "NetIncome", "OperatingProfit", "Shipments", "MarketShare",
                                     "Users", "Employees"), ("metric",)),
    "value": (KG.value, _decimal, ("metric",)),
    "unit": (KG.unit, _unit, ("metric",)),
    "period": (KG.period, _period, ("metric",)),
    "periodStart": (KG.periodStart, _day, ("metric",)),
    "periodEnd": (KG.periodEnd, _day, ("metric",)),
    "segment": (KG.segment, _text, ("metric",)),
    "change": (KG.change, _concept("YearOverYear", "QuarterOverQuarter"), ("metric",)),
}
ENTITY_PROPERTIES = frozenset(n for n, (_, parser, _) in PROPERTIES.items() if parser is _entity)


def fact_kind(fact: str, base: str = DEFAULT_BASE) -> str:
    """``sanction``, ``order`` or ``metric`` from a fact IRI under ``base``."""
    local = fact[len(base):] if fact.startswith(base) else ""
    kind = local.split("/", 1)[0]
    if kind not in FACT_PREFIXES:
        raise UsageError(f"{fact} is not a fact (a sanction/, order/ or metric/ IRI under {base})")
    return kind


def property_name(prop: str) -> str:
    """``status`` from ``status``, ``kg:status`` or the full IRI; :class:`UsageError` if unknown."""
    local = prop.strip().removeprefix("kg:").split("#")[-1]
    for name in PROPERTIES:
        if name.lower() == local.lower():
            return name
    import difflib

    close = difflib.get_close_matches(local, list(PROPERTIES), n=3, cutoff=0.5)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise UsageError(f"no property {prop!r} to correct{hint}; properties: {', '.join(PROPERTIES)}")


def parse_value(fact: str, prop: str, value: str, base: str = DEFAULT_BASE) -> tuple[str, Node]:
    """``(property name, RDF term)`` for a correction of ``fact``; :class:`UsageError` when
    the property does not belong to that kind of fact or the value is not of its type."""
    name = property_name(prop)
    iri, parser, kinds = PROPERTIES[name]
    kind = fact_kind(fact, base)
    if kind not in kinds:
        allowed = [n for n, (_, _, ks) in PROPERTIES.items() if kind in ks]
        raise UsageError(f"a {kind} has no property {name}; its properties: {', '.join(allowed)}")
    try:
        return name, parser(value)  # type: ignore[operator]
    except UsageError as exc:
        raise UsageError(f"{name}: {exc}") from None


# -------------------------------------------------------------------- judgements


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a container
        return "unknown"


@dataclass(frozen=True)
class Judgement:
    """One decision. ``fact`` for accept/reject/correct; ``a``/``b`` for same/different."""

    id: str
    kind: str
    by: str
    at: str  # xsd:dateTime, UTC
    fact: str | None = None
    prop: str | None = None  # property name (PROPERTIES) of a correction
    value: Node | None = None  # corrected value
    extracted: tuple[Node, ...] = ()  # the extracted value(s) when judged
    reason: str | None = None
    quote: str | None = None  # the evidence the analyst saw
    a: EntityRef | None = None
    b: EntityRef | None = None

    @classmethod
    def new(cls, kind: str, base: str, *, by: str | None = None, at: str | None = None,
            **about: object) -> Judgement:
        """A judgement with its IRI minted from what it is about (see the module docstring)."""
        if kind not in KINDS:
            raise UsageError(f"no judgement kind {kind!r}; kinds: {', '.join(KINDS)}")
        fact = about.get("fact")
        if kind in ("accept", "reject"):
            parts: tuple[str, ...] = ("review", str(fact))
        elif kind == "correct":
            parts = ("correct", str(fact), str(about.get("prop")))
        else:
            a, b = about.get("a"), about.get("b")
            refs = sorted(f"{r.path or ''}|{r.name or ''}" for r in (a, b))  # type: ignore[union-attr]
            parts = ("identity", *refs)
        digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]
        return cls(id=f"{base}curation/{digest}", kind=kind, by=by or default_reviewer(),
                   at=at or _now(), **about)  # type: ignore[arg-type]

    @property
    def reviews_fact(self) -> bool:
        return self.kind in ("accept", "reject", "correct")

    def describe(self, base: str = DEFAULT_BASE) -> str:
        def short(iri: str | None) -> str:
            return ":" + iri[len(base):] if iri and iri.startswith(base) else str(iri)

        if self.reviews_fact:
            extra = f" {self.prop} = {_term_text(self.value)}" if self.kind == "correct" else ""
            return f"{self.kind} {short(self.fact)}{extra}"
        def ref(r: EntityRef | None) -> str:
            return repr(r.name) if r and r.name else short(base + r.path) if r and r.path else "?"
        return f"{self.kind} {ref(self.a)} {ref(self.b)}"

    def identity(self, base: str) -> Identity:
        return Identity(id=self.id, same=self.kind == "same", a=self.a or EntityRef(), b=self.b or EntityRef())


def _term_text(term: Node | None) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in PREFIXES.items():
        if isinstance(term, URIRef) and text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


@dataclass
class Curation:
    """The judgements of one curation file, current ones only (one per thing judged)."""

    base: str = DEFAULT_BASE
    judgements: list[Judgement] = field(default_factory=list)
    path: Path | None = None

    def by_fact(self) -> dict[str, list[Judgement]]:
        out: dict[str, list[Judgement]] = {}
        for j in self.judgements:
            if j.fact:
                out.setdefault(j.fact, []).append(j)
        return out

    def identities(self) -> list[Identity]:
        return [j.identity(self.base) for j in self.judgements if j.kind in ("same", "different")]

    def state(self, fact: str) -> str:
        """``rejected``, ``corrected``, ``accepted`` or ``pending``."""
        kinds = {j.kind for j in self.by_fact().get(fact, [])}
        for kind, state in (("reject", "rejected"), ("correct", "corrected"), ("accept", "accepted")):
            if kind in kinds:
                return state
        return "pending"

    def with_judgement(self, j: Judgement) -> Curation:
        kept = [x for x in self.judgements if x.id != j.id]
        if j.kind in ("accept", "reject"):  # accepting a fact undoes its rejection, and back
            kept = [x for x in kept if not (x.fact == j.fact and x.kind in ("accept", "reject"))]
        return replace(self, judgements=sorted([*kept, j], key=lambda x: x.id))

    def to_graph(self) -> Graph:
        """The curation graph (``<base>graph/curation``), as written to the file and the build."""
        g = Graph(identifier=URIRef(graph_iri(self.base)))
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        g.bind("", self.base)
        for j in self.judgements:
            node = URIRef(j.id)
            g.add((node, RDF.type, CLASS_OF[j.kind]))
            agent = URIRef(f"{self.base}agent/{_agent_slug(j.by)}")
            g.add((node, PROV.wasAttributedTo, agent))
            g.add((agent, RDF.type, PROV.Agent))
            g.add((agent, RDFS.label, Literal(j.by)))
            g.add((node, PROV.generatedAtTime, Literal(j.at, datatype=XSD.dateTime)))
            if j.fact:
                g.add((node, KG.judgedFact, URIRef(j.fact)))
            if j.prop:
                g.add((node, KG.correctedProperty, PROPERTIES[j.prop][0]))
            if j.value is not None:
                g.add((node, KG.correctedValue, j.value))
            for v in j.extracted:
                g.add((node, KG.extractedValue, v))
            if j.reason:
                g.add((node, KG.reason, Literal(j.reason)))
            if j.quote:
                g.add((node, KG.evidenceQuote, Literal(j.quote)))
            for ref, iri_p, name_p in ((j.a, KG.firstEntity, KG.firstName), (j.b, KG.secondEntity, KG.secondName)):
                if ref and ref.path:
                    g.add((node, iri_p, URIRef(self.base + ref.path)))
                if ref and ref.name:
                    g.add((node, name_p, Literal(ref.name)))
        return g

    def to_turtle(self) -> bytes:
        header = (f"# newskg curation file: one judgement per subject, applied by every `kg build`.\n"
                  f"# Its triples form the named graph <{graph_iri(self.base)}>.\n"
                  "# Written by `kg review ...`; edit with care (see docs/curation.md).\n")
        return header.encode("utf-8") + self.to_graph().serialize(format="turtle", encoding="utf-8")


def _agent_slug(name: str) -> str:
    from kg.models import slug

    return slug(name)


def _from_graph(g: Graph, base: str, path: Path | None) -> Curation:
    judgements: list[Judgement] = []
    for cls, kind in KIND_OF.items():
        for node in sorted(set(g.subjects(RDF.type, cls)), key=str):
            def one(p: URIRef) -> Node | None:
                return g.value(node, p)

            agent = one(PROV.wasAttributedTo)
            by = str(g.value(agent, RDFS.label) or str(agent).rsplit("/", 1)[-1]) if agent else "unknown"
            at = one(PROV.generatedAtTime)
            prop = one(KG.correctedProperty)
            prop_name = next((n for n, (iri, _, _) in PROPERTIES.items() if iri == prop), None)
            if prop is not None and prop_name is None:
                raise InputError(f"{path}: judgement {node} corrects an unknown property {prop}")

            def ref(iri_p: URIRef, name_p: URIRef) -> EntityRef | None:
                iri, name = one(iri_p), one(name_p)
                if iri is None and name is None:
                    return None
                rel = str(iri)[len(base):] if iri is not None and str(iri).startswith(base) else (
                    str(iri) if iri is not None else None)
                return EntityRef(path=rel, name=str(name) if name is not None else None)

            fact = one(KG.judgedFact)
            if kind in ("accept", "reject", "correct") and fact is None:
                raise InputError(f"{path}: judgement {node} names no kg:judgedFact")
            if kind in ("same", "different") and (ref(KG.firstEntity, KG.firstName) is None
                                                   or ref(KG.secondEntity, KG.secondName) is None):
                raise InputError(f"{path}: judgement {node} needs two entities")
            reason, quote = one(KG.reason), one(KG.evidenceQuote)
            judgements.append(Judgement(
                id=str(node), kind=kind, by=by, at=str(at) if at is not None else "",
                fact=str(fact) if fact is not None else None, prop=prop_name,
                value=one(KG.correctedValue), extracted=tuple(sorted(g.objects(node, KG.extractedValue), key=str)),
                reason=str(reason) if reason is not None else None, quote=str(quote) if quote is not None else None,
                a=ref(KG.firstEntity, KG.firstName), b=ref(KG.secondEntity, KG.secondName)))
    return Curation(base=base, judgements=sorted(judgements, key=lambda j: j.id), path=path)


def load(path: Path | str | None, base: str = DEFAULT_BASE) -> Curation:
    """The judgements in ``path``; an empty curation when the file does not exist.

    A file that is not Turtle, or a judgement that lacks what it needs, is an
    :class:`~kg.errors.InputError` naming the file (the build applies nothing rather
    than half of it)."""
    if path is None:
        return Curation(base=base)
    path = Path(path)
    if not path.exists():
        return Curation(base=base, path=path)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the curation file {path}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds for a bad file
        raise InputError(f"{path} is not a Turtle curation file: {' '.join(str(exc).split())[:200]}") from None
    return _from_graph(g, base, path)


def _lock(path: Path) -> FileLock:
    return FileLock(str(path.with_name(path.name + ".lock")))


def record(path: Path | str, judgement: Judgement, base: str = DEFAULT_BASE) -> Curation:
    """Add ``judgement`` to the file at ``path`` (replacing the earlier one on the same
    thing) under a lock, and replace the file atomically: a writer that comes meanwhile
    waits, then reads the file with this judgement in it."""
    path = Path(path)
    lock = _lock(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=_LOCK_TIMEOUT)
    except Timeout:
        raise UsageError(f"{path} is locked by another writer (lock {lock.lock_file}); try again") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        curation = load(path, base).with_judgement(judgement)
        with write.atomic_file(path) as out:
            out.write(curation.to_turtle())
        return curation
    finally:
        lock.release()


# ----------------------------------------------------------------------- applying


@dataclass
class Applied:
    """What applying judgements to the article graphs did."""

    found: set[str] = field(default_factory=set)  # judged facts that exist in some article graph
    rejected: set[str] = field(default_factory=set)
    corrected: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)


def judged_facts(curation: Curation) -> set[str]:
    return set(curation.by_fact())


def apply_to_graph(g: Graph, curation: Curation, applied: Applied) -> None:
    """Apply the fact judgements to one article graph, in place (the graph is the build's
    own, just mapped): rejected facts leave it with their evidence and the links to them;
    a correction replaces the property's values and links the fact to it
    (``kg:correctedBy``); an acceptance marks the fact (``kg:acceptedBy``)."""
    by_fact = curation.by_fact()
    facts = {str(s) for t in FACT_PREFIXES.values() for s in g.subjects(RDF.type, t)}
    for fact in sorted(facts & set(by_fact)):
        node = URIRef(fact)
        applied.found.add(fact)
        js = by_fact[fact]
        if any(j.kind == "reject" for j in js):
            for ev in list(g.objects(node, KG.evidence)):
                g.remove((ev, None, None))
            g.remove((node, None, None))
            g.remove((None, None, node))
            applied.rejected.add(fact)
            continue
        for j in sorted(js, key=lambda x: x.id):
            if j.kind == "correct" and j.prop and j.value is not None:
                prop = PROPERTIES[j.prop][0]
                g.remove((node, prop, None))
                g.add((node, prop, j.value))
                g.add((node, KG.correctedBy, URIRef(j.id)))
                applied.corrected.add(fact)
            elif j.kind == "accept":
                g.add((node, KG.acceptedBy, URIRef(j.id)))
                applied.accepted.add(fact)


def facts_in_nquads(nquads: str) -> set[str]:
    """The facts (sanctions, court orders, metrics) an article graph's N-Quads type."""
    types = "|".join(re.escape(str(t)) for t in FACT_PREFIXES.values())
    return set(re.findall(r"^<([^>]+)> <" + re.escape(str(RDF.type)) + r"> <(?:" + types + r")>", nquads, re.M))


def stale(curation: Curation, found: Iterable[str]) -> Iterator[Judgement]:
    """Fact judgements whose fact no build graph has any more."""
    have = set(found)
    for j in curation.judgements:
        if j.fact and j.fact not in have:
            yield j


__all__ = ["DEFAULT_FILE", "OA", "Applied", "Curation", "Judgement", "apply_to_graph", "graph_iri", "load",
           "parse_value", "record"]
