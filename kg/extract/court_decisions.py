"""Court decisions: whether a court or judge acts in a sentence, the type of order it
gives, for whom, and when."""

from __future__ import annotations

import re

from kg.extract.entities import EntityTable, Mention
from kg.models import COMPANY, GOVERNMENT, PERSON


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(words, re.I)


PROVISIONAL = _rx(r"\b(temporar(?:y|ily)|provisional(?:ly)?|preliminary|interim|injunction|"
                  r"pending (?:a |the )?(?:full |final )?(?:trial|review|decision|ruling|appeal)|"
                  r"stay(?:ed)?|paus(?:ed|es)|halt(?:ed|s)?|block(?:ed|s|ing)|suspend(?:ed|s)?|stopped(?!\s+short))\b")
COURT_WORD = _rx(r"\b(courts?|judges?|justices?|tribunal|magistrates?|circuit|bench)\b")
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
FUTURE_APPEAL = _rx(r"\b(?:(?:could|may|might|will|would|intends? to|is considering whether to|"
                    r"is weighing whether to)\s+(?:\w+\s+)?appeal|"
                    r"(?:reviewing|studying|considering) the (?:ruling|decision|order|judgment))\b")
DECIDED = _rx(r"\b(?:granted|blocked|ruled|halted|struck down|upheld|annulled|dismissed|rejected|enjoined|"
              r"stayed|ordered|sided|overturned|stopped|struck out|threw out|turned down)\b")
COURT_PRONOUN = re.compile(r"\s*(?:It|The court|The tribunal|The judges?|The panel)\b")
FINAL = _rx(r"\b(final (?:order|judgment|judgement|ruling)|final decision)\b")
RULING = _rx(r"\b(ruled|ruling|upheld|upholds|struck down|overturned|annulled|annuls|dismissed|refused|declined|denied|"
             r"rejected|sided with|found that|verdict|judgment|decision|struck out|threw out|throws out|"
             r"turned down|granted (?:[\w.-]+(?:'s|’s)?\s+){0,3}?motion)\b")
RECENT = _rx(r"\b(has|have|had)\s+(?:just\s+|now\s+|finally\s+|officially\s+)?(?:issued|ruled|ordered|granted|"
             r"decided|blocked|sided|handed down|struck)\b|\b(today|this week|just)\b")
FAVOR = _rx(r"\b(?:in (?:its|his|her|their|the company's) favou?r|"
            r"in favou?r of\s+(?P<who>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)|"
            r"ruled in favou?r(?!\s+of\b)|sided with\s+(?P<who2>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*))")
UPHOLD = _rx(r"\b(upheld|upholds|uphold|(?:refused|declined) to (?:order|block|lift|remove|overturn|halt)|"
             r"rejected (?:the |its |\w+'s )?(?:bid|request|challenge|appeal|motion)|"
             r"dismissed|denied (?:the |its |\w+'s )?(?:request|motion|bid))\b")
_DENY = r"(?:denied|denies|rejected|rejects|refused|refuses|declined|declines|turned\s+down|turns\s+down)"
_WHOSE = r"(?:[\w.-]+(?:'s|’s|'|’)?\s+){0,4}?"
# "stayed the lawsuit", "turned down the government's request for a stay": an order about the
# proceedings or a request to pause them, not an injunction
STAY = _rx(r"\b(?:stayed|stays|paused|suspended)\s+(?:the|its|his|her|their|this|that)\s+(?:\w+\s+)?"
           r"(?:lawsuit|suit|case|proceedings|action|litigation)\b|"
           r"\b" + _DENY + r"\s+" + _WHOSE + r"(?:\w+\s+)?(?:request|motion|application|bid)s?\s+"
           r"(?:for\s+a\s+stay|to\s+(?:stay|suspend|pause))")
# "denied the company's motion for a preliminary injunction"
DENIED_RELIEF = _rx(r"\bdenied\s+(?:[\w.-]+(?:'s|')?\s+){0,4}?(?:\w+\s+)?motions?\s+"
                    r"for\s+(?:a\s+)?preliminary\s+injunction")
BARE_REFUSAL = _rx(r"\b(?:refused|declined)\b(?!\s+to\b)")
ASKED_STAY = _rx(r"\basked\b[^.;]{0,60}?\bto\s+suspend\b")
# "his judicial review of the refusal was dismissed": a person's own case, not the company's
PERSONAL_CASE = _rx(r"\b(?:his|her)\s+(?:own\s+)?(?:\w+\s+)?(?:review|case)s?\b")
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


def span_end(sentence: str, start: int) -> bool:
    """Whether a date opens or closes a span ("between 26 July 2010 and 16 January 2016", "from
    May"): the time a state lasted, not the day a decision was made."""
    before = sentence[max(0, start - 60):start]
    return bool(re.search(r"\b(?:between|from)\s+$", before, re.I)
                or re.search(r"\bbetween\s+[^,;]{3,40}?\s+and\s+$", before, re.I))


def judge_name(text: str, m: Mention) -> bool:
    """Whether a person near a judge word can be the judge: a full name ('Ann Lee') or a
    titled one ('Judge Lee'). 'The judge considered that Acme had ...': a single word the model
    calls a person is not the judge."""
    return "-" in m.key or JUDGE_TITLE_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def first_order_act(sentence: str) -> int:
    m = ORDER_ACT.search(sentence)
    return m.start() if m else len(sentence)


def explicit_type(sentence: str, asked_stay: bool = False) -> str | None:
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


def order_type_of(sentence: str, appeals: bool = False) -> str:
    if FINAL.search(sentence):
        return "FinalOrder"
    if appeals:
        return "Ruling"  # appeals courts rule on injunctions; they do not grant them
    if PROVISIONAL.search(sentence):
        return "PreliminaryInjunction"
    if RULING.search(sentence):
        return "Ruling"
    return "OtherOrder"


def favor_of(sentence: str, base: int, companies: list[Mention], table: EntityTable) -> str | None:
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
