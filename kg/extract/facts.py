"""Sanctions and court orders, found sentence by sentence and merged per article.

A sentence states a sanction when it has a sanction cue (blacklisted, added to the
Entity List, sanctions against, banned...) and a company that the cue is about; it
states a court order when a court or judge acts (ordered, ruled, granted an
injunction...). An agency's "final order" names no court and is not a court order;
an exchange delisting names no government list and is not a sanction.

Per article, the statements about one target merge into one sanction; its status is
what the court orders and cues imply (a final order lifts it, a provisional one
suspends it, a threat proposes it).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from kg.extract import frames as frames_mod
from kg.extract import grammar
from kg.extract.dates import Anchor, find_dates_after
from kg.extract.entities import EntityTable, Mention, slug
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
    Sanction,
)


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


# "The best-known target is Acme", "Other targets include Bolt": a named target of the measure
BEST_KNOWN_TARGET = (r"(?:best-known|biggest|largest|main|most\s+prominent|notable|latest|other|new)\s+targets?\s+"
                     r"(?:is|are|was|were|include[sd]?)")
IMPOSE = _rx(
    r"\b(blacklist(?:ed|ing|s)?|black-?listed|sanction(?:s|ed|ing)?|ban(?:s|ned|ning)?|"
    r"prohibit(?:s|ed|ing)?|barr(?:ed|ing)|added|adds|adding|add|"
    r"(?:placed|placing|place|put|puts|putting)(?=(?:\s+[\w'’.,-]+){0,8}?\s+(?:on|onto|under|as)\b)|designat(?:e|ed|es|ing|ions?)|"
    r"listings?\s+of|includ(?:ed|ing|es)|listed|categoriz(?:ed|ing)|"
    r"declared\s+(?:\w+\s+)?undesirable|denial order|restrictions?|"
    r"export controls?|investment ban|entity list|cut off|froze|frozen|freez(?:e|es|ing)|asset freeze|"
    r"named|names|singled out|(?:entered|joined|landed on)(?=\s+(?:the|this|that|its)\s+"
    r"(?:[\w'’-]+\s+){0,3}(?:list|blacklist))|dragg(?:ed|ing)|onto (?:a|the|its) (?:\w+\s+){0,3}list|"
    r"blocklist(?:ed)?|embargo(?:ed)?|penali[sz](?:ed|es|ing)|"
    r"lists(?=\s+(?:the\s+)?(?-i:[A-Z]))|" + BEST_KNOWN_TARGET + r")\b")
LIFT = _rx(
    r"\b(remov(?:ed|es|ing|al)\s+(?:\w+\s+){0,4}from|"
    r"(?:remov(?:ed|es|ing|al)|dropp(?:ed|ing)|struck|strikes)\s+[^.;]{0,140}?\bfrom\s+(?:the|its|their|a|an)\s+"
    r"(?:[\w'’-]+\s+){0,5}?(?:list|blacklist|roster|register)|"
    r"taken off|(?:take|takes|took|taking)\s+(?:[\w'’&.-]+\s+){1,6}?off\b|delist(?:ed|s|ing)?\b(?!\s+from\s+(?:the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}(?:exchange|bourse|market|index))|"
    r"off the (?:\w+\s+)?(?:list|blacklist)|lift(?:ed|ing|s)?|revok(?:ed|ing|es)|"
    r"rescind(?:ed|ing|s)?|leaves? (?:this|the) (?:\w+\s+){0,2}list|struck (?:it\s+)?(?:off|down)|"
    r"general\s+licen[cs]es?\b(?![^.;]{0,80}\bwind(?:-|\s)?(?:ing\s+)?down)|"
    r"authori[sz](?:ed|es|ing)\s+(?:\w+\s+)?(?:transactions|dealings)\s+with|"
    r"vacat(?:ed|es|ing)|withdr(?:ew|awn|aws|awing)\s+(?:[\w'’.-]+\s+){0,3}?(?:executive\s+)?orders?)\b")
PROPOSED = _rx(
    r"\b((?:threat(?:en|ened|ens|ening)|consider(?:s|ed|ing)|weigh(?:s|ed|ing)|mull(?:s|ed|ing)|"
    r"look(?:s|ed|ing) at|review(?:s|ed|ing))\s+(?:\w+\s+){0,3}?(?:to\s+)?(?:adding|add|blacklisting|"
    r"sanctions?|sanctioning|banning|a ban|listing|placing|restrictions|curbs)|"
    r"(?:could|may|might|would)\s+(?:soon\s+)?(?:add|blacklist|sanction|ban|place|put)|"
    r"plan(?:s|ned)?\s+to\s+(?:add|blacklist|sanction|ban|place|put)|propos(?:ed|es|al|ing)|"
    r"(?:is|are)\s+(?:expected|likely|poised)\s+to\s+(?:add|blacklist|sanction|ban|put|place|designate|list)|"
    r"(?:will|would|could|may|might|shall)\s+(?:\w+\s+)?(?:prohibit|ban|bar|restrict|block|add|blacklist|sanction|"
    r"put|place))\b")
ACTIVE_STATE = _rx(r"\b(on (?:the|its|that|this) (?:[\w'’-]+\s+){0,6}(?:list|blacklist)|remains? (?:on|in)|"
                   r"(?:been|be) on (?:it|the list|that list)|since (?:\w+\s+)?\d{4}|"
                   r"(?:is|are|was|were) (?:already )?(?:listed|blacklisted|sanctioned))\b")
SANCTION_NOUN = _rx(r"\b(blacklist|sanction|ban|list|designation|restriction|export controls?|"
                    r"denial order|embargo|asset freeze|" + BEST_KNOWN_TARGET + r")\w*")
PROVISIONAL = _rx(r"\b(temporar(?:y|ily)|provisional(?:ly)?|preliminary|interim|injunction|"
                  r"pending (?:a |the )?(?:full |final )?(?:trial|review|decision|ruling|appeal)|"
                  r"stay(?:ed)?|paus(?:ed|es)|halt(?:ed|s)?|block(?:ed|s|ing)|suspend(?:ed|s)?|stopped(?!\s+short))\b")
COURT_WORD = _rx(r"\b(courts?|judges?|justices?|tribunal|magistrates?|circuit|bench)\b")
PLURAL_REF = _rx(r"\b(?:the|both|these|those)\s+(?:two|three|four|five|six|several)?\s*(?:\w+\s+)?(?:companies|firms|groups|entities|vendors|makers|carriers)\b|"
                 r"\b(?:all|each of the)\s+(?:two|three|four|five|six|seven|eight|nine|ten)\b"
                 r"(?=\s*[,.;]|\s+(?:were|are|have|had|will|would|can|could|of them|companies|firms|entities)\b)|"
                 r"\btheir\s+(?:\w+\s+){0,2}?(?:challenges?|appeals?|lawsuits?|suits?|cases?|listings?|designations?|"
                 r"applications?|actions?|claims?|requests?|motions?)\b")
ORDER_ACT = _rx(
    r"\b(ordered|orders|order|ruled|rules|ruling|decision|verdict|judgment|judgement|"
    r"injunction|granted|blocked|blocks|halted|halts|"
    r"struck down|upheld|upholds|overturned|annulled|annuls|"
    r"dismissed|rejected|sided with|found that|enjoined|stayed|issued|stopped(?!\s+short)|struck out|"
    r"threw out|throws out|turned down)\b")
FUTURE = _rx(r"\b(asking (?:for|the court)|asked (?:for|the court)|ask(?:s)? the court|seeking|"
             r"sought|motion to|(?:has|have) (?:asked|requested)|has not (?:yet )?(?:ruled|decided)|is contesting|"
             r"(?:filed|files|lodged) (?:a|an) (?:suit|lawsuit|appeal|notice|complaint|challenge)|"
             r"will have to|would have to|is expected to|are expected to|"
             r"to give a|(?:has|have|had)\s+(?:already\s+)?appealed\s+(?:the|that|this|its)\s+"
             r"(?:\w+\s+){0,2}(?:injunction|ruling|decision|order|judgment))\b")
# "The department said it was reviewing the ruling and could appeal": talk about an order, not one
FUTURE_APPEAL = _rx(r"\b(?:(?:could|may|might|will|would|intends? to|is considering whether to|is weighing whether to)\s+"
                    r"(?:\w+\s+)?appeal|(?:reviewing|studying|considering) the (?:ruling|decision|order|judgment))\b")
DECIDED = _rx(r"\b(?:granted|blocked|ruled|halted|struck down|upheld|annulled|dismissed|rejected|enjoined|"
              r"stayed|ordered|sided|overturned|stopped|struck out|threw out|turned down)\b")
HYPOTHETICAL = re.compile(r"\b(?:ask|asked|seek|could|would|to)\s+(?:\w+\s+)?(?:be\s+|get\s+)?$", re.I)
COURT_PRONOUN = re.compile(r"\s*(?:It|The court|The tribunal|The judges?|The panel)\b")
FINAL = _rx(r"\b(final (?:order|judgment|judgement|ruling)|final decision)\b")
RULING = _rx(r"\b(ruled|ruling|upheld|upholds|struck down|overturned|annulled|annuls|dismissed|refused|declined|denied|"
             r"rejected|sided with|found that|verdict|judgment|decision|struck out|threw out|throws out|"
             r"turned down|granted (?:[\w.-]+(?:'s|’s)?\s+){0,3}?motion)\b")
RECENT = _rx(r"\b(has|have|had)\s+(?:just\s+|now\s+|finally\s+|officially\s+)?(?:issued|ruled|ordered|granted|"
             r"decided|blocked|sided|handed down|struck)\b|\b(today|this week|just)\b")
FAVOR = _rx(r"\b(?:in (?:its|his|her|their|the company's) favou?r|in favou?r of\s+(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)|"
            r"ruled in favou?r(?!\s+of\b)|sided with\s+(?P<who2>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*))")
UPHOLD = _rx(r"\b(upheld|upholds|uphold|(?:refused|declined) to (?:order|block|lift|remove|overturn|halt)|rejected (?:the |its |\w+'s )?(?:bid|request|challenge|appeal|motion)|"
             r"dismissed|denied (?:the |its |\w+'s )?(?:request|motion|bid))\b")
_DENY = r"(?:denied|denies|rejected|rejects|refused|refuses|declined|declines|turned\s+down|turns\s+down)"
_WHOSE = r"(?:[\w.-]+(?:'s|’s|'|’)?\s+){0,4}?"
# "stayed the lawsuit", "turned down the government's request for a stay": an order about the
# proceedings or a request to pause them, not an injunction
STAY = _rx(r"\b(?:stayed|stays|paused|suspended)\s+(?:the|its|his|her|their|this|that)\s+(?:\w+\s+)?(?:lawsuit|suit|case|"
           r"proceedings|action|litigation)\b|\b" + _DENY + r"\s+" + _WHOSE + r"(?:\w+\s+)?(?:request|motion|application|bid)s?\s+"
           r"(?:for\s+a\s+stay|to\s+(?:stay|suspend|pause))")
# "denied the company's motion for a preliminary injunction"
DENIED_RELIEF = _rx(r"\bdenied\s+(?:[\w.-]+(?:'s|')?\s+){0,4}?(?:\w+\s+)?motions?\s+for\s+(?:a\s+)?preliminary\s+injunction")
BARE_REFUSAL = _rx(r"\b(?:refused|declined)\b(?!\s+to\b)")
ASKED_STAY = _rx(r"\basked\b[^.;]{0,60}?\bto\s+suspend\b")
# "his judicial review of the refusal was dismissed": a person's own case, not the company's
PERSONAL_CASE = _rx(r"\b(?:his|her)\s+(?:own\s+)?(?:\w+\s+)?(?:review|case)s?\b")
# "revoked the executive order", "withdrew the order": the measures that order imposed end
REVOKED_ORDER = _rx(r"\b(?:revok(?:ed|es|ing)|withdr(?:ew|awn|aws|awing))\s+(?:[\w'’.-]+\s+){0,3}?(?:executive\s+)?orders?\b")
ORDER_MEASURE = _rx(r"\b(?:executive\s+order|the\s+order)\b")
NOT_TARGET_BEFORE = _rx(r"(than|rivals?|competitors?|customers?|clients?|suppliers?|"
                        r"(?:subsidiar(?:y|ies)|units?|affiliates?|arms?|divisions?|branch(?:es)?)\s+"
                        r"(?:owned by|belonging to|of)|"
                        r"backed by|parent|owner|involving|with|"
                        r"compared (?:with|to)|different from(?: that of)?|"
                        r"such as|including)(?:\s+(?:include[sd]?|are|were))?\s*$")
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)")
LIST_ANAPHOR = re.compile(r"\b(the|this|that|its|a) (?:[\w-]+\s+){0,2}(list|blacklist|roster|designations?)\b|"
                          r"\b(on it|to it|designat\w*|named|names|additions?|added|listed|listing|among them|"
                          r"among those|the list also|also includes?|including)\b", re.I)
MEMBERSHIP = re.compile(r"\b(?:among them|among those|the list also includes?|also includes?|the additions include)\b|"
                        r"^\s*(?:The|These|Those)\s+(?:\w+\s+)?(?:companies|firms|entities)\s+(?:are|were|include[sd]?)\b",
                        re.I)
# "Bolt followed in December", "Acme was added in the same notice": the measure the sentence before stated
SAME_MEASURE = re.compile(r"\bin\s+the\s+same\s+(?:notice|rule|action|package)\b", re.I)
FOLLOWED = re.compile(r"\s+(?:followed|came next)\b(?!\s+(?:the|a|an|by|its|his|her|their|this|that)\b)", re.I)
SAME_LIST = re.compile(r"\bthe same list\b", re.I)
RELATIVE_BEFORE = re.compile(r"\b(?:which|who|that)\s+(?:\w+\s+){0,2}$", re.I)
NEGATED = re.compile(r"\b(stop|not|never)\s+(?:\w+\s+)?$", re.I)
CASE_NAME = re.compile(r"\b[A-Z][\w.&,' -]{1,80}?\s+v(?:s)?\.?\s+[A-Z][\w.&' -]{1,80}")
DESCRIPTIVE_COURT = re.compile(
    r"\ba\s+((?:federal\s+|district\s+|US\s+|U\.S\.\s+|American\s+|appeals\s+|appellate\s+)*"
    r"court(?:\s+of\s+justice)?\s+in\s+(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}))")
NOT_A_COURT = re.compile(r"\bJustice Department\b")
NOT_COURT_ACT = re.compile(r"\b(executive order|final determination|administrative (?:order|decision|action|ruling)|"
                           r"implementing (?:regulation|decision))\b", re.I)
NEGATED_COURT = re.compile(r"\b(?:not|no|never)\s+(?:\w+\s+){0,2}$", re.I)
APPEALS = re.compile(r"\b(appeals?|circuit|supreme)\b", re.I)
JUDGE_WORD = re.compile(r"\b(judge|justice|magistrate)\b", re.I)
JUDGE_TITLE_BEFORE = re.compile(r"\b(?:judge|justice)\s+$", re.I)


@dataclass
class _SanctionDraft:
    target: str
    evidence: list[Evidence] = field(default_factory=list)
    authorities: list[tuple[int, str]] = field(default_factory=list)  # (priority, key)
    lists: list[str] = field(default_factory=list)
    start: list[DateValue] = field(default_factory=list)
    end: list[DateValue] = field(default_factory=list)  # dates of sentences that lift it
    cues: set[str] = field(default_factory=set)
    distinct: str | None = None  # the body of one of several measures a sentence names (Sanction.distinct)


@dataclass
class _OrderDraft:
    target: str | None
    order_type: str
    evidence: list[Evidence] = field(default_factory=list)
    court: str | None = None
    judge: str | None = None
    dates: list[DateValue] = field(default_factory=list)
    favor: str | None = None
    upholds: bool = False
    lists: list[str] = field(default_factory=list)
    appeals: bool = False
    court_named: bool = False  # the sentence names the court (not one named just before)
    implied: bool = False  # the sentence names no company: the one the story is about
    group_of: str | None = None  # copied from the order about this company's parent or subsidiary
    explicit: bool = False  # the words give the type ("denied the motion for an injunction"): kept as it is


def _span_end(sentence: str, start: int) -> bool:
    """Whether a date opens or closes a span ("between 26 July 2010 and 16 January 2016", "from
    May"): the time a state lasted, not the day a decision was made."""
    before = sentence[max(0, start - 60):start]
    return bool(re.search(r"\b(?:between|from)\s+$", before, re.I)
                or re.search(r"\bbetween\s+[^,;]{3,40}?\s+and\s+$", before, re.I))


def _same_decision(a: _OrderDraft, b: _OrderDraft) -> bool:
    """Whether two mentions of one type of order can be one decision: not when their sentences
    name different courts, nor different dates at the precision both give."""
    if a.court_named and b.court_named and a.court != b.court:
        return False
    da, db = _most_precise(a.dates), _most_precise(b.dates)
    if da and db:
        n = min(len(da.iso), len(db.iso))
        return da.iso[:n] == db.iso[:n]
    return True


def _evidence(text: str, start: int, end: int, confidence: float) -> Evidence:
    return Evidence(start, end, text[start:end], round(confidence, 2))


def _case_spans(sentence: str, base: int) -> list[tuple[int, int]]:
    return [(m.start() + base, m.end() + base) for m in CASE_NAME.finditer(sentence)]


SANCTION_VERBS = [
    "added", "adds", "add", "adding", "placed", "places", "place", "placing", "put", "puts", "putting",
    "blacklisted", "blacklists", "blacklist", "sanctioned", "sanctions", "sanction", "banned", "bans", "ban",
    "designated", "designates", "designate", "listed", "lists", "named", "names", "declared", "barred",
    "imposed", "imposes", "signed", "signs", "included", "includes", "categorized", "classified",
]
# "X was added ... by <agent>" and "<subject> added X ...": who imposed the measure.
_AGENT_PATTERNS = [
    [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": SANCTION_VERBS}}},
     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "by", "RIGHT_ATTRS": {"DEP": "agent"}},
     {"LEFT_ID": "by", "REL_OP": ">", "RIGHT_ID": "who", "RIGHT_ATTRS": {"DEP": "pobj"}}],
    [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": SANCTION_VERBS}, "POS": "VERB"}},
     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "who", "RIGHT_ATTRS": {"DEP": "nsubj"}}],
    # "was declared undesirable ... by X": the agent hangs from the predicate's complement
    [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": SANCTION_VERBS}}},
     {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "by", "RIGHT_ATTRS": {"LOWER": "by", "DEP": {"IN": ["agent", "prep"]}}},
     {"LEFT_ID": "by", "REL_OP": ">", "RIGHT_ID": "who", "RIGHT_ATTRS": {"DEP": "pobj"}}],
]
_MATCHERS: dict[int, DependencyMatcher] = {}


