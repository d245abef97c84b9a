"""Who imposed a measure: the agent or subject of a sanction verb in the parse, and what the
gazetteer knows about bodies and the lists they keep."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.extract import gazetteer, grammar
from kg.extract.entities import Mention
from kg.extract.frames import country_body, in_dateline
from kg.models import GOVERNMENT, PERSON, Entity

if TYPE_CHECKING:
    from kg.extract.legal_drafts import SanctionDraft

# (lemmas: the lemmatizer is on)
SANCTION_VERBS = ["add", "place", "put", "blacklist", "sanction", "ban", "designate", "list", "name", "declare", "bar",
                  "impose", "sign", "include", "categorize", "classify", "enact", "approve", "adopt", "target", "slap"]
_VERBS = frozenset(SANCTION_VERBS)


def _agent_matches(doc: Doc) -> list[list[int]]:
    """(verb, ..., who) token indices of every agent of a sanction verb, by the verb: "X was added
    ... by <agent>", "<subject> added X ...", and "was declared undesirable ... by X" (the agent hangs
    from the predicate's complement; not "an organisation led by X"). A walk over the parse (a
    DependencyMatcher cost 3 ms a doc)."""
    out: list[list[int]] = []
    for verb in doc:
        if verb.lemma_ not in _VERBS:
            continue
        out.extend([verb.i, by.i, who.i] for by in verb.children if by.dep_ == "agent"
                   for who in by.children if who.dep_ == "pobj")
        if verb.pos_ == "VERB":
            out.extend([verb.i, who.i] for who in verb.children if who.dep_ == "nsubj")
        out.extend([verb.i, by.i, who.i] for by in verb.subtree if by.i != verb.i and by.lower_ == "by"
                   and by.dep_ in ("agent", "prep") and not _of_a_participle(by, verb)
                   for who in by.children if who.dep_ == "pobj")
    return out


def _of_a_participle(by: Token, verb: Token) -> bool:
    """Whether "by" is the agent of a participle that describes a noun other than a measure ("an
    organisation led by Ann Lee", "a firm owned by Bolt"; not "measures announced by the
    ministry"): its agent does not do the sanction verb."""
    head = by.head
    return head.i != verb.i and head.pos_ == "VERB" and head.dep_ in ("acl", "relcl") and (
        head.head.lemma_.lower() not in grammar.measure_words())


class AgentMatches:
    """The agent patterns' matches, found once per doc and looked up per sentence.

    Matching a sentence on its own (``span.as_doc()``) copied the whole doc for each one:
    sentences × tokens. Matches are (verb, ..., who) token indices, sorted by the verb."""

    def __init__(self) -> None:
        self._by_doc: dict[int, tuple[Doc, list[list[int]], list[int]]] = {}

    def within(self, doc: Doc, start: int, end: int) -> list[list[int]]:
        """Matches whose tokens all lie in doc[start:end], by verb (stable, as the matcher gave them)."""
        found = self._by_doc.get(id(doc))
        if found is None or found[0] is not doc:
            matches = _agent_matches(doc)
            found = self._by_doc[id(doc)] = (doc, matches, [ids[0] for ids in matches])
        _, matches, verbs = found
        return [ids for ids in matches[bisect_left(verbs, start):bisect_left(verbs, end)]
                if all(start <= i < end for i in ids)]


def authorities_by_agent(doc: Doc | None, sent_start: int, sent_end: int, offset: int,
                         mentions: list[Mention], agents: AgentMatches) -> list[tuple[int, str]]:
    """The bodies or people that are the agent ('by X') or subject of a sanction verb, each with
    the verb's position in the text, in the verbs' order."""
    if doc is None:
        return []
    span = doc.char_span(sent_start - offset, sent_end - offset, alignment_mode="expand")
    if span is None:
        return []
    out: list[tuple[int, str]] = []
    for token_ids in agents.within(doc, span.start, span.end):
        verb, who = doc[token_ids[0]], doc[token_ids[-1]]
        # (the body the agent's head names before one its subtree names: "the Commerce Department's
        # Bureau of Industry and Security added" is the bureau's act)
        key = next((m.key for t in (who, *who.subtree) for m in mentions
                    if m.kind in (GOVERNMENT, PERSON) and m.start <= t.idx + offset < m.end), None)
        if key is None and who.ent_type_ == "GPE" and not in_dateline(who):  # "Britain sanctioned ...": its government
            entry = gazetteer.load().by_country_name(_entity_text(who))
            key = entry.key if entry is not None else None
        key = key or country_body(who)  # "Japan's cabinet on Friday approved sanctions ...
        if key is not None and all(k != key or p != verb.idx + offset for p, k in out):
            out.append((verb.idx + offset, key))
    return out


def _entity_text(token: Token) -> str:
    """The text of the named entity ``token`` is in, from the token's neighbours (not doc.ents,
    which costs the whole doc on every call)."""
    doc, lo, hi = token.doc, token.i, token.i
    while lo > 0 and doc[lo].ent_iob_ == "I" and doc[lo - 1].ent_type_ == token.ent_type_:
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
        hi += 1
    return doc[lo:hi + 1].text


def agent_for(agents: list[tuple[int, str]], pos: int) -> str | None:
    """The doer of the sanction verb nearest before ``pos`` ('Canada sanctioned A, while
    Australia sanctioned B'), else of the first one."""
    before = [k for p, k in agents if p < pos]
    return before[-1] if before else (agents[0][1] if agents else None)


def gazetteer_entity(key: str) -> Entity:
    """The entity of a gazetteer entry (a government body, a list)."""
    entry = gazetteer.load().entries[key]
    return Entity(key=entry.key, kind=entry.kind, name=entry.label, wikidata=entry.wikidata,
                  country=entry.country, maintained_by=entry.maintained_by, canonical=True)


def keeps_list(body: str, list_key: str) -> bool:
    """Whether a body keeps a list, itself or through a part of it (the Commerce Department keeps
    the Unverified List through its Bureau of Industry and Security; the Treasury does not)."""
    gaz = gazetteer.load()
    keeper = gaz.entries[list_key].maintained_by if list_key in gaz.entries else None
    if keeper is None or keeper == body:
        return True
    return body in (getattr(gaz.entries.get(keeper), "part_of", None),) or keeper == getattr(
        gaz.entries.get(body), "part_of", None)


def same_country(body: str, list_key: str) -> bool:
    """Whether a body and the keeper of a list belong to one government (the Commerce Department
    and its Bureau of Industry and Security do; Japan's trade ministry and China's do not)."""
    gaz = gazetteer.load()
    keeper = gaz.entries[list_key].maintained_by if list_key in gaz.entries else None
    if keeper is None or keeper == body:
        return True
    a, b = gaz.entries.get(body), gaz.entries.get(keeper)
    return a is not None and b is not None and a.country is not None and a.country == b.country


def is_government(key: str | None) -> bool:
    """A government body the gazetteer knows (a country's government included)."""
    entry = gazetteer.load().entries.get(key or "")
    return entry is not None and entry.kind == GOVERNMENT


def may_share_country(body: str | None, other: str | None) -> bool:
    """Whether two bodies (None: unnamed) may be one government's: a body or a person the
    gazetteer does not know ("Foreign Minister Ann Lee") may be."""
    gaz = gazetteer.load()
    a, b = gaz.entries.get(body or ""), gaz.entries.get(other or "")
    if a is None or b is None or a.country is None or b.country is None:
        return True
    return a.country == b.country


def one_per_body(doers: tuple[str, ...]) -> tuple[str, ...]:
    """The doers of one measure without those another one stands inside: a country's government
    when one of its bodies is named ("The Treasury said it had designated ...", its "it" read as
    Washington), a department when its office is ("OFAC, part of the Treasury")."""
    gaz = gazetteer.load()

    def inside(outer: str, inner: str) -> bool:
        a, b = gaz.entries.get(outer), gaz.entries.get(inner)
        if a is None or b is None or outer == inner:
            return False
        return b.part_of == outer or bool(a.country_names and a.country and a.country == b.country
                                          and not b.country_names)

    return tuple(d for d in doers if not any(inside(d, other) for other in doers))


def maintainer(list_key: str | None) -> str | None:
    """The body that keeps a list."""
    entry = gazetteer.load().entries.get(list_key or "")
    return entry.maintained_by if entry else None


def parent_of_keeper(body: str, list_key: str | None) -> bool:
    """Whether ``body`` is the one the keeper of a list belongs to (the Treasury, for the list its
    Office of Foreign Assets Control keeps)."""
    keeper = gazetteer.load().entries.get(maintainer(list_key) or "")
    return keeper is not None and keeper.part_of == body


def best_authority(d: SanctionDraft) -> str | None:
    """The authority of a draft with the highest priority (the lowest number), the first stated."""
    return sorted(d.authorities, key=lambda pk: pk[0])[0][1] if d.authorities else None
