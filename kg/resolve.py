"""Entity resolution over the whole corpus: one node per real organisation.

The extractor names each entity within its article (a key such as ``zentara``); which
of those are one organisation can only be decided once every article is known. This
module decides it, after extraction and before the article graphs are final:

1. **Names, not keys.** Every surface name of an entity is reduced to a *form*
   (:mod:`kg.names`): folded
   to ASCII, lower case, legal forms removed (``cleanco``'s table of legal terms, less the
   ones that are ordinary words, plus the post-Soviet prefixes ``PJSC``, ``OOO``...), each
   word singular. No other word is dropped: "Norvik Shipping" and "Norvik Energy" are two
   forms, and never one node by name.
2. **Full names link.** Entities that share a *full* form (one that is not a shorter
   part or an acronym of another of the entity's own names) are one node; so are
   spellings that differ only by transliteration ("Sovcomflot"/"Sovkomflot",
   "Zhong Xing"/"Zhongxing", accents). Gazetteer ids (Wikidata) win: the same Q-id is
   one node, two different Q-ids never are.
3. **Short names join only when it is clear.** A name that is the start of longer
   names ("Zentara", "Norvik") or their acronym ("SMIC") joins a longer one only when
   exactly one node in the whole corpus fits it; else the node whose distinguishing
   words the article's own text uses (an article about "Norvik" that talks of tankers
   and vessels is about Norvik Shipping); else it stays a node of its own. A longer
   name whose extra words say region or arm ("Acme Europe", "Acme Bank") is a
   subsidiary, never a fit.
4. **Judgements override.** ``same`` judgements join, ``different`` ones keep apart,
   whatever the rules say (:mod:`kg.curation` stores them).
5. **Order-independent.** Entities are visited sorted by article id and path, and each
   step decides from sets, so any order of the articles gives the same nodes.

Descriptions ("the company", "the Chinese firm") are resolved within their article by
the extractor; here they are dropped as names (:func:`is_description`); the article
graph keeps them as mention evidence (``kg:describedAs``, see :mod:`kg.mapping`).

This module turns entities into records, applies the judgements, names each node's IRI
path and merges its entity; :mod:`kg.linking` holds rules 2 and 3, :mod:`kg.names` the forms.

>>> from kg.models import Entity
>>> r = resolve([
...     ("a1", [Entity("zentara", "company", "Zentara")]),
...     ("a2", [Entity("zentara-robotics", "company", "Zentara Robotics")]),
... ])
>>> r.renames["a1"]
{'zentara': 'zentara-robotics'}
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.linking import Clusters, Record, link
from kg.models import COMPANY, LIST, PERSON, Entity, Extraction, slug
from kg.names import Form, initials, is_acronym, name_form, plain_words, skeleton, starts

# is_description stays in this module rather than in kg.names: kg.mapping writes what it
# decides into every article's cached graph, and the build cache's key hashes this file.
_DESCRIPTION = re.compile(r"^(?:the|a|an|its|their|this|that)\s", re.I)


def is_description(name: str) -> bool:
    """A descriptive reference ("the company", "the Chinese firm"), not a name.

    The extractor keeps the names it reads without a leading article ("The Limited" is
    read as "Limited"), so a surface form that starts with one, or has no capital letter
    at all, describes a company rather than naming it.

    >>> is_description("the Chinese firm"), is_description("Kelmora Corp"), is_description("brand")
    (True, False, True)
    """
    text = name.strip()
    return bool(_DESCRIPTION.match(text) and text[:1].islower()) or not any(c.isupper() or c.isdigit()
                                                                         for c in text)


# --------------------------------------------------------------------- judgements


@dataclass(frozen=True)
class EntityRef:
    """An entity as a judgement names it: the path of its IRI under the base as the user
    saw it (``org/zentara``) and/or a name they typed ("Zentara Robotics")."""

    path: str | None = None
    name: str | None = None

    def describe(self) -> str:
        return self.name or self.path or "?"


@dataclass(frozen=True)
class Identity:
    """A same/different judgement on two entities (:mod:`kg.curation` reads them)."""

    id: str  # the judgement's IRI
    same: bool
    a: EntityRef
    b: EntityRef


# ----------------------------------------------------------------------- records


def entity_path(e: Entity) -> str:
    return {PERSON: "person", LIST: "list"}.get(e.kind, "org") + "/" + e.key


def _record(index: int, article: str, e: Entity) -> Record:
    """One entity of one article, its names sorted into *strong* forms (the ones it may be
    joined by) and *weak* ones (a shorter part or an acronym of another of its names, which
    may well name another company elsewhere)."""
    forms = _forms(e)
    weak = _weak_forms(forms)
    strong = frozenset(forms) - weak or frozenset(forms)
    conflicted = any(_clash(f, g) for f in strong for g in strong)
    return Record(index, article, e, entity_path(e), e.key, forms, strong, weak, conflicted)


def _forms(e: Entity) -> dict[Form, list[str]]:
    """Each form of the entity's names -> its surface names, in the article's order.
    Descriptions are not names; an entity that has nothing else keeps its name."""
    names = [n for n in dict.fromkeys((e.name, *e.aliases)) if n and not is_description(n)] or [e.name]
    forms: dict[Form, list[str]] = {}
    for n in names:
        forms.setdefault(name_form(n), []).append(n)
    return forms


def _weak_forms(forms: Mapping[Form, list[str]]) -> frozenset[Form]:
    """The forms that abbreviate another of the entity's names: its start, its acronym, or
    any all-capitals word (when the entity also has a name of several words)."""
    several_words = any(len(f) > 1 for f in forms)
    return frozenset(f for f, surfaces in forms.items()
                     if any(_abbreviates(f, g, g_surfaces) for g, g_surfaces in forms.items() if g != f)
                     or (several_words and len(f) == 1 and all(is_acronym(s) for s in surfaces)))


def _abbreviates(short: Form, form: Form, surfaces: Iterable[str]) -> bool:
    """``short`` is the start of ``form``, or one word that is the initials of one of its
    surface names ("SMIC")."""
    return starts(form, short) or (len(short) == 1 and any(short[0] in initials(s) for s in surfaces))


def _clash(f: Form, g: Form) -> bool:
    """Two names of one entity that share their first word, neither being the start of the
    other nor another spelling of it ("Norvik Shipping" and "Norvik Energy"): the extractor
    conflated two companies, so the entity must link nobody by these names."""
    return f != g and f[0] == g[0] and f[:len(g)] != g and g[:len(f)] != f and skeleton(f) != skeleton(g)


# ---------------------------------------------------------------------- resolve


@dataclass
class Resolution:
    """What resolution decided: each article's keys renamed to the corpus's, and one
    merged :class:`Entity` per node (by IRI path)."""

    renames: dict[str, dict[str, str]]  # article id -> {local key: node key} (only the keys that change)
    entities: dict[str, Entity]  # node path -> merged entity
    members: dict[str, list[tuple[str, str]]]  # node path -> (article id, local path) of its records
    stale: list[Identity] = field(default_factory=list)  # judgements that name no entity
    conflicts: list[Identity] = field(default_factory=list)  # same-judgements a different one forbids

    def key_map(self, article: str) -> dict[str, str]:
        return self.renames.get(article, {})


def _matches(ref: EntityRef, r: Record, node_of: Mapping[int, str] | None = None) -> bool:
    if ref.path is not None and (r.path == ref.path or (node_of is not None and node_of.get(r.index) == ref.path)):
        return True
    if ref.name is not None:
        form = name_form(ref.name)
        return form in r.strong or any(skeleton(form) == skeleton(f) for f in r.strong)
    return False


def resolve(groups: Iterable[tuple[str, Sequence[Entity]]], texts: Mapping[str, str] | None = None,
            judgements: Sequence[Identity] = (), gazetteer_index: Mapping[tuple[str, ...], tuple[str, str | None]]
            | None = None) -> Resolution:
    """Resolve the entities of every article (``(article id, entities)`` pairs) into nodes.

    ``texts`` (article id -> text) lets an ambiguous short name be settled by its own
    article; ``judgements`` are applied over the rules; ``gazetteer_index`` (form -> key,
    Q-id) anchors names the extractor did not link to the gazetteer (default: the
    package's gazetteer).
    """
    records = _records(groups)
    gaz = gazetteer_companies() if gazetteer_index is None else gazetteer_index
    texts = texts or {}
    for r in records:
        _tag_or_anchor(r, gaz)
    stale, sides = _judged(records, judgements, texts)
    clusters = Clusters(records)
    conflicts = [j for j, a, b in sides if j.same and not _join_judged(clusters, a, b)]
    nodes = _resolve(records, texts, clusters)
    return _result(records, nodes, stale, conflicts)


def _records(groups: Iterable[tuple[str, Sequence[Entity]]]) -> list[Record]:
    """Every entity of every article as a record, sorted by article id, path and name: the
    rules visit records in this order, so the order the articles come in does not matter."""
    pairs = sorted(((a, e) for a, es in groups for e in es), key=lambda p: (p[0], entity_path(p[1]), p[1].name))
    return [_record(i, a, e) for i, (a, e) in enumerate(pairs)]


def _tag_or_anchor(r: Record, gaz: Mapping[Form, tuple[str, str | None]]) -> None:
    """Tag a record with its Wikidata id (two ids never join). A company the extractor did
    not link to the gazetteer, but whose strong names are one entry's, becomes that entry
    (its key and Q-id): the gazetteer knows the company by a name the extractor missed."""
    if r.entity.wikidata:
        r.tags.add(("wd", r.entity.wikidata))
        return
    if not r.path.startswith("org/") or r.entity.canonical:
        return
    anchors = {gaz[f] for f in r.strong if f in gaz}
    if len(anchors) != 1:
        return
    key, wikidata = next(iter(anchors))
    r.path = "org/" + key
    r.anchored = True
    r.entity = Entity(key=key, kind=r.entity.kind, name=r.entity.name, aliases=r.entity.aliases,
                      wikidata=wikidata, canonical=False)
    if wikidata:
        r.tags.add(("wd", wikidata))


def _judged(records: list[Record], judgements: Sequence[Identity], texts: Mapping[str, str]
            ) -> tuple[list[Identity], list[tuple[Identity, list[int], list[int]]]]:
    """The judgements that name no record (stale), and each other one with the records its
    two sides name. A side is matched against the nodes the rules alone make (a user names
    what they saw); the sides of a ``different`` judgement are tagged so no union joins them."""
    node_of = _plain_nodes(records, texts) if judgements else {}
    stale: list[Identity] = []
    sides: list[tuple[Identity, list[int], list[int]]] = []
    for n, j in enumerate(judgements):
        a = [r.index for r in records if _matches(j.a, r, node_of)]
        b = [r.index for r in records if _matches(j.b, r, node_of)]
        if not a or not b:
            stale.append(j)
            continue
        sides.append((j, a, b))
        if not j.same:
            for side, members in (("a", a), ("b", b)):
                for i in members:
                    records[i].tags.add(("diff", str(n), side))
    return stale, sides


def _plain_nodes(records: list[Record], texts: Mapping[str, str]) -> dict[int, str]:
    """Record index -> the path of its node by the rules alone, without judgements."""
    return {i: path for path, members in _resolve(records, texts).items() for i in members}


def _join_judged(clusters: Clusters, a: list[int], b: list[int]) -> bool:
    """Join the records of a ``same`` judgement's two sides; False when a ``different``
    judgement or two Wikidata ids refused any of the unions (the judgement conflicts)."""
    before = len(clusters.conflicts)
    for i in a[1:] + b:
        clusters.union(a[0], i, force=True)
    return len(clusters.conflicts) == before


def _resolve(records: list[Record], texts: Mapping[str, str],
             clusters: Clusters | None = None) -> dict[str, list[int]]:
    """Node path -> record indexes, by the rules of the module docstring."""
    return _name_nodes(records, link(records, texts, clusters))


def _name_nodes(records: list[Record], groups: dict[int, list[int]]) -> dict[str, list[int]]:
    """Each cluster's IRI path: the gazetteer's key; else the extractor's key that says its
    fullest name; else a slug of that name. Two clusters that want one path: the one whose
    names sort first keeps it, the other takes its full name (then a hash of its names)."""
    wants = [_wants(records, members) for members in groups.values()]
    taken: dict[str, list[int]] = {}
    for signature, choices, members in sorted(wants, key=lambda w: w[0]):
        taken[_first_free(choices, taken, signature)] = members
    return taken


def _wants(records: list[Record], members: list[int]) -> tuple[tuple, list[str], list[int]]:
    """A cluster's signature (its forms and paths: clusters choose paths in this order), the
    paths it wants, best first, and its members."""
    rs = [records[i] for i in sorted(members)]
    choices = _fixed_paths(rs) or _company_paths(rs)
    signature = (tuple(sorted({f for r in rs for f in r.strong})), tuple(sorted(r.path for r in rs)))
    return signature, list(dict.fromkeys(choices)), sorted(members)


def _fixed_paths(rs: list[Record]) -> list[str]:
    """The paths of a node that the gazetteer or Wikidata names, or of a person or a list
    (as the extractor keys them); empty for a company named by the text alone."""
    canonical = sorted({r.path for r in rs if r.entity.canonical or r.anchored or r.entity.wikidata})
    if canonical or rs[0].path.split("/", 1)[0] != "org":
        return canonical or sorted({r.path for r in rs})
    return []


def _company_paths(rs: list[Record]) -> list[str]:
    """A company's paths: the extractor's keys that say its fullest name (the most used
    first), the keys of conflated entities, then slugs of its fullest names."""
    full = _full_names(rs)
    keys = Counter(r.entity.key for r in rs)
    wanted = {slug(" ".join(f)) for f in full} | {slug(" ".join(_loose(f))) for f in full}
    fitting = sorted((k for k in keys if k in wanted), key=lambda k: (-keys[k], -k.count("-"), k))
    conflicted = sorted(r.entity.key for r in rs if r.conflicted)
    return [f"org/{k}" for k in fitting + conflicted] + [f"org/{slug(' '.join(f))}" for f in full]


def _full_names(rs: list[Record]) -> list[Form]:
    """The words of a node's fullest names, longest first: as written (legal forms aside),
    else their forms. A conflated entity's names count only when the node has no other."""
    strong = {f for r in rs for f in r.strong if not r.conflicted} or {f for r in rs for f in r.strong}
    fullest = _fullest(strong)
    words = sorted({plain_words(s) for r in rs for f in fullest for s in r.forms.get(f, ())},
                   key=lambda w: (-len(w), w))
    return words or sorted(strong, key=lambda f: (-len(f), f))


def _fullest(forms: set[Form]) -> set[Form]:
    """The forms no other of ``forms`` starts with: "Norvik Shipping", not "Norvik"."""
    return {f for f in forms if not any(starts(g, f) for g in forms)}


def _first_free(choices: list[str], taken: Mapping[str, list[int]], signature: tuple) -> str:
    """The first of ``choices`` no cluster has taken; else the first with a hash of the
    cluster's signature (the same from build to build)."""
    for path in choices:
        if path not in taken:
            return path
    tag = hashlib.sha256(repr(signature).encode("utf-8")).hexdigest()[:6]
    return f"{choices[0]}-{tag}"


_LOOSE_TAIL = frozenset({"technology", "technologies", "group", "holding", "holdings", "international",
                         "electronics", "intl"})


def _loose(form: tuple[str, ...]) -> tuple[str, ...]:
    """A form without trailing generic business words, as the extractor's keys drop them."""
    out = list(form)
    while len(out) > 1 and out[-1] in _LOOSE_TAIL:
        out.pop()
    return tuple(out)


def rename(x: Extraction, renames: Mapping[str, str]) -> Extraction:
    """``x`` with its entity keys replaced by the nodes' keys (facts follow their entities;
    a fact's key is minted from its entities', so its IRI follows too)."""
    if not renames:
        return x

    def k(key: str | None) -> str | None:
        return None if key is None else renames.get(key, key)

    entities: dict[str, Entity] = {}
    for e in x.entities:
        new = replace(e, key=k(e.key), maintained_by=k(e.maintained_by))
        if new.key in entities:  # two of the article's entities are one node
            old = entities[new.key]
            new = replace(old, aliases=tuple(sorted(set(old.aliases) | {new.name, *new.aliases} - {old.name})))
        entities[new.key] = new
    return replace(
        x,
        entities=tuple(entities[key] for key in sorted(entities)),
        sanctions=tuple(replace(s, target=k(s.target), authority=k(s.authority), list=k(s.list))
                        for s in x.sanctions),
        court_orders=tuple(replace(o, court=k(o.court), judge=k(o.judge), in_favor_of=k(o.in_favor_of),
                                   target=k(o.target),
                                   concerns=None if o.concerns is None else
                                   (o.concerns[0], *(k(p) or "" for p in o.concerns[1:])))
                           for o in x.court_orders),
        metrics=tuple(replace(m, company=k(m.company)) for m in x.metrics),
    )


def _result(records: list[Record], nodes: dict[str, list[int]], stale: list[Identity],
            conflicts: list[Identity]) -> Resolution:
    renames: dict[str, dict[str, str]] = {}
    entities: dict[str, Entity] = {}
    members: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(nodes):
        rs = [records[i] for i in nodes[path]]
        key = path.split("/", 1)[1]
        for r in rs:
            if r.local != key:
                renames.setdefault(r.article, {})[r.local] = key
        entities[path] = _merge(key, rs)
        members[path] = sorted({(r.article, r.path.split("/", 1)[0] + "/" + r.local) for r in rs})
    return Resolution(renames=renames, entities=entities, members=members, stale=stale, conflicts=conflicts)


def _merge(key: str, rs: list[Record]) -> Entity:
    """A node's entity: the gazetteer's name and kind when a record is the gazetteer's, else
    the name its articles use most; every other name is an alias."""
    canonical = next((r.entity for r in rs if r.entity.canonical), None)
    name = canonical.name if canonical else _most_used_name(rs)
    surfaces = [s for r in rs for f in sorted(r.forms) for s in r.forms[f]]
    aliases = sorted(set(surfaces) - {name})
    first = canonical or next((r.entity for r in rs if r.entity.wikidata), rs[0].entity)
    return Entity(key=key, kind=_merged_kind(rs, canonical), name=name, aliases=tuple(aliases),
                  wikidata=first.wikidata, country=first.country, maintained_by=first.maintained_by,
                  canonical=canonical is not None)


def _merged_kind(rs: list[Record], canonical: Entity | None) -> str:
    """The gazetteer's kind; else company when any of the node's articles says company,
    else the kind most of them say (then a-z)."""
    if canonical:
        return canonical.kind
    kinds = Counter(r.entity.kind for r in rs)
    return COMPANY if COMPANY in kinds else sorted(kinds, key=lambda k: (-kinds[k], k))[0]


def _most_used_name(rs: list[Record]) -> str:
    """The node's fullest name (no other of its names extends it) that most articles use,
    then the shortest, then a-z."""
    fullest = _fullest({f for r in rs for f in r.strong})
    best: Counter[str] = Counter()
    for r in rs:
        best.update({s for f in fullest for s in r.forms.get(f, ())})
    return sorted(best, key=lambda n: (-best[n], len(n), n))[0]


@lru_cache(maxsize=1)
def gazetteer_companies() -> dict[tuple[str, ...], tuple[str, str | None]]:
    """Form of every gazetteer company label and alias -> (key, Q-id); a form two entries
    share is left out (it anchors nothing)."""
    from kg.extract import gazetteer

    seen: dict[tuple[str, ...], set[tuple[str, str | None]]] = defaultdict(set)
    for entry in gazetteer.load().entries.values():
        if entry.kind != COMPANY:
            continue
        for n in (entry.label, *entry.aliases):
            if not is_acronym(n):
                seen[name_form(n)].add((entry.key, entry.wikidata))
    return {f: next(iter(v)) for f, v in seen.items() if len(v) == 1}