def _agent_matcher(doc: Doc) -> DependencyMatcher:
    matcher = _MATCHERS.get(id(doc.vocab))
    if matcher is None:
        matcher = DependencyMatcher(doc.vocab)
        matcher.add("AGENT", _AGENT_PATTERNS)
        _MATCHERS[id(doc.vocab)] = matcher
    return matcher


class _AgentMatches:
    """The agent patterns' matches, found once per doc and looked up per sentence.

    Matching a sentence on its own (``span.as_doc()``) copied the whole doc for each one:
    sentences × tokens. Matches are (verb, ..., who) token indices, sorted by the verb."""

    def __init__(self) -> None:
        self._by_doc: dict[int, tuple[Doc, list[list[int]], list[int]]] = {}

    def within(self, doc: Doc, start: int, end: int) -> list[list[int]]:
        """Matches whose tokens all lie in doc[start:end], by verb (stable, as the matcher gave them)."""
        found = self._by_doc.get(id(doc))
        if found is None or found[0] is not doc:
            matches = sorted((ids for _, ids in _agent_matcher(doc)(doc)), key=lambda ids: ids[0])
            found = self._by_doc[id(doc)] = (doc, matches, [ids[0] for ids in matches])
        _, matches, verbs = found
        return [ids for ids in matches[bisect_left(verbs, start):bisect_left(verbs, end)]
                if all(start <= i < end for i in ids)]


