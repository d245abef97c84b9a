"""Organisation and person mentions of an article, and the entities they make.

The passes run in :func:`kg.extract.core.entity_table`, each in the module for its job:

- :mod:`~kg.extract.model_entities`: the model's entities, typed;
- :mod:`~kg.extract.text_mentions` and :mod:`~kg.extract.company_names`: what the model missed;
- :mod:`~kg.extract.coreference`: which mentions name one entity;
- :mod:`~kg.extract.descriptions`: "the Chinese firm" and the company it points back to.

Names are cleaned and keyed by :mod:`~kg.extract.names`. This module merges the mentions
into one :class:`~kg.models.Entity` per key (:func:`build_entities`), and re-exports the
names other modules import from it.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extract import gazetteer
from kg.extract.company_names import find_company_patterns, retype_company_names
from kg.extract.coreference import (
    link_acronyms,
    link_bare_bodies,
    link_people,
    link_short_names,
    propagate_names,
    resolve_list_names,
)
from kg.extract.descriptions import resolve_descriptions
from kg.extract.mentions import EntityTable, Mention, SentenceIndex
from kg.extract.model_entities import CURRENCY_CODES, find_entities
from kg.extract.names import PREFIX_FORMS_SPELLED, clean_name, has_legal_suffix, org_key, person_key, without_title
from kg.extract.text_mentions import (
    drop_term_acronyms,
    find_described_companies,
    find_list_phrases,
    find_styled_names,
    find_titled_people,
)
from kg.models import COMPANY, COURT, GOVERNMENT, LIST, PERSON, Entity, slug

__all__ = [
    "CURRENCY_CODES", "EntityTable", "Mention", "SentenceIndex", "build_entities", "clean_name",
    "drop_term_acronyms", "find_company_patterns", "find_described_companies", "find_entities",
    "find_list_phrases", "find_styled_names", "find_titled_people", "link_acronyms", "link_bare_bodies",
    "link_people", "link_short_names", "org_key", "person_key", "propagate_names", "resolve_descriptions",
    "resolve_list_names", "retype_company_names", "slug",
]


_COMPANY_CONTEXT = re.compile(
    r"\b(compan(?:y|ies)|firms?|\w*makers?|manufacturers?|vendors?|group|brands?|rivals?|competitors?|"
    r"suppliers?|customers?|clients?|partners?|buyers?|carriers?|operators?|providers?|"
    r"streaming|service|platform|app|shares?|stock|investors?|shareholders?|ceo|chief executive|subsidiary|"
    r"giant|conglomerate|chipmaker|corp|inc|ltd)\b", re.I)


def _lower_first(phrase: str) -> str:
    return "the" + phrase[3:] if phrase.startswith("The ") else phrase


def build_entities(table: EntityTable, text: str, fact_keys: set[str],
                   company_keys: frozenset[str] = frozenset()) -> dict[str, Entity]:
    """One Entity per key, with this article's surface forms as aliases.

    Companies not in the gazetteer are kept only when the article treats them as a
    company: they take part in a fact, have a legal suffix, come with company words
    around them, or are named more than once. People are kept only when a fact names them.
    """
    gaz = gazetteer.load()
    entities: dict[str, Entity] = {}
    for key, mentions in sorted(_mentions_by_key(table).items()):
        kind = _entity_kind(key, mentions, company_keys, gaz)
        entry = gaz.entries.get(key)
        if entry is not None:
            entities[key] = _entity(key, kind, mentions, text, entry)
        elif key in fact_keys or _kept_unknown(key, kind, mentions, text, table.confirmed):
            entities[key] = _entity(key, kind, mentions, text, None)
    # Lists name the body that keeps them: that body is an entity too.
    for entity in list(entities.values()):
        if entity.kind == LIST and entity.maintained_by and entity.maintained_by not in entities:
            owner = gaz.entries[entity.maintained_by]
            entities[owner.key] = Entity(key=owner.key, kind=owner.kind, name=owner.label,
                                         wikidata=owner.wikidata, country=owner.country,
                                         canonical=True)
    table.entities = entities
    return entities


def _mentions_by_key(table: EntityTable) -> dict[str, list[Mention]]:
    """The mentions of each key, without those quoted as a source: a key seen only as a source
    anywhere in the article is not an entity."""
    by_key: dict[str, list[Mention]] = {}
    for m in table.mentions:
        if not m.source:
            by_key.setdefault(m.key, []).append(m)
    return by_key


def _entity_kind(key: str, mentions: list[Mention], company_keys: frozenset[str],
                 gaz: gazetteer.Gazetteer) -> str:
    """The kind most of the mentions have (the first by name among equals); a figure's owner
    or a sanction's target is a business unless the gazetteer says otherwise."""
    kinds = Counter(m.kind for m in mentions)
    kind = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    if key in company_keys and kind in (PERSON, GOVERNMENT, COURT, LIST) and key not in gaz.entries:
        return COMPANY
    return kind


def _kept_unknown(key: str, kind: str, mentions: list[Mention], text: str, confirmed: set[str]) -> bool:
    """Whether a key the gazetteer does not know and no fact names is an entity: not a person
    (people matter here as judges and authorities, found with the facts); a company only when
    the text calls it a business, gives it a legal suffix or company words around it, or names
    it more than once."""
    if kind == PERSON:
        return False
    if kind != COMPANY or key in confirmed:
        return True
    named = [m for m in mentions if not m.descriptive]
    return (any(has_legal_suffix(clean_name(m.text)) for m in named)
            or any(_COMPANY_CONTEXT.search(text[max(0, m.start - 30):m.end + 30]) for m in named)
            or len(named) >= 2)


# legal forms written before a name (the key keeps them: "AO Acme Lab" and "Acme Lab" may be
# two companies of one group)
_LEGAL_PREFIX = re.compile(r"^(?:JSC|PJSC|OJSC|CJSC|AO|OAO|PAO|ZAO|OOO|LLC|FSUE|" + PREFIX_FORMS_SPELLED
                           + r")\s+(?=[A-Z\"“])")


def _entity(key: str, kind: str, mentions: list[Mention], text: str, entry: gazetteer.Entry | None) -> Entity:
    """The entity of one key: the gazetteer's name, else the name written most often (the
    shortest among equals; a person's longest name, without a title); the other names and the
    descriptions as aliases."""
    names = [clean_name(m.text) for m in mentions if not m.descriptive]
    # "JSC Volgaport" is also written "Volgaport": an alias, never the name
    unprefixed = [short for n in names if (short := _LEGAL_PREFIX.sub("", n)) != n] if kind == COMPANY else []
    descriptive = [_lower_first(" ".join(text[m.start:m.end].split())) for m in mentions if m.descriptive]
    if entry is not None:
        name = entry.label
    elif kind == PERSON and names:
        name = without_title(max(names, key=len))
    else:
        counts = Counter(names)
        name = sorted(counts, key=lambda n: (-counts[n], len(n), n))[0] if names else key
    aliases = sorted({n for n in names + unprefixed + descriptive if n and n != name})
    return Entity(
        key=key, kind=kind, name=name, aliases=tuple(aliases),
        wikidata=entry.wikidata if entry else None,
        country=entry.country if entry else None,
        maintained_by=entry.maintained_by if entry else None,
        canonical=entry is not None,
    )
