"""The words that say a sentence imposes, lifts, proposes or states a measure, and the
ones that tie a sentence to the measure a sentence before it stated."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.dates import Found
from kg.extract.legal_drafts import Imposed, SanctionDraft, Sentence, sentence_evidence
from kg.models import GOVERNMENT


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


# "listed on the Nasdaq", "listed in Hong Kong": shares traded on an exchange, no measure
_NOT_ON_AN_EXCHANGE = (r"(?!\s+(?:on|in)\s+(?:the\s+)?(?:[A-Z][\w&.-]*\s+){0,3}?(?:stock\s+exchange|exchange|Nasdaq|"
                       r"NYSE|bourse|(?:stock\s+)?market|Hong Kong|Shanghai|Shenzhen|London|New York))")
# "The best-known target is Acme", "Other targets include Bolt": a named target of the measure
BEST_KNOWN_TARGET = (r"(?:best-known|biggest|largest|main|most\s+prominent|notable|latest|other|new)\s+targets?\s+"
                     r"(?:is|are|was|were|include[sd]?)")
IMPOSE = _rx(
    r"\b(blacklist(?:ed|ing|s)?|black-?listed|sanction(?:s|ed|ing)?|ban(?:s|ned|ning)?|"
    # "added that ...", "he added.": a speaker going on, not a listing
    r"prohibit(?:s|ed|ing)?|barr(?:ed|ing)|(?:added|adds|adding|add)(?!\s+that\b|\s*[,.:;\"”])|"
    # (placed on a list or under a measure, not "placing greater demands on ...")
    r"(?:placed|placing|place|put|puts|putting)(?=(?:\s+[\w'’.,-]+){0,8}?\s+(?:(?:on|onto|under)\s+"
    r"(?:[\w'’.-]+\s+){0,5}?(?:list|blacklist|roster|register|sanctions?|restrictions?|controls?|it)\b|as\b))|"
    r"designat(?:e|ed|es|ing|ions?)|"
    r"listings?\s+of|includ(?:ed|es)|(?<!-)listed" + _NOT_ON_AN_EXCHANGE + r"|categoriz(?:ed|ing)|"
    r"declared\s+(?:\w+\s+)?undesirable|denial order|restrictions?|"
    # ("restricted capital market access for five banks": a measure on them)
    r"restrict(?:ed|s|ing)?\s+(?:[\w-]+\s+){0,3}?access|"
    r"export controls?|investment ban|entity list|cut off|froze|frozen|freez(?:e|es|ing)|asset freeze|"
    r"named|names(?=\s+(?:the\s+)?(?-i:[A-Z]))|singled out|(?:entered|joined|landed on)(?=\s+(?:the|this|that|its)\s+"
    r"(?:[\w'’-]+\s+){0,3}(?:list|blacklist))|dragg(?:ed|ing)|onto (?:a|the|its) (?:\w+\s+){0,3}list|"
    # ("adopted restrictive measures on seven entities": the EU's word for its sanctions)
    r"blocklist(?:ed)?|embargo(?:ed)?|penali[sz](?:ed|es|ing)|counter-?measures?|restrictive\s+measures|"
    # "acted against 13 companies", "moved against two banks", "took action against Acme"
    r"(?:act(?:ed|s|ing)?|mov(?:ed|es|ing)|(?:took|taken|takes|taking)\s+action)\s+against|"
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
    r"put|place)|"
    # a recommendation: "should be added to the list", "merit inclusion on the list", "wants A,
    # B and C added to the list"
    r"should\s+(?:also\s+)?be\s+(?:added|listed|placed|designated|sanctioned|included|blacklisted)|"
    r"(?:wants?|wanted|urges?|urged)\s+(?:[\w.&'’-]+,?\s+){1,10}?(?:added|listed|placed|designated|sanctioned|"
    r"blacklisted)|"
    r"(?:merit|merits|deserve|deserves|warrant|warrants)\s+(?:inclusion|listing|designation|sanctions?|"
    r"being\s+(?:added|listed|designated)))\b")
ACTIVE_STATE = _rx(r"\b(on (?:the|its|that|this) (?:[\w'’-]+\s+){0,6}(?:list|blacklist)|remains? (?:on|in)|"
                   r"(?:been|be) on (?:it|the list|that list)|since (?:\w+\s+)?\d{4}|"
                   r"(?:is|are|was|were) (?:already )?(?:listed" + _NOT_ON_AN_EXCHANGE + r"|blacklisted|sanctioned))\b")
SANCTION_NOUN = _rx(r"\b(blacklist|sanction|ban|list|designation|restriction|export controls?|"
                    r"denial order|embargo|asset freeze|" + BEST_KNOWN_TARGET + r")\w*")
HYPOTHETICAL = re.compile(r"\b(?:ask|asked|seek|could|would|to)\s+(?:\w+\s+)?(?:be\s+|get\s+)?$", re.I)
# "revoked the executive order", "withdrew the order": the measures that order imposed end
REVOKED_ORDER = _rx(r"\b(?:revok(?:ed|es|ing)|withdr(?:ew|awn|aws|awing))\s+"
                    r"(?:[\w'’.-]+\s+){0,3}?(?:executive\s+)?orders?\b")
ORDER_MEASURE = _rx(r"\b(?:executive\s+order|the\s+order)\b")
LIST_ANAPHOR = re.compile(r"\b(the|this|that|its|a) (?:[\w-]+\s+){0,2}(list|blacklist|roster|designations?)\b|"
                          r"\b(on it|to it|designat\w*|named|names|additions?|added|listed|listing|among them|"
                          r"among those|the list also|also includes?|including)\b", re.I)
MEMBERSHIP = re.compile(r"\b(?:among them|among those|the list also includes?|also includes?|the additions include)\b|"
                        r"^\s*(?:The|These|Those)\s+(?:\w+\s+)?(?:companies|firms|entities)\s+(?:are|were|include[sd]?)\b",
                        re.I)
# "Bolt followed in December", "Acme was added in the same notice": the measure the sentence before stated
# "had already added Acme", "listed since 2020": a sentence about an earlier measure
EARLIER_WORDS = r"had|already|previously|earlier|before|since"
EARLIER = re.compile(r"\b(?:" + EARLIER_WORDS + r")\b", re.I)
SAME_MEASURE = re.compile(r"\bin\s+the\s+same\s+(?:notice|rule|action|package|round|batch|tranche|net)\b|"
                          r"\bat\s+the\s+same\s+time\b", re.I)
FOLLOWED = re.compile(r"\s+followed\b(?!\s+(?:the|a|an|by|its|his|her|their|this|that)\b)", re.I)
SAME_LIST = re.compile(r"\bthe same list\b", re.I)
RELATIVE_BEFORE = re.compile(r"\b(?:which|who|that)\s+(?:\w+\s+){0,2}$", re.I)
# ("not named", "neither lender was sanctioned")
NEGATED = re.compile(r"\b(?:(?:stop|not|never)\s+(?:\w+\s+)?|"
                     r"neither\s+(?:\w+\s+){0,2}(?:(?:was|were|is|are|has\s+been)\s+)?)$", re.I)
RELATIVE_CLAUSE = re.compile(r"(?:,\s+(?:(?:a|an|the|two|three|four|both|all)\s+[\w\s-]{0,40}?)?"
                             r"(?:which|whose|who|that)|"
                             r"\b(?:after|when|since|because)\s+(?:it|they)\s+(?:was|were|had been|has been))\s+[^,;]+",
                             re.I)


@dataclass(frozen=True)
class Cues:
    """The cues of one sentence. ``impose`` may be a membership phrase after a list ("Among
    them are ...") or a phrase that carries the measure of a sentence before ("in the same
    notice"), which is then ``carried``."""

    impose: re.Match[str] | None
    lift: re.Match[str] | None
    proposed: re.Match[str] | None
    active: re.Match[str] | None
    carried: Imposed | None

    @property
    def first(self) -> re.Match[str] | None:
        """The cue the sentence is read by: imposing before lifting, proposing, a state."""
        return self.impose or self.lift or self.proposed or self.active

    def imposes(self, has_court: bool) -> bool:
        """Whether the sentence imposes a measure: not only proposed, not lifted (unless a lifting
        follows in a clause of its own: "added 16 entities to its list and took three others
        off"), no court's."""
        return bool(self.impose and not (self.lift and not self.adds_then_lifts)
                    and not self.proposed and not has_court)

    @property
    def adds_then_lifts(self) -> bool:
        return bool(self.impose and self.lift and self.impose.end() <= self.lift.start()
                    and _AND_THEN.search(self.impose.string[self.impose.end():self.lift.start()]))


# a clause of its own after the one that adds ("... and took three others off")
_AND_THEN = re.compile(r"\s(?:and|but|while)\s+(?:(?:it|also|then)\s+)?\Z")


def find_cues(text: str, sent: Sentence, lists_named: bool, last: Imposed | None) -> Cues:
    """The sentence's cues; ``lists_named``: whether the article has named a list by now;
    ``last``: the last sentence that imposed a measure."""
    sentence = sent.text
    impose = IMPOSE.search(_without_bodies(sent)) or (MEMBERSHIP.search(sentence) if lists_named else None)
    carried = last if last and sent.index - last.index <= 3 and (
        SAME_MEASURE.search(sentence) or any(FOLLOWED.match(text, m.end) for m in sent.companies)) else None
    if not impose and carried:
        impose = SAME_MEASURE.search(sentence) or FOLLOWED.search(sentence)
    lift = LIFT.search(sentence)
    if lift and HYPOTHETICAL.search(sentence, max(0, lift.start() - 30), lift.start()):
        lift = None  # "can ask to be taken off the list": not taken off
    proposed = PROPOSED.search(sentence)
    if impose and proposed and proposed.start() <= impose.start() <= proposed.end() + 5:
        impose = None  # "will prohibit", "could add": only proposed
    active = ACTIVE_STATE.search(sentence)
    if active and proposed and proposed.start() <= active.start() <= proposed.end() + 5:
        active = None  # "merit inclusion on the list", "should be placed on the list": not there yet
    if active and active.group(0).lower().startswith("since") and not SANCTION_NOUN.search(sentence):
        active = None  # "squeezing the group since February 2024": a date, no measure in force
    return Cues(impose, lift, proposed, active, carried)


def _without_bodies(sent: Sentence) -> str:
    """The sentence with the names of the bodies in it blanked: a word of a body's name is no cue
    ("published by the Office of Financial Sanctions Implementation")."""
    text = sent.text
    for m in sent.mentions:
        if m.kind == GOVERNMENT and sent.start <= m.start and m.end <= sent.end:
            a, b = m.start - sent.start, m.end - sent.start
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def earlier_dates(sentence: str, dates: list[Found]) -> list[Found]:
    """Dates that say when a measure began, not when this sentence's action happened: right
    after 'since', or in a relative clause about the listing (', which had been added in 2019,')."""
    out = []
    for since in re.finditer(r"\bsince\s+", sentence):
        out.extend(d for d in dates if 0 <= d.start - since.end() < 3)
    for clause in RELATIVE_CLAUSE.finditer(sentence):
        if IMPOSE.search(clause.group(0)) or ACTIVE_STATE.search(clause.group(0)):
            out.extend(d for d in dates if clause.start() <= d.start < clause.end() and d not in out)
    return sorted(out, key=lambda d: d.start)


def lift_order_sanctions(sanctions: dict[tuple[str, str | None], SanctionDraft], text: str,
                         span: tuple[int, int], dates: list[Found], lift: re.Match[str]) -> None:
    """A revoked order that names no company ends the measures the article said an order imposed
    ("The order barred dealings with Acme ... On Monday the president revoked the order")."""
    for d in sanctions.values():
        if any(ORDER_MEASURE.search(ev.exact) for ev in d.evidence):
            d.evidence.append(sentence_evidence(text, *span, 0.65))
            d.cues.add("lift")
            if dates:
                d.end.append(min(dates, key=lambda f: abs(f.start - lift.start())).value)