def _authorities_by_agent(doc: Doc | None, sent_start: int, sent_end: int, offset: int,
                          mentions: list[Mention], agents: _AgentMatches) -> list[tuple[int, str]]:
    """The bodies or people that are the agent ('by X') or subject of a sanction verb, each with
    the verb's position in the text, in the verbs' order."""
    if doc is None:
        return []
    span = doc.char_span(sent_start - offset, sent_end - offset, alignment_mode="expand")
    if span is None:
        return []
    from kg.extract import gazetteer

    out: list[tuple[int, str]] = []
    for token_ids in agents.within(doc, span.start, span.end):
        verb, who = doc[token_ids[0]], doc[token_ids[-1]]
        key = next((m.key for t in who.subtree for m in mentions
                    if m.kind in (GOVERNMENT, PERSON) and m.start <= t.idx + offset < m.end), None)
        if key is None and who.ent_type_ == "GPE":  # "Britain sanctioned ...", "... by Japan": its government
            entry = gazetteer.load().by_country_name(_entity_text(who))
            key = entry.key if entry is not None else None
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


def _agent_for(agents: list[tuple[int, str]], pos: int) -> str | None:
    """The doer of the sanction verb nearest before ``pos`` ('Canada sanctioned A, while
    Australia sanctioned B'), else of the first one."""
    before = [k for p, k in agents if p < pos]
    return before[-1] if before else (agents[0][1] if agents else None)


def _gazetteer_entity(key: str) -> Entity:
    from kg.extract import gazetteer

    entry = gazetteer.load().entries[key]
    return Entity(key=entry.key, kind=entry.kind, name=entry.label, wikidata=entry.wikidata,
                  country=entry.country, maintained_by=entry.maintained_by, canonical=True)


def _keeps(body: str, list_key: str) -> bool:
    """Whether a body keeps a list, itself or through a part of it (the Commerce Department keeps
    the Unverified List through its Bureau of Industry and Security; the Treasury does not)."""
    from kg.extract import gazetteer

    gaz = gazetteer.load()
    keeper = gaz.entries[list_key].maintained_by if list_key in gaz.entries else None
    if keeper is None or keeper == body:
        return True
    return body in (getattr(gaz.entries.get(keeper), "part_of", None),) or keeper == getattr(
        gaz.entries.get(body), "part_of", None)


def _same_country(body: str, list_key: str) -> bool:
    """Whether a body and the keeper of a list belong to one government (the Commerce Department
    and its Bureau of Industry and Security do; Japan's trade ministry and China's do not)."""
    from kg.extract import gazetteer

    gaz = gazetteer.load()
    keeper = gaz.entries[list_key].maintained_by if list_key in gaz.entries else None
    if keeper is None or keeper == body:
        return True
    a, b = gaz.entries.get(body), gaz.entries.get(keeper)
    return a is not None and b is not None and a.country is not None and a.country == b.country


