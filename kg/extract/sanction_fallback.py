"""Sanctions read from the cue words when the grammar reads no frame in a sentence: the
companies the cue is about, who imposed the measure, on which list, and what the cues say
of it (imposed, lifted, proposed, in force) and when."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract import gazetteer, sanction_cues
from kg.extract.authorities import agent_for, authorities_by_agent, gazetteer_entity, keeps_list, same_country
from kg.extract.entities import Mention
from kg.extract.legal_drafts import Findings, Imposed, LegalArticle, Recall, SanctionDraft, Sentence, sentence_evidence
from kg.extract.sanction_cues import Cues, earlier_dates
from kg.extract.sanction_targets import cue_targets
from kg.models import PERSON, DateValue

# a sentence about a deal, with no word of a measure against a company: what it blocks or puts
# anywhere is the deal's business, not a sanction
_DEAL = re.compile(r"\b(?:acquisitions?|mergers?|deals?)\b", re.I)
_MEASURE_WORD = re.compile(r"\b(?:sanction\w*|blacklist\w*|list(?:s|ed|ing)?|export\w*|asset\s+freeze)\b", re.I)


@dataclass(frozen=True)
class _Authorities:
    """Who the sentence says imposed its measures, by priority."""

    by_verb: list[tuple[int, str]]  # (position of the sanction verb, its agent or subject)
    specific: list[str]  # the bodies the sentence names, less the whole US government
    body_before: str | None  # the body a sentence just before named, or the carried measure's
    lists: list[str]  # the sentence's lists, or the one it refers back to

    def lead(self, article: LegalArticle) -> str | None:
        """The body a later sentence's "in the same notice" refers to."""
        return next(iter([k for _, k in self.by_verb if article.table.kind_of(k) != PERSON] + self.specific
                         + ([self.body_before] if self.body_before else [])), None)


def fallback_sanctions(article: LegalArticle, sent: Sentence, cues: Cues, recall: Recall, found: Findings,
                       has_court: bool, when_listed: list[DateValue], members_of_last: bool) -> None:
    """Add the measures a sentence's cues state to the drafts. ``when_listed``: the date of the
    additions; ``members_of_last``: the sentence lists members right after one about a list."""
    first = cues.first
    if first is None:
        return
    if cues.lift and not sent.companies and sanction_cues.REVOKED_ORDER.search(sent.text):
        recall.revoked.append(((sent.start, sent.end), sent.dates, cues.lift))
    text = sent.text
    refers = bool(sanction_cues.LIST_ANAPHOR.search(text) or sanction_cues.MEMBERSHIP.search(text))
    inherited = recall.last_list(sent.index, refers, bool(sanction_cues.SAME_LIST.search(text))) or (
        cues.carried.lists if cues.carried else [])
    # a cue word alone ("sanctions", "ban") in a sentence the grammar could not read is too
    # weak: "Apple and Google removed the app after the ban", "Acme's sales fell despite the
    # sanctions". The fallback needs the sentence to name who acts or which list.
    if not (sent.lists or inherited or sent.bodies or (sent.people and cues.impose) or members_of_last):
        return
    if _DEAL.search(text) and not _MEASURE_WORD.search(text):
        return  # "an injunction halting Acme's acquisition of Bolt", "a deal that would have put ...": a deal's fate
    negated = _negated(text, cues)
    targets = cue_targets(article.text, sent, cues, bool(recall.lists))
    if not targets:
        return
    who = _authorities(article, sent, recall, found, inherited, cues)
    near_list = who.lists[0] if who.lists else None
    for m in dict((m.key, m) for m in targets).values():
        if negated and not any(k[0] == m.key for k in found.sanctions):
            continue
        draft = found.sanctions.setdefault((m.key, near_list), SanctionDraft(target=m.key))
        _add_authorities(draft, article, sent, m, who, near_list)
        _add_cues(draft, sent, cues, has_court, when_listed)
    if cues.imposes(has_court):
        recall.last_imposed = Imposed(sent.index, list(who.lists), who.lead(article), when_listed[:1])


