"""Which companies a sanction cue is about: the objects of the cue in the parse, else the
companies near it, less the ones named as rivals, customers or parties to a case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from kg.extract import sanction_cues
from kg.extract.entities import Mention
from kg.extract.legal_drafts import Sentence
from kg.extract.sanction_cues import Cues


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


PLURAL_REF = _rx(r"\b(?:the|both|these|those)\s+(?:two|three|four|five|six|several)?\s*(?:\w+\s+)?"
                 r"(?:companies|firms|groups|entities|vendors|makers|carriers)\b|"
                 r"\b(?:all|each of the)\s+(?:two|three|four|five|six|seven|eight|nine|ten)\b"
                 r"(?=\s*[,.;]|\s+(?:were|are|have|had|will|would|can|could|of them|companies|firms|entities)\b)|"
                 r"\btheir\s+(?:\w+\s+){0,2}?(?:challenges?|appeals?|lawsuits?|suits?|cases?|listings?|designations?|"
                 r"applications?|actions?|claims?|requests?|motions?)\b")
NOT_TARGET_BEFORE = _rx(r"(than|rivals?|competitors?|customers?|clients?|suppliers?|"
                        r"(?:subsidiar(?:y|ies)|units?|affiliates?|arms?|divisions?|branch(?:es)?)\s+"
                        r"(?:owned by|belonging to|of)|"
                        r"backed by|parent|owner|involving|with|"
                        # a person's employer: "Ann Lee, director general of Acme", "an editor of the tabloid Acme",
                        # "said Ann Lee, chief shipping analyst at Acme"
                        r"(?:director|chief executive|ceo|chairman|chairwoman|head|founder|manager|president|"
                        r"employee|executive|editor(?:-in-chief)?|host|presenter|analyst|economist|strategist|"
                        r"researcher|spokes(?:man|woman|person))(?:\s+general)?\s+(?:of|at)"
                        r"(?:\s+(?:the|its|a)(?:\s+[\w-]+){1,2}?)?|"
                        # a victim: "over the 2022 hack of Australian health insurer Acme"
                        r"(?:hack(?:ing)?|attacks?|breach|theft)\s+(?:of|on|against)(?:\s+[\w-]+){0,3}?|"
                        # people sanctioned for the group they belong to: "members of the Acme group"
                        r"members\s+of(?:\s+the)?|"
                        r"such as|including)(?:\s+(?:include[sd]?|are|were))?\s*$")
_NOT_COVERED_AFTER = re.compile(r"[^.;:]{0,30}?,?\s+(?:which|that|who)\s+(?:is|was|are|were|has|have)\s+"
                                r"(?:not|never)\b", re.I)
_ROLE_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+)?(?:leader|chief|head|boss|founder|owner|ceo|chairman|director|"
                         r"executive|administrator|spokes(?:man|woman|person))s?\b", re.I)
# "Acme chief executive Ann Lee": a company's name before a person's title and name is her employer
_TITLE_AND_NAME_AFTER = re.compile(r"\s+(?i:chief\s+executive)\s+[A-Z][a-z]+\s+[A-Z]")
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)")
CASE_NAME = re.compile(r"\b[A-Z][\w.&,' -]{1,80}?\s+v(?:s)?\.?\s+[A-Z][\w.&' -]{1,80}")
# "... three companies that run a terminal at the port: A, B and C": the names after the colon
NAMES_FOLLOW = re.compile(r"\b(?:companies|firms|entities|operators|subsidiaries|banks|refiners|units|groups)\b[^:;]*$",
                          re.I)
_TARGET_PREPS = ("against", "on", "onto", "to", "targeting", "of", "over")
# "barred transactions with Acme", "prohibited dealings related to its app with Acme": the
# counterparty a measure forbids dealing with is its target, not a partner
DEALINGS_WITH = re.compile(r"\b(?:transactions|dealings)\s+(?:[\w'’-]+\s+){0,4}?with\s+$", re.I)
# 'six subsidiaries of Acme Group, including Acme Taiwan and Bolt Info': the names after
# 'including' are the subsidiaries (the targets), not customers or examples.
MEMBERS_OF_GROUP = re.compile(r"\bsubsidiaries\s+of\s+[^,;.]{1,60},?\s+including\s*$", re.I)


def case_spans(sentence: str, base: int) -> list[tuple[int, int]]:
    return [(m.start() + base, m.end() + base) for m in CASE_NAME.finditer(sentence)]


def cue_targets(text: str, sent: Sentence, cues: Cues, lists_named: bool) -> list[Mention]:
    """The companies a sentence's cue is about. After a list was named, "Among them are A and B"
    lists members: all of them. Else the companies near the cue, less the excluded ones; after
    "authorised transactions with", the names listed there; before "which entered the list",
    the antecedents. Of those, the objects of a sanction word in the parse, if the parse names any."""
    sentence, s = sent.text, sent.start
    cue = cues.first
    assert cue is not None
    members = bool(lists_named and sanction_cues.MEMBERSHIP.match(sentence))
    excluded = set() if members else excluded_all(text, sent.companies, sent.cases)
    kin = sanction_cues.IMPOSE if cue is cues.impose else sanction_cues.LIFT if cue is cues.lift else None
    positions = [m.start() for m in kin.finditer(sentence)] if kin is not None else []
    candidates = [m for m in (sent.companies if members else _near_trigger(sentence, s, sent.companies, cue, positions))
                  if id(m) not in excluded]
    lift = cues.lift
    if lift and lift is cue and lift.group(0).lower().endswith(" with"):
        # "authorised transactions with Acme, Ruritania's largest miner, and Bolt": the names after "with"
        candidates = _named_after(text, s + lift.end(), candidates) or candidates
    relative = sanction_cues.RELATIVE_BEFORE.search(sentence[:cue.start()])
    if relative:  # "Acme and Bolt, two companies which entered the list": the antecedents
        near = [m for m in candidates if s + relative.start() - 50 <= m.start < s + relative.start()]
        candidates = near or candidates
    return _attached_targets(sent.doc, sent.doc_offset, s, sent.end, candidates) or candidates


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
        if not _is_sanction_word(token.text):
            continue
        for head in _objects(token):
            for m in _mentions_in_phrase(head, offset, candidates):
                if m not in keep:
                    keep.append(m)
    return keep


def _is_sanction_word(word: str) -> bool:
    return bool(sanction_cues.IMPOSE.fullmatch(word) or sanction_cues.LIFT.match(word) or re.fullmatch(
        r"(?i)ban|bans|sanctions?|blacklist\w*|designations?|listing|restrictions?|order", word))


def _objects(token: Token) -> list[Token]:
    """The heads of a sanction word's objects: its direct object, passive subject or
    complement, and the object of 'against', 'on', 'to' ... after it."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    return heads + [g for c in token.children if c.dep_ == "prep" and c.lower_ in _TARGET_PREPS
                    for g in c.children if g.dep_ == "pobj"]