def extract_legal(text: str, sentences: list[tuple[int, int]], table: EntityTable,
                  anchor: Anchor | None, furniture: set[int],
                  docs: list[tuple[int, Doc]]) -> tuple[list[Sanction], list[CourtOrder], dict[str, Entity]]:
    """Sanctions and court orders of one article. Returns extra entities it named (courts)."""
    sanctions: dict[tuple[str, str | None], _SanctionDraft] = {}
    recent_courts: list[tuple[int, str]] = []
    last_judge: str | None = None
    judges: set[str] = set()  # people the article has named as judges
    asked_stay_at = -2  # the last sentence that asked a court to stay or suspend
    sanction_talk_at = -2  # the last sentence that spoke of a list or sanctions
    # the last sentence that imposed a measure: (index, lists, authority, [date])
    last_imposed: tuple[int, list[str], str | None, list[DateValue]] | None = None
    revoked: list[tuple[tuple[int, int], list, re.Match[str]]] = []  # sentences revoking an order, naming no company
    recent_groups: list[tuple[int, list[Mention]]] = []  # sentences naming several companies
    recent_lists: list[tuple[int, str]] = []  # (sentence index, list key)
    recent_bodies: list[tuple[int, str]] = []  # (sentence index, government body key)
    announced: tuple[int, DateValue] | None = None  # the last sentence that dated additions to a list
    previous_date: DateValue | None = None  # the most precise date of the last sentence that had one
    orders: list[_OrderDraft] = []
    provisional_targets: set[str | None] = set()
    extra: dict[str, Entity] = {}
    focus = table.dominant()
    agents = _AgentMatches()
    sanction_grammar = grammar.load()
    mention_index = frames_mod.MentionIndex(table.mentions)

    for index, (s, e) in enumerate(sentences):
        if index in furniture:
            continue
        sentence = text[s:e]
        mentions = table.in_span(s, e)
        companies = [m for m in mentions if m.kind == COMPANY]
        cases = _case_spans(sentence, s)
        if len({m.key for m in companies}) >= 2:
            excluded = _excluded_all(text, companies, cases)
            recent_groups.append((index, [m for m in companies if id(m) not in excluded]))
        elif not companies and recent_groups and index - recent_groups[-1][0] <= 3 and len(
                {m.key for m in recent_groups[-1][1]}) >= 2:
            plural = PLURAL_REF.search(sentence)
            if plural:  # "the two companies": the ones named together just before (not their customers)
                companies = [Mention(s + plural.start(), s + plural.end(), plural.group(0), m.key, COMPANY)
                             for m in dict((m.key, m) for m in recent_groups[-1][1]).values()]
        doc = _doc_for(docs, s)
        lists = list(dict.fromkeys(m.key for m in mentions if m.kind == LIST))
        for key in lists:
            recent_lists.append((index, key))
        for body in (m for m in mentions if m.kind == GOVERNMENT and m.key != "us-government"):
            recent_bodies.append((index, body.key))
        bodies = [m for m in mentions if m.kind == GOVERNMENT]
        people = [m for m in mentions if m.kind == PERSON]
        courts = [m for m in mentions if m.kind == COURT]
        dates = find_dates_after(sentence, anchor, previous_date)
        if dates:  # what "a year later", "that year" in the next sentence count from
            previous_date = max(dates, key=lambda d: (len(d.value.iso), -d.start)).value
        for c in courts:
            recent_courts.append((index, c.key))
        future = bool(FUTURE.search(sentence)) or bool(FUTURE_APPEAL.search(sentence) and not DECIDED.search(sentence))

        # ---- court orders
        legal_text = NOT_A_COURT.sub(lambda m: " " * len(m.group(0)), sentence)
        descriptive = DESCRIPTIVE_COURT.search(sentence)
        if NOT_COURT_ACT.search(sentence) and not courts and not JUDGE_WORD.search(legal_text):
            has_court = False
        else:
            has_court = True
        has_court = has_court and bool(courts or descriptive or any(
            not NEGATED_COURT.search(sentence[max(0, w.start() - 25):w.start()])
            for w in COURT_WORD.finditer(legal_text)) or (
            # "It therefore annulled the acts ...", just after the court was named: the court again
            recent_courts and index - recent_courts[-1][0] <= 2 and COURT_PRONOUN.match(sentence)
            and DECIDED.search(sentence)))
        judges.update(m.key for m in people if JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start))
        # a judge the article has named acts again by surname ("Ortiz halted it on Monday")
        named_judge = next((m.key for m in people if m.key in judges), None) or next(
            (k for k in sorted(judges) if re.search(r"\b" + re.escape(k.rsplit("-", 1)[-1].capitalize()) + r"\b", sentence)),
            None)
        explicit = _explicit_type(sentence, asked_stay_at == index - 1)
        if ASKED_STAY.search(sentence):
            asked_stay_at = index
        has_court = has_court or bool(named_judge and (DECIDED.search(sentence) or explicit))
        if has_court and (ORDER_ACT.search(sentence) or explicit) and not future:
            court_key = courts[0].key if courts else (
                recent_courts[-1][1] if recent_courts and index - recent_courts[-1][0] <= 2 else None)
            appeals = bool(APPEALS.search(sentence[:_first_order_act(sentence)])) or bool(
                court_key and APPEALS.search(court_key.replace("-", " ")))
            order_type = explicit or _order_type(sentence, appeals)
            if court_key is None and descriptive:
                label = " ".join(descriptive.group(1).split())
                court_key = slug(label)
                extra[court_key] = Entity(key=court_key, kind=COURT, name=label)
                table.mentions.append(Mention(s + descriptive.start(1), s + descriptive.end(1),
                                              descriptive.group(1), court_key, COURT))
            judge_key = next((m.key for m in people if _judge_name(text, m)
                              and JUDGE_WORD.search(text[max(s, m.start - 45):min(e, m.end + 45)])), None)
            if judge_key is None and re.search(r"\bsame judge\b", sentence, re.I):
                judge_key = last_judge
            judge_key = judge_key or named_judge
            last_judge = judge_key or last_judge
            if judge_key:
                judges.add(judge_key)
            # whom the decision is about, by the grammar (court_orders.yml): the names its
            # object lists, not every company the sentence names
            about = [k for st in _statements(sanction_grammar, docs, s, e, text, mention_index, anchor, dates,
                                             ("decision",)) for k in st.roles["target"]]
            targets = list(dict.fromkeys(about)) or [m.key for m in companies if not _excluded(text, m, [])] or (
                [focus] if focus and not PERSONAL_CASE.search(sentence) else [])
            when = [d.value for d in dates if not _span_end(sentence, d.start)]
            if not when and RECENT.search(sentence) and anchor:
                when = [anchor.value]
            favor = _favor(sentence, s, companies, table)
            for target in dict.fromkeys(targets):
                orders.append(_OrderDraft(
                    target=target, order_type=order_type,
                    evidence=[_evidence(text, s, e, 0.85 if companies else 0.65)],
                    court=court_key, judge=judge_key, dates=when[:1],
                    favor=favor, upholds=bool(UPHOLD.search(sentence)), lists=lists, appeals=appeals,
                    explicit=explicit is not None, court_named=bool(courts or descriptive),
                    implied=not companies,
                ))
        if not explicit and PROVISIONAL.search(sentence) and (LIFT.search(sentence) or "injunction" in sentence.lower()
                                             or has_court):
            for m in companies or [None]:  # type: ignore[list-item]
                provisional_targets.add(m.key if m else None)

        # ---- sanctions
        impose = IMPOSE.search(sentence) or (recent_lists and MEMBERSHIP.search(sentence))
        carried = last_imposed if last_imposed and index - last_imposed[0] <= 3 and (
            SAME_MEASURE.search(sentence) or any(FOLLOWED.match(text, m.end) for m in companies)) else None
        impose = impose or (carried and (SAME_MEASURE.search(sentence) or FOLLOWED.search(sentence)))
        lift = LIFT.search(sentence)
        if lift and HYPOTHETICAL.search(sentence, max(0, lift.start() - 30), lift.start()):
            lift = None  # "can ask to be taken off the list": not taken off
        proposed = PROPOSED.search(sentence)
        if impose and proposed and proposed.start() <= impose.start() <= proposed.end() + 5:
            impose = None  # "will prohibit", "could add": only proposed
        active = ACTIVE_STATE.search(sentence)
        if impose and dates and not lift and not proposed and not has_court and lists:
            announced = (index, dates[0].value)  # "added 37 entities to the Entity List on Thursday"
        when_listed = [d.value for d in dates[:1]] or (
            [announced[1]] if announced and index - announced[0] <= 3 and MEMBERSHIP.search(sentence) else []) or (
            carried[3] if carried else [])
        # "Named among them are A and B", right after a sentence about a list or sanctions
        members_of_last = bool(MEMBERSHIP.search(sentence)) and sanction_talk_at == index - 1
        if SANCTION_NOUN.search(sentence) or lists:
            sanction_talk_at = index
        # a court's sentence is the court orders' to read ("ordered the provisional removal of
        # Acme"): what it does to a measure depends on the decision, not on the removal frame
        said = [] if has_court else _statements(sanction_grammar, docs, s, e, text, mention_index, anchor, dates)
        members = any(st.frame == "membership" for st in said)
        inherited = [k for i, k in recent_lists[-1:] if (index - i <= 3 and (
            LIST_ANAPHOR.search(sentence) or members or re.search(r"\b(?:on|in) it\b", sentence)))
            or SAME_LIST.search(sentence)]
        if not (lists or inherited):  # "Among the new names are ...": members only of a list just named
            said = [st for st in said if st.frame != "membership"]
        if said:  # the grammar read the sentence: its frames say who, what, by whom and when
            for st in said:
                for key in st.roles.get("authority", ()):
                    if table.kind_of(key) is None and key not in extra:
                        extra[key] = _gazetteer_entity(key)  # "Britain sanctioned ...": its government
                for key, name in st.coined.items():  # "VTB Bank, Sovcombank and Otkritie"
                    if table.kind_of(key) is None and key not in extra:
                        extra[key] = Entity(key=key, kind=COMPANY, name=name)
            # "Named among them are ...", "added in the same rule": the announcement's doer and date
            same = members or SAME_MEASURE.search(sentence) or any(st.carries for st in said)
            carry = (last_imposed[2], last_imposed[3]) if last_imposed and index - last_imposed[0] <= 3 and same \
                else (None, [announced[1]] if announced and index - announced[0] <= 3 and members else [])
            lead = _apply_statements(said, sanctions, text, s, e, lists or inherited, bodies,
                                     [d.value for d in _earlier_dates(sentence, dates)], bool(lists), carry)
            if lead is not None:
                last_imposed = (index, list(lists or inherited), lead[0], list(lead[1][:1]))
                if lists and lead[1]:
                    announced = (index, lead[1][0])
            continue
        if not (impose or lift or proposed or active):
            continue
        if lift and not companies and REVOKED_ORDER.search(sentence):
            revoked.append(((s, e), dates, lift))
        inherited = [k for i, k in recent_lists[-1:] if (index - i <= 3 and (
            LIST_ANAPHOR.search(sentence) or MEMBERSHIP.search(sentence)))
                     or SAME_LIST.search(sentence)] or (carried[1] if carried else [])
        if not (lists or inherited or SANCTION_NOUN.search(sentence) or bodies or (people and impose) or members_of_last):
            continue
        cue = impose or lift or proposed or active
        # "The companies are A, the largest maker; its rival B; and C": every name listed is a member
        members = bool(recent_lists and MEMBERSHIP.match(sentence))
        excluded = set() if members else _excluded_all(text, companies, cases)
        kin = IMPOSE if cue is impose else LIFT if cue is lift else None
        cues = [m.start() for m in kin.finditer(sentence)] if kin is not None else []
        candidates = [m for m in (companies if members else _near_trigger(sentence, s, companies, cue, cues))
                      if id(m) not in excluded]
        if lift and lift is cue and lift.group(0).lower().endswith(" with"):
            # "authorised transactions with Acme, Ruritania's largest miner, and Bolt": the names after "with"
            candidates = _named_after(text, s + lift.end(), candidates) or candidates
        relative = RELATIVE_BEFORE.search(sentence[:cue.start()])
        if relative:  # "Acme and Bolt, two companies which entered the list": the antecedents
            near = [m for m in candidates if s + relative.start() - 50 <= m.start < s + relative.start()]
            candidates = near or candidates
        attached = _attached_targets(doc, _doc_offset(docs, s), s, e, candidates)
        targets = attached or candidates
        if not targets:
            continue
        doers_by_verb = _authorities_by_agent(doc, s, e, _doc_offset(docs, s), mentions, agents)
        for _, key in doers_by_verb:
            if table.kind_of(key) is None and key not in extra:
                extra[key] = _gazetteer_entity(key)
        specific = [b.key for b in bodies if b.key != "us-government"]
        doers = [k for k in ([k for _, k in doers_by_verb] + specific)
                 if table.kind_of(k) != PERSON and k != "us-government"]
        if not lists and doers:  # "Japan added X to its list": not the list another government keeps
            inherited = [k for k in inherited if any(_same_country(d, k) for d in doers)]
        sentence_lists = lists or inherited
        if inherited and not bodies and recent_bodies and index - recent_bodies[-1][0] <= 3 and (
                not lists or _keeps(recent_bodies[-1][1], lists[0])):
            specific_inherited = recent_bodies[-1][1]
        else:
            specific_inherited = None
        if carried and not bodies and carried[2]:
            specific_inherited = carried[2]
        for m in dict((m.key, m) for m in targets).values():
            near_list = sentence_lists[0] if sentence_lists else None
            draft = sanctions.setdefault((m.key, near_list), _SanctionDraft(target=m.key))
            draft.evidence.append(_evidence(text, s, e, 0.9 if lists else 0.75))
            agent = _agent_for(doers_by_verb, m.start)
            if agent:
                draft.authorities.append((0, agent))
            for key in specific:
                draft.authorities.append((1, key))
            if specific_inherited:
                draft.authorities.append((2, specific_inherited))
            for key in (b.key for b in bodies if b.key == "us-government"):
                draft.authorities.append((3, key))
            if near_list:
                draft.lists.append(near_list)
            if impose and not lift and not has_court and not NEGATED.search(
                    sentence[max(0, impose.start() - 25):impose.start()]):
                draft.cues.add("impose")
                draft.start.extend(when_listed)  # "Among them are ...": the date of the additions
            # "removed Acme, which had been on the list since May 2019, from the list on Monday",
            # "annulled the listing of Acme, a firm that the Council sanctioned in 2022": the clause
            # dates the listing; the date nearest the lifting verb is its end
            earlier = _earlier_dates(sentence, dates)
            draft.start.extend(d.value for d in earlier[:1])
            if active and not lift:
                draft.cues.add("active")
            if lift:
                draft.cues.add("lift")
                rest = [d for d in dates if d not in earlier]
                if rest:
                    draft.end.append(min(rest, key=lambda d: abs(d.start - lift.start())).value)
            if proposed and not impose:
                draft.cues.add("proposed")
        if impose and not lift and not proposed and not has_court:
            lead = next(iter([k for _, k in doers_by_verb if table.kind_of(k) != PERSON] + specific
                             + ([specific_inherited] if specific_inherited else [])), None)
            last_imposed = (index, list(sentence_lists), lead, when_listed[:1])

    for span, found, cue in revoked:  # after the loop: the story may open with the revocation
        _lift_order_sanctions(sanctions, text, span, found, cue)
    return _finish(sanctions, orders, provisional_targets, table, anchor, extra), extra