def _negated(text: str, cues: Cues) -> bool:
    """"Its larger rival, Acme, was not named", "which is not subject to EU sanctions": the only
    cue is negated, so the sentence states no measure of its own; what it says of a measure
    already read ("agreed to stop adding Acme") is evidence of that one."""
    said = [c for c in (cues.impose, cues.active) if c is not None]  # ("neither lender was sanctioned": both)
    return bool(said) and not (cues.lift or cues.proposed) and all(
        sanction_cues.NEGATED.search(text[max(0, c.start() - 25):c.start()]) for c in said)


def _authorities(article: LegalArticle, sent: Sentence, recall: Recall, found: Findings, inherited: list[str],
                 cues: Cues) -> _Authorities:
    """Who imposed the sentence's measures: the agents of its sanction verbs, the bodies it
    names, or the body a sentence just before named; and the list, when it refers back to one."""
    by_verb = authorities_by_agent(sent.doc, sent.start, sent.end, sent.doc_offset, sent.mentions, article.agents)
    for _, key in by_verb:
        found.add_entity(key, gazetteer_entity)
    bodies = sent.bodies
    specific = [b.key for b in bodies if b.key != "us-government"]
    # "The Treasury Department's Financial Crimes Enforcement Network proposed ...": the part acts
    parents = {getattr(gazetteer.load().entries.get(k), "part_of", None) for k in specific}
    specific = [k for k in specific if k not in parents] + [k for k in specific if k in parents]
    doers = [k for k in ([k for _, k in by_verb] + specific)
             if article.table.kind_of(k) != PERSON and k != "us-government"]
    if not sent.lists and doers:  # "Japan added X to its list": not the list another government keeps
        inherited = [k for k in inherited if any(same_country(d, k) for d in doers)]
    body_before = _body_before(sent, recall) if inherited else None
    if cues.carried and not bodies and cues.carried.authority:
        body_before = cues.carried.authority
    return _Authorities(by_verb, specific, body_before, sent.lists or inherited)


def _body_before(sent: Sentence, recall: Recall) -> str | None:
    """For a sentence that names no body but refers back to a list: the body a sentence at most
    three before named, if it keeps the list this sentence names."""
    if sent.bodies or not recall.bodies or sent.index - recall.bodies[-1][0] > 3:
        return None
    body = recall.bodies[-1][1]
    return body if not sent.lists or keeps_list(body, sent.lists[0]) else None


def _add_authorities(draft: SanctionDraft, article: LegalArticle, sent: Sentence, m: Mention, who: _Authorities,
                     near_list: str | None) -> None:
    """The sentence's evidence, authorities by priority (the doer of the nearest verb before the
    target, the bodies named, the body before, the whole US government) and list."""
    draft.evidence.append(sentence_evidence(article.text, sent.start, sent.end, 0.9 if sent.lists else 0.75))
    agent = agent_for(who.by_verb, m.start)
    if agent:
        draft.authorities.append((0, agent))
    draft.authorities.extend((1, key) for key in who.specific)
    if who.body_before:
        draft.authorities.append((2, who.body_before))
    draft.authorities.extend((3, b.key) for b in sent.bodies if b.key == "us-government")
    if near_list:
        draft.lists.append(near_list)


def _add_cues(draft: SanctionDraft, sent: Sentence, cues: Cues, has_court: bool, when_listed: list[DateValue]) -> None:
    """What the cues say of the measure, and when it began or ended."""
    sentence, impose, lift = sent.text, cues.impose, cues.lift
    if impose and not lift and not has_court and not sanction_cues.NEGATED.search(
            sentence[max(0, impose.start() - 25):impose.start()]):
        draft.cues.add("impose")
        draft.start.extend(when_listed)  # "Among them are ...": the date of the additions
    # "removed Acme, which had been on the list since May 2019, from the list on Monday",
    # "annulled the listing of Acme, a firm that the Council sanctioned in 2022": the clause
    # dates the listing; the date nearest the lifting verb is its end
    earlier = earlier_dates(sentence, sent.dates)
    draft.start.extend(d.value for d in earlier[:1])
    if cues.active and not lift:
        draft.cues.add("active")
    if lift:
        draft.cues.add("lift")
        rest = [d for d in sent.dates if d not in earlier]
        if rest:
            draft.end.append(min(rest, key=lambda d: abs(d.start - lift.start())).value)
    if cues.proposed and not impose:
        draft.cues.add("proposed")