def _mentions_in_phrase(head: Token, offset: int, candidates: list[Mention]) -> Iterator[Mention]:
    """The candidates in an object's phrase, up to a clause or a preposition (other than 'of')
    that starts something else."""
    for t in head.subtree:
        if t.dep_ in ("relcl", "acl", "prep") and t is not head and t.lower_ not in ("of",):
            return
        pos = t.idx + offset
        yield from (m for m in candidates if m.start <= pos < m.end)


def is_excluded(text: str, m: Mention, cases: list[tuple[int, int]]) -> bool:
    if any(s <= m.start and m.end <= e for s, e in cases):
        return True
    before = text[max(0, m.start - 45):m.start]
    if _ROLE_AFTER.match(text, m.end) or _TITLE_AND_NAME_AFTER.match(text, m.end):
        return True  # "Ann Lee, whom they identify as Acme's leader": Acme is her affiliation
    if _NOT_COVERED_AFTER.match(text, m.end):
        return True  # "producer Acme, which is not subject to EU sanctions"
    if (m.descriptive or m.text[:1].islower()) and _SOME_OF.search(before):
        return True  # "sanctions against some of the companies": no one named
    return bool(NOT_TARGET_BEFORE.search(before)) and not re.search(
        r"(companies|firms)\s+such as\s*$",
        before, re.I) and not MEMBERS_OF_GROUP.search(text, max(0, m.start - 90), m.start) and not (
        DEALINGS_WITH.search(text, max(0, m.start - 60), m.start))


_SOME_OF = re.compile(r"\b(?:some|several|any|a few|many|most|one|two|three|none)\s+of\s+$", re.I)


def excluded_all(text: str, companies: list[Mention], cases: list[tuple[int, int]]) -> set[int]:
    """Ids of the mentions that are not targets. A name listed right after an excluded one is
    excluded too: 'its customers include Acme, Bolt and Cord' excludes all three."""
    out: set[int] = set()
    prev: Mention | None = None
    for m in companies:  # in text order
        if is_excluded(text, m, cases) or (
                prev is not None and id(prev) in out and LIST_JOIN.fullmatch(text[prev.end:m.start])):
            out.add(id(m))
        prev = m
    return out