def _finish(sanctions: dict[str, _SanctionDraft], orders: list[_OrderDraft],
            provisional: set[str | None], table: EntityTable,
            anchor: Anchor | None, extra: dict[str, Entity]) -> tuple[list[Sanction], list[CourtOrder]]:
    from kg.extract import gazetteer

    gaz = gazetteer.load()
    # Merge order mentions into decisions; an unqualified ruling about a target whose lifting
    # the article calls provisional is that provisional order.
    sanctioned = {t for t, _ in sanctions}
    if sanctioned:
        by_sentence: dict[int, list[_OrderDraft]] = {}
        for o in orders:
            by_sentence.setdefault(o.evidence[0].start, []).append(o)
        orders = [o for group in by_sentence.values() for o in group
                  if o.target in sanctioned or not any(x.target in sanctioned for x in group)]
    orders = orders + _for_the_group(orders, sanctions)
    targets_with_orders = {o.target for o in orders if o.group_of is None}
    # one entry per decision: mentions of one type about one target are one decision unless they
    # name different courts or different dates ("the judge paused the ban on May 3 ... a second
    # judge blocked it on June 9"); a ruling read as the provisional order joins that order
    merged: list[_OrderDraft] = []
    for o in orders:
        kind = o.order_type
        converted = False
        if kind in ("Ruling", "OtherOrder") and not o.upholds and not o.appeals and not o.explicit and (
                o.target in provisional or o.group_of in provisional or (
                    None in provisional and len(targets_with_orders) == 1)):
            kind, converted = "PreliminaryInjunction", True
        same = [m for m in merged if (m.target, m.order_type) == (o.target, kind)]
        into = next((m for m in same if converted or _same_decision(m, o)), None)
        if into is not None:
            into.evidence.extend(o.evidence)
            if o.court_named and not into.court_named:  # the court a later sentence names
                into.court, into.court_named = o.court, True
            into.court = into.court or o.court
            into.judge = into.judge or o.judge
            into.dates.extend(o.dates)
            into.favor = into.favor or o.favor
            into.lists.extend(o.lists)
        else:
            o.order_type = kind
            merged.append(o)

    out_sanctions: list[Sanction] = []
    keys: dict[str, tuple[str, ...]] = {}
    for target, d in _merge_lists(sanctions, table):
        lst = _most_common(d.lists)
        authority = None
        if d.authorities:
            authority = sorted(d.authorities, key=lambda pk: pk[0])[0][1]
            if authority == "us-government" and lst and gaz.entries[lst].maintained_by:
                authority = gaz.entries[lst].maintained_by
        elif lst and lst in gaz.entries:
            authority = gaz.entries[lst].maintained_by
        kinds = {o.order_type for o in merged if o.target == target and not o.upholds
                 and (not o.lists or not lst or lst in o.lists)}
        injunctions = [dv for o in merged if o.target == target and o.order_type == "PreliminaryInjunction"
                       for dv in o.dates]
        # revoked after the courts had suspended it ("a judge blocked the order in May; in June the
        # president revoked it"): lifted
        lifted_later = "lift" in d.cues and bool(d.end) and bool(injunctions) and all(
            _before(dv, _earliest(d.end)) for dv in injunctions)
        if "FinalOrder" in kinds:
            status = "Lifted"
        elif "PreliminaryInjunction" in kinds and not lifted_later:
            status = "Suspended"
        elif "lift" in d.cues:
            status = "Lifted"
        elif "proposed" in d.cues and not ({"impose", "active"} & d.cues):
            status = "Proposed"
        elif {"impose", "active"} & d.cues:
            status = "Active"
        else:
            status = None
        end = None
        if status == "Lifted":
            finals = [dv for o in merged if o.target == target and o.order_type == "FinalOrder"
                      for dv in o.dates]
            end = finals[0] if finals else (_earliest(d.end) if "lift" in d.cues else None)
        start = _earliest(d.start)
        if lst and start and lst in gaz.entries:
            # a listing in 2023 is not on a list last added to in 2021, but on the one that replaced it
            lst = gaz.list_in_use(lst, int(start.iso[:4]))
            for key in (lst, gaz.entries[lst].maintained_by):
                if key and table.kind_of(key) is None and key not in extra:
                    extra[key] = _gazetteer_entity(key)
        sanction = Sanction(
            target=target, evidence=tuple(_dedupe(d.evidence)), authority=authority, list=lst,
            start_date=start, end_date=end, status=status, distinct=d.distinct,
        )
        keys.setdefault(target, sanction.key)
        out_sanctions.append(sanction)

    out_sanctions = _one_per_key(out_sanctions)
    by_list = {(s.target, s.list): s.key for s in out_sanctions}
    starts = {s.key: s.start_date for s in out_sanctions}
    # one decision about several companies, dated once ("Judgment of 15 November ... It annulled the
    # acts concerning A and B"): the same court's undated order of that type takes its date
    dated: dict[tuple[str | None, str], list[DateValue]] = {}
    for o in merged:
        if o.court and o.dates:
            dated.setdefault((o.court, o.order_type), []).append(_most_precise(o.dates))
    for o in merged:
        sibling = dated.get((o.court, o.order_type), [])
        if not o.dates and sibling and len(set(sibling)) == 1:
            o.dates = [sibling[0]]
    out_orders: list[CourtOrder] = []
    seen: set[tuple[str, ...]] = set()
    for o in sorted(merged, key=lambda o: (o.target or "", o.order_type, str(_most_precise(o.dates) or "~"))):
        target, kind = o.target, o.order_type
        concerns = next((by_list[(target, lst)] for lst in o.lists if (target, lst) in by_list), None) or (
            keys.get(target) if target else None)
        date = _most_precise(o.dates)
        if concerns and _before(date, starts.get(concerns)):
            concerns = None  # an order older than the measure cannot be about it
        judge = o.judge if o.judge and table.kind_of(o.judge) == PERSON else None
        favor = o.favor
        if favor is None and target and concerns and not o.upholds:
            favor = target
        elif o.upholds and concerns:
            favor = favor or _sanction_authority(out_sanctions, concerns)
        if favor and (table.kind_of(favor) or getattr(gaz.entries.get(favor), "kind", None)) not in (
                COMPANY, GOVERNMENT, COURT):
            favor = None  # kg:inFavorOf names an organisation, not the president who signed
        out_orders.append(CourtOrder(
            order_type=kind, evidence=tuple(_dedupe(o.evidence)), court=o.court, judge=judge,
            date=date, concerns=concerns, in_favor_of=favor,
            target=target,
        ))
        if out_orders[-1].key in seen:  # a second decision of this type about this target
            tags = [t for t in (str(date) if date else None, o.court, str(len(out_orders))) if t]
            out_orders[-1] = next(c for c in (replace(out_orders[-1], distinct=t) for t in tags) if c.key not in seen)
        seen.add(out_orders[-1].key)
    return out_sanctions, out_orders


