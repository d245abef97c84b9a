"""Names users type -> entity IRIs: a name or alias, a slug, a CURIE, a full IRI or a
Wikidata id (``wd:Q1636958``, ``Q1636958``).

Stored queries' ``company`` parameter and ``kg review`` read entities through here, from
the entity descriptions of the graph they run on (one SPARQL query, :data:`NAMES_QUERY`).
An unknown value is an error that suggests the nearest names, never 0 rows.

>>> names = [Named("https://w3id.org/newskg/id/org/kelmora", "Kelmora", ("Kelmora Corp",), ("Q4242",))]
>>> find("kelmora corp.", names)
'https://w3id.org/newskg/id/org/kelmora'
>>> find("wd:Q4242", names)
'https://w3id.org/newskg/id/org/kelmora'
>>> find("Kelmoro Inc", names)
Traceback (most recent call last):
...
kg.errors.UnknownName: no entity named 'Kelmoro Inc' (did you mean Kelmora?)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kg.errors import UnknownName
from kg.names import name_form, skeleton
from kg.prefixes import DEFAULT_BASE, PREFIXES

WD = PREFIXES["wd"]

#: Every organisation's (or person's) names and Wikidata links, in any graph.
NAMES_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX kg: <https://w3id.org/newskg/ontology#>
SELECT DISTINCT ?e ?label ?alias ?same WHERE {
  GRAPH ?g {
    VALUES ?type { kg:Company kg:Organization kg:GovernmentBody kg:Court kg:Person kg:SanctionList }
    ?e a ?type ; rdfs:label ?label .
    OPTIONAL { ?e skos:altLabel ?alias }
    OPTIONAL { ?e owl:sameAs ?same }
  }
}"""


@dataclass(frozen=True)
class Named:
    """One entity and the names it goes by."""

    iri: str
    label: str
    aliases: tuple[str, ...] = ()
    wikidata: tuple[str, ...] = ()  # Q-ids


def from_rows(rows: Iterable[Sequence[object]]) -> list[Named]:
    """:class:`Named` entities from the rows of :data:`NAMES_QUERY` (terms with ``.value``
    or plain strings; absent values as None)."""
    def text(term: object) -> str | None:
        return None if term is None else str(getattr(term, "value", term))

    found: dict[str, tuple[str, set[str], set[str]]] = {}
    for row in rows:
        e, label, alias, same = (text(t) for t in row)
        if e is None or label is None:
            continue
        entry = found.setdefault(e, (label, set(), set()))
        if alias:
            entry[1].add(alias)
        if same and same.startswith(WD):
            entry[2].add(same[len(WD):])
    return [Named(e, label, tuple(sorted(a)), tuple(sorted(w))) for e, (label, a, w) in sorted(found.items())]


_QID = re.compile(r"^(?:wd:|<?http://www\.wikidata\.org/entity/)?(Q\d+)>?$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def find(value: str, entities: Sequence[Named], base: str = DEFAULT_BASE, what: str = "entity",
         exists: Callable[[str], bool] | None = None) -> str:
    """The IRI of the one entity ``value`` names; :class:`~kg.errors.UnknownName` (one line,
    with the nearest names) when none or several do. ``exists`` says whether an IRI the
    value spells occurs in the graph at all (an entity without a description)."""
    text = value.strip()
    if not text:
        raise UnknownName(f"empty {what} name")
    # identifiers first: a Wikidata id, an IRI, a CURIE of the base, a path or a slug
    if m := _QID.match(text):
        return _by_wikidata(text, m.group(1), entities, what)
    iri = _as_iri(text, base)
    if iri is not None and (iri in {n.iri for n in entities} or (exists is not None and exists(iri))):
        return iri
    for step in _NAME_STEPS:
        hits = step(text, entities)
        if hits:
            return _the_one(text, hits, base)
    raise UnknownName(f"no {what} named {text!r}{_suggest(text, entities, base)}")


def _by_wikidata(text: str, qid: str, entities: Sequence[Named], what: str) -> str:
    """The one entity linked to Wikidata id ``qid``."""
    hits = [n.iri for n in entities if qid in n.wikidata]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UnknownName(f"{text} is the Wikidata id of several entities: {', '.join(hits)}")
    raise UnknownName(f"no {what} has the Wikidata id {qid}")


def _label_hits(text: str, entities: Sequence[Named]) -> list[str]:
    """The entities whose label is ``text``, whatever the case."""
    low = text.casefold()
    return [n.iri for n in entities if n.label.casefold() == low]


def _alias_hits(text: str, entities: Sequence[Named]) -> list[str]:
    """The entities with ``text`` among their aliases, whatever the case."""
    low = text.casefold()
    return [n.iri for n in entities if any(a.casefold() == low for a in n.aliases)]


def _form_hits(text: str, entities: Sequence[Named]) -> list[str]:
    """The entities with a name of the same words as ``text`` but for the legal form
    ("Kelmora Corp." for "kelmora"); else of the same words spelled another way (a
    transliteration: "Sovkomflot" for "Sovcomflot")."""
    form = name_form(text)
    return sorted({n.iri for n in entities for name in (n.label, *n.aliases) if name_form(name) == form}
                  or {n.iri for n in entities for name in (n.label, *n.aliases)
                      if skeleton(name_form(name)) == skeleton(form)})


# How a name finds its entity, closest match first: the first step that finds any decides.
_NAME_STEPS: tuple[Callable[[str, Sequence[Named]], list[str]], ...] = (_label_hits, _alias_hits, _form_hits)


def _the_one(text: str, hits: list[str], base: str) -> str:
    """The one IRI a name found, or an error that lists them all (the user picks one)."""
    if len(hits) > 1:
        raise UnknownName(f"{text!r} names {len(hits)} entities: {', '.join(_short(h, base) for h in hits)}; "
                          "give one of these IRIs")
    return hits[0]


def spelled_iri(value: str, base: str = DEFAULT_BASE) -> str | None:
    """The IRI ``value`` spells (a full IRI, ``<...>``, a CURIE, a path under the base or a
    slug), or None for a name with spaces or punctuation."""
    return _as_iri(value.strip(), base)


def _as_iri(text: str, base: str) -> str | None:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if re.match(r"^[a-z][a-z0-9+.-]*://", text):
        return text
    if text.startswith(":"):
        return base + text[1:]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    if "/" in text and _SLUG.match(text.split("/", 1)[0]):
        return base + text
    if _SLUG.match(text):
        return base + "org/" + text.lower()
    return None


def _short(iri: str, base: str) -> str:
    return ":" + iri[len(base):] if iri.startswith(base) else iri


def _suggest(text: str, entities: Sequence[Named], base: str) -> str:
    names: dict[str, str] = {}
    for n in entities:
        for name in (n.label, *n.aliases, n.iri.rsplit("/", 1)[-1]):
            names.setdefault(name.casefold(), n.label)
    close = difflib.get_close_matches(text.casefold(), list(names), n=8, cutoff=0.6)
    close += difflib.get_close_matches(" ".join(name_form(text)), list(names), n=8, cutoff=0.6)
    # names that share the first word ("Kelmora" for "Kelmora Technologies")
    first = name_form(text)[0]
    close += sorted(n for n in names if name_form(n)[:1] == (first,))
    labels = list(dict.fromkeys(names[c] for c in close))[:3]
    return f" (did you mean {', '.join(labels)}?)" if labels else " (no similar name in the graph)"