def _named_after(text: str, pos: int, companies: list[Mention]) -> list[Mention]:
    """The company named right at ``pos`` and those listed after it ("A, B and C")."""
    out: list[Mention] = []
    for m in sorted(companies, key=lambda m: m.start):
        if m.start < pos:
            continue
        gap = text[(out[-1].end if out else pos):m.start]
        if (not out and not gap.strip()) or (out and LIST_JOIN.fullmatch(gap)):
            out.append(m)
        elif out:
            break
    return out


def _for_the_group(orders: list[_OrderDraft],
                   sanctions: dict[tuple[str, str | None], _SanctionDraft]) -> list[_OrderDraft]:
    """A decision that names no company, about the company a measure hit together with its parent
    or subsidiary in one sentence ("barred dealings with Acme and its subsidiaries, Acme Video among
    them"): the same decision about the other one too."""
    spans: dict[str, set[tuple[int, int]]] = {}
    for (target, _), d in sanctions.items():
        spans.setdefault(target, set()).update((ev.start, ev.end) for ev in d.evidence if OWNERSHIP.search(ev.exact))
    out: list[_OrderDraft] = []
    for o in orders:
        if not o.implied or not spans.get(o.target or ""):
            continue
        for other in sorted(t for t in spans if t != o.target and spans[t] & spans[o.target or ""]):
            out.append(replace(o, target=other, evidence=list(o.evidence), dates=list(o.dates), lists=list(o.lists),
                               group_of=o.target))
    return out


OWNERSHIP = re.compile(r"\b(?:its|their)\s+(?:\w+\s+)?(?:subsidiar(?:y|ies)|parent)\b|\b(?:that|which)\s+owns\b|"
                       r"\bowned\s+by\b", re.I)


def _lift_order_sanctions(sanctions: dict[tuple[str, str | None], _SanctionDraft], text: str,
                          span: tuple[int, int], dates: list, lift: re.Match[str]) -> None:
    """A revoked order that names no company ends the measures the article said an order imposed
    ("The order barred dealings with Acme ... On Monday the president revoked the order")."""
    for d in sanctions.values():
        if any(ORDER_MEASURE.search(ev.exact) for ev in d.evidence):
            d.evidence.append(_evidence(text, *span, 0.65))
            d.cues.add("lift")
            if dates:
                d.end.append(min(dates, key=lambda f: abs(f.start - lift.start())).value)


def _near_trigger(sentence: str, base: int, companies: list[Mention],
                  trigger: re.Match[str], cues: list[int] | None = None) -> list[Mention]:
    """Companies in the parts of the sentence (split at ':' and ';') that hold the cue or another
    cue of its kind (``cues``, their positions): "OFAC designated A; the State Department named B".
    A colon after "three companies that run a port" introduces those companies: no split there."""
    cuts = [m for m in re.finditer(r"[:;]\s|\s[–—]\s", sentence)
            if not (m.group(0).startswith(":") and NAMES_FOLLOW.search(sentence, max(0, m.start() - 80), m.start()))]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(sentence)]
    at = {trigger.start(), *(cues or [])}
    parts = [(lo, hi) for lo, hi in zip(starts, ends, strict=True) if any(lo <= p < hi for p in at)]
    near = [m for m in companies if any(base + lo <= m.start < base + hi for lo, hi in parts)]
    return near or companies


# "... three companies that run a terminal at the port: A, B and C": the names after the colon
NAMES_FOLLOW = re.compile(r"\b(?:companies|firms|entities|operators|subsidiaries|banks|refiners|units|groups)\b[^:;]*$",
                          re.I)


_TARGET_DEPS = ("dobj", "nsubjpass", "pobj", "appos", "conj", "compound", "poss", "attr", "oprd", "npadvmod")
_TARGET_PREPS = ("against", "on", "onto", "to", "targeting", "of", "over")


def _attached_targets(doc: Doc | None, offset: int, s: int, e: int,
                      candidates: list[Mention]) -> list[Mention]:
    """Companies that are the object of a sanction word: 'added X and Y to', 'X was
    blacklisted', 'sanctions against X', 'a ban on X's app'. Empty when the parse says
    nothing, and the caller falls back to the companies near the cue."""
    if doc is None or len(candidates) < 2:
        return []
    span = doc.char_span(s - offset, e - offset, alignment_mode="expand")
    if span is None:
        return []
    keep: list[Mention] = []
    for token in span:
        if not IMPOSE.fullmatch(token.text) and not LIFT.match(token.text) and not re.fullmatch(
                r"(?i)ban|bans|sanctions?|blacklist\w*|designations?|listing|restrictions?|order", token.text):
            continue
        heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        heads += [g for c in token.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
                  for g in c.children if g.dep_ == "pobj"]
        for head in heads:
            for t in head.subtree:
                if t.dep_ in ("relcl", "acl", "prep") and t is not head and t.lower_ not in ("of",):
                    break
                pos = t.idx + offset
                for m in candidates:
                    if m.start <= pos < m.end and m not in keep:
                        keep.append(m)
    return keep


RELATIVE_CLAUSE = re.compile(r"(?:,\s+(?:(?:a|an|the|two|three|four|both|all)\s+[\w\s-]{0,40}?)?(?:which|who|that)|"
                             r"\b(?:after|when|since|because)\s+(?:it|they)\s+(?:was|were|had been|has been))\s+[^,;]+",
                             re.I)


def _earlier_dates(sentence: str, dates: list) -> list:
    """Dates that say when a measure began, not when this sentence's action happened: right
    after 'since', or in a relative clause about the listing (', which had been added in 2019,')."""
    out = []
    for since in re.finditer(r"\bsince\s+", sentence):
        out.extend(d for d in dates if 0 <= d.start - since.end() < 3)
    for clause in RELATIVE_CLAUSE.finditer(sentence):
        if IMPOSE.search(clause.group(0)) or ACTIVE_STATE.search(clause.group(0)):
            out.extend(d for d in dates if clause.start() <= d.start < clause.end() and d not in out)
    return sorted(out, key=lambda d: d.start)


def _judge_name(text: str, m: Mention) -> bool:
    """Whether a person near a judge word can be the judge: a full name ('Ann Lee') or a
    titled one ('Judge Lee'). 'The judge considered that Acme had ...': a single word the model
    calls a person is not the judge."""
    return "-" in m.key or JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def _first_order_act(sentence: str) -> int:
    m = ORDER_ACT.search(sentence)
    return m.start() if m else len(sentence)


def _merge_lists(drafts: dict[tuple[str, str | None], _SanctionDraft],
                 table: EntityTable) -> list[tuple[str, _SanctionDraft]]:
    """Statements without a list join the target's only listed sanction, if it has one."""
    out: dict[tuple[str, str | None], _SanctionDraft] = {}
    for (target, lst), d in sorted(drafts.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        split = sorted(k for k in drafts if k[0] == target and k[1] and k[1].startswith("@"))
        if lst is None and split and not any(k[0] == target and k[1] and not k[1].startswith("@") for k in drafts):
            # "Canada and Australia sanctioned Acme ... Acme said": the measures already named
            for k in split:
                drafts[k].evidence.extend(d.evidence)
                drafts[k].start.extend(d.start)
                drafts[k].end.extend(d.end)
                drafts[k].cues |= d.cues
            continue
        if lst is None:
            listed = [k for k in drafts if k[0] == target and k[1] is not None and not k[1].startswith("@")]
            own = _best_authority(d)
            if own and own != "us-government" and table.kind_of(own) != PERSON and all(
                    own not in (_best_authority(drafts[k]), _maintainer(k[1])) and not _parent_of_keeper(own, k[1])
                    for k in listed):
                # another body's measure ("the FCC designated ..."): its own sanction; not the Treasury
                # for the list its Office of Foreign Assets Control keeps
                listed = []
            if len(listed) >= 1:
                into = drafts[sorted(listed, key=lambda k: k[1] or "")[0]]
                into.evidence.extend(d.evidence)
                into.authorities.extend(d.authorities)
                into.start.extend(d.start if len(listed) == 1 else [])
                into.end.extend(d.end if len(listed) == 1 else [])
                into.cues |= d.cues
                continue
        out[(target, lst)] = d
    return [(k[0], d) for k, d in sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def _best_authority(d: _SanctionDraft) -> str | None:
    return sorted(d.authorities, key=lambda pk: pk[0])[0][1] if d.authorities else None


def _parent_of_keeper(body: str, list_key: str | None) -> bool:
    """Whether ``body`` is the one the keeper of a list belongs to (the Treasury, for the list its
    Office of Foreign Assets Control keeps)."""
    from kg.extract import gazetteer

    keeper = gazetteer.load().entries.get(_maintainer(list_key) or "")
    return keeper is not None and keeper.part_of == body


def _maintainer(list_key: str | None) -> str | None:
    from kg.extract import gazetteer

    entry = gazetteer.load().entries.get(list_key or "")
    return entry.maintained_by if entry else None


def _before(a: DateValue | None, b: DateValue | None) -> bool:
    """True when ``a`` is before ``b`` at the precision both share."""
    if a is None or b is None:
        return False
    n = min(len(a.iso), len(b.iso))
    return a.iso[:n] < b.iso[:n]


def _sanction_authority(sanctions: list[Sanction], key: tuple[str, ...]) -> str | None:
    return next((s.authority for s in sanctions if s.key == key), None)


def _explicit_type(sentence: str, asked_stay: bool = False) -> str | None:
    """The type the words themselves give, whatever else the sentence says: a stay, or a refusal
    to stay or suspend, is another kind of order; a denied injunction is a ruling (nothing was
    enjoined). A bare refusal ("the judge refused on Monday") after a request to stay or suspend
    (``asked_stay``) refuses that request."""
    if STAY.search(sentence):
        return "OtherOrder"
    if DENIED_RELIEF.search(sentence):
        return "Ruling"
    if asked_stay and BARE_REFUSAL.search(sentence):
        return "OtherOrder"
    return None


def _order_type(sentence: str, appeals: bool = False) -> str:
    if FINAL.search(sentence):
        return "FinalOrder"
    if appeals:
        return "Ruling"  # appeals courts rule on injunctions; they do not grant them
    if PROVISIONAL.search(sentence):
        return "PreliminaryInjunction"
    if RULING.search(sentence):
        return "Ruling"
    return "OtherOrder"


def _favor(sentence: str, base: int, companies: list[Mention], table: EntityTable) -> str | None:
    m = FAVOR.search(sentence)
    if not m:
        return None
    who = m.group("who") or m.group("who2")
    if who:
        pos = base + sentence.index(who, m.start())
        named = [x for x in table.mentions if x.kind in (COMPANY, GOVERNMENT, PERSON)
                 and (x.start <= pos < x.end or pos <= x.start < pos + len(who))]
        if named:  # "in favour of the Department of Defense": the first one named after "of"
            return min(named, key=lambda x: x.start).key
    return companies[0].key if companies else None


def _excluded(text: str, m: Mention, cases: list[tuple[int, int]]) -> bool:
    if any(s <= m.start and m.end <= e for s, e in cases):
        return True
    before = text[max(0, m.start - 30):m.start]
    return bool(NOT_TARGET_BEFORE.search(before)) and not re.search(
        r"(companies|firms)\s+such as\s*$",
        before, re.I) and not MEMBERS_OF_GROUP.search(text, max(0, m.start - 90), m.start) and not (
        DEALINGS_WITH.search(text, max(0, m.start - 60), m.start))


# "barred transactions with Acme", "prohibited dealings related to its app with Acme": the
# counterparty a measure forbids dealing with is its target, not a partner
DEALINGS_WITH = re.compile(r"\b(?:transactions|dealings)\s+(?:[\w'’-]+\s+){0,4}?with\s+$", re.I)

# 'six subsidiaries of Acme Group, including Acme Taiwan and Bolt Info': the names after
# 'including' are the subsidiaries (the targets), not customers or examples.
MEMBERS_OF_GROUP = re.compile(r"\bsubsidiaries\s+of\s+[^,;.]{1,60},?\s+including\s*$", re.I)


def _excluded_all(text: str, companies: list[Mention], cases: list[tuple[int, int]]) -> set[int]:
    """Ids of the mentions that are not targets. A name listed right after an excluded one is
    excluded too: 'its customers include Acme, Bolt and Cord' excludes all three."""
    out: set[int] = set()
    prev: Mention | None = None
    for m in companies:  # in text order
        if _excluded(text, m, cases) or (
                prev is not None and id(prev) in out and LIST_JOIN.fullmatch(text[prev.end:m.start])):
            out.add(id(m))
        prev = m
    return out


def _most_common(items: list[str]) -> str | None:
    if not items:
        return None
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], items.index(kv[0])))[0][0]


def _is_government(key: str | None) -> bool:
    """A government body the gazetteer knows (a country's government included)."""
    from kg.extract import gazetteer

    entry = gazetteer.load().entries.get(key or "")
    return entry is not None and entry.kind == GOVERNMENT


def _one_per_key(sanctions: list[Sanction]) -> list[Sanction]:
    """Sanctions that share a key are one measure (one IRI): one Sanction with all their
    evidence, the earliest start and the first stated authority, end and status."""
    merged: dict[tuple[str, ...], Sanction] = {}
    for s in sanctions:
        first = merged.get(s.key)
        if first is None:
            merged[s.key] = s
            continue
        merged[s.key] = replace(
            first, evidence=tuple(_dedupe([*first.evidence, *s.evidence])),
            start_date=_earliest([d for d in (first.start_date, s.start_date) if d]),
            authority=first.authority or s.authority, end_date=first.end_date or s.end_date,
            status=first.status or s.status)
    return list(merged.values())


def _earliest(values: list[DateValue]) -> DateValue | None:
    return min(values, key=lambda v: (v.iso[:4], v.iso)) if values else None


def _most_precise(values: list[DateValue]) -> DateValue | None:
    return max(values, key=lambda v: len(v.iso)) if values else None


def _dedupe(evidence: list[Evidence]) -> list[Evidence]:
    seen: dict[tuple[int, int], Evidence] = {}
    for ev in evidence:
        if (ev.start, ev.end) not in seen or seen[(ev.start, ev.end)].confidence < ev.confidence:
            seen[(ev.start, ev.end)] = ev
    return sorted(seen.values(), key=lambda ev: ev.start)


def _doc_for(docs: list[tuple[int, Doc]], pos: int) -> Doc | None:
    chosen = None
    for offset, doc in docs:
        if offset <= pos:
            chosen = doc
    return chosen


def _doc_offset(docs: list[tuple[int, Doc]], pos: int) -> int:
    chosen = 0
    for offset, _ in docs:
        if offset <= pos:
            chosen = offset
    return chosen



_SANCTION_FRAMES = ("designation", "removal", "proposal", "state", "membership")


def _statements(g: grammar.Grammar, docs: list[tuple[int, Doc]], s: int, e: int, text: str,
                index: frames_mod.MentionIndex, anchor: Anchor | None, dates: list,
                kinds: tuple[str, ...] = _SANCTION_FRAMES) -> list[frames_mod.Statement]:
    doc = _doc_for(docs, s)
    if doc is None:
        return []
    return [st for st in frames_mod.statements(g, doc, _doc_offset(docs, s), s, e, text, index, anchor,
                                               frames=kinds, dates=dates) if st.roles.get("target")]


_CUE = {"designation": "impose", "removal": "lift", "proposal": "proposed", "state": "active",
        "membership": "impose"}


def _apply_statements(said: list[frames_mod.Statement], drafts: dict, text: str, s: int, e: int,
                      sentence_lists: list[str], bodies: list[Mention],
                      began: list[DateValue], names_list: bool,
                      carry: tuple[str | None, list[DateValue]]) -> tuple[str | None, tuple[DateValue, ...]] | None:
    """Add what the sentence's frames say to the sanction drafts. One draft per conjoined
    target; the frame's own authority and list first, then those the sentence names. Returns
    (authority, dates) of the sentence's designation, which later sentences may carry over."""
    lead = None
    specific = [b.key for b in bodies if b.key != "us-government"]
    for st in said:
        cue = _CUE[st.frame]
        own_lists = list(st.roles.get("list", ()))
        doers = st.roles.get("authority") or (None,)
        doer = doers[0]
        # "Japan added Acme to its list": not the list another government keeps
        carried = [k for k in sentence_lists if doer is None or _same_country(doer, k)]
        # "Canada and Australia sanctioned Acme" (no list): one measure per body
        split = [] if own_lists or carried or len(doers) < 2 or not all(
            _is_government(d) for d in doers) else list(doers)
        for key, lst, body in [(k, (own_lists or carried or [None])[0], b) for k in st.roles["target"]
                               for b in (split or [None])]:
            draft = drafts.setdefault((key, f"@{body}" if body else lst),
                                      _SanctionDraft(target=key, distinct=body))
            if body:
                draft.authorities.append((0, body))
            draft.evidence.append(_evidence(text, s, e, 0.9 if own_lists or names_list else 0.75))
            draft.authorities.extend((0, a) for a in st.roles.get("authority", ())[:1])
            draft.authorities.extend((1, k) for k in specific)
            draft.authorities.extend((3, b.key) for b in bodies if b.key == "us-government")
            if lst and not body:
                draft.lists.append(lst)
            draft.cues.add(cue)
            if carry[0] and not specific and not st.roles.get("authority"):
                draft.authorities.append((2, carry[0]))
            if cue in ("impose", "active"):  # "has been on the list since 2020": when it began
                # "is on the Entity List, which it joined in May 2019": the clause dates the listing
                draft.start.extend(st.dates[:1] or (carry[1][:1] if cue == "impose" else began[:1]))
            elif cue == "lift":
                # "removed Acme, which had been on the list since 2019, from it on Monday"
                draft.start.extend(began[:1])
                draft.end.extend(d for d in st.dates[:1] if d not in began)
        if cue == "impose":
            lead = ((st.roles.get("authority") or tuple(specific) or (carry[0],))[0],
                    st.dates or tuple(carry[1]))
    return lead
